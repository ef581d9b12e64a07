/**
 * Day-number arithmetic (jpdate, businessDays) and the kept meeting schedules
 * (calendar) against the Date-based and uncached ways they replace: the same answers,
 * errors included, across holidays, closures and the ends of the calendar.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import {
  addBusinessDays,
  businessDaysBetween,
  defaultClosure,
  isBusinessDay,
  nextBusinessDay,
  previousBusinessDay,
  previousBusinessDayNumber,
  type ClosurePolicy,
} from '../../src/domain/businessDays';
import { isMeetingDate, keptSchedules, meetingDates, meetingSchedule, nextMeetingDates, SCHEDULE_CACHE_SIZE } from '../../src/domain/calendar';
import {
  addDays,
  dayNumber,
  dayOfNumber,
  dayOfWeek,
  formatJpDate,
  FORMATTED_DAYS_KEPT,
  isoDay,
  jpDay,
  keptFormattedDays,
  keptParsedTexts,
  parseJpDate,
  PARSED_TEXTS_KEPT,
  tokyoToday,
  type JpDay,
} from '../../src/domain/jpdate';
import { tierSchema, type Tier } from '../../src/domain/org';

// ---------------------------------------------------------------------------
// The Date-based ways, as they were
// ---------------------------------------------------------------------------

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const refIso = (d: JpDay) => `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
function refAddDays(d: JpDay, n: number): JpDay {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return jpDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
const refDow = (d: JpDay) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
const HOLIDAYS: Record<string, { name: string } | undefined> = holidayJp.holidays;
const MM_DD = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
function refInClosure(d: JpDay, closure: ClosurePolicy): boolean {
  const span = closure.yearEnd;
  if (!span) return false;
  if (!MM_DD.test(span.from) || !MM_DD.test(span.to)) throw new Error(`bad closure ${JSON.stringify(span)}: expected MM-DD`);
  const md = refIso(d).slice(5);
  return span.from <= span.to ? span.from <= md && md <= span.to : md >= span.from || md <= span.to;
}
function refIsBusinessDay(d: JpDay, closure: ClosurePolicy): boolean {
  const dow = refDow(d);
  return dow !== 0 && dow !== 6 && (HOLIDAYS[refIso(d)]?.name ?? null) === null && !refInClosure(d, closure);
}
function refStep(d: JpDay, dir: 1 | -1, closure: ClosurePolicy): JpDay {
  let day = d;
  for (let i = 0; i < 400; i++) {
    day = refAddDays(day, dir);
    if (refIsBusinessDay(day, closure)) return day;
  }
  throw new Error(`no business day within 400 days of ${refIso(d)}`);
}
const refNext = (d: JpDay, c: ClosurePolicy) => (refIsBusinessDay(d, c) ? d : refStep(d, 1, c));
const refPrevious = (d: JpDay, c: ClosurePolicy) => (refIsBusinessDay(d, c) ? d : refStep(d, -1, c));
function refAddBusinessDays(d: JpDay, n: number, c: ClosurePolicy): JpDay {
  let day = d;
  for (let i = 0; i < Math.abs(n); i++) day = refStep(day, n < 0 ? -1 : 1, c);
  return day;
}
function refBetween(a: JpDay, b: JpDay, c: ClosurePolicy): number {
  const [lo, hi, sign] = refIso(a) <= refIso(b) ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let day = refAddDays(lo, 1); refIso(day) <= refIso(hi); day = refAddDays(day, 1)) if (refIsBusinessDay(day, c)) count++;
  return sign * count;
}

/** The same value, or the same error. */
function outcome<T>(f: () => T): { value: T } | { error: string } {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

const closures: Record<string, ClosurePolicy> = {
  default: defaultClosure,
  none: { yearEnd: null },
  summer: { yearEnd: { from: '08-13', to: '08-16' } },
  leapDay: { yearEnd: { from: '02-29', to: '03-01' } },
  longWinter: { yearEnd: { from: '12-20', to: '01-10' } },
};

/** Every day of a span, from an ISO day. */
function daysFrom(iso: string, n: number): JpDay[] {
  const [y, m, d] = iso.split('-').map(Number);
  return Array.from({ length: n }, (_, i) => refAddDays(jpDay(y, m, d), i));
}

// ---------------------------------------------------------------------------

describe('day numbers', () => {
  it('name the same days as Date, both ways, across leap years and the ends of the calendar', () => {
    const samples = [
      ...daysFrom('1999-12-25', 800),
      ...daysFrom('1000-01-01', 40),
      ...daysFrom('9999-12-01', 31),
      ...daysFrom('1582-10-01', 30),
      ...daysFrom('2100-02-20', 20),
    ];
    for (const d of samples) {
      const n = dayNumber(d);
      expect(n).toBe(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
      expect(dayOfNumber(n)).toEqual(d);
      expect(dayOfWeek(d)).toBe(refDow(d));
      expect(isoDay(d)).toBe(refIso(d));
    }
  });

  it('add days as Date.UTC does, with the same errors past year 9999 or before 1000', () => {
    const starts = [jpDay(2026, 1, 31), jpDay(2024, 2, 29), jpDay(1000, 1, 1), jpDay(9999, 12, 31), jpDay(2026, 12, 29)];
    const offsets = [0, 1, -1, 28, -28, 365, -366, 1461, 0.5, -0.5, 1.9, NaN, Infinity, 4e15];
    for (const d of starts) for (const n of offsets) expect(outcome(() => addDays(d, n))).toEqual(outcome(() => refAddDays(d, n)));
    // Not a real day: normalised as Date.UTC does (4月31日 is 5月1日).
    expect(addDays({ precision: 'day', year: 2026, month: 4, day: 31 }, 0)).toEqual(jpDay(2026, 5, 1));
  });

  it('read today in Tokyo as before at the turn of the day', () => {
    expect(tokyoToday(new Date('2026-12-31T14:59:59.999Z'))).toEqual(jpDay(2026, 12, 31));
    expect(tokyoToday(new Date('2026-12-31T15:00:00Z'))).toEqual(jpDay(2027, 1, 1));
    expect(tokyoToday(new Date('1960-02-28T15:00:00Z'))).toEqual(jpDay(1960, 2, 29));
  });
});

describe('kept parsed dates', () => {
  const texts = [
    '令和8年12月7日',
    'R8.12.7',
    '2026-12-07',
    '平成21年4月',
    'H20.9~H21.2',
    '平成31年5月1日',
    '令和元年4月1日',
    '２０２６年２月３０日',
    '',
    '未定',
    ' 令和 8 年 1 2 月 ',
  ];
  const allows = [undefined, ['day'], ['month', 'day'], ['range'], []] as const;

  it('answer as a first reading does, and stay bounded per set of precisions', () => {
    const first = new Map<string, unknown>();
    for (const t of texts) for (const a of allows) first.set(`${t}|${a?.join()}`, structuredClone(parseJpDate(t, a)));
    for (const t of texts) for (const a of allows) expect(parseJpDate(t, a)).toEqual(first.get(`${t}|${a?.join()}`));
    // Crowded out by other texts, then read afresh: the same answers.
    for (let i = 0; i < PARSED_TEXTS_KEPT * 2; i++) {
      parseJpDate(`2026-01-${i}`, ['day']);
      parseJpDate(`2026-01-${i}`);
    }
    expect(keptParsedTexts()).toBeLessThanOrEqual(PARSED_TEXTS_KEPT * allows.length);
    for (const t of texts) for (const a of allows) expect(parseJpDate(t, a)).toEqual(first.get(`${t}|${a?.join()}`));
    // The order of the precisions allowed does not matter, as before.
    expect(parseJpDate('平成21年4月', ['day', 'month'])).toEqual(parseJpDate('平成21年4月', ['month', 'day']));
  });

  it('hand out kept answers frozen, so no caller can change them for the others', () => {
    const range = parseJpDate('令和8年4月1日〜令和8年5月31日');
    expect(range.ok).toBe(true);
    if (!range.ok || range.value.precision !== 'range') throw new Error('expected a range');
    expect(Object.isFrozen(range)).toBe(true);
    expect(Object.isFrozen(range.value)).toBe(true);
    expect(Object.isFrozen(range.value.from)).toBe(true);
    const to = range.value.to as { day: number | null };
    expect(() => {
      to.day = 1;
    }).toThrow(TypeError);
    expect(parseJpDate('令和8年4月1日〜令和8年5月31日')).toEqual(range);
    expect(Object.isFrozen(parseJpDate('読めない'))).toBe(true);
  });
});

describe('kept day texts', () => {
  it('equal the text made afresh (as within a range), for every display, and stay bounded', () => {
    const days = [...daysFrom('2019-04-25', 14), ...daysFrom('1989-01-01', 14), ...daysFrom('2026-01-01', FORMATTED_DAYS_KEPT)];
    for (let round = 0; round < 2; round++) {
      for (const d of days) {
        for (const display of ['wareki', 'seireki', 'both'] as const) {
          const afresh = formatJpDate({ precision: 'range', from: d, to: d }, display).split('～')[0];
          expect(formatJpDate(d, display)).toBe(afresh);
        }
        expect(formatJpDate(d)).toBe(formatJpDate(d, 'wareki'));
        expect(keptFormattedDays()).toBeLessThanOrEqual(FORMATTED_DAYS_KEPT);
      }
    }
    expect(keptFormattedDays()).toBe(FORMATTED_DAYS_KEPT);
    expect(() => formatJpDate(jpDay(1872, 12, 31))).toThrow(RangeError);
  });
});

describe.each(Object.entries(closures))('business days on day numbers (closure %s)', (_, closure) => {
  // Golden Week, the September holidays, two year ends and a leap day.
  const days = [...daysFrom('2026-04-20', 30), ...daysFrom('2026-09-15', 15), ...daysFrom('2026-12-20', 25), ...daysFrom('2028-02-20', 15)];

  it('answer as the Date-based searches did', () => {
    for (const d of days) {
      expect(isBusinessDay(d, closure)).toBe(refIsBusinessDay(d, closure));
      expect(nextBusinessDay(d, closure)).toEqual(refNext(d, closure));
      expect(previousBusinessDay(d, closure)).toEqual(refPrevious(d, closure));
      expect(dayOfNumber(previousBusinessDayNumber(dayNumber(d), closure))).toEqual(refPrevious(d, closure));
      for (const n of [-5, -1, 0, 1, 3]) expect(addBusinessDays(d, n, closure)).toEqual(refAddBusinessDays(d, n, closure));
      expect(businessDaysBetween(days[0], d, closure)).toBe(refBetween(days[0], d, closure));
      expect(businessDaysBetween(d, days[0], closure)).toBe(refBetween(d, days[0], closure));
    }
  });

  it('keep the day given when it is a business day or n is 0 (the same object)', () => {
    const monday = jpDay(2026, 6, 1);
    expect(nextBusinessDay(monday, closure)).toBe(monday);
    expect(previousBusinessDay(monday, closure)).toBe(monday);
    const saturday = jpDay(2026, 6, 6);
    expect(addBusinessDays(saturday, 0, closure)).toBe(saturday);
  });

  it('fail as before at the ends of the calendar', () => {
    for (const [d, n] of [
      [jpDay(1000, 1, 1), -1],
      [jpDay(9999, 12, 31), 1],
      [jpDay(9999, 12, 30), 2],
    ] as const) {
      expect(outcome(() => addBusinessDays(d, n, closure))).toEqual(outcome(() => refAddBusinessDays(d, n, closure)));
    }
    const last = jpDay(9999, 12, 31);
    expect(outcome(() => businessDaysBetween(jpDay(9999, 12, 20), last, closure))).toEqual(
      outcome(() => refBetween(jpDay(9999, 12, 20), last, closure)),
    );
    expect(outcome(() => previousBusinessDayNumber(dayNumber(jpDay(1000, 1, 1)) - 1, closure))).toEqual(
      outcome(() => refAddDays(jpDay(1000, 1, 1), -1)),
    );
  });
});

describe('business days: odd closures and odd days', () => {
  it('refuse a malformed closure only where the old check did (a weekday that is no holiday)', () => {
    const bad: ClosurePolicy = { yearEnd: { from: '1-3', to: '01-05' } };
    expect(isBusinessDay(jpDay(2026, 6, 6), bad)).toBe(false); // a Saturday: never got to the closure
    expect(outcome(() => isBusinessDay(jpDay(2026, 6, 5), bad))).toEqual(outcome(() => refIsBusinessDay(jpDay(2026, 6, 5), bad)));
  });

  it('see a closure changed in place', () => {
    const c: ClosurePolicy = { yearEnd: { from: '06-01', to: '06-05' } };
    expect(isBusinessDay(jpDay(2026, 6, 2), c)).toBe(false);
    c.yearEnd!.from = '06-03';
    expect(isBusinessDay(jpDay(2026, 6, 2), c)).toBe(true);
  });

  it('give up after a year without business days, naming the same day', () => {
    const always: ClosurePolicy = { yearEnd: { from: '01-01', to: '12-31' } };
    expect(outcome(() => nextBusinessDay(jpDay(2026, 6, 5), always))).toEqual(outcome(() => refNext(jpDay(2026, 6, 5), always)));
  });

  it('read a day that is not real (2026-04-31) as the fields say, as before', () => {
    const odd: JpDay = { precision: 'day', year: 2026, month: 4, day: 31 };
    for (const c of Object.values(closures)) {
      expect(isBusinessDay(odd, c)).toBe(refIsBusinessDay(odd, c));
      expect(nextBusinessDay(odd, c)).toEqual(refNext(odd, c));
      expect(addBusinessDays(odd, -2, c)).toEqual(refAddBusinessDays(odd, -2, c));
    }
  });
});

// ---------------------------------------------------------------------------
// Kept meeting schedules
// ---------------------------------------------------------------------------

const tier = (t: Record<string, unknown>): Tier => tierSchema.parse({ id: 't', name: '会議', ...t });
const tiers: Record<string, Tier> = {
  weeklyNext: tier({ rrule: 'FREQ=WEEKLY;BYDAY=MO', holidays: 'next', cancelledDates: ['2026-08-17'], extraDates: ['2026-05-02', '2026-12-25'] }),
  monthlyPrevious: tier({ rrule: 'FREQ=MONTHLY;BYDAY=1WE,3WE', holidays: 'previous' }),
  weeklySkip: tier({ rrule: 'FREQ=WEEKLY;BYDAY=FR', holidays: 'skip', extraDates: ['2027-01-05'] }),
  asNeeded: tier({ extraDates: ['2026-12-28', '2027-01-04'] }),
};
/** The same tier as a new object: nothing kept for it yet. */
const fresh = (t: Tier): Tier => ({ ...t });

describe.each(Object.entries(tiers))('kept meeting schedules (%s)', (_, t) => {
  const froms = ['2026-04-27', '2026-05-04', '2026-12-24', '2026-12-29', '2027-01-01', '2026-09-21'].map((iso) =>
    dayOfNumber(dayNumber(jpDay(...(iso.split('-').map(Number) as [number, number, number])))),
  );
  it('equal the schedule worked out afresh, by count, by until, and day by day', () => {
    for (const c of Object.values(closures)) {
      for (const from of froms) {
        for (let round = 0; round < 2; round++) {
          expect(meetingSchedule(t, { from, count: 5, closure: c })).toEqual(meetingSchedule(fresh(t), { from, count: 5, closure: c }));
          expect(meetingDates(t, { from, until: addDays(from, 40), closure: c })).toEqual(
            meetingDates(fresh(t), { from, until: addDays(from, 40), closure: c }),
          );
          expect(nextMeetingDates(t, from, 11, c)).toEqual(nextMeetingDates(fresh(t), from, 11, c));
          expect(meetingDates(t, { from, closure: c })).toEqual(meetingDates(fresh(t), { from, closure: c }));
          for (let i = 0; i < 10; i++) expect(isMeetingDate(t, addDays(from, i), c)).toBe(isMeetingDate(fresh(t), addDays(from, i), c));
        }
      }
    }
  });

  it('hand out copies: changing what one call gave changes no later answer', () => {
    const from = jpDay(2026, 12, 1);
    const first = meetingSchedule(t, { from, count: 6, closure: defaultClosure });
    const days = meetingDates(t, { from, count: 6, closure: defaultClosure });
    const expected = meetingSchedule(fresh(t), { from, count: 6, closure: defaultClosure });
    first.reverse();
    if (first[0]) first[0].extra = !first[0].extra;
    days.length = 0;
    expect(meetingSchedule(t, { from, count: 6, closure: defaultClosure })).toEqual(expected);
    expect(meetingDates(t, { from, count: 6, closure: defaultClosure })).toEqual(expected.map((m) => m.day));
  });
});

describe('kept meeting schedules: bounds and changes', () => {
  it('keep at most SCHEDULE_CACHE_SIZE windows per tier and closure, the most recently used', () => {
    const t = fresh(tiers.weeklyNext);
    const start = jpDay(2026, 1, 1);
    for (let i = 0; i < SCHEDULE_CACHE_SIZE * 3; i++) {
      const from = addDays(start, i);
      expect(nextMeetingDates(t, from, 3, defaultClosure)).toEqual(nextMeetingDates(fresh(t), from, 3, defaultClosure));
      // The first window stays in use, so it is never the one dropped.
      nextMeetingDates(t, start, 3, defaultClosure);
      expect(keptSchedules(t, defaultClosure)).toBeLessThanOrEqual(SCHEDULE_CACHE_SIZE);
    }
    expect(keptSchedules(t, defaultClosure)).toBe(SCHEDULE_CACHE_SIZE);
    expect(keptSchedules(t, closures.none)).toBe(0);
  });

  it('start afresh for a tier whose dates were replaced in place', () => {
    const t = fresh(tiers.weeklyNext);
    const from = jpDay(2026, 8, 10);
    expect(nextMeetingDates(t, from, 2, defaultClosure).map(isoDay)).toEqual(['2026-08-10', '2026-08-24']); // 08-17 cancelled
    t.cancelledDates = [];
    expect(nextMeetingDates(t, from, 2, defaultClosure).map(isoDay)).toEqual(['2026-08-10', '2026-08-17']);
    t.extraDates = ['2026-08-12'];
    expect(nextMeetingDates(t, from, 2, defaultClosure).map(isoDay)).toEqual(['2026-08-10', '2026-08-12']);
  });
});
