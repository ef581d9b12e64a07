/**
 * The secretariat's outlook (見通し): the coming two weeks. Pure parts: the window, the
 * week a weekly post belongs to and the day it is due, and the rules that make an item
 * "at risk". The service (src/app/outlook.ts) reads the database and applies them.
 */
import { isBusinessDay, type ClosurePolicy } from './businessDays';
import type { PlanInput } from './councilPlan';
import { cutoffOf } from './cutoff';
import { addDays, compareDays, dayOfWeek, type JpDay } from './jpdate';
import type { Tier } from './org';
import type { AgendaRequest, ChangeEntry, RequestForm } from './request';

/** How many days the outlook covers, today included. */
export const OUTLOOK_DAYS = 14;
/** A posted reminder not acted upon is a risk once its deadline is this close (calendar days), or past. */
export const RISK_NEAR_DAYS = 7;
/** How far back a past deadline with an unanswered reminder still counts (older ones are history). */
export const RISK_PAST_DAYS = 30;

/** Today and the last day of the outlook (inclusive). */
export function outlookWindow(today: JpDay): { from: JpDay; to: JpDay } {
  return { from: today, to: addDays(today, OUTLOOK_DAYS - 1) };
}

/** The Monday of the ISO week a day is in. */
export function mondayOf(d: JpDay): JpDay {
  return addDays(d, -((dayOfWeek(d) + 6) % 7));
}

/** ISO 8601 week of a day: `2026-W49` (the week belongs to the year of its Thursday). */
export function isoWeekKey(d: JpDay): string {
  const thursday = addDays(mondayOf(d), 3);
  const jan1 = Date.UTC(thursday.year, 0, 1);
  const week = Math.floor((Date.UTC(thursday.year, thursday.month - 1, thursday.day) - jan1) / 86_400_000 / 7) + 1;
  return `${thursday.year}-W${String(week).padStart(2, '0')}`;
}

/** The first business day of a day's week (Monday, or later when Monday is closed); null for a week with none. */
export function firstBusinessDayOfWeek(d: JpDay, closure: ClosurePolicy): JpDay | null {
  const monday = mondayOf(d);
  for (let i = 0; i < 7; i++) {
    const day = addDays(monday, i);
    if (isBusinessDay(day, closure)) return day;
  }
  return null;
}

/**
 * The week whose outlook is due on `today` at `hour` (Tokyo): on the week's first
 * business day, from the agenda hour. Other days nothing is due (a day the bot was down
 * is not caught up on a later day: the outlook then would no longer be the week's).
 */
export function weeklyOutlookDue(today: JpDay, hour: number, agendaHour: number, closure: ClosurePolicy): string | null {
  if (hour < agendaHour) return null;
  const first = firstBusinessDayOfWeek(today, closure);
  return first && compareDays(first, today) === 0 ? isoWeekKey(today) : null;
}

/** The cut-off a request missed: filed after the cut-off of the meeting it asks for; null when in time or no cut-off. */
export function missedCutoff(tier: Tier, meeting: JpDay, filedAt: Date, closure: ClosurePolicy): { day: JpDay; at: Date } | null {
  const c = cutoffOf(tier, meeting, closure);
  return c && filedAt.getTime() > c.at.getTime() ? c : null;
}

const sameDay = (v: unknown, d: JpDay): boolean => {
  const x = v as Partial<JpDay> | null | undefined;
  return !!x && x.year === d.year && x.month === d.month && x.day === d.day;
};

/**
 * When a request came to ask for a tier's meeting on `day`: the last change of its
 * 審議希望日 that set that tier to that day (moved from another day or from none), else
 * its filing. History entries are those of the request, in any order.
 */
export function askedAt(
  request: Pick<AgendaRequest, 'createdAt'>,
  tierId: string,
  day: JpDay,
  history: readonly Pick<ChangeEntry, 'at' | 'changes'>[],
): { at: Date; edited: boolean } {
  let at: Date | null = null;
  for (const e of history) {
    for (const c of e.changes) {
      if (c.field !== 'desiredDates') continue;
      const before = (c.old as Record<string, unknown> | null)?.[tierId];
      const after = (c.new as Record<string, unknown> | null)?.[tierId];
      if (sameDay(after, day) && !sameDay(before, day) && (!at || e.at > at)) at = e.at;
    }
  }
  return at ? { at, edited: true } : { at: request.createdAt, edited: false };
}

/** What a reminder state says: its reminder went out and nobody pressed 対応済み or 延期. */
export function unanswered(s: { lastSentAt: Date | null; done: boolean; snoozed: boolean }): boolean {
  return s.lastSentAt !== null && !s.done && !s.snoozed;
}

/** A deadline whose posted reminder was not acted upon is at risk from RISK_NEAR_DAYS before it. */
export function nearOrPast(due: JpDay, today: JpDay): boolean {
  return compareDays(due, addDays(today, RISK_NEAR_DAYS)) <= 0;
}

/** The council plan's input from a stored form (what the form checked when it was typed). */
export function planInputOf(form: RequestForm): PlanInput {
  return {
    councilSession: form.councilSession,
    publicComment: { planned: form.publicComment.planned, period: form.publicComment.period },
    councilInfo: { kind: form.councilInfo.kind, period: form.councilInfo.period },
    desiredDates: form.desiredDates,
  };
}

export type RiskKind = 'plan' | 'cutoff' | 'reminder';
/** Risks are listed by kind in this order (the plan first: it decides the council session), then by day. */
export const RISK_ORDER: readonly RiskKind[] = ['plan', 'cutoff', 'reminder'];

export function compareRisks(
  a: { kind: RiskKind; day: JpDay | null; caseNo: string },
  b: { kind: RiskKind; day: JpDay | null; caseNo: string },
): number {
  const k = RISK_ORDER.indexOf(a.kind) - RISK_ORDER.indexOf(b.kind);
  if (k !== 0) return k;
  if (a.day && b.day && compareDays(a.day, b.day) !== 0) return compareDays(a.day, b.day);
  if (!a.day !== !b.day) return a.day ? -1 : 1;
  return a.caseNo.localeCompare(b.caseNo);
}
