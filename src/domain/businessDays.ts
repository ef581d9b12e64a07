/**
 * 開庁日: which days a city hall is open. Weekends, national holidays (国民の祝日,
 * 振替休日, 国民の休日) and the year-end closure are not business days.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import {
  addDays,
  civilOfDayNumber,
  dayNumber,
  dayOfNumber,
  dayOfWeek,
  FIRST_DAY_NUMBER,
  isoDay,
  isRealDay,
  LAST_DAY_NUMBER,
  weekdayOfNumber,
  type JpDay,
} from './jpdate';

// The package also offers isHoliday(Date), but it formats the Date with local-time
// getters, so the answer would depend on the server's time zone. Its table is keyed
// by 'YYYY-MM-DD', which is exactly our wall-clock day, so we look days up directly.
// The table covers 1970–2050 (as of 2.5.1); outside it every day reads as no holiday.
const HOLIDAYS: Readonly<Record<string, { name: string } | undefined>> = holidayJp.holidays;

/** The holiday's name as the package gives it (e.g. 'こどもの日 振替休日', '休日'), or null. */
export function holidayName(d: JpDay): string | null {
  return HOLIDAYS[isoDay(d)]?.name ?? null;
}

export function isHoliday(d: JpDay): boolean {
  return holidayName(d) !== null;
}

// The same table by day number, for the searches that step a day at a time.
const HOLIDAY_NUMBERS: ReadonlySet<number> = new Set(
  Object.keys(HOLIDAYS).flatMap((iso) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return m && HOLIDAYS[iso]?.name != null ? [Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000] : [];
  }),
);

/**
 * When the office is closed beyond weekends and holidays. `yearEnd` runs from `from`
 * to `to` inclusive, both 'MM-DD'; when `from` is later in the year than `to`, the
 * closure spans the new year. null = no year-end closure.
 */
export interface ClosurePolicy {
  yearEnd: { from: string; to: string } | null;
}

/** 12/29–1/3: what most cities' 休日条例 (under 地方自治法 4条の2) close for the year end. */
export const defaultClosure: ClosurePolicy = { yearEnd: { from: '12-29', to: '01-03' } };

const MM_DD = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A closure's span as MMDD numbers (they order like the 'MM-DD' texts), checked once per text. */
interface SpanKeys {
  from: string;
  to: string;
  fromKey: number;
  toKey: number;
}
const spanKeys = new WeakMap<object, SpanKeys>();

function keysOf(span: { from: string; to: string }): SpanKeys {
  const known = spanKeys.get(span);
  // Compared with the texts, so a span changed in place is checked again.
  if (known && known.from === span.from && known.to === span.to) return known;
  if (!MM_DD.test(span.from) || !MM_DD.test(span.to)) {
    // Checked here rather than trusted: a malformed '1-3' would compare as text and
    // silently close the wrong days.
    throw new Error(`bad closure ${JSON.stringify(span)}: expected MM-DD`);
  }
  const key = (md: string): number => Number(md.slice(0, 2)) * 100 + Number(md.slice(3));
  const keys = { from: span.from, to: span.to, fromKey: key(span.from), toKey: key(span.to) };
  spanKeys.set(span, keys);
  return keys;
}

/** Whether a month and day (as MMDD) fall in the closure. */
function inClosureKey(md: number, closure: ClosurePolicy): boolean {
  const span = closure.yearEnd;
  if (!span) return false;
  const { fromKey: from, toKey: to } = keysOf(span);
  return from <= to ? from <= md && md <= to : md >= from || md <= to;
}

/** isBusinessDay by day number, for a day number of a real day (FIRST_DAY_NUMBER…LAST_DAY_NUMBER). */
function isBusinessDayNumber(n: number, closure: ClosurePolicy): boolean {
  const dow = weekdayOfNumber(n);
  return dow !== 0 && dow !== 6 && !HOLIDAY_NUMBERS.has(n) && !inClosureKey(civilOfDayNumber(n) % 10_000, closure);
}

export function isBusinessDay(d: JpDay, closure: ClosurePolicy = defaultClosure): boolean {
  if (isRealDay(d)) return isBusinessDayNumber(dayNumber(d), closure);
  // Not a day jpDay makes: the fields as given, looked up as text.
  const dow = dayOfWeek(d);
  if (dow === 0 || dow === 6 || isHoliday(d)) return false;
  const span = closure.yearEnd;
  if (!span) return true;
  keysOf(span);
  const md = isoDay(d).slice(5); // 'MM-DD' sorts like the days it names
  return !(span.from <= span.to ? span.from <= md && md <= span.to : md >= span.from || md <= span.to);
}

// A policy whose closure covers the whole year would make the searches below loop
// forever; no real calendar has a year without business days, so give up after one.
const MAX_CLOSED_RUN = 400;

/** Whether a day number is one of a real day (what jpDay makes). */
const inRange = (n: number): boolean => n >= FIRST_DAY_NUMBER && n <= LAST_DAY_NUMBER;

/** The first business day after day number n (of a real day) in direction dir. */
function stepNumber(n: number, dir: 1 | -1, closure: ClosurePolicy): number {
  let day = n;
  for (let i = 0; i < MAX_CLOSED_RUN; i++) {
    day += dir;
    // Past the last (or before the first) day jpDay makes: the error stepping by days gave.
    if (!inRange(day)) dayOfNumber(day);
    if (isBusinessDayNumber(day, closure)) return day;
  }
  throw new Error(`no business day within ${MAX_CLOSED_RUN} days of ${isoDay(dayOfNumber(n))}`);
}

function step(d: JpDay, dir: 1 | -1, closure: ClosurePolicy): JpDay {
  if (isRealDay(d)) return dayOfNumber(stepNumber(dayNumber(d), dir, closure));
  // Not a day jpDay makes: stepped by days, which reads it as the day it normalises to.
  let day = d;
  for (let i = 0; i < MAX_CLOSED_RUN; i++) {
    day = addDays(day, dir);
    if (isBusinessDay(day, closure)) return day;
  }
  throw new Error(`no business day within ${MAX_CLOSED_RUN} days of ${isoDay(d)}`);
}

/** d itself when it is a business day, otherwise the first one after it. */
export function nextBusinessDay(d: JpDay, closure: ClosurePolicy = defaultClosure): JpDay {
  return isBusinessDay(d, closure) ? d : step(d, 1, closure);
}

/** d itself when it is a business day, otherwise the last one before it. */
export function previousBusinessDay(d: JpDay, closure: ClosurePolicy = defaultClosure): JpDay {
  return isBusinessDay(d, closure) ? d : step(d, -1, closure);
}

/**
 * previousBusinessDay by day number: what reminder planning steps on, so a search
 * makes no day objects on the way. A number of no real day throws as jpDay does.
 */
export function previousBusinessDayNumber(n: number, closure: ClosurePolicy = defaultClosure): number {
  if (!inRange(n) || !Number.isInteger(n)) dayOfNumber(n);
  return isBusinessDayNumber(n, closure) ? n : stepNumber(n, -1, closure);
}

/**
 * The n-th business day after d (before d when n < 0), not counting d itself, so
 * d need not be a business day: +1 from a Saturday is the Monday. n = 0 returns d
 * unchanged, business day or not.
 */
export function addBusinessDays(d: JpDay, n: number, closure: ClosurePolicy = defaultClosure): JpDay {
  if (!Number.isInteger(n)) throw new RangeError(`addBusinessDays: n must be an integer, got ${n}`);
  const dir = n < 0 ? -1 : 1;
  if (n === 0 || !isRealDay(d)) {
    let day = d;
    for (let i = 0; i < Math.abs(n); i++) day = step(day, dir, closure);
    return day;
  }
  let day = dayNumber(d);
  for (let i = 0; i < Math.abs(n); i++) day = stepNumber(day, dir, closure);
  return dayOfNumber(day);
}

/**
 * The number of business days after a up to and including b: Friday → next Monday
 * is 1, a day → itself is 0. When b is before a the count is taken the other way and
 * negated (businessDaysBetween(a, b) === -businessDaysBetween(b, a)), so for business
 * days a and b, addBusinessDays(a, businessDaysBetween(a, b)) is b.
 */
export function businessDaysBetween(a: JpDay, b: JpDay, closure: ClosurePolicy = defaultClosure): number {
  if (isRealDay(a) && isRealDay(b)) {
    const [lo, hi, sign] = dayNumber(a) <= dayNumber(b) ? [dayNumber(a), dayNumber(b), 1] : [dayNumber(b), dayNumber(a), -1];
    let count = 0;
    for (let day = lo + 1; day <= hi; day++) if (isBusinessDayNumber(day, closure)) count++;
    // Stepping by days went one past the end: after 9999-12-31 that was an error.
    if (!inRange(hi + 1)) dayOfNumber(hi + 1);
    return sign * count;
  }
  const [lo, hi, sign] = isoDay(a) <= isoDay(b) ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let day = addDays(lo, 1); isoDay(day) <= isoDay(hi); day = addDays(day, 1)) {
    if (isBusinessDay(day, closure)) count++;
  }
  return sign * count;
}
