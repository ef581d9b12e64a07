/**
 * 申込締切 per tier: a request for a meeting must be in N business days before it, by a
 * time of day (Asia/Tokyo). Pure: a tier, a day and an instant in; instants and days out.
 */
import { addBusinessDays, nextBusinessDay, type ClosurePolicy } from './businessDays';
import { nextMeetingDates } from './calendar';
import { compareDays, tokyoAt, tokyoToday, type JpDay } from './jpdate';
import type { Tier } from './org';

/** The day and instant a request for the tier's meeting on `day` must be in by; null = no cut-off. */
export function cutoffOf(tier: Tier, day: JpDay, closure: ClosurePolicy): { day: JpDay; at: Date } | null {
  if (!tier.cutoff) return null;
  // "N business days before" counts from the meeting's business day, as materials do.
  const due = addBusinessDays(nextBusinessDay(day, closure), -tier.cutoff.businessDays, closure);
  const [hour, minute] = tier.cutoff.time.split(':').map(Number);
  return { day: due, at: tokyoAt(due, hour, minute) };
}

/** Whether a request for the meeting on `day` is past its cut-off at `now`. */
export function pastCutoff(tier: Tier, day: JpDay, now: Date, closure: ClosurePolicy): boolean {
  const c = cutoffOf(tier, day, closure);
  return !!c && now.getTime() > c.at.getTime();
}

/**
 * One answer of openMeetingDates and the instants it holds between: the same day, and
 * every cut-off looked at on the same side of `now` (passed ones at or before `after`,
 * open ones at or after `upTo`), give the same days.
 */
interface OpenDays {
  n: number;
  closure: ClosurePolicy;
  today: number;
  after: number;
  upTo: number;
  days: readonly JpDay[];
}

/** Answers kept per tier: one per count asked for (the forms ask for one, three or eight). */
export const OPEN_DAYS_MEMO_PER_TIER = 4;
const openDaysMemo = new WeakMap<Tier, OpenDays[]>();

/**
 * The tier's next meetings (today on) still open for filing at `now`, at most n. Every
 * form shown asks this with the same tier and a later instant: the answer is kept while
 * it holds (the same day, no cut-off crossed), so the calendar is not expanded each time.
 * The days are frozen, since they are shared.
 */
export function openMeetingDates(tier: Tier, now: Date, n: number, closure: ClosurePolicy): JpDay[] {
  const t = now.getTime();
  const today = tokyoToday(now);
  const todayKey = today.year * 10000 + today.month * 100 + today.day;
  let kept = openDaysMemo.get(tier);
  if (kept) {
    for (const e of kept) {
      if (e.n === n && e.closure === closure && e.today === todayKey && t > e.after && t <= e.upTo) return e.days as JpDay[];
    }
  } else openDaysMemo.set(tier, (kept = []));
  // A cut-off of N business days closes at most the next N+1 meetings of a daily tier.
  const look = n + (tier.cutoff ? tier.cutoff.businessDays + 1 : 0);
  const days: JpDay[] = [];
  let after = -Infinity;
  let upTo = Infinity;
  for (const d of nextMeetingDates(tier, today, look, closure)) {
    if (compareDays(d, today) < 0) continue;
    const c = cutoffOf(tier, d, closure);
    if (c) {
      const at = c.at.getTime();
      if (t > at) {
        after = Math.max(after, at);
        continue;
      }
      upTo = Math.min(upTo, at);
    }
    if (days.length < n) days.push(Object.freeze(d));
  }
  Object.freeze(days);
  if (kept.length >= OPEN_DAYS_MEMO_PER_TIER) kept.shift();
  kept.push({ n, closure, today: todayKey, after, upTo, days });
  return days;
}
