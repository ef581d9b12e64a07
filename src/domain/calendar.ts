/**
 * Meeting calendars: the days a tier meets, whether a desired date fits, when a
 * meeting starts, and the same as an iCalendar (.ics) file. Pure: days in, days out.
 *
 * A tier's days are its RRULE (domain/recurrence.ts) after the holiday policy, plus
 * `extraDates`, minus `cancelledDates`. A cancelled date names the day the meeting
 * would actually be held, i.e. the day after any holiday move: that is the day people
 * see in the bot and in their calendars, and the original day is a non-business day
 * on which no meeting takes place (the org schema refuses such cancelled dates).
 * Extra dates are held as given: no holiday policy applies to them.
 */
import { isBusinessDay, nextBusinessDay, previousBusinessDay, type ClosurePolicy } from './businessDays';
import { addDays, compareDays, dayNumber, deserializeJpDate, isoDay, isRealDay, jpDay, tokyoAt, type JpDay } from './jpdate';
import type { Tier } from './org';
import { DEFAULT_ANCHOR, expand, recurrence, type Recurrence } from './recurrence';
import { icsCalendar, type IcsEvent } from './ics';

/** The most dates one call returns (a weekly tier's 19 years). */
export const MAX_COUNT = 1000;
/** A search gives up after this many years without a date. */
export const SEARCH_YEARS = 10;
/** The last day we expand to: rrule stops at 9999 and a holiday move needs room after it. */
const LAST_DAY = jpDay(9999, 10, 31);

/** One meeting day and how it came about. */
export interface ScheduledMeeting {
  day: JpDay;
  /** The regular day it was moved from by the holiday policy, or null when not moved. */
  movedFrom: JpDay | null;
  /** Held on an extra date rather than by the rule. */
  extra: boolean;
}

export interface CalendarRange {
  /** First day considered, inclusive. */
  from: JpDay;
  /** At most this many dates (capped at MAX_COUNT). */
  count?: number;
  /** Last day considered, inclusive. Without count and until: one year from `from`. */
  until?: JpDay;
  closure: ClosurePolicy;
}

/** The day a year after d, less one (2026-12-07 → 2027-12-06), never past LAST_DAY. */
function yearFrom(d: JpDay): JpDay {
  if (d.year >= LAST_DAY.year - 1) return LAST_DAY;
  return addDays(jpDay(d.year + 1, d.month, 1), d.day - 2);
}

const day = (iso: string): JpDay => deserializeJpDate(iso) as JpDay; // the schema checked the form

function ruleOf(tier: Tier): Recurrence | null {
  if (!tier.rrule) return null;
  return recurrence(tier.rrule, tier.anchor ? day(tier.anchor) : DEFAULT_ANCHOR);
}

/** Days a holiday move can span: the longest closed run is the closure plus a holiday week. */
function moveMargin(closure: ClosurePolicy): number {
  const span = closure.yearEnd;
  if (!span) return 14;
  const from = day(`2024-${span.from}`); // a leap year, so 02-29 reads
  let to = day(`2024-${span.to}`);
  if (compareDays(to, from) < 0) to = day(`2025-${span.to === '02-29' ? '02-28' : span.to}`);
  return 14 + Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000);
}

function applyPolicy(tier: Tier, d: JpDay, closure: ClosurePolicy): JpDay | null {
  if (isBusinessDay(d, closure)) return d;
  switch (tier.holidays) {
    case 'next':
      return nextBusinessDay(d, closure);
    case 'previous':
      return previousBusinessDay(d, closure);
    case 'skip':
      return null;
  }
}

// Tiers and closure policies are configuration (the same objects while running) and a
// window's meetings never change, so each form check of a desired date (one per tier on
// every page) reuses the expansion instead of running the RRULE again.
const windowCache = new WeakMap<Tier, WeakMap<ClosurePolicy, Map<string, readonly ScheduledMeeting[]>>>();

/** Regular meetings (after the holiday policy, before cancellations) with days in [from, to]. */
function regularMeetings(tier: Tier, rule: Recurrence, from: JpDay, to: JpDay, closure: ClosurePolicy): readonly ScheduledMeeting[] {
  let byClosure = windowCache.get(tier);
  if (!byClosure) windowCache.set(tier, (byClosure = new WeakMap()));
  let windows = byClosure.get(closure);
  if (!windows) byClosure.set(closure, (windows = new Map()));
  const key = `${isoDay(from)}/${isoDay(to)}`;
  let found = windows.get(key);
  if (!found) {
    if (windows.size >= 256) windows.clear();
    found = expandWindow(tier, rule, from, to, closure);
    windows.set(key, found);
  }
  // Shared, not copied: only scheduleOf reads it, and what leaves this module is copied.
  return found;
}

function expandWindow(tier: Tier, rule: Recurrence, from: JpDay, to: JpDay, closure: ClosurePolicy): ScheduledMeeting[] {
  const margin = moveMargin(closure);
  const found = new Map<string, ScheduledMeeting>();
  for (const r of expand(rule, addDays(from, -margin), addDays(to, margin))) {
    const final = applyPolicy(tier, r, closure);
    if (!final || compareDays(final, from) < 0 || compareDays(final, to) > 0) continue;
    const key = isoDay(final);
    const moved = compareDays(final, r) !== 0;
    // Two regular days can land on one business day; an unmoved one explains it best.
    if (!found.has(key) || !moved) found.set(key, { day: final, movedFrom: moved ? r : null, extra: false });
  }
  return [...found.values()];
}

function checkRange(range: CalendarRange): { count: number; until: JpDay | null } {
  if (range.count !== undefined && (!Number.isInteger(range.count) || range.count < 0)) {
    throw new RangeError(`count must be a whole number ≥ 0, got ${range.count}`);
  }
  const count = Math.min(range.count ?? MAX_COUNT, MAX_COUNT);
  const until = range.until ?? (range.count === undefined ? yearFrom(range.from) : null);
  return { count, until: until && compareDays(until, LAST_DAY) > 0 ? LAST_DAY : until };
}

/**
 * The tier's meetings from `range.from` on, in order, one per day: regular days after
 * the holiday policy, extra dates added, cancelled dates removed. Stops at `count`
 * dates, at `until`, or after SEARCH_YEARS years without a date.
 */
export function meetingSchedule(tier: Tier, range: CalendarRange): ScheduledMeeting[] {
  // Copies: callers may sort or change what they get.
  return scheduleOf(tier, range).meetings.map((m) => ({ ...m }));
}

/** One schedule as kept: its meetings, and their days (what most callers want). */
interface Schedule {
  readonly meetings: readonly ScheduledMeeting[];
  readonly days: readonly JpDay[];
}

const NO_SCHEDULE: Schedule = { meetings: [], days: [] };

/** How many schedules are kept per tier and closure policy (the most recently asked for). */
export const SCHEDULE_CACHE_SIZE = 64;

/**
 * The schedules asked for, per tier and closure policy, by window. Every page of a form
 * asks for the same few (the next meetings open for filing, whether a desired date is
 * a meeting day) and so does each re-plan of a filing's reminders; a window's meetings
 * only change with the tier's configuration, which is checked on every use (a tier
 * changed in place starts afresh).
 */
interface ScheduleCache {
  rrule: Tier['rrule'];
  anchor: Tier['anchor'];
  holidays: Tier['holidays'];
  cancelledDates: Tier['cancelledDates'];
  extraDates: Tier['extraDates'];
  yearEnd: ClosurePolicy['yearEnd'];
  from: string | undefined;
  to: string | undefined;
  /** By `from|count|until` day numbers; oldest first, so the first is dropped when full. */
  windows: Map<string, Schedule>;
}
const scheduleCache = new WeakMap<Tier, WeakMap<ClosurePolicy, ScheduleCache>>();

function cacheFor(tier: Tier, closure: ClosurePolicy): ScheduleCache {
  let byClosure = scheduleCache.get(tier);
  if (!byClosure) scheduleCache.set(tier, (byClosure = new WeakMap()));
  const c = byClosure.get(closure);
  if (
    c &&
    c.rrule === tier.rrule &&
    c.anchor === tier.anchor &&
    c.holidays === tier.holidays &&
    c.cancelledDates === tier.cancelledDates &&
    c.extraDates === tier.extraDates &&
    c.yearEnd === closure.yearEnd &&
    c.from === closure.yearEnd?.from &&
    c.to === closure.yearEnd?.to
  ) {
    return c;
  }
  const fresh: ScheduleCache = {
    rrule: tier.rrule,
    anchor: tier.anchor,
    holidays: tier.holidays,
    cancelledDates: tier.cancelledDates,
    extraDates: tier.extraDates,
    yearEnd: closure.yearEnd,
    from: closure.yearEnd?.from,
    to: closure.yearEnd?.to,
    windows: new Map(),
  };
  byClosure.set(closure, fresh);
  return fresh;
}

/** How many schedules are kept for a tier and closure policy (at most SCHEDULE_CACHE_SIZE); for tests. */
export function keptSchedules(tier: Tier, closure: ClosurePolicy): number {
  return scheduleCache.get(tier)?.get(closure)?.windows.size ?? 0;
}

/** meetingSchedule, kept per window (see ScheduleCache); what it gives is shared, never to be changed. */
function scheduleOf(tier: Tier, range: CalendarRange): Schedule {
  const { count, until } = checkRange(range);
  const { from, closure } = range;
  if (count === 0 || (until && compareDays(until, from) < 0)) return NO_SCHEDULE;
  // Only real days are keyed by their day number (it names no other day).
  if (!isRealDay(from) || (until && !isRealDay(until))) return expandSchedule(tier, from, count, until, closure);
  const cache = cacheFor(tier, closure);
  const key = `${dayNumber(from)}|${count}|${until ? dayNumber(until) : ''}`;
  const hit = cache.windows.get(key);
  if (hit) {
    // The most recently used go last.
    cache.windows.delete(key);
    cache.windows.set(key, hit);
    return hit;
  }
  const found = expandSchedule(tier, from, count, until, closure);
  if (cache.windows.size >= SCHEDULE_CACHE_SIZE) cache.windows.delete(cache.windows.keys().next().value!);
  cache.windows.set(key, found);
  return found;
}

/** The schedule worked out (see meetingSchedule); `count` > 0 and `until` (if any) not before `from`. */
function expandSchedule(tier: Tier, from: JpDay, count: number, until: JpDay | null, closure: ClosurePolicy): Schedule {
  const cancelled = tier.cancelledDates.length > 0 ? new Set(tier.cancelledDates) : null;
  const regular: ScheduledMeeting[] = [];
  const rule = ruleOf(tier);

  if (rule?.productive) {
    let start = from;
    let lastFound = from;
    // A year at a time, so a `count` query expands only as far as it needs.
    while (compareDays(start, LAST_DAY) <= 0) {
      let end = yearFrom(start);
      if (until && compareDays(end, until) > 0) end = until;
      if (compareDays(end, LAST_DAY) > 0) end = LAST_DAY;
      const chunk = regularMeetings(tier, rule, start, end, closure).filter((m) => !cancelled?.has(isoDay(m.day)));
      chunk.sort((a, b) => compareDays(a.day, b.day));
      for (const m of chunk) regular.push(m);
      if (chunk.length > 0) lastFound = end;
      if (regular.length >= count || (until && compareDays(end, until) >= 0)) break;
      if (end.year - lastFound.year > SEARCH_YEARS) break;
      start = addDays(end, 1);
    }
  }

  let meetings: ScheduledMeeting[] = regular;
  if (tier.extraDates.length > 0) {
    const taken = new Set(regular.map((m) => isoDay(m.day)));
    const extras: ScheduledMeeting[] = [...new Set(tier.extraDates)]
      .filter((iso) => !taken.has(iso) && !cancelled?.has(iso))
      .map((iso) => ({ day: day(iso), movedFrom: null, extra: true }))
      .filter((m) => compareDays(m.day, from) >= 0 && (!until || compareDays(m.day, until) <= 0));
    // The regular days are in order already (one year after another); extras go among them.
    if (extras.length > 0) meetings = [...regular, ...extras].sort((a, b) => compareDays(a.day, b.day));
  }
  if (meetings.length > count) meetings = meetings.slice(0, count);
  return { meetings, days: meetings.map((m) => m.day) };
}

/** The tier's meeting days from `range.from` (inclusive); see meetingSchedule. */
export function meetingDates(tier: Tier, range: CalendarRange): JpDay[] {
  return scheduleOf(tier, range).days.slice();
}

/** The next n meeting days from today (today included: a meeting today is still to come). */
export function nextMeetingDates(tier: Tier, today: JpDay, n: number, closure: ClosurePolicy): JpDay[] {
  return meetingDates(tier, { from: today, count: n, closure });
}

export function isMeetingDate(tier: Tier, d: JpDay, closure: ClosurePolicy): boolean {
  return scheduleOf(tier, { from: d, until: d, closure }).days.length > 0;
}

export type DesiredDateCode = 'date.past' | 'date.not_business_day' | 'date.not_meeting_day';
export type DesiredDateCheck = { level: 'ok' } | { level: 'warning' | 'error'; code: DesiredDateCode };

/**
 * Whether a day can be asked for at a tier. A meeting day (extra dates included) is
 * fine; a past day or a non-business day is an error; another business day is a
 * warning the person can confirm where the tier allows ad-hoc meetings, an error where
 * it does not. A tier with no regular days (held as needed) takes any business day.
 */
export function checkDesiredDate(tier: Tier, d: JpDay, ctx: { today: JpDay; closure: ClosurePolicy }): DesiredDateCheck {
  if (compareDays(d, ctx.today) < 0) return { level: 'error', code: 'date.past' };
  if (isMeetingDate(tier, d, ctx.closure)) return { level: 'ok' };
  if (!isBusinessDay(d, ctx.closure)) return { level: 'error', code: 'date.not_business_day' };
  if (!tier.rrule) return { level: 'ok' };
  return { level: tier.adHoc ? 'warning' : 'error', code: 'date.not_meeting_day' };
}

function timeOf(tier: Tier): { hour: number; minute: number } {
  const [hour, minute] = (tier.time ?? '10:00').split(':').map(Number);
  return { hour, minute };
}

/** When the tier's meeting on day d starts, as an instant (d at tier.time, Asia/Tokyo). */
export function meetingInstant(tier: Tier, d: JpDay): Date {
  const { hour, minute } = timeOf(tier);
  return tokyoAt(d, hour, minute);
}

/** One meeting as a calendar entry. */
export interface MeetingEvent {
  /** Globally unique and stable across exports (e.g. `tier-kyoku-2026-12-07@chogi`), so calendars update instead of duplicating. */
  uid: string;
  day: JpDay;
  tier: Tier;
  summary: string;
  description?: string;
  url?: string;
}

/** Default length of a meeting in the calendar file. */
export const MEETING_MINUTES = 60;

/**
 * An RFC 5545 calendar of meetings: each starts at its tier's time in Asia/Tokyo and
 * lasts MEETING_MINUTES. `now` is the DTSTAMP (when the file was made).
 */
export function toIcs(events: readonly MeetingEvent[], opts: { now: Date; calendarName: string }): string {
  const items: IcsEvent[] = events.map((e) => {
    const start = meetingInstant(e.tier, e.day);
    return {
      uid: e.uid,
      start,
      end: new Date(start.getTime() + MEETING_MINUTES * 60_000),
      summary: e.summary,
      description: e.description,
      url: e.url,
      categories: [e.tier.name],
    };
  });
  return icsCalendar(items, { now: opts.now, name: opts.calendarName });
}
