import { desiredDateInput } from '../../src/domain/dateChoice';
import type { RawCoordinationRow, RawHistoryRow, RawRequestForm } from '../../src/domain/requestForm';
import { parseStateValues, rawFromState, stateValuesSchema, type StateValues } from '../../src/slack/formState';

type ElementState = StateValues[string][string];

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

function valueOf(state: ElementState): string {
  return state.value ?? state.selected_option?.value ?? state.selected_date ?? '';
}

const ROW_INDEX = /^\d{1,2}$/;

/**
 * rawFromState as first written (ids split, the date input through its schema), the reference: each block is read once and
 * written in place (no copies per block), so the work grows with the state's size.
 */
function referenceRawFromState(values: unknown): Partial<RawRequestForm> {
  const parsed = stateValuesSchema.safeParse(values);
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
    let first: ElementState | undefined;
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
      const parts = blockId.split('.');
      if (parts[0] === 'desiredDates' && parts.length === 2) {
        (dateInputs[parts[1]] ??= {}).value = v;
      } else if (parts[0] === 'desiredDates' && parts.length === 3 && parts[2] === 'other') {
        (dateInputs[parts[1]] ??= {}).other = v;
      } else if (parts[0] === 'coordination' && parts.length === 3 && ROW_INDEX.test(parts[1])) {
        const key = parts[2];
        if (key !== 'party' && key !== 'item' && key !== 'status') continue;
        sawCoordination = true;
        const i = Number(parts[1]);
        (coordination[i] ??= { party: '', item: '', status: '' })[key] = v;
      } else if (parts[0] === 'history' && parts.length === 3 && ROW_INDEX.test(parts[1])) {
        const key = parts[2];
        if (key !== 'date' && key !== 'meeting' && key !== 'content') continue;
        sawHistory = true;
        const i = Number(parts[1]);
        (history[i] ??= { date: '', meeting: '', content: '' })[key] = v;
      }
    }
  }
  for (const [tier, input] of Object.entries(dateInputs)) {
    if (input.value === undefined) continue; // a その他 text without its choice is not one of our views
    const d = desiredDateInput.safeParse(input);
    if (!d.success) continue;
    (out.desiredDates ??= {})[tier] = d.data.typed;
    (out.desiredDateOther ??= {})[tier] = d.data.other;
  }
  // Array holes (a row whose blocks were missing) become blank rows, keeping indexes.
  if (sawCoordination) out.coordination = Array.from(coordination, (r) => r ?? { party: '', item: '', status: '' });
  if (sawHistory) out.history = Array.from(history, (r) => r ?? { date: '', meeting: '', content: '' });
  return out;
}

/** A small deterministic generator of states: mostly what our views send, sometimes not. */
function generator(seed: number) {
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  // Over the limit now and then; 100 and 101 characters for the 審議希望日 inputs' own limit.
  const str = (max: number) =>
    next() < 0.1 ? pick(['x'.repeat(100), 'x'.repeat(101), ' ', 'other', 'none']) : 'あ'.repeat(next() < 0.05 ? max + 1 : Math.floor(next() * 5));
  const maybe = (v: () => unknown) => pick([undefined, null, v, v, v, 5, [] as unknown, {}]);
  const value = (v: unknown) => (typeof v === 'function' ? (v as () => unknown)() : v);
  const option = () => (next() < 0.9 ? { value: str(3000), extra: 1 } : pick([null, 'x', [], { value: 1 }]));
  const element = (): unknown => {
    if (next() < 0.03) return pick([null, 'x', [], 1]);
    const e: Record<string, unknown> = { type: next() < 0.97 ? 'plain_text_input' : 'x'.repeat(51) };
    for (const [k, v] of [
      ['value', () => str(3000)],
      ['selected_option', option],
      ['selected_options', () => Array.from({ length: next() < 0.03 ? 101 : 2 }, option)],
      ['selected_date', () => str(20)],
      ['selected_conversation', () => str(50)],
      ['action_ts', () => '1'],
    ] as const) {
      if (next() < 0.3) e[k] = value(maybe(v));
    }
    return e;
  };
  const ids = [
    'title',
    'summary',
    'owner',
    'ordinance',
    'desiredDates.kacho',
    'desiredDates.kyoku.other',
    'coordination.0.party',
    'history.1.date',
    '__proto__',
    'x'.repeat(256),
  ];
  return (): string => {
    const blocks: string[] = [];
    const n = next() < 0.03 ? 101 : Math.floor(next() * 8);
    for (let i = 0; i < n; i++) {
      const elements: string[] = [];
      const m = next() < 0.03 ? 26 : 1;
      for (let j = 0; j < m; j++) elements.push(`${JSON.stringify(`a${j}`)}:${JSON.stringify(element())}`);
      const block = next() < 0.02 ? JSON.stringify(pick([null, 'x', [], 1])) : `{${elements.join(',')}}`;
      blocks.push(`${JSON.stringify(n > 10 ? `b${i}` : next() < 0.97 ? pick(ids.slice(0, -2)) : pick(ids))}:${block}`);
    }
    return next() < 0.02 ? JSON.stringify(pick([null, 'x', [], 1])) : `{${blocks.join(',')}}`;
  };
}

describe('the view state check', () => {
  it('accepts and refuses exactly what the schema does, with its issues, and reads the same form', () => {
    const gen = generator(11);
    let accepted = 0;
    for (let n = 0; n < 3000; n++) {
      const json = gen();
      // A missing state (null) reads as an empty one, as it always has.
      const expected = stateValuesSchema.safeParse(JSON.parse(json) ?? {});
      const got = parseStateValues(JSON.parse(json));
      expect(got.success).toBe(expected.success);
      if (!expected.success) expect(got.error?.issues).toEqual(expected.error.issues);
      else {
        accepted++;
        // What the form reads from the state as given is what it read from the parsed copy.
        expect(rawFromState(JSON.parse(json))).toEqual(rawFromState(expected.data ?? {}));
        expect(JSON.stringify(rawFromState(JSON.parse(json)))).toBe(JSON.stringify(referenceRawFromState(JSON.parse(json))));
      }
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('leaves unusual objects to the schema', () => {
    const sym = { title: { t: { type: 'plain_text_input', value: 'a' } }, [Symbol('s')]: 1 };
    expect(parseStateValues(sym).success).toBe(stateValuesSchema.safeParse(sym).success);
    const proto = Object.assign(Object.create(null) as object, { title: { t: { type: 'plain_text_input', value: 'a' } } });
    expect(parseStateValues(proto)).toEqual(stateValuesSchema.safeParse(proto));
  });

  it('parses a payload once', () => {
    const values = { title: { t: { type: 'plain_text_input', value: 'a' } } };
    expect(parseStateValues(values)).toBe(parseStateValues(values));
  });
});
