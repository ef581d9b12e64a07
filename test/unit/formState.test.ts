import { parseStateValues, rawFromState, stateValuesSchema } from '../../src/slack/formState';

/** A small deterministic generator of states: mostly what our views send, sometimes not. */
function generator(seed: number) {
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const str = (max: number) => 'あ'.repeat(next() < 0.05 ? max + 1 : Math.floor(next() * 5));
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
      blocks.push(`${JSON.stringify(n > 10 ? `b${i}` : next() < 0.95 ? pick(ids.slice(0, 8)) : pick(ids))}:${block}`);
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
      const expected = stateValuesSchema.safeParse(JSON.parse(json));
      const got = parseStateValues(JSON.parse(json));
      expect(got.success).toBe(expected.success);
      if (!expected.success) expect(got.error?.issues).toEqual(expected.error.issues);
      else {
        accepted++;
        // What the form reads from the state as given is what it read from the parsed copy.
        expect(rawFromState(JSON.parse(json))).toEqual(rawFromState(expected.data));
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
