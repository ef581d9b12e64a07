/**
 * Japanese dates as people write them on the 案件申込書: a day, a month or a range,
 * in 和暦 (明治…令和, 元年, M/T/S/H/R abbreviations) or 西暦. The precision the person
 * gave is kept: a month is never turned into a day they did not say.
 */
import { TZDate } from '@date-fns/tz';

/** A calendar day (Gregorian year), no time, no time zone: a wall-clock date in Japan. */
export interface JpDay {
  precision: 'day';
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

/** A month, as in 時期 平成21年12月. */
export interface JpMonth {
  precision: 'month';
  year: number;
  month: number;
}

export type JpPoint = JpDay | JpMonth;

/** A range such as H20.9~H21.2 (作業部会 第1回~第6回). */
export interface JpRange {
  precision: 'range';
  from: JpPoint;
  to: JpPoint;
}

export type JpDate = JpPoint | JpRange;
export type Precision = JpDate['precision'];

/** How dates are shown: 和暦, 西暦, or 和暦 with 西暦 in brackets. */
export type DateDisplay = 'wareki' | 'seireki' | 'both';

/** Why a text is not a date; mapped to Japanese in one place (domain/messages). */
export type DateErrorCode =
  | 'date.unreadable' // not a date at all
  | 'date.no_such_day' // 2月30日, 13月
  | 'date.outside_era' // 平成32年5月1日, 令和元年4月1日, 昭和65年
  | 'date.precision' // a month or range where only a day is allowed, etc.
  | 'date.range_order'; // H21.2~H20.9

export type DateParseResult = { ok: true; value: JpDate } | { ok: false; code: DateErrorCode };

// ---------------------------------------------------------------------------
// Eras
// ---------------------------------------------------------------------------

export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';
export type EraLetter = 'M' | 'T' | 'S' | 'H' | 'R';
export interface EraYear {
  era: EraName;
  letter: EraLetter;
  year: number;
}

interface Era {
  name: EraName;
  letter: EraLetter;
  start: string; // ISO day, inclusive
  end: string | null; // ISO day, inclusive; null = current era
  offset: number; // Gregorian year = offset + era year
}

// 明治 officially began in 1868, but Japan kept the lunisolar calendar until
// 明治5年12月2日, the day before 明治6年1月1日 = 1873-01-01. Earlier 明治 dates
// cannot be turned into Gregorian ones by arithmetic, so we start 明治 where the
// Gregorian calendar starts and report anything earlier as outside the era
// rather than silently shifting it by a month.
const ERAS: readonly Era[] = [
  { name: '明治', letter: 'M', start: '1873-01-01', end: '1912-07-29', offset: 1867 },
  { name: '大正', letter: 'T', start: '1912-07-30', end: '1926-12-24', offset: 1911 },
  { name: '昭和', letter: 'S', start: '1926-12-25', end: '1989-01-07', offset: 1925 },
  { name: '平成', letter: 'H', start: '1989-01-08', end: '2019-04-30', offset: 1988 },
  { name: '令和', letter: 'R', start: '2019-05-01', end: null, offset: 2018 },
];

/** The first day any 和暦 can name; days before it are refused (see ERAS). */
const EARLIEST_DAY = ERAS[0].start;

/** An ISO day as the number YYYYMMDD, which orders the same way. */
const dayKey = (iso: string): number => Number(iso.replaceAll('-', ''));
/** Each era's first and last days as YYYYMMDD numbers, for checking what is parsed. */
const ERA_KEYS = new Map(ERAS.map((e) => [e, { startKey: dayKey(e.start), endKey: e.end === null ? null : dayKey(e.end) }]));
const EARLIEST_KEY = dayKey(EARLIEST_DAY);

function eraNamed(token: string): Era {
  const upper = token.toUpperCase();
  const era = ERAS.find((e) => e.name === token || e.letter === upper);
  if (!era) throw new Error(`unknown era ${token}`); // the parser's regex only lets known eras through
  return era;
}

function eraAt(iso: string): Era | undefined {
  return ERAS.find((e) => e.start <= iso && (e.end === null || iso <= e.end));
}

/** The era and era year of a day. Throws for days before 1873-01-01 (see ERAS). */
export function eraOf(d: JpDay): EraYear {
  const era = eraAt(isoDay(d));
  if (!era) throw new RangeError(`${isoDay(d)} is before the Gregorian 明治 (1873-01-01)`);
  return { era: era.name, letter: era.letter, year: d.year - era.offset };
}

// ---------------------------------------------------------------------------
// Days
// ---------------------------------------------------------------------------

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  // By table rather than through a Date: every day checked or worked out goes through
  // here. Anything else (Date.UTC reads years 0–99 as 1900–1999) still asks the Date.
  if (month >= 1 && month <= 12 && Number.isInteger(month) && year >= 1000 && year <= 9999 && Number.isInteger(year)) {
    if (month !== 2) return MONTH_DAYS[month - 1];
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  // Day 0 of the next month is the last day of this one; UTC so no DST or TZ can move it.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isValidDay(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    // Four-digit years only: storage is YYYY-MM-DD, and Date.UTC maps 0-99 to 1900-1999.
    year >= 1000 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Whether d is a day jpDay would make (a real day, year 1000–9999). */
export function isRealDay(d: JpDay): boolean {
  return isValidDay(d.year, d.month, d.day);
}

/** A day, checked: throws on 2月30日, month 13, non-integers or years outside 1000–9999. */
export function jpDay(year: number, month: number, day: number): JpDay {
  if (!isValidDay(year, month, day)) throw new RangeError(`no such day: ${year}-${month}-${day}`);
  return { precision: 'day', year, month, day };
}

// '01'…'31' once, so an ISO day is one concatenation rather than padded pieces.
const TWO_DIGITS: readonly string[] = Array.from({ length: 32 }, (_, i) => pad2(i));

export function isoDay(d: JpDay): string {
  const { year, month, day } = d;
  if (year >= 1000 && year <= 9999 && Number.isInteger(year)) {
    const mm = TWO_DIGITS[month];
    const dd = TWO_DIGITS[day];
    if (mm !== undefined && dd !== undefined) return `${year}-${mm}-${dd}`;
  }
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

function isoMonth(m: { year: number; month: number }): string {
  return `${pad4(m.year)}-${pad2(m.month)}`;
}

/** Negative when a is before b, 0 when the same day, positive when after. */
export function compareDays(a: JpDay, b: JpDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

const DAY_MS = 86_400_000;

/**
 * A day as a day number: days since 1970-01-01 (negative before), as Date.UTC counts
 * them, so day overflow is normalised the same way (4月31日 is 5月1日). Business-day
 * searches and reminder planning step on these numbers instead of making a Date and a
 * day object per step. NaN for a day Date.UTC cannot place.
 */
export function dayNumber(d: JpDay): number {
  return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
}

/** The first and last day numbers of a JpDay (1000-01-01 and 9999-12-31). */
export const FIRST_DAY_NUMBER = Date.UTC(1000, 0, 1) / DAY_MS;
export const LAST_DAY_NUMBER = Date.UTC(9999, 11, 31) / DAY_MS;

/**
 * The proleptic Gregorian year, month and day of a day number as year * 10000 + month
 * * 100 + day (one number, so nothing is allocated), for days from 1000-01-01 to
 * 9999-12-31. The same calendar Date's UTC getters use (H. Hinnant's civil_from_days).
 */
export function civilOfDayNumber(n: number): number {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + day;
}

/** The day of a day number; throws like jpDay outside 1000–9999. */
export function dayOfNumber(n: number): JpDay {
  if (!(n >= FIRST_DAY_NUMBER && n <= LAST_DAY_NUMBER) || !Number.isInteger(n)) {
    // The error (or, for a fraction, the day) Date's getters give, as before.
    const t = new Date(n * DAY_MS);
    return jpDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const c = civilOfDayNumber(n);
  const year = Math.floor(c / 10_000);
  return { precision: 'day', year, month: Math.floor(c / 100) - year * 100, day: c % 100 };
}

export function addDays(d: JpDay, n: number): JpDay {
  // Date.UTC normalises day overflow (e.g. 4月31日 → 5月1日) and never sees a time zone.
  return dayOfNumber(Date.UTC(d.year, d.month - 1, d.day + n) / DAY_MS);
}

/** The day of the week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** 0 = Sunday … 6 = Saturday, like Date#getDay. */
export function dayOfWeek(d: JpDay): number {
  return weekdayOfNumber(dayNumber(d));
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'] as const;

export function weekdayJa(d: JpDay): string {
  return WEEKDAYS_JA[dayOfWeek(d)];
}

export function firstDayOf(d: JpDate): JpDay {
  switch (d.precision) {
    case 'day':
      return d;
    case 'month':
      return jpDay(d.year, d.month, 1);
    case 'range':
      return firstDayOf(d.from);
  }
}

export function lastDayOf(d: JpDate): JpDay {
  switch (d.precision) {
    case 'day':
      return d;
    case 'month':
      return jpDay(d.year, d.month, daysInMonth(d.year, d.month));
    case 'range':
      return lastDayOf(d.to);
  }
}

const tokyoParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** 1952-01-01T00:00+09:00: Japan's last summer time ended in September 1951. */
const JST_FIXED_SINCE = Date.UTC(1951, 11, 31, 15, 0, 0);

/** The instant of a time of day in Japan (UTC+9 from 1952 on; Intl's zone data before). */
export function tokyoAt(d: JpDay, hour: number, minute = 0): Date {
  if (d.year >= 1952) return new Date(Date.UTC(d.year, d.month - 1, d.day, hour - 9, minute));
  return new Date(new TZDate(d.year, d.month - 1, d.day, hour, minute, 0, 'Asia/Tokyo').getTime());
}

/**
 * The calendar day in Japan at an instant. The server's own time zone is irrelevant:
 * Intl is asked for Asia/Tokyo explicitly, so 15:00Z is already the next day.
 */
export function tokyoToday(now: Date): JpDay {
  const t = now.getTime();
  if (Number.isNaN(t)) throw new RangeError('tokyoToday: invalid Date');
  // Japan has kept UTC+9 without summer time since 1951: from then on the day is plain
  // arithmetic (this runs on every date a form or a plan looks at; Intl's parts were a
  // measurable share of a filing). Earlier instants still ask Intl.
  if (t >= JST_FIXED_SINCE) {
    const n = Math.floor((t + 9 * 3_600_000) / DAY_MS);
    if (n <= LAST_DAY_NUMBER) return dayOfNumber(n);
    const d = new Date(t + 9 * 3_600_000);
    return jpDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const parts = tokyoParts.formatToParts(now);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return jpDay(part('year'), part('month'), part('day'));
}

// ---------------------------------------------------------------------------
// Fiscal years (年度, April–March)
// ---------------------------------------------------------------------------

/** The 年度 a day belongs to, as the Gregorian year in which it began (2027-03-31 → 2026). */
export function fiscalYearOf(d: JpDay): number {
  return d.month >= 4 ? d.year : d.year - 1;
}

/**
 * The era name of a 年度. FY2019 began in 平成 but is commonly called 令和元年度, so
 * the era in force on the last day (31 March) wins. The exception is an era that only
 * began in January–March of that last year (平成, 1989-01-08): it would give FY1988
 * the year 0, and FY1988 is 昭和63年度, so then the era in force on 1 April is used.
 */
export function fiscalYearLabel(fy: number): EraYear {
  const lastDay = eraOf(jpDay(fy + 1, 3, 31));
  const year = lastDay.year - 1; // the era year of the calendar year fy itself
  if (year >= 1) return { ...lastDay, year };
  return eraOf(jpDay(fy, 4, 1));
}

/** The prefix of case numbers for a 年度, e.g. 'R8' for FY2026. */
export function caseNoPrefix(fy: number): string {
  const { letter, year } = fiscalYearLabel(fy);
  return `${letter}${year}`;
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

const eraYearText = (y: number): string => (y === 1 ? '元' : String(y));

// A month is named by the era in force on its 1st. That gives 平成31年4月 and
// 令和元年5月 (平成 ended on 30 April) and 昭和64年1月 for January 1989.
function eraOfPoint(p: JpPoint): EraYear {
  return eraOf(firstDayOf(p));
}

function formatPoint(p: JpPoint, display: DateDisplay): string {
  const md = p.precision === 'day' ? `${p.month}月${p.day}日` : `${p.month}月`;
  if (display === 'seireki') return `${p.year}年${md}`;
  const e = eraOfPoint(p);
  const wareki = `${e.era}${eraYearText(e.year)}年`;
  return display === 'both' ? `${wareki}(${p.year}年)${md}` : `${wareki}${md}`;
}

/** 令和8年4月16日 / 2026年4月16日 / 令和8年(2026年)4月16日; ranges joined by ～. */
export function formatJpDate(d: JpDate, display: DateDisplay = 'wareki'): string {
  if (d.precision === 'range') return `${formatPoint(d.from, display)}～${formatPoint(d.to, display)}`;
  if (d.precision === 'day' && isValidDay(d.year, d.month, d.day)) return formattedDay(d, display);
  return formatPoint(d, display);
}

/** How many formatted days are kept (a form's date choices, a request's dates). */
export const FORMATTED_DAYS_KEPT = 512;
const DISPLAYS: readonly DateDisplay[] = ['wareki', 'seireki', 'both'];
// Every page of a form shows the same few days (each tier's next meetings), so their
// texts are kept by day number and display rather than built again; oldest dropped first.
const formattedDays = new Map<number, string>();

function formattedDay(d: JpDay, display: DateDisplay): string {
  const which = DISPLAYS.indexOf(display);
  if (which < 0) return formatPoint(d, display);
  const key = dayNumber(d) * 4 + which;
  let text = formattedDays.get(key);
  if (text === undefined) {
    text = formatPoint(d, display);
    if (formattedDays.size >= FORMATTED_DAYS_KEPT) formattedDays.delete(formattedDays.keys().next().value!);
    formattedDays.set(key, text);
  }
  return text;
}

/** How many formatted days are kept now (at most FORMATTED_DAYS_KEPT); for tests. */
export function keptFormattedDays(): number {
  return formattedDays.size;
}

/** The compact form of the paper's 経過 table: H21.4.16, H21.12, H20.9~H21.2, R1.5.1. */
export function formatJpDateShort(d: JpDate): string {
  if (d.precision === 'range') return `${formatJpDateShort(d.from)}~${formatJpDateShort(d.to)}`;
  const e = eraOfPoint(d);
  const head = `${e.letter}${e.year}.${d.month}`;
  return d.precision === 'day' ? `${head}.${d.day}` : head;
}

// ---------------------------------------------------------------------------
// Storage: 2026-04-16, 2026-04, 2008-09/2009-02 (ISO 8601 calendar dates and intervals)
// ---------------------------------------------------------------------------

function serializePoint(p: JpPoint): string {
  return p.precision === 'day' ? isoDay(p) : isoMonth(p);
}

export function serializeJpDate(d: JpDate): string {
  if (d.precision === 'range') return `${serializePoint(d.from)}/${serializePoint(d.to)}`;
  return serializePoint(d);
}

function inOrder(from: JpPoint, to: JpPoint): boolean {
  // `to` may not start before `from` starts nor end before `from` ends; with mixed
  // precisions (a day to a month) this is the only reading that is never surprising.
  return compareDays(firstDayOf(from), firstDayOf(to)) <= 0 && compareDays(lastDayOf(from), lastDayOf(to)) <= 0;
}

function deserializePoint(s: string): JpPoint | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (!m) return null;
  const [year, month] = [Number(m[1]), Number(m[2])];
  if (m[3] === undefined) {
    return isValidDay(year, month, 1) ? { precision: 'month', year, month } : null;
  }
  const day = Number(m[3]);
  return isValidDay(year, month, day) ? { precision: 'day', year, month, day } : null;
}

/** The inverse of serializeJpDate; throws an Error quoting the text if it is not one of ours. */
export function deserializeJpDate(s: string): JpDate {
  const parts = s.split('/');
  const points = parts.map(deserializePoint);
  if (points.length === 1 && points[0]) return points[0];
  if (points.length === 2 && points[0] && points[1] && inOrder(points[0], points[1])) {
    return { precision: 'range', from: points[0], to: points[1] };
  }
  throw new Error(`not a stored date: ${JSON.stringify(s)}`);
}

// ---------------------------------------------------------------------------
// Parsing what people write
// ---------------------------------------------------------------------------

/** A point as written, before it is checked against the calendar and the eras. */
interface Written {
  era: Era | null; // null = 西暦
  year: number; // era year, or Gregorian year when era is null
  month: number;
  day: number | null;
}

type Failure = { ok: false; code: DateErrorCode };
const fail = (code: DateErrorCode): Failure => ({ ok: false, code });

const ERA_TOKEN = '(明治|大正|昭和|平成|令和|[MTSHR])';
const YEAR = `(?:${ERA_TOKEN}\\s*(\\d{1,2}|元)|(\\d{4}))`;
// 平成21年4月16日, 2026年4月, 平成21年 5月 14日 (the 日 may be left off after a day number).
const KANJI_POINT = new RegExp(`^${YEAR}\\s*年\\s*(\\d{1,2})\\s*月(?:\\s*(\\d{1,2})\\s*日?)?$`, 'i');
// H21.4.16, R8/12/1, 2026-04-16, H21.12: one separator, used consistently.
const SEP_POINT = new RegExp(`^${YEAR}\\s*([./-])\\s*(\\d{1,2})(?:\\s*\\4\\s*(\\d{1,2}))?$`, 'i');

const eraYearNumber = (s: string): number => (s === '元' ? 1 : Number(s));

function readPoint(s: string): Written | null {
  const k = KANJI_POINT.exec(s);
  if (k) {
    return {
      era: k[1] ? eraNamed(k[1]) : null,
      year: k[1] ? eraYearNumber(k[2]) : Number(k[3]),
      month: Number(k[4]),
      day: k[5] === undefined ? null : Number(k[5]),
    };
  }
  const p = SEP_POINT.exec(s);
  if (p) {
    return {
      era: p[1] ? eraNamed(p[1]) : null,
      year: p[1] ? eraYearNumber(p[2]) : Number(p[3]),
      month: Number(p[5]),
      day: p[6] === undefined ? null : Number(p[6]),
    };
  }
  return null;
}

/**
 * The end of a range written without its era or year (H21.4.1~4.30, 平成20年9月～21年2月,
 * 2026/4~6). Missing leading parts come from `from`. With dots or slashes the numbers
 * carry no units, so how many there are is read against the precision of `from`:
 * after a day, 30 = day, 4.30 = month.day, 21.4.30 = year.month.day; after a month,
 * 6 = month, 21.6 = year.month. A bare year only makes sense after a 和暦 `from`.
 */
function readRangeEnd(s: string, from: Written): Written | null {
  const full = readPoint(s);
  if (full) return full;

  const withYear = (y: string | undefined): Pick<Written, 'era' | 'year'> | null => {
    if (y === undefined) return { era: from.era, year: from.year };
    return from.era ? { era: from.era, year: eraYearNumber(y) } : null;
  };

  // 21年2月, 4月30日, 30日: the units say what each number is.
  const k = /^(?:(?:(\d{1,2}|元)\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日?)?|(\d{1,2})\s*日)$/.exec(s);
  if (k) {
    const ey = withYear(k[1]);
    const dayAlone = k[4] !== undefined;
    if (!ey || (dayAlone && from.day === null)) return null;
    const day = dayAlone ? k[4] : k[3];
    return {
      ...ey,
      month: dayAlone ? from.month : Number(k[2]),
      day: day === undefined ? null : Number(day),
    };
  }

  const n = /^(\d{1,2}|元)(?:\s*([./])\s*(\d{1,2})(?:\s*\2\s*(\d{1,2}))?)?$/.exec(s);
  if (!n) return null;
  const nums = [n[1], n[3], n[4]].filter((x): x is string => x !== undefined);
  const slots: Record<number, [string | undefined, string | undefined, string | undefined]> =
    from.day !== null
      ? { 1: [undefined, undefined, nums[0]], 2: [undefined, nums[0], nums[1]], 3: [nums[0], nums[1], nums[2]] }
      : { 1: [undefined, nums[0], undefined], 2: [nums[0], nums[1], undefined] };
  if (!slots[nums.length]) return null; // three numbers after a month: write the day in full
  const [y, m, d] = slots[nums.length];
  if (m === '元' || d === '元') return null;
  const ey = withYear(y);
  if (!ey) return null;
  return {
    ...ey,
    month: m === undefined ? from.month : Number(m),
    day: d === undefined ? null : Number(d),
  };
}

const ERA_START = /^\s*(明治|大正|昭和|平成|令和|[MTSHR])/i;

/**
 * Where a range is split, or null for a single point. `~` (any tilde or wave dash)
 * always splits. A hyphen is also an ISO separator (2026-04-16), so it splits only
 * where it cannot be one: with spaces on both sides, right after 月/日, or right
 * before an era (H20.9-H21.2).
 */
function splitRange(s: string): [string, string] | null | 'bad' {
  const tildes = s.split('~');
  if (tildes.length === 2) return [tildes[0], tildes[1]];
  if (tildes.length > 2) return 'bad';

  const candidates: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '-') continue;
    const before = s.slice(0, i);
    const after = s.slice(i + 1);
    const spaced = /\s$/.test(before) && /^\s/.test(after);
    if (spaced || /[月日]\s*$/.test(before) || ERA_START.test(after)) candidates.push(i);
  }
  if (candidates.length === 0) return null;
  if (candidates.length > 1) return 'bad';
  const i = candidates[0];
  return [s.slice(0, i), s.slice(i + 1)];
}

function normalize(text: string): string {
  // NFKC turns full-width digits, letters, ．／－～ and the ideographic space into
  // ASCII (and ㍻ into 平成); the wave dash 〜 and other dashes are mapped by hand.
  return text
    .normalize('NFKC')
    .replace(/[〜∼]/g, '~')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function toPoint(w: Written): JpPoint | Failure {
  const year = w.era ? w.era.offset + w.year : w.year;
  if (w.month < 1 || w.month > 12) return fail('date.no_such_day');
  if (w.day !== null && !isValidDay(year, w.month, w.day)) {
    // A year we cannot store at all (e.g. 0999年) is not a day we can check.
    return fail(isValidDay(year, w.month, 1) ? 'date.no_such_day' : 'date.outside_era');
  }
  if (!isValidDay(year, w.month, 1)) return fail('date.outside_era');

  const point: JpPoint = w.day === null ? { precision: 'month', year, month: w.month } : { precision: 'day', year, month: w.month, day: w.day };
  // The point's first and last days as YYYYMMDD numbers: they order like the ISO days.
  const ym = year * 10_000 + w.month * 100;
  const first = ym + (w.day ?? 1);
  const last = ym + (w.day ?? daysInMonth(year, w.month));
  if (w.era) {
    // A month belongs to an era if any of its days does: 平成31年4月 and 令和元年5月,
    // also 平成元年1月 (from the 8th) and 昭和64年1月 (to the 7th).
    const e = ERA_KEYS.get(w.era)!;
    const overlaps = w.year >= 1 && last >= e.startKey && (e.endKey === null || first <= e.endKey);
    if (!overlaps) return fail('date.outside_era');
  } else if (last < EARLIEST_KEY) {
    return fail('date.outside_era');
  }
  return point;
}

/**
 * Reads a date as people write it: a day, a month or a range, in 和暦 or 西暦, with
 * full-width characters and stray spaces. `allow` limits the precisions accepted;
 * the precision is checked before the calendar, since "a day is needed" is the more
 * useful answer to 令和元年4月 in a day-only field. The empty string is unreadable:
 * whether a field may be left blank is the caller's business.
 */
export function parseJpDate(text: string, allow?: readonly Precision[]): DateParseResult {
  // Every page submit reads the form's dates again, and the final submit once more: the
  // answers for the texts seen last are kept, per set of precisions allowed. What is
  // handed out is shared, so it is never changed (dates are values everywhere).
  let mask = 0;
  if (allow === undefined) mask = 8;
  else for (const p of allow) mask |= p === 'day' ? 1 : p === 'month' ? 2 : p === 'range' ? 4 : 16;
  if (mask >= 16 || typeof text !== 'string') return readJpDate(text, allow);
  let kept = parsedTexts[mask];
  if (!kept) kept = parsedTexts[mask] = new Map();
  let result = kept.get(text);
  if (result === undefined) {
    result = frozen(readJpDate(text, allow));
    if (kept.size >= PARSED_TEXTS_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(text, result);
  }
  return result;
}

/**
 * A kept result, frozen with the dates in it: it is handed to every caller that parses the
 * same text, so a caller changing it would change it for all of them; frozen, such a
 * change fails where it is made instead.
 */
function frozen(result: DateParseResult): DateParseResult {
  if (result.ok) {
    const v = result.value;
    if (v.precision === 'range') {
      Object.freeze(v.from);
      Object.freeze(v.to);
    }
    Object.freeze(v);
  }
  return Object.freeze(result);
}

/** How many parsed texts are kept per set of precisions allowed. */
export const PARSED_TEXTS_KEPT = 256;
const parsedTexts: Map<string, DateParseResult>[] = [];

/** How many parsed texts are kept now, over every set of precisions; for tests. */
export function keptParsedTexts(): number {
  return parsedTexts.reduce((n, m) => n + (m?.size ?? 0), 0);
}

/** parseJpDate, worked out. */
function readJpDate(text: string, allow?: readonly Precision[]): DateParseResult {
  const s = normalize(text);
  if (s === '') return fail('date.unreadable');

  const split = splitRange(s);
  if (split === 'bad') return fail('date.unreadable');

  let written: Written[];
  if (split === null) {
    const p = readPoint(s);
    if (!p) return fail('date.unreadable');
    written = [p];
  } else {
    const from = readPoint(split[0].trim());
    const to = from && readRangeEnd(split[1].trim(), from);
    if (!from || !to) return fail('date.unreadable');
    written = [from, to];
  }

  const precision: Precision = written.length === 2 ? 'range' : written[0].day === null ? 'month' : 'day';
  if (allow && !allow.includes(precision)) return fail('date.precision');

  const points: JpPoint[] = [];
  for (const w of written) {
    const p = toPoint(w);
    if ('ok' in p) return p;
    points.push(p);
  }
  if (points.length === 1) return { ok: true, value: points[0] };
  const [from, to] = points;
  if (!inOrder(from, to)) return fail('date.range_order');
  return { ok: true, value: { precision: 'range', from, to } };
}

/**
 * A 年度 as people name it: R8, 令和8年度, 令和元年度, H21, 平成21年度, 2026, 2026年度
 * (full-width digits too). The era year must lie in that era (平成99 does not) and the
 * 年度 must not be later than `latest` (R99 is not a 年度 anything was filed in).
 */
export function parseFiscalYear(text: string, latest: number): number | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const western = /^(\d{4})(?:年度?)?$/.exec(t);
  let fy: number;
  if (western) {
    fy = Number(western[1]);
  } else {
    const m = /^(明治|大正|昭和|平成|令和|[MTSHRmtshr])\.?(元|\d{1,2})(?:年度?)?$/.exec(t);
    if (!m) return null;
    const era = eraNamed(m[1]);
    const year = m[2] === '元' ? 1 : Number(m[2]);
    if (year < 1) return null;
    fy = era.offset + year;
    if (fy < 1873 || fy > latest) return null;
    // The era must be in force in that 年度: on its 1 April or its last day.
    const first = eraOf(jpDay(fy, 4, 1)).era;
    const last = eraOf(jpDay(fy + 1, 3, 31)).era;
    if (era.name !== first && era.name !== last) return null;
  }
  return fy >= 1873 && fy <= latest ? fy : null;
}

/** A 年度 as written on the register, e.g. 令和8年度, 令和元年度. */
export function fiscalYearText(fy: number): string {
  const { era, year } = fiscalYearLabel(fy);
  return `${era}${eraYearText(year)}年度`;
}
