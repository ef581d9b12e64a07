/**
 * A tier's regular meeting days as an RFC 5545 RRULE, checked strictly and expanded
 * by the rrule library over wall-clock dates in Japan.
 *
 * The rule is expanded without TZID: DTSTART is 00:00 UTC of a Japanese calendar day
 * and results are read with UTC getters, so a result is a day, never an instant, and
 * the server's time zone cannot shift it (with TZID rrule consults the local zone).
 *
 * DTSTART is the tier's `anchor` (default 2000-01-01, a fixed origin): INTERVAL counts
 * weeks/months/years from it, and no regular date falls before it. Most calendars do
 * not use INTERVAL at all; "even months" is written BYMONTH=2,4,6,8,10,12, not
 * INTERVAL=2 (which would count from the anchor's month: January, i.e. odd months).
 */
import { RRule, type Options } from 'rrule';
import { addDays, jpDay, type JpDay } from './jpdate';

/** The default DTSTART of every rule: INTERVAL counts from here unless a tier sets `anchor`. */
export const DEFAULT_ANCHOR: JpDay = jpDay(2000, 1, 1);

const FREQS = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'] as const;
type Freq = (typeof FREQS)[number];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** A rule that passed rruleProblem, ready to expand. */
export interface Recurrence {
  readonly text: string; // normalised: upper case, no RRULE: prefix
  readonly freq: Freq;
  readonly interval: number;
  readonly anchor: JpDay;
  readonly options: Partial<Options>; // without dtstart
  /** Whether the rule yields any day at all (see producesDates). */
  readonly productive: boolean;
}

// ---------------------------------------------------------------------------
// Checking the text
// ---------------------------------------------------------------------------

function intList(value: string, max: number, what: string, signed = true): string | null {
  for (const v of value.split(',')) {
    if (!(signed ? /^[+-]?\d{1,3}$/ : /^\d{1,2}$/).test(v)) return `${what} must be a list of ${signed ? '' : 'plain '}numbers, got "${v}"`;
    const n = Math.abs(Number(v));
    if (n < 1 || n > max) return `${what} value ${v} is out of range (${signed ? '±' : ''}1..${max})`;
  }
  return null;
}

function normalise(rule: string): string {
  return rule
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
}

/**
 * What is wrong with an RRULE string (without DTSTART), or null when it is fine.
 * The rrule library's own parser accepts nonsense (BYMONTH=13, BYMONTHDAY=abc,
 * a misspelt FREQ), so every part is checked here before the library sees it.
 */
export function rruleProblem(rule: string): string | null {
  const text = normalise(rule);
  if (text === '') return 'is empty (leave rrule out for a tier held as needed)';
  if (/[\r\n]/.test(text)) return 'must be a single line';
  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    const m = /^([A-Z-]+)=([^=]*)$/.exec(part);
    if (!m) return `cannot read "${part}" (expected KEY=VALUE parts separated by ";")`;
    const [, key, value] = m;
    if (key === 'DTSTART' || key === 'TZID') {
      return `${key} is not allowed: rules are expanded over Japanese calendar days from the tier's anchor; set the start time with "time"`;
    }
    if (key === 'COUNT')
      return 'COUNT is not supported (it would count from the anchor, 2000-01-01 by default); use UNTIL=YYYYMMDD or cancelledDates';
    if (key === 'BYHOUR' || key === 'BYMINUTE' || key === 'BYSECOND') return `${key} is not supported: set the start time with "time"`;
    if (parts.has(key)) return `${key} is given twice`;
    if (value === '') return `${key} has no value`;
    parts.set(key, value);
  }

  const freq = parts.get('FREQ');
  if (freq === undefined) return 'FREQ is missing (e.g. FREQ=WEEKLY;BYDAY=MO)';
  if (['HOURLY', 'MINUTELY', 'SECONDLY'].includes(freq)) return `FREQ=${freq} is finer than DAILY: meetings are whole days`;
  if (!(FREQS as readonly string[]).includes(freq)) return `FREQ must be one of ${FREQS.join(', ')}, got "${freq}"`;

  for (const [key, value] of parts) {
    let problem: string | null = null;
    switch (key) {
      case 'FREQ':
        break;
      case 'INTERVAL':
        if (!/^\d{1,3}$/.test(value) || Number(value) < 1) problem = `INTERVAL must be a positive whole number, got "${value}"`;
        break;
      case 'UNTIL': {
        const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
        let ok = false;
        if (m) {
          try {
            jpDay(Number(m[1]), Number(m[2]), Number(m[3]));
            ok = true;
          } catch {
            ok = false;
          }
        }
        if (!ok) problem = `UNTIL must be a date such as 20270331, got "${value}"`;
        break;
      }
      case 'BYDAY':
        for (const d of value.split(',')) {
          const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(d);
          if (!m || !WEEKDAYS.includes(m[2])) {
            problem = `BYDAY value "${d}" is not a weekday (MO TU WE TH FR SA SU, optionally numbered: 1WE, -1FR)`;
            break;
          }
          if (m[1] === undefined) continue;
          const n = Math.abs(Number(m[1]));
          if (freq !== 'MONTHLY' && freq !== 'YEARLY') {
            problem = `BYDAY value "${d}": a numbered weekday needs FREQ=MONTHLY or FREQ=YEARLY`;
          } else if (n === 0 || n > (freq === 'MONTHLY' ? 5 : 53)) {
            problem = `BYDAY value "${d}": the number must be ±1..${freq === 'MONTHLY' ? 5 : 53}`;
          } else if (parts.has('BYWEEKNO')) {
            problem = `BYDAY value "${d}": a numbered weekday cannot be combined with BYWEEKNO`;
          }
          if (problem) break;
        }
        break;
      case 'BYMONTHDAY':
        problem = freq === 'WEEKLY' ? 'BYMONTHDAY cannot be used with FREQ=WEEKLY' : intList(value, 31, key);
        break;
      case 'BYYEARDAY':
        problem = freq !== 'YEARLY' ? 'BYYEARDAY needs FREQ=YEARLY' : intList(value, 366, key);
        break;
      case 'BYWEEKNO':
        problem = freq !== 'YEARLY' ? 'BYWEEKNO needs FREQ=YEARLY' : intList(value, 53, key);
        break;
      case 'BYMONTH':
        problem = intList(value, 12, key, false);
        break;
      case 'BYSETPOS':
        problem = intList(value, 366, key);
        break;
      case 'WKST':
        if (!WEEKDAYS.includes(value)) problem = `WKST must be a weekday (MO … SU), got "${value}"`;
        break;
      default:
        problem = `unknown key "${key}"`;
    }
    if (problem) return problem;
  }

  const has = (k: string) => parts.has(k);
  // Without a day part RFC 5545 takes the day from DTSTART, i.e. from our arbitrary
  // anchor (2000-01-01 is a Saturday): refuse rather than guess.
  if (freq === 'WEEKLY' && !has('BYDAY')) return 'FREQ=WEEKLY needs BYDAY (e.g. BYDAY=MO)';
  if (freq === 'MONTHLY' && !has('BYDAY') && !has('BYMONTHDAY')) return 'FREQ=MONTHLY needs BYDAY or BYMONTHDAY (e.g. BYMONTHDAY=1 or BYDAY=1WE,3WE)';
  if (freq === 'YEARLY' && !['BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO'].some(has)) {
    return 'FREQ=YEARLY needs BYMONTHDAY, BYDAY, BYYEARDAY or BYWEEKNO (e.g. BYMONTH=4;BYMONTHDAY=1)';
  }
  if (has('BYSETPOS') && !['BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYMONTH'].some(has)) {
    return 'BYSETPOS needs another BY… part to pick from';
  }
  if (freq === 'MONTHLY' && has('BYMONTH') && Number(parts.get('INTERVAL') ?? '1') > 1) {
    return 'INTERVAL with BYMONTH counts months from the anchor and can miss every listed month; drop INTERVAL and list the months (e.g. BYMONTH=2,4,6,8,10,12)';
  }

  try {
    new RRule({ ...RRule.parseString(text), dtstart: utcDate(DEFAULT_ANCHOR) });
  } catch (e) {
    return `is not a valid RRULE: ${(e as Error).message}`;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Expanding
// ---------------------------------------------------------------------------

const utcDate = (d: JpDay): Date => new Date(Date.UTC(d.year, d.month - 1, d.day));
const fromUtc = (t: Date): JpDay => jpDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
const daysBetween = (a: JpDay, b: JpDay): number => Math.round((utcDate(b).getTime() - utcDate(a).getTime()) / 86_400_000);

/**
 * The latest DTSTART at or before `target` that is in step with the anchor (a whole
 * number of INTERVAL periods after it), or the anchor itself when target precedes it.
 * Starting there instead of at the anchor gives the same days from `target` on, and
 * saves iterating over the decades since 2000.
 */
function alignedStart(anchor: JpDay, freq: Freq, interval: number, target: JpDay): JpDay {
  if (daysBetween(anchor, target) <= 0) return anchor;
  switch (freq) {
    case 'DAILY':
    case 'WEEKLY': {
      const step = interval * (freq === 'WEEKLY' ? 7 : 1);
      return addDays(anchor, Math.floor(daysBetween(anchor, target) / step) * step);
    }
    case 'MONTHLY': {
      const months = (target.year - anchor.year) * 12 + (target.month - anchor.month);
      const n = Math.floor(months / interval) * interval;
      if (n === 0) return anchor;
      const m = anchor.month - 1 + n;
      return jpDay(anchor.year + Math.floor(m / 12), (m % 12) + 1, 1);
    }
    case 'YEARLY': {
      const n = Math.floor((target.year - anchor.year) / interval) * interval;
      return n === 0 ? anchor : jpDay(anchor.year + n, 1, 1);
    }
  }
}

function build(r: Pick<Recurrence, 'options'>, dtstart: JpDay, withUntil = true): RRule {
  const options = { ...r.options, dtstart: utcDate(dtstart) };
  if (!withUntil) delete options.until;
  return new RRule(options);
}

/**
 * Whether a rule yields any day. rrule iterates period by period until it finds a
 * date or reaches the year 9999, so a rule that never matches (BYMONTH=2;BYMONTHDAY=30)
 * would spin for seconds. We ask once, starting ~12 years before 9999 in step with the
 * anchor: the Gregorian calendar repeats every 400 years, so a rule with no day there
 * has none in a comparable span of our own time either. This is the bounded search.
 */
function producesDates(r: Pick<Recurrence, 'options' | 'freq' | 'interval' | 'anchor'>): boolean {
  const probeFrom = alignedStart(r.anchor, r.freq, r.interval, jpDay(9999 - 11 - (r.freq === 'YEARLY' ? r.interval : 0), 1, 1));
  return build(r, probeFrom, false).after(utcDate(probeFrom), true) !== null;
}

const cache = new Map<string, Recurrence>();

/** A checked rule; throws an Error with rruleProblem's text when it is not one. Cached. */
export function recurrence(rule: string, anchor: JpDay = DEFAULT_ANCHOR): Recurrence {
  const text = normalise(rule);
  const key = `${text}|${anchor.year}-${anchor.month}-${anchor.day}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const problem = rruleProblem(text);
  if (problem) throw new Error(`rrule ${problem}`);
  const options = RRule.parseString(text);
  const base = {
    text,
    freq: FREQS.find((f) => RRule[f] === options.freq) as Freq,
    interval: options.interval ?? 1,
    anchor,
    options,
  };
  const r: Recurrence = { ...base, productive: producesDates(base) };
  if (cache.size >= 200) cache.clear(); // configs hold ten tiers; this only bounds tests and reloads
  cache.set(key, r);
  return r;
}

/** The rule's days from `from` to `to`, both inclusive, in order (before any holiday policy). */
export function expand(r: Recurrence, from: JpDay, to: JpDay): JpDay[] {
  if (!r.productive || daysBetween(from, to) < 0) return [];
  const start = alignedStart(r.anchor, r.freq, r.interval, from);
  return build(r, start).between(utcDate(from), utcDate(to), true).map(fromUtc);
}
