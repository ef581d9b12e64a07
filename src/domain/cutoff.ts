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

/** The tier's next meetings (today on) still open for filing at `now`, at most n. */
export function openMeetingDates(tier: Tier, now: Date, n: number, closure: ClosurePolicy): JpDay[] {
  const today = tokyoToday(now);
  // A cut-off of N business days closes at most the next N+1 meetings of a daily tier.
  const look = n + (tier.cutoff ? tier.cutoff.businessDays + 1 : 0);
  return nextMeetingDates(tier, today, look, closure)
    .filter((d) => compareDays(d, today) >= 0 && !pastCutoff(tier, d, now, closure))
    .slice(0, n);
}
