import { z } from 'zod';
import { readDesiredDate } from '../domain/dateChoice';
import type { RawCoordinationRow, RawHistoryRow, RawRequestForm } from '../domain/requestForm';

/**
 * Reads a modal's view.state.values back into the typed form. The payload comes from
 * outside: its shape is checked, unknown blocks are ignored, and every value stays a
 * string so nothing typed is dropped before validation.
 */
/** Slack's own limits: blocks per modal, elements per actions block, input length, checkbox options. */
const MAX_BLOCKS = 100;
const MAX_ELEMENTS = 25;
const MAX_VALUE = 3000;
const MAX_OPTIONS = 100;

const elementState = z.object({
  type: z.string().max(50),
  value: z.string().max(MAX_VALUE).nullish(),
  selected_option: z.object({ value: z.string().max(MAX_VALUE) }).nullish(),
  selected_options: z
    .array(z.object({ value: z.string().max(MAX_VALUE) }))
    .max(MAX_OPTIONS)
    .nullish(),
  selected_date: z.string().max(20).nullish(),
  selected_conversation: z.string().max(50).nullish(),
});

/**
 * A modal holds at most 100 blocks (Slack's limit), each input block one element: a
 * state with more is not one Slack sent for our views, and is refused before reading it.
 */
export const stateValuesSchema = z
  .record(z.string().max(255), z.record(z.string().max(255), elementState))
  .refine((v) => Object.keys(v).length <= MAX_BLOCKS && Object.values(v).every((a) => Object.keys(a).length <= MAX_ELEMENTS), {
    message: `at most ${MAX_BLOCKS} blocks of ${MAX_ELEMENTS} elements`,
  });
export type StateValues = z.infer<typeof stateValuesSchema>;

const parsedStates = new WeakMap<object, ReturnType<typeof stateValuesSchema.safeParse>>();

/** An object literal or JSON.parse's: the only kind the fast check below vouches for. */
const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

const nullishString = (v: unknown, max: number) => v === undefined || v === null || (typeof v === 'string' && v.length <= max);
const optionOk = (v: unknown) => isJsonObject(v) && typeof v.value === 'string' && v.value.length <= MAX_VALUE;

function elementOk(e: unknown): boolean {
  if (!isJsonObject(e) || typeof e.type !== 'string' || e.type.length > 50) return false;
  if (!nullishString(e.value, MAX_VALUE) || !nullishString(e.selected_date, 20) || !nullishString(e.selected_conversation, 50)) return false;
  if (e.selected_option !== undefined && e.selected_option !== null && !optionOk(e.selected_option)) return false;
  const options = e.selected_options;
  if (options === undefined || options === null) return true;
  if (!Array.isArray(options) || options.length > MAX_OPTIONS) return false;
  for (let i = 0; i < options.length; i++) if (!optionOk(options[i])) return false;
  return true;
}

/** Own string keys only, none zod treats apart (`__proto__`), none too long; at most `max` of them. */
function plainKeysOk(o: Record<string, unknown>, max: number, each: (v: unknown) => boolean): boolean {
  if (Object.getOwnPropertySymbols(o).length > 0) return false;
  let n = 0;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k) || k === '__proto__' || k.length > 255 || ++n > max || !each(o[k])) return false;
  }
  return true;
}

/**
 * True only for a state stateValuesSchema accepts, checked without building the copy
 * its parse makes (the state echoes every input of the view). Anything it does not
 * vouch for (refused, or merely unusual: another prototype, symbol keys) goes to the
 * schema itself, so what is accepted and every refusal's issues stay the schema's.
 */
function plainlyValid(values: unknown): values is StateValues {
  return isJsonObject(values) && plainKeysOk(values, MAX_BLOCKS, (block) => isJsonObject(block) && plainKeysOk(block, MAX_ELEMENTS, elementOk));
}

/**
 * The state's parse, once per payload: the edge checks it and the form then reads the
 * same object (Bolt hands the listener the body the edge saw), so the second reader gets
 * the first one's result instead of parsing a view's whole state again. A state the fast
 * check vouches for is its own result: the readers read only the checked fields, so
 * the keys a parse would strip change nothing they see.
 */
export function parseStateValues(values: unknown): ReturnType<typeof stateValuesSchema.safeParse> {
  if (values === null || typeof values !== 'object') return stateValuesSchema.safeParse(values ?? {});
  let parsed = parsedStates.get(values);
  if (!parsed) {
    parsed = plainlyValid(values)
      ? ({ success: true, data: values } as ReturnType<typeof stateValuesSchema.safeParse>)
      : stateValuesSchema.safeParse(values);
    parsedStates.set(values, parsed);
  }
  return parsed;
}

const textFields = new Set<string>([
  'filedOn',
  'title',
  'summary',
  'points',
  'ordinanceDetail',
  'councilSession',
  'publicCommentPeriod',
  'councilInfoPeriod',
  'remarks',
]);

function valueOf(state: z.infer<typeof elementState>): string {
  return state.value ?? state.selected_option?.value ?? state.selected_date ?? '';
}

const ROW_INDEX = /^\d{1,2}$/;

/**
 * The form's fields from a view's state, in one pass: each block is read once and
 * written in place (no copies per block), so the work grows with the state's size.
 */
export function rawFromState(values: unknown): Partial<RawRequestForm> {
  const parsed = parseStateValues(values);
  if (!parsed.success) return {};
  const out: Partial<RawRequestForm> = {};
  const coordination: RawCoordinationRow[] = [];
  const history: RawHistoryRow[] = [];
  // Per tier: its choice (or typed text, for a tier held as needed) and its その他の日 text.
  const dateInputs = Object.create(null) as Record<string, { value?: string; other?: string }>;
  let sawCoordination = false;
  let sawHistory = false;
  for (const blockId of Object.keys(parsed.data)) {
    const actions = parsed.data[blockId];
    let first: z.infer<typeof elementState> | undefined;
    for (const k in actions) {
      first = actions[k];
      break;
    }
    if (!first) continue;
    const v = valueOf(first);
    if (textFields.has(blockId)) {
      out[blockId as (typeof textFields extends Set<infer K> ? K : never) & keyof RawRequestForm] = v as never;
      continue;
    }
    if (blockId === 'owner') out.owner = v;
    else if (blockId === 'ordinance') out.ordinance = v === 'none' || v === 'required' ? v : '';
    else if (blockId === 'publicComment') out.publicComment = v === 'none' || v === 'planned' ? v : '';
    else if (blockId === 'councilInfoKind') out.councilInfoKind = v === 'none' ? '' : v;
    else {
      // <table or desiredDates>.<row or tier>[.<column or other>], read without splitting the id.
      const dot = blockId.indexOf('.');
      if (dot < 0) continue;
      const dot2 = blockId.indexOf('.', dot + 1);
      if (dot2 >= 0 && blockId.indexOf('.', dot2 + 1) >= 0) continue; // more than three parts: none of ours
      const head = dot === 12 && blockId.startsWith('desiredDates') ? 'desiredDates' : blockId.slice(0, dot);
      if (head === 'desiredDates') {
        if (dot2 < 0) (dateInputs[blockId.slice(dot + 1)] ??= {}).value = v;
        else if (blockId.endsWith('.other') && dot2 === blockId.length - 6) (dateInputs[blockId.slice(dot + 1, dot2)] ??= {}).other = v;
        continue;
      }
      if (dot2 < 0 || (head !== 'coordination' && head !== 'history')) continue;
      const row = blockId.slice(dot + 1, dot2);
      if (!ROW_INDEX.test(row)) continue;
      const key = blockId.slice(dot2 + 1);
      if (head === 'coordination') {
        if (key !== 'party' && key !== 'item' && key !== 'status') continue;
        sawCoordination = true;
        (coordination[Number(row)] ??= { party: '', item: '', status: '' })[key] = v;
      } else {
        if (key !== 'date' && key !== 'meeting' && key !== 'content') continue;
        sawHistory = true;
        (history[Number(row)] ??= { date: '', meeting: '', content: '' })[key] = v;
      }
    }
  }
  for (const tier in dateInputs) {
    const input = dateInputs[tier];
    if (input.value === undefined) continue; // a その他 text without its choice is not one of our views
    // desiredDateInput's limits, checked here on the strings the state gave.
    if (input.value.length > 100 || (input.other !== undefined && input.other.length > 100)) continue;
    const d = readDesiredDate(input.value, input.other);
    (out.desiredDates ??= {})[tier] = d.typed;
    (out.desiredDateOther ??= {})[tier] = d.other;
  }
  // Array holes (a row whose blocks were missing) become blank rows, keeping indexes.
  if (sawCoordination) out.coordination = Array.from(coordination, (r) => r ?? { party: '', item: '', status: '' });
  if (sawHistory) out.history = Array.from(history, (r) => r ?? { date: '', meeting: '', content: '' });
  return out;
}

/** The block that shows an error for a form path: ['history', 2, 'date'] → history.2.date */
export function blockIdFor(path: (string | number)[]): string {
  return path.map(String).join('.');
}
