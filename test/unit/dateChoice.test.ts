import {
  CHOICE_MEMO_MAX,
  dateChoiceOf,
  dateChoices,
  dateChoicesByTier,
  dateSelection,
  dayLabel,
  desiredDateInput,
  NO_DATE,
  OTHER_DATE,
} from '../../src/domain/dateChoice';
import { addDays, isoDay, type JpDay } from '../../src/domain/jpdate';
import { tierSchema } from '../../src/domain/org';
import { loadOrg } from '../../src/infra/config';

const org = loadOrg(undefined).org;
const jst = (iso: string) => new Date(`${iso}+09:00`);
const kyoku = tierSchema.parse({
  id: 'kyoku',
  name: '局経営会議',
  rrule: 'FREQ=WEEKLY;BYDAY=MO',
  cutoff: { businessDays: 3, time: '12:00', action: 'refuse' },
});

describe('審議希望日 choices', () => {
  it('offers the meetings still open for filing, in 和暦 with the weekday', () => {
    // Wed 11/25 13:00: 11/30 closed at noon; 12/7 is next.
    const choices = dateChoices(org, kyoku, jst('2026-11-25T13:00:00'));
    expect(choices.slice(0, 2)).toEqual([
      { value: '2026-12-07', label: '令和8年12月7日(月)' },
      { value: '2026-12-14', label: '令和8年12月14日(月)' },
    ]);
    expect(choices).toHaveLength(8);
    // Across the year end: 12/28 then 1/4 (12/29–1/3 closed); nothing in between.
    const winter = dateChoices(org, kyoku, jst('2026-12-18T09:00:00')).map((c) => c.value);
    expect(winter.slice(0, 3)).toEqual(['2026-12-28', '2027-01-04', '2027-01-12']);
  });

  it('leaves out a tier held as needed: it is typed', () => {
    const byTier = dateChoicesByTier(org, jst('2026-11-24T10:00:00'));
    expect(Object.keys(byTier)).toEqual(org.tiers.filter((t) => t.rrule).map((t) => t.id));
  });

  it('shows a kept date among the options selected, and any other text as その他の日', () => {
    const choices = [{ value: '2026-12-07', label: '令和8年12月7日(月)' }];
    expect(dateSelection(choices, 'R8.12.7', false)).toEqual({ selected: '2026-12-07', other: '' });
    expect(dateSelection(choices, '2026-12-07', false)).toEqual({ selected: '2026-12-07', other: '' });
    expect(dateSelection(choices, '平成21年5月18日', false)).toEqual({ selected: OTHER_DATE, other: '平成21年5月18日' });
    expect(dateSelection(choices, 'いつか', false)).toEqual({ selected: OTHER_DATE, other: 'いつか' });
    expect(dateSelection(choices, '', true)).toEqual({ selected: OTHER_DATE, other: '' });
    expect(dateSelection(choices, '', false)).toEqual({ selected: null, other: '' });
  });

  it('reads what a form sends: the choice, or the その他 text', () => {
    const read = (value: string, other?: string) => desiredDateInput.parse({ value, other });
    expect(read('2026-12-07', 'ignored')).toEqual({ typed: '2026-12-07', other: false });
    expect(read(OTHER_DATE, 'R8.12.10')).toEqual({ typed: 'R8.12.10', other: true });
    expect(read(OTHER_DATE)).toEqual({ typed: '', other: true });
    expect(read('', 'R8.12.10')).toEqual({ typed: 'R8.12.10', other: true });
    expect(read(NO_DATE, 'R8.12.10')).toEqual({ typed: '', other: false });
    expect(read('R8.12.1')).toEqual({ typed: 'R8.12.1', other: false });
  });

  it("makes a day's choice once per org, the same as made anew, and keeps a bounded number", () => {
    const seireki = { ...org, dateDisplay: 'seireki' as const };
    const first: JpDay = { precision: 'day', year: 2026, month: 12, day: 7 };
    const made = dateChoiceOf(org, first);
    expect(made).toEqual({ value: '2026-12-07', label: '令和8年12月7日(月)' });
    expect(dateChoiceOf(org, { ...first })).toBe(made);
    expect(Object.isFrozen(made)).toBe(true);
    // Another org (another date display) has its own.
    expect(dateChoiceOf(seireki, first)).toEqual({ value: '2026-12-07', label: dayLabel(seireki, first) });
    let d = first;
    for (let i = 0; i < CHOICE_MEMO_MAX + 10; i++) {
      d = addDays(d, 1);
      expect(dateChoiceOf(org, d)).toEqual({ value: isoDay(d), label: dayLabel(org, d) });
    }
    // Full once: started over, so the first day is made again, equal but not the same object.
    const again = dateChoiceOf(org, first);
    expect(again).toEqual(made);
    expect(again).not.toBe(made);
  });
});
