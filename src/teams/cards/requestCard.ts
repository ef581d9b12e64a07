import type { RequestView } from '../../app/requestView';
import type { AttachmentLine } from '../../app/attachments';
import { attachmentsSection } from './attachmentsCard';
import { FieldLabel } from '../../domain/text.ja';
import { DocumentVerb, RecordVerb, ScheduleVerb, Verb } from '../ids';
import type { ScheduleOpenData } from './scheduleDialog';
import { meetingSection } from './meeting';
import { T } from '../strings';
import {
  CARD_MAX_BYTES,
  card,
  cardBytes,
  clip,
  columns,
  container,
  factSet,
  heading,
  label,
  note,
  plainText,
  submit,
  textBlock,
  userText,
  type AdaptiveCard,
  type Element,
} from './card';

/** 「編集」 on a posted request: opens the edit dialog (task/fetch). */
export interface EditActionData {
  verb: typeof Verb.edit;
  requestId: string;
}

/** A label beside its value (user text, never Markdown). */
const pair = (name: string, value: string | null): Element =>
  columns(
    [
      { items: [textBlock(name, { weight: 'Bolder' })], width: 1 },
      { items: [userText(value ?? T.none)], width: 3 },
    ],
    { spacing: 'Small' },
  );

type Run = { text: string; bold?: boolean; subtle?: boolean };

/**
 * A table of the paper form as one block per row (readable on a phone, and compact
 * enough for Teams' size limit): runs of plain text, never Markdown.
 */
function table(title: string, rows: Run[][]): Element[] {
  if (rows.length === 0) return [heading(title, { spacing: 'Large' }), note(T.none, { spacing: 'None' })];
  return [
    heading(title, { spacing: 'Large' }),
    ...rows.map((runs): Element => ({
      type: 'RichTextBlock',
      inlines: runs.map((r) => ({ type: 'TextRun', text: r.text, ...(r.bold ? { weight: 'Bolder' } : {}), ...(r.subtle ? { isSubtle: true } : {}) })),
      separator: true,
    })),
  ];
}

/** Cuts every long user text to `max` characters (only used when the card would be too large). */
function clipped(v: RequestView, max: number): RequestView {
  const c = (s: string) => clip(s, max);
  return {
    ...v,
    summary: c(v.summary),
    points: c(v.points),
    remarks: v.remarks === null ? null : c(v.remarks),
    ordinance: c(v.ordinance),
    coordination: v.coordination.map((r) => ({ party: c(r.party), item: c(r.item), status: c(r.status) })),
    history: v.history.map((h) => ({ date: h.date, meeting: c(h.meeting), content: c(h.content) })),
  };
}

function build(v: RequestView, truncated: boolean, files: AttachmentLine[]): AdaptiveCard {
  const body: Element[] = [
    heading(`${v.withdrawn ? T.withdrawnBanner : ''}${v.documentTitle}　${v.caseNo}`, { size: 'Large' }),
    factSet([{ title: T.statusLabel, value: plainText(v.status) }]),
    ...(v.withdrawn ? [textBlock(T.withdrawnNote, { color: 'Warning', spacing: 'Small' })] : []),
    factSet([
      { title: FieldLabel.filedOn, value: v.filedOn },
      { title: FieldLabel.owner, value: plainText(v.owner) },
    ]),
    label(FieldLabel.title),
    userText(v.title, { spacing: 'None' }),
    label(FieldLabel.summary),
    userText(v.summary, { spacing: 'None' }),
    ...(v.points ? [label(FieldLabel.points), userText(v.points, { spacing: 'None' })] : []),
    label(FieldLabel.desiredDates),
    factSet(v.desiredDates.map((d) => ({ title: plainText(d.tier), value: d.date ?? T.none }))),
    container(
      [
        pair(FieldLabel.ordinance, v.ordinance),
        pair(FieldLabel.councilSession, v.councilSession),
        pair(FieldLabel.publicComment, v.publicComment),
        pair(FieldLabel.councilInfoKind, v.councilInfo),
      ],
      { separator: true, spacing: 'Medium' },
    ),
    ...(v.councilPlan
      ? [label(plainText(v.councilPlan.heading)), factSet(v.councilPlan.lines.map((l) => ({ title: plainText(l.label), value: l.date })))]
      : []),
    ...table(
      FieldLabel.coordination,
      v.coordination.map((r, i) => [
        { text: `${i + 1}. ${r.party}`, bold: true },
        { text: `\n${FieldLabel.item}: `, subtle: true },
        { text: r.item || T.none },
        { text: `\n${FieldLabel.status}: `, subtle: true },
        { text: r.status || T.none },
      ]),
    ),
    ...table(
      FieldLabel.history,
      v.history.map((h) => [{ text: h.date || T.none, bold: true }, { text: `　${h.meeting}` }, { text: `\n${h.content || T.none}` }]),
    ),
    ...(v.remarks ? [label(FieldLabel.remarks), userText(v.remarks, { spacing: 'None' })] : []),
    ...attachmentsSection(files),
    ...(truncated ? [note(T.truncated, { color: 'Warning' })] : []),
    note(`${T.appliedBy} ${v.createdBy.platform === 'teams' ? 'Teams' : 'Slack'}　${T.updatedAt} ${v.updatedOn}　${T.version(v.version)}`, {
      separator: true,
    }),
    // Meeting day (issue 6): the live summary and the meeting's buttons, above 編集.
    // A withdrawn request takes nothing more: no meeting buttons, no edit.
    ...(v.withdrawn ? [] : meetingSection(v.id, v.meeting)),
  ];
  const open = (verb: string) => ({ verb, requestId: v.id });
  if (v.withdrawn) {
    return card(body, [
      submit(T.historyButton, open(RecordVerb.history), { dialog: true }),
      submit(T.restoreButton, open(RecordVerb.restore), { dialog: true }),
    ]);
  }
  const edit: EditActionData = { verb: Verb.edit, requestId: v.id };
  // 日程: the 審議希望日 only, with the form's calendar checks (as in Slack).
  const schedule: ScheduleOpenData = { verb: ScheduleVerb.schedule, requestId: v.id };
  return card(body, [
    submit(T.editButton, { ...edit }, { dialog: true }),
    submit(T.scheduleButton, { ...schedule }, { dialog: true }),
    submit(T.pdfButton, { verb: DocumentVerb.pdf, requestId: v.id }, { inputs: 'none' }),
    submit(T.historyButton, open(RecordVerb.history), { dialog: true }),
    submit(T.withdrawRequestButton, open(RecordVerb.withdraw), { dialog: true, style: 'destructive' }),
  ]);
}

/**
 * The posted 案件申込書, laid out like the paper form. It stays under Teams' message
 * size limit: only pathological text gets cut, with a note (the stored request is
 * whole and the edit dialog shows all of it).
 */
export function requestCard(v: RequestView, files: AttachmentLine[] = []): AdaptiveCard {
  const whole = build(v, false, files);
  if (cardBytes(whole) <= CARD_MAX_BYTES) return whole;
  for (const max of [1000, 500, 250, 120, 60, 30]) {
    const c = build(clipped(v, max), true, files);
    if (cardBytes(c) <= CARD_MAX_BYTES) return c;
  }
  return build(clipped(v, 15), true, files);
}

/** A short text for notifications and clients that cannot show cards. */
export const requestSummary = (v: RequestView): string => `${v.documentTitle} ${v.caseNo}: ${clip(v.title, 80)}`;
