import { councilPlanHint } from '../../app/requestView';
import type { DateChoice } from '../../domain/dateChoice';
import { desiredDateInputs } from './desiredDates';
import { ownerOptions, type OrgConfig } from '../../domain/org';
import { Limits, formPages, type FormError, type FormPage, type RawRequestForm } from '../../domain/requestForm';
import { Choice, FieldLabel, formErrorMessage } from '../../domain/text.ja';
import { ChoiceValue, FormStep, InputId, Verb } from '../ids';
import { T } from '../strings';
import {
  actionSet,
  card,
  choiceSet,
  clip,
  container,
  errorText,
  heading,
  label,
  note,
  plainText,
  submit,
  textBlock,
  textInput,
  type Action,
  type AdaptiveCard,
  type Element,
} from './card';

/** What one page of the form dialog shows: pure data, built by the handlers. */
export interface FormCardVm {
  draftId: string;
  page: FormPage;
  raw: RawRequestForm;
  org: OrgConfig;
  /** Case number when editing a filed request. */
  editing: string | null;
  resumed?: boolean;
  /** Validation errors; those with an input on this page are shown under it. */
  errors?: FormError[];
  /** Texts for errors that have no input on this page (they sit on another page). */
  notes?: string[];
  /** Each tier's meetings still open for filing, offered as its 審議希望日 (page 1; tiers held as needed left out). */
  dateChoices?: Record<string, DateChoice[]>;
}

/** What every button of the dialog sends back besides the inputs. */
export interface FormActionData {
  verb: typeof Verb.form;
  d: string; // draft id
  p: FormPage;
  step: FormStep;
}

export const pageNo = (p: FormPage) => formPages.indexOf(p) + 1;
export const previousPage = (p: FormPage): FormPage | null => formPages[formPages.indexOf(p) - 1] ?? null;
export const nextPage = (p: FormPage): FormPage | null => formPages[formPages.indexOf(p) + 1] ?? null;

export function formTitle(page: FormPage, editing: string | null): string {
  const n = pageNo(page);
  return editing ? T.editTitle(n, formPages.length) : T.dialogTitle(n, formPages.length);
}

type ErrorOf = (id: string) => string | undefined;

const req = (text: string) => `${text}${T.required}`;

/** An input followed, when it has one, by its error in attention colour. */
function withError(input: Element, errorOf: ErrorOf): Element[] {
  const message = errorOf(String(input.id));
  if (!message) return [input];
  return [{ ...input, errorMessage: message }, errorText(message, `${String(input.id)}.error`)];
}

function basics(vm: FormCardVm, errorOf: ErrorOf): Element[] {
  const { raw, org } = vm;
  return [
    ...withError(
      textInput({ id: 'filedOn', label: req(FieldLabel.filedOn), value: raw.filedOn, max: Limits.period, placeholder: T.dateHint }),
      errorOf,
    ),
    ...withError(
      textInput({ id: 'title', label: req(FieldLabel.title), value: raw.title, max: Limits.title, placeholder: T.titlePlaceholder }),
      errorOf,
    ),
    ...withError(
      choiceSet({
        id: 'owner',
        label: req(`${FieldLabel.owner}（局・部・担当）`),
        value: raw.owner,
        style: 'filtered',
        placeholder: T.ownerPlaceholder,
        choices: ownerOptions(org).map((o) => ({ title: clip(o.label, 100), value: o.key })),
      }),
      errorOf,
    ),
    ...withError(textInput({ id: 'summary', label: req(FieldLabel.summary), value: raw.summary, max: Limits.summary, multiline: true }), errorOf),
    ...withError(
      textInput({ id: 'points', label: FieldLabel.points, value: raw.points, max: Limits.points, multiline: true, placeholder: '○ 計画の考え方' }),
      errorOf,
    ),
    label(FieldLabel.desiredDates),
    note(T.desiredDatesHint, { spacing: 'None' }),
    ...org.tiers.flatMap((t) => desiredDateInputs(org, t, raw, vm.dateChoices?.[t.id], (input) => withError(input, errorOf))),
  ];
}

function rowsOf<R>(rows: R[], blank: R): R[] {
  return rows.length > 0 ? rows : [blank];
}

function addRowButton(vm: FormCardVm, rows: number, max: number): Element {
  if (rows >= max) return note(T.rowsFull(max));
  return actionSet([submit(T.addRow, stepData(vm, FormStep.addRow))]);
}

function schedule(vm: FormCardVm, errorOf: ErrorOf): Element[] {
  const { raw, org } = vm;
  const planHint = councilPlanHint(org, raw);
  const rows = rowsOf(raw.coordination, { party: '', item: '', status: '' });
  return [
    ...withError(
      choiceSet({
        id: 'ordinance',
        label: req(FieldLabel.ordinance),
        value: raw.ordinance,
        style: 'expanded',
        choices: [
          { title: Choice.ordinance.none, value: ChoiceValue.none },
          { title: Choice.ordinance.required, value: ChoiceValue.required },
        ],
      }),
      errorOf,
    ),
    ...withError(
      textInput({ id: 'ordinanceDetail', label: T.ordinanceDetailLabel, value: raw.ordinanceDetail, max: Limits.ordinanceDetail }),
      errorOf,
    ),
    ...withError(
      textInput({
        id: 'councilSession',
        label: FieldLabel.councilSession,
        value: raw.councilSession,
        max: Limits.councilSession,
        placeholder: T.councilSessionPlaceholder,
      }),
      errorOf,
    ),
    ...(planHint ? [note(plainText(clip(planHint, 2000)), { spacing: 'None' })] : []),
    ...withError(
      choiceSet({
        id: 'publicComment',
        label: req(FieldLabel.publicComment),
        value: raw.publicComment,
        style: 'expanded',
        choices: [
          { title: Choice.publicComment.none, value: ChoiceValue.none },
          { title: Choice.publicComment.planned, value: ChoiceValue.planned },
        ],
      }),
      errorOf,
    ),
    ...withError(
      textInput({
        id: 'publicCommentPeriod',
        label: T.periodOf(FieldLabel.publicComment),
        value: raw.publicCommentPeriod,
        max: Limits.period,
        placeholder: T.periodHint,
      }),
      errorOf,
    ),
    ...withError(
      choiceSet({
        id: 'councilInfoKind',
        label: FieldLabel.councilInfoKind,
        value: raw.councilInfoKind === '' ? ChoiceValue.none : raw.councilInfoKind,
        style: 'expanded',
        choices: [{ title: Choice.councilInfoNone, value: ChoiceValue.none }, ...org.councilInfoKinds.map((k) => ({ title: k, value: k }))],
      }),
      errorOf,
    ),
    ...withError(
      textInput({
        id: 'councilInfoPeriod',
        label: T.periodOf(FieldLabel.councilInfoKind),
        value: raw.councilInfoPeriod,
        max: Limits.period,
        placeholder: T.periodHint,
      }),
      errorOf,
    ),
    heading(FieldLabel.coordination, { spacing: 'Large' }),
    note(T.blankRowsIgnored, { spacing: 'None' }),
    ...rows.map((r, i) =>
      container(
        [
          textBlock(T.rowHeading(i + 1), { weight: 'Bolder', size: 'Small' }),
          ...withError(
            textInput({ id: InputId.cell('coordination', i, 'party'), label: FieldLabel.party, value: r.party, max: Limits.rowName }),
            errorOf,
          ),
          ...withError(
            textInput({ id: InputId.cell('coordination', i, 'item'), label: FieldLabel.item, value: r.item, max: Limits.rowText, multiline: true }),
            errorOf,
          ),
          ...withError(
            textInput({
              id: InputId.cell('coordination', i, 'status'),
              label: FieldLabel.status,
              value: r.status,
              max: Limits.rowText,
              multiline: true,
            }),
            errorOf,
          ),
        ],
        { separator: true },
      ),
    ),
    addRowButton(vm, rows.length, Limits.coordinationRows),
  ];
}

function history(vm: FormCardVm, errorOf: ErrorOf): Element[] {
  const rows = rowsOf(vm.raw.history, { date: '', meeting: '', content: '' });
  return [
    heading(FieldLabel.history),
    note(T.blankRowsIgnored, { spacing: 'None' }),
    ...rows.map((r, i) =>
      container(
        [
          textBlock(T.rowHeading(i + 1), { weight: 'Bolder', size: 'Small' }),
          ...withError(
            textInput({
              id: InputId.cell('history', i, 'date'),
              label: FieldLabel.date,
              value: r.date,
              max: Limits.period,
              placeholder: T.historyDateHint,
            }),
            errorOf,
          ),
          ...withError(
            textInput({ id: InputId.cell('history', i, 'meeting'), label: FieldLabel.meeting, value: r.meeting, max: Limits.rowName }),
            errorOf,
          ),
          ...withError(
            textInput({
              id: InputId.cell('history', i, 'content'),
              label: FieldLabel.content,
              value: r.content,
              max: Limits.rowText,
              multiline: true,
            }),
            errorOf,
          ),
        ],
        { separator: true },
      ),
    ),
    addRowButton(vm, rows.length, Limits.historyRows),
    ...withError(textInput({ id: 'remarks', label: FieldLabel.remarks, value: vm.raw.remarks, max: Limits.remarks, multiline: true }), errorOf),
  ];
}

const builders: Record<FormPage, (vm: FormCardVm, errorOf: ErrorOf) => Element[]> = { basics, schedule, history };

const stepData = (vm: FormCardVm, step: FormStep): FormActionData => ({ verb: Verb.form, d: vm.draftId, p: vm.page, step });

/** Every input id a page has (to decide which errors can be shown in place). */
export function inputIds(elements: Element[]): string[] {
  const out: string[] = [];
  const walk = (e: unknown): void => {
    if (Array.isArray(e)) return e.forEach(walk);
    if (!e || typeof e !== 'object') return;
    const el = e as Element;
    if (typeof el.type === 'string' && el.type.startsWith('Input.') && typeof el.id === 'string') out.push(el.id);
    for (const k of ['items', 'columns', 'body']) if (k in el) walk(el[k]);
  };
  walk(elements);
  return out;
}

/**
 * Splits errors into those shown under an input of this page (keyed by input id) and
 * the rest. A table-wide error (too many rows) sits on the table's first input.
 */
export function placeErrors(ids: string[], errors: FormError[]): { inline: Map<string, string>; elsewhere: FormError[] } {
  const inline = new Map<string, string>();
  const elsewhere: FormError[] = [];
  for (const e of errors) {
    const id = InputId.of(e.path);
    const target = ids.includes(id) ? id : ids.find((i) => i.startsWith(`${id}.`));
    if (target) {
      if (!inline.has(target)) inline.set(target, formErrorMessage(e));
    } else elsewhere.push(e);
  }
  return { inline, elsewhere };
}

/** One page of the 案件申込書 dialog (Adaptive Card 1.5). */
export function requestFormCard(vm: FormCardVm): AdaptiveCard {
  const ids = inputIds(builders[vm.page](vm, () => undefined));
  const { inline } = placeErrors(ids, vm.errors ?? []);
  const n = pageNo(vm.page);
  const last = n === formPages.length;
  const intro = [vm.editing ? T.editing(vm.editing) : vm.resumed ? T.resumed : '', T.draftKept].filter(Boolean).join(' ');
  const top: Element[] = [heading(`${T.pageHeading[vm.page]}（${n}/${formPages.length}）`), note(intro, { spacing: 'Small' })];
  if (vm.resumed && vm.page === 'basics' && !vm.editing) {
    top.push(actionSet([submit(T.startOver, stepData(vm, FormStep.startOver), { style: 'destructive', inputs: 'none' })]));
  }
  if (inline.size > 0) top.push(textBlock(T.fixErrors, { color: 'Attention', weight: 'Bolder' }));
  if (vm.notes && vm.notes.length > 0) {
    top.push(textBlock(T.errorsOnOtherPage, { color: 'Attention', weight: 'Bolder' }));
    top.push(...vm.notes.map((m) => textBlock(`・${m}`, { color: 'Attention', spacing: 'None' })));
  }
  const actions: Action[] = [];
  if (previousPage(vm.page)) actions.push(submit(T.back, stepData(vm, FormStep.back)));
  actions.push(submit(last ? (vm.editing ? T.saveEdit : T.fileIt) : T.next, stepData(vm, FormStep.next), { style: 'positive' }));
  return card([...top, ...builders[vm.page](vm, (id) => inline.get(id))], actions);
}

/** Shown instead of saving when someone else changed the same fields meanwhile. */
export function conflictCard(a: { conflicts: string[]; typed: { label: string; text: string }[] }): AdaptiveCard {
  return card([
    heading(T.conflictTitle),
    textBlock(T.conflict(a.conflicts.join('、'))),
    label(T.yourInput),
    ...a.typed.slice(0, 40).flatMap((t) => [label(t.label), { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: t.text }] } as Element]),
  ]);
}
