import { summaryLine, type OpinionView } from '../../app/minutesView';
import { MeetingLimits, type MeetingSummary } from '../../domain/meeting';
import type { Section, Tier } from '../../domain/org';
import type { Actor } from '../../domain/request';
import { MeetingLabel } from '../../domain/text.ja';
import { MeetingInput, MeetingVerb } from '../ids';
import { T } from '../strings';
import {
  actionSet,
  card,
  choiceSet,
  clip,
  container,
  errorText,
  heading,
  note,
  plainText,
  submit,
  textBlock,
  textInput,
  userText,
  type Action,
  type AdaptiveCard,
  type Element,
} from './card';

/**
 * Meeting day in Teams (issue 6): the meeting part of the posted request (live summary
 * and buttons), the opinion and answer cards posted in the request's thread, and the
 * dialogs behind the buttons. User text sits in TextRuns or input values, never Markdown.
 */

/** What the meeting buttons send back (`data`): the verb and the ids they act on. */
export interface MeetingActionData {
  verb: (typeof MeetingVerb)[keyof typeof MeetingVerb];
  requestId?: string;
  tierId?: string;
  opinionId?: string;
  answerId?: string;
}

const run = (text: string, o: Record<string, unknown> = {}) => ({ type: 'TextRun', text, ...o });
const rich = (inlines: object[], o: Record<string, unknown> = {}): Element => ({ type: 'RichTextBlock', inlines, ...o });

/** An input followed, when it has one, by its error in attention colour (the typed value is kept). */
function withError(input: Element, error: string | undefined): Element[] {
  if (!error) return [input];
  return [{ ...input, errorMessage: error }, errorText(error, `${String(input.id)}.error`)];
}

// ---- on the posted request ------------------------------------------------------

/** The request card's meeting part: the live summary, then the meeting-day buttons (two rows, for phones). */
export function meetingSection(requestId: string, summary: MeetingSummary | null | undefined): Element[] {
  const data = (verb: MeetingActionData['verb']): MeetingActionData => ({ verb, requestId });
  return [
    container(
      [
        textBlock(T.meetingHeading, { weight: 'Bolder' }),
        ...(summary ? [userText(summaryLine(summary), { spacing: 'Small' })] : []),
        actionSet([
          submit(T.attendanceButton, data(MeetingVerb.attendance), { dialog: true }),
          submit(T.presentButton, data(MeetingVerb.present), { dialog: true }),
          submit(T.opinionButton, data(MeetingVerb.opinion), { dialog: true, style: 'positive' }),
        ]),
        actionSet(
          [
            submit(T.minutesButton, data(MeetingVerb.minutes)),
            submit(T.resultButton, data(MeetingVerb.result), { dialog: true }),
            submit(T.closeButton, data(MeetingVerb.close), { dialog: true }),
          ],
          { spacing: 'Small' },
        ),
      ],
      { separator: true, spacing: 'Medium' },
    ),
  ];
}

// ---- posted in the request's thread -------------------------------------------------

/** ○(n) text — section, with 回答 / 訂正 / 取り下げ. */
/** Who wrote an opinion or answer: the name Teams gave when it was written, else the id kept with it. */
const writtenBy = (author: Actor, name: string | undefined) =>
  rich([run(T.writtenBy(name || author.userId), { isSubtle: true })], { spacing: 'Small' });

export function opinionCard(o: OpinionView, notice?: string, authorName?: string): AdaptiveCard {
  const body: Element[] = [
    ...(notice ? [note(notice)] : []),
    rich([run(`○(${o.seq}) `, { weight: 'Bolder' }), run(o.text), run(`　— ${o.section}`, { isSubtle: true })], notice ? { spacing: 'Small' } : {}),
    ...(o.tags.length > 0 ? [rich([run(o.tags.map((t) => `#${t}`).join('　'), { isSubtle: true })], { spacing: 'Small' })] : []),
    writtenBy(o.author, authorName),
  ];
  const data = (verb: MeetingActionData['verb']): MeetingActionData => ({ verb, opinionId: o.id });
  return card(
    body,
    [
      submit(T.answerButton, data(MeetingVerb.answer), { dialog: true, style: 'positive' }),
      submit(T.correctButton, data(MeetingVerb.opinion), { dialog: true }),
      submit(T.withdrawButton, data(MeetingVerb.withdrawOpinion), { dialog: true }),
    ],
    false,
  );
}

/** → text, an answer to opinion n, with 訂正 / 取り下げ. */
export function answerCard(
  a: { opinionId: string; answerId: string; opinionSeq: number; text: string; author: Actor },
  notice?: string,
  authorName?: string,
): AdaptiveCard {
  const data = (verb: MeetingActionData['verb']): MeetingActionData => ({ verb, opinionId: a.opinionId, answerId: a.answerId });
  return card(
    [note(notice ?? T.answerTo(a.opinionSeq)), rich([run(`→${a.text}`)], { spacing: 'Small' }), writtenBy(a.author, authorName)],
    [
      submit(T.correctButton, data(MeetingVerb.answer), { dialog: true }),
      submit(T.withdrawButton, data(MeetingVerb.withdrawAnswer), { dialog: true }),
    ],
    false,
  );
}

/** A notice in the thread (withdrawals, closing, results): our text only. */
export const noticeCard = (text: string): AdaptiveCard => card([textBlock(plainText(text))], [], false);

// ---- dialogs --------------------------------------------------------------------

export interface AttendanceCardVm {
  caseNo: string;
  tier: Tier;
  sections: Section[];
  checked: string[];
  recorded: boolean;
  canSave: boolean;
  requestId: string;
}

/**
 * 出席課・機関等: for the secretariat one multi-select ChoiceSet of every section (the
 * paper's 17 checkboxes), pre-checked; for anyone else the list read-only.
 */
export function attendanceCard(vm: AttendanceCardVm): AdaptiveCard {
  const checked = new Set(vm.checked);
  const intro = heading(plainText(T.attendanceIntro(vm.caseNo, vm.tier.name)));
  if (!vm.canSave) {
    const lines = vm.sections.map((s) => `${checked.has(s.id) && vm.recorded ? '☑' : '☐'} ${s.name}`);
    return card([
      intro,
      textBlock(MeetingLabel.attendance, { weight: 'Bolder' }),
      rich([run(lines.join('\n'))], { spacing: 'Small' }),
      note(T.attendanceReadOnly),
    ]);
  }
  const input: Element = {
    ...choiceSet({
      id: MeetingInput.attendance,
      label: MeetingLabel.attendance,
      value: '',
      choices: vm.sections.map((s) => ({ title: clip(s.name, 75), value: s.id })),
      style: 'expanded',
    }),
    isMultiSelect: true,
    ...(vm.checked.length > 0
      ? {
          value: vm.sections
            .filter((s) => checked.has(s.id))
            .map((s) => s.id)
            .join(','),
        }
      : {}),
  };
  const data: MeetingActionData = { verb: MeetingVerb.attendance, requestId: vm.requestId, tierId: vm.tier.id };
  return card(
    [intro, note(vm.recorded ? T.attendanceRecorded : T.attendanceUsual, { spacing: 'Small' }), input],
    [submit(T.attendanceSave, data, { style: 'positive' })],
  );
}

export type OpinionErrors = Partial<Record<'text' | 'sectionId' | 'tags', string>>;

export interface OpinionCardVm {
  caseNo: string;
  tier: Tier;
  /** Tiers to choose from; offered only for a new opinion when there are several. */
  tiers: Tier[];
  sections: Section[];
  sectionId: string;
  text: string;
  tags: string;
  /** The opinion's number when correcting. */
  correcting: number | null;
  requestId: string;
  opinionId?: string;
  errors?: OpinionErrors;
}

/** 意見を記入 / 意見の訂正: the text, the section giving it, optional tags (and the meeting when several). */
export function opinionFormCard(vm: OpinionCardVm): AdaptiveCard {
  const e = vm.errors ?? {};
  const body: Element[] = [heading(plainText(`${T.opinionIntro(vm.caseNo, vm.tier.name)}${vm.correcting ? `　○(${vm.correcting})` : ''}`))];
  if (Object.values(e).some(Boolean)) body.push(textBlock(T.fixErrors, { color: 'Attention', weight: 'Bolder' }));
  if (vm.tiers.length > 1 && vm.correcting === null) {
    body.push(
      choiceSet({
        id: MeetingInput.tier,
        label: MeetingLabel.tier,
        value: vm.tier.id,
        choices: vm.tiers.map((t) => ({ title: clip(t.name, 75), value: t.id })),
        style: 'compact',
      }),
    );
  }
  body.push(
    ...withError(
      textInput({
        id: MeetingInput.text,
        label: MeetingLabel.opinion,
        value: vm.text,
        max: MeetingLimits.opinion,
        multiline: true,
        placeholder: T.opinionHint,
      }),
      e.text,
    ),
    ...withError(
      choiceSet({
        id: MeetingInput.section,
        label: MeetingLabel.section,
        value: vm.sectionId,
        choices: vm.sections.map((s) => ({ title: clip(s.name, 75), value: s.id })),
        style: 'filtered',
        placeholder: T.sectionPlaceholder,
      }),
      e.sectionId,
    ),
    ...withError(textInput({ id: MeetingInput.tags, label: MeetingLabel.tags, value: vm.tags, max: 200, placeholder: T.tagsPlaceholder }), e.tags),
  );
  const data: MeetingActionData = vm.opinionId
    ? { verb: MeetingVerb.opinion, opinionId: vm.opinionId }
    : { verb: MeetingVerb.opinion, requestId: vm.requestId, tierId: vm.tier.id };
  return card(body, [submit(vm.correcting ? T.opinionCorrectSubmit : T.opinionSubmit, data, { style: 'positive' })]);
}

export interface AnswerCardVm {
  caseNo: string;
  opinionSeq: number;
  opinionText: string;
  text: string;
  opinionId: string;
  /** Set when correcting that answer. */
  answerId?: string;
  error?: string;
}

/** 回答 / 回答の訂正: the opinion quoted, then the answer. */
export function answerFormCard(vm: AnswerCardVm): AdaptiveCard {
  const data: MeetingActionData = { verb: MeetingVerb.answer, opinionId: vm.opinionId, ...(vm.answerId ? { answerId: vm.answerId } : {}) };
  return card(
    [
      note(plainText(`案件 ${vm.caseNo}`)),
      rich([run(`○(${vm.opinionSeq}) `, { weight: 'Bolder' }), run(vm.opinionText)], { spacing: 'Small' }),
      ...(vm.error ? [textBlock(T.fixErrors, { color: 'Attention', weight: 'Bolder' })] : []),
      ...withError(
        textInput({ id: MeetingInput.text, label: T.answerTo(vm.opinionSeq), value: vm.text, max: MeetingLimits.answer, multiline: true }),
        vm.error,
      ),
    ],
    [submit(vm.answerId ? T.answerCorrectSubmit : T.answerSubmit, data, { style: 'positive' })],
  );
}

export interface ResultCardVm {
  caseNo: string;
  title: string;
  tier: Tier;
  results: string[];
  current: { result: string; meetingLabel: string; followUps: string };
  requestId: string;
  errors?: Record<string, string>;
}

/** 結果記録 (the secretariat): 結果, the meeting as named on the paper, follow-up lines. */
export function resultFormCard(vm: ResultCardVm): AdaptiveCard {
  const e = vm.errors ?? {};
  const data: MeetingActionData = { verb: MeetingVerb.result, requestId: vm.requestId, tierId: vm.tier.id };
  return card(
    [
      rich([run(vm.caseNo, { weight: 'Bolder' }), run(`　${clip(vm.title, 300)}`)]),
      textBlock(plainText(`${vm.tier.name}${T.resultIntro}`), { spacing: 'Small' }),
      ...(Object.keys(e).length > 0 ? [textBlock(T.fixErrors, { color: 'Attention', weight: 'Bolder' })] : []),
      ...withError(
        choiceSet({
          id: MeetingInput.result,
          label: T.resultLabel,
          value: vm.current.result,
          choices: vm.results.slice(0, 100).map((r) => ({ title: clip(r, 75), value: r })),
          style: 'compact',
          placeholder: T.resultPlaceholder,
        }),
        e.result,
      ),
      ...withError(
        textInput({ id: MeetingInput.meetingLabel, label: T.meetingLabel, value: vm.current.meetingLabel, max: 100, placeholder: '第3回検討会議' }),
        e.meetingLabel,
      ),
      ...withError(
        textInput({
          id: MeetingInput.followUps,
          label: T.followUpsLabel,
          value: vm.current.followUps,
          max: 7000,
          multiline: true,
          placeholder: T.followUpsHint,
        }),
        e.followUps,
      ),
      note(T.followUpsHint, { spacing: 'Small' }),
    ],
    [submit(T.resultSave, data, { style: 'positive' })],
  );
}

/** 取り下げ / 会議を終了: asks first; the button does it. */
export function confirmCard(a: { title: string; text: string; quoted?: string; button: string; data: MeetingActionData }): AdaptiveCard {
  const actions: Action[] = [submit(a.button, a.data, { style: 'destructive' })];
  return card([heading(a.title), ...(a.quoted ? [rich([run(clip(a.quoted, 2000))], { spacing: 'Small' })] : []), textBlock(a.text)], actions);
}

/** The meeting was closed meanwhile: nothing saved, what the person typed given back to copy. */
export function closedCard(a: { message: string; what: string; typed: string }): AdaptiveCard {
  return card([
    heading(T.closedTitle),
    textBlock(plainText(a.message)),
    textBlock(plainText(T.closedTyped(a.what)), { spacing: 'Small' }),
    {
      type: 'Input.Text',
      id: MeetingInput.typed,
      label: a.what,
      value: a.typed,
      isMultiline: true,
      maxLength: Math.max(MeetingLimits.opinion, [...a.typed].length),
    },
  ]);
}

/** The dialog titles. */
export const DialogTitle = {
  attendance: T.attendanceTitle,
  opinion: (correcting: boolean) => (correcting ? T.opinionCorrectTitle : T.opinionTitle),
  answer: (correcting: boolean) => (correcting ? T.answerCorrectTitle : T.answerTitle),
  result: T.resultTitle,
  closed: T.closedTitle,
} as const;
