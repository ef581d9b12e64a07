/**
 * Deadline reminders, planned from a request: pure functions, no clock of their own, no
 * storage. What is reminded, when, and how a re-plan changes what is already stored.
 *
 * Rules (issue 5):
 * - Deadlines: パブリックコメント 時期 (when 実施あり), 議会への情報提供 時期 (when a kind
 *   is chosen), 議会上程時期, and per meeting tier with a 審議希望日: the materials due
 *   `materialsBusinessDays` business days before it, and the meeting day itself.
 * - A month-precision deadline counts from the 1st of the month, a range from its start.
 * - 議会上程時期 is free text: a date in any form parseJpDate reads ('令和8年12月') is
 *   used as such; a session name with a month ('12月定例会', '第4回定例会（12月）') means
 *   the 1st of the next such month on or after the filing date (this month counts);
 *   anything else (''、'未定') is no deadline. Where the org has a council calendar and
 *   the text names one of its sessions, the session's 開会日 is the day instead, and each
 *   latest date worked back from it (domain/councilPlan.ts) is a deadline of its own:
 *   議案提出期限, the deciding tier's last meeting, パブリックコメント start and end (when
 *   実施あり) and 議会への情報提供 (when a kind is chosen).
 * - 別紙資料 before a tier's 申込締切 (cutoff): while the request has no attachment, the
 *   owner is reminded before the cut-off of each tier with a cutoff and a 審議希望日 (by
 *   default the business day before and the morning of the cut-off day). A reminder
 *   that would come at or after the cut-off instant is not planned; once an attachment
 *   is added the plan has none, so the pending ones are settled (cancelled) unposted.
 * - Lead times are calendar days before the due day (configuration per kind); a
 *   reminder that would fall on a non-business day moves to the previous business day,
 *   and is posted at `postHour` o'clock, Asia/Tokyo. Two leads of one deadline that
 *   land on the same day make one reminder (the shorter lead).
 * - A deadline already past (due before today) gets no new reminders. Of the reminders
 *   of one deadline whose time has already passed when they are planned (filed late,
 *   dates changed, or the bot was down), only the most recent is kept, and it fires at
 *   once: never a burst of stale warnings. Dispatch applies the same rule to reminders
 *   that fell due while no instance was running (see src/app/reminders.ts).
 */
import { addBusinessDays, isBusinessDay, nextBusinessDay, previousBusinessDay, type ClosurePolicy } from './businessDays';
import { addDays, compareDays, firstDayOf, isoDay, jpDay, parseJpDate, type JpDay } from './jpdate';
import { cutoffOf } from './cutoff';
import type { RemindersConfig, Tier } from './org';
import type { CouncilPlan } from './councilPlan';
import type { AgendaRequest, RequestForm } from './request';

/**
 * What is due: publicComment | councilInfo | councilSession | materials:<tierId> |
 * meeting:<tierId> | attachments:<tierId> (別紙資料 before the tier's 申込締切) |
 * councilPlan:<step> (step: one of COUNCIL_PLAN_STEPS).
 */
export type DeadlineKey = string;
export type DeadlineKind = 'publicComment' | 'councilInfo' | 'councilSession' | 'materials' | 'meeting' | 'attachments' | 'councilPlan';

/** The latest dates of a council plan that are reminded, earliest first. */
export const COUNCIL_PLAN_STEPS = ['publicCommentStart', 'publicCommentEnd', 'decidingMeeting', 'billDeadline', 'councilInfo'] as const;
export type CouncilPlanStep = (typeof COUNCIL_PLAN_STEPS)[number];

export interface Deadline {
  key: DeadlineKey;
  kind: DeadlineKind;
  /** The tier for materials / meeting deadlines. */
  tierId: string | null;
  /** The day it counts from. */
  due: JpDay;
  /** An instant on the due day after which a reminder is pointless (a cut-off's time). */
  until?: Date;
}

/** What besides the form decides the deadlines: the tiers' cut-offs and whether 別紙資料 are in. */
export interface DeadlineContext {
  /** The org's tiers (their cutoff); absent = no 別紙資料 reminders. */
  tiers?: readonly Tier[];
  /** The request has at least one 別紙資料 (attachment not removed). */
  hasAttachments?: boolean;
}

/**
 * pending: waiting to be posted (maybe claimed); sent: posted; cancelled: no longer
 * applies (dates changed, request withdrawn) and may come back if the dates do;
 * done: 対応済み was pressed for its deadline; snoozed: 延期 moved it to a later
 * reminder; skipped: superseded by a more recent reminder of the same deadline that
 * was also overdue (catch-up after downtime).
 */
export type ReminderStatus = 'pending' | 'sent' | 'cancelled' | 'done' | 'snoozed' | 'skipped';
export const REMINDER_STATUSES = ['pending', 'sent', 'cancelled', 'done', 'snoozed', 'skipped'] as const satisfies readonly ReminderStatus[];
export type ReminderOrigin = 'plan' | 'snooze';
export const REMINDER_ORIGINS = ['plan', 'snooze'] as const satisfies readonly ReminderOrigin[];

/** Where a reminder is posted. */
export interface ReminderTarget {
  platform: 'slack' | 'teams';
  channelId: string;
}

/** One reminder as planned: its identity (deadline, due day, lead, target) and its time. */
export interface PlannedReminder extends ReminderTarget {
  deadline: DeadlineKey;
  dueDate: string; // ISO day
  leadDays: number;
  fireAt: Date;
  origin: ReminderOrigin;
}

/** A stored reminder, as far as planning needs to know it. */
export interface StoredReminderState extends PlannedReminder {
  id: string;
  status: ReminderStatus;
  /** A live lease: an instance is posting it right now. */
  leased: boolean;
  /** Claims so far; a reminder never claimed may move to another channel. */
  attempts?: number;
}

export const identityOf = (r: Pick<PlannedReminder, 'deadline' | 'dueDate' | 'leadDays' | 'platform' | 'channelId'>): string =>
  `${r.deadline}|${r.dueDate}|${r.leadDays}|${r.platform}|${r.channelId}`;

// ---------------------------------------------------------------------------
// Deadlines of a request
// ---------------------------------------------------------------------------

/**
 * 議会上程時期 as a day: a date parseJpDate reads, or a session named by its month
 * ('12月定例会' → the next December on or after `filedOn`, counted from the 1st).
 */
export function councilSessionDay(text: string, filedOn: JpDay): JpDay | null {
  const t = text.normalize('NFKC').trim();
  if (t === '') return null;
  const parsed = parseJpDate(t);
  if (parsed.ok) return firstDayOf(parsed.value);
  const m = /(\d{1,2})\s*月/.exec(t);
  if (!m) return null;
  const month = Number(m[1]);
  if (month < 1 || month > 12) return null;
  const year = month >= filedOn.month ? filedOn.year : filedOn.year + 1;
  return jpDay(year, month, 1);
}

/** The plan's dates that apply to this form, by step. */
export function councilPlanDates(form: RequestForm, plan: CouncilPlan): { step: CouncilPlanStep; due: JpDay }[] {
  const out: { step: CouncilPlanStep; due: JpDay }[] = [];
  if (form.publicComment.planned && plan.publicCommentStart && plan.publicCommentEnd) {
    out.push({ step: 'publicCommentStart', due: plan.publicCommentStart }, { step: 'publicCommentEnd', due: plan.publicCommentEnd });
  }
  if (plan.decidingMeeting) out.push({ step: 'decidingMeeting', due: plan.decidingMeeting });
  out.push({ step: 'billDeadline', due: plan.billDeadline });
  if (form.councilInfo.kind.trim() !== '') out.push({ step: 'councilInfo', due: plan.councilInfo });
  return out;
}

export function deadlinesOf(
  form: RequestForm,
  config: RemindersConfig,
  tierIds: readonly string[],
  closure: ClosurePolicy,
  /** The council plan of the session 議会上程時期 names, if the org has a council calendar. */
  plan: CouncilPlan | null = null,
  context: DeadlineContext = {},
): Deadline[] {
  const out: Deadline[] = [];
  if (form.publicComment.planned && form.publicComment.period) {
    out.push({ key: 'publicComment', kind: 'publicComment', tierId: null, due: firstDayOf(form.publicComment.period) });
  }
  if (form.councilInfo.kind.trim() !== '' && form.councilInfo.period) {
    out.push({ key: 'councilInfo', kind: 'councilInfo', tierId: null, due: firstDayOf(form.councilInfo.period) });
  }
  const session = plan ? plan.session.opens : councilSessionDay(form.councilSession, form.filedOn);
  if (session) out.push({ key: 'councilSession', kind: 'councilSession', tierId: null, due: session });
  if (plan) {
    for (const { step, due } of councilPlanDates(form, plan)) out.push({ key: `councilPlan:${step}`, kind: 'councilPlan', tierId: null, due });
  }
  for (const tierId of tierIds) {
    const day = form.desiredDates[tierId];
    if (!day) continue;
    // "N business days before" counts from the meeting's business day.
    const materials = addBusinessDays(nextBusinessDay(day, closure), -config.materialsBusinessDays, closure);
    out.push({ key: `materials:${tierId}`, kind: 'materials', tierId, due: materials });
    out.push({ key: `meeting:${tierId}`, kind: 'meeting', tierId, due: day });
    const tier = context.tiers?.find((t) => t.id === tierId);
    const cutoff = tier && !context.hasAttachments ? cutoffOf(tier, day, closure) : null;
    if (cutoff) out.push({ key: `attachments:${tierId}`, kind: 'attachments', tierId, due: cutoff.day, until: cutoff.at });
  }
  return out;
}

export function kindOf(deadline: DeadlineKey): { kind: DeadlineKind; tierId: string | null; step: CouncilPlanStep | null } {
  const [kind, rest] = deadline.split(':') as [DeadlineKind, string | undefined];
  if (kind === 'councilPlan') return { kind, tierId: null, step: (rest ?? null) as CouncilPlanStep | null };
  return { kind, tierId: rest ?? null, step: null };
}

// ---------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------

/** The instant of `hour`:00 on a day in Japan (Asia/Tokyo has had no daylight saving since 1951). */
export function tokyoInstant(day: JpDay, hour: number, minute = 0): Date {
  return new Date(Date.UTC(day.year, day.month - 1, day.day, hour - 9, minute));
}

export function dayFromIso(iso: string): JpDay {
  const [y, m, d] = iso.split('-').map(Number);
  return jpDay(y, m, d);
}

/** The day a reminder `lead` days before `due` is posted: moved back to a business day. */
export function reminderDay(due: JpDay, lead: number, closure: ClosurePolicy): JpDay {
  return previousBusinessDay(addDays(due, -lead), closure);
}

// ---------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------

export interface PlanInput {
  request: Pick<AgendaRequest, 'status' | 'form'>;
  config: RemindersConfig;
  tierIds: readonly string[];
  closure: ClosurePolicy;
  target: ReminderTarget;
  /** The council plan of the request's session (domain/councilPlan.ts), if any. */
  councilPlan?: CouncilPlan | null;
  /** The tiers' cut-offs and whether 別紙資料 are in (the 別紙資料 reminders). */
  context?: DeadlineContext;
}

/**
 * Every reminder the request's dates call for, past ones included (the caller decides
 * what is too late; see `diffReminders`). A withdrawn request calls for none.
 */
export function planReminders({ request, config, tierIds, closure, target, councilPlan, context }: PlanInput): PlannedReminder[] {
  if (request.status === 'withdrawn') return [];
  const out: PlannedReminder[] = [];
  for (const d of deadlinesOf(request.form, config, tierIds, closure, councilPlan ?? null, context)) {
    const byDay = new Map<string, number>();
    for (const lead of config.leadDays[d.kind]) {
      const day = isoDay(reminderDay(d.due, lead, closure));
      const kept = byDay.get(day);
      if (kept === undefined || lead < kept) byDay.set(day, lead);
    }
    for (const [day, lead] of byDay) {
      const fireAt = tokyoInstant(dayFromIso(day), config.postHour);
      if (d.until && fireAt.getTime() >= d.until.getTime()) continue; // would come after the cut-off
      out.push({ ...target, deadline: d.key, dueDate: isoDay(d.due), leadDays: lead, fireAt, origin: 'plan' });
    }
  }
  return out.sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || a.deadline.localeCompare(b.deadline));
}

export interface ReminderDiff {
  insert: PlannedReminder[];
  /** Pending reminders that no longer apply. */
  cancel: string[];
  /** Cancelled reminders that apply again (the dates came back), with their time. */
  revive: { id: string; fireAt: Date }[];
  /** Pending reminders whose time changed (e.g. the post hour). */
  reschedule: { id: string; fireAt: Date }[];
  /**
   * Pending reminders, never claimed, that follow their request to another channel of
   * the same platform (posted after filing: 再投稿, a channel picked); absent = none.
   */
  move?: { id: string; channelId: string; fireAt: Date }[];
}

/**
 * How stored reminders change for a new plan. Sent, done, snoozed and skipped ones are
 * history and never touched; a pending one leased right now is left to its dispatcher.
 * Snooze reminders stay while their deadline (same due day) is still planned. What the
 * person closed stays closed when the reminders go to another channel: a deadline
 * 対応済み is not planned again, nor a reminder 延期 skipped.
 * New reminders whose time has passed: only the most recent per deadline, and only
 * while the deadline is today or later, and not when a later one is already sent.
 * `planned` may hold several targets (a request posted on Slack and in Teams): each
 * target's reminders are their own rows, planned and caught up independently.
 * `notBefore` holds a target's reminders back until an instant (they keep their
 * identity; only the time they are posted moves).
 */
export function diffReminders(
  stored: StoredReminderState[],
  planned: PlannedReminder[],
  now: Date,
  today: JpDay,
  opts: { notBefore?: (target: ReminderTarget) => number | undefined } = {},
): ReminderDiff {
  const diff: ReminderDiff = { insert: [], cancel: [], revive: [], reschedule: [] };
  // A target may hold its reminders back (a request not posted yet: see src/app/reminders.ts).
  const timeOf = (p: PlannedReminder): Date => {
    const hold = opts.notBefore?.(p);
    return hold !== undefined && hold > p.fireAt.getTime() ? new Date(hold) : p.fireAt;
  };
  const plannedIds = new Map(planned.map((p) => [identityOf(p), p]));
  const liveDeadlines = new Set(planned.map((p) => `${p.deadline}|${p.dueDate}|${p.platform}|${p.channelId}`));
  const storedIds = new Map(stored.map((s) => [identityOf(s), s]));

  for (const s of stored) {
    if (s.status !== 'pending' || s.leased) continue;
    const applies =
      s.origin === 'snooze' ? liveDeadlines.has(`${s.deadline}|${s.dueDate}|${s.platform}|${s.channelId}`) : plannedIds.has(identityOf(s));
    if (!applies) diff.cancel.push(s.id);
    else if (s.origin === 'plan') {
      const at = timeOf(plannedIds.get(identityOf(s))!);
      if (at.getTime() !== s.fireAt.getTime()) diff.reschedule.push({ id: s.id, fireAt: at });
    }
  }

  // Per deadline: which planned reminders to (re)create now.
  const groups = new Map<string, PlannedReminder[]>();
  for (const p of planned) {
    const g = `${p.deadline}|${p.dueDate}|${p.platform}|${p.channelId}`;
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  // A reminder 延期 closed (`snoozed`) stays closed wherever the request's reminders go
  // now: the snooze (origin 'snooze') moves with them, and the planned ones it skipped,
  // before its day, are not planned anew in the new channel. Like 延期 itself (the
  // repository's closeDeadline), this holds for the deadline on every platform.
  const snoozedLeads = new Set(stored.filter((s) => s.status === 'snoozed').map((s) => `${s.deadline}|${s.dueDate}|${s.leadDays}`));
  for (const group of groups.values()) {
    if (compareDays(dayFromIso(group[0].dueDate), today) < 0) continue; // already past: nothing new
    // A deadline someone marked 対応済み stays done for that due day, wherever its
    // reminders go now (the request may have been posted elsewhere since).
    const { deadline, dueDate, platform } = group[0];
    if (stored.some((s) => s.deadline === deadline && s.dueDate === dueDate && s.status === 'done')) continue;
    const missed = group.filter((p) => p.fireAt.getTime() <= now.getTime());
    const latestMissed = missed.reduce<PlannedReminder | null>((a, p) => (!a || p.fireAt > a.fireAt ? p : a), null);
    // A reminder of this deadline already went out on this platform at or after the
    // latest missed time (in any of its channels: the request may have moved from the
    // filer's DM to the channel it was posted in), or the owner snoozed past it: no
    // catch-up needed.
    const alreadyCovered =
      latestMissed !== null &&
      stored.some(
        (s) =>
          s.deadline === deadline &&
          s.dueDate === dueDate &&
          s.platform === platform &&
          (s.status === 'sent' || s.status === 'snoozed' || (s.status === 'pending' && s.origin === 'snooze')) &&
          s.fireAt.getTime() >= latestMissed.fireAt.getTime(),
      );
    for (const p of group) {
      const isMissed = p.fireAt.getTime() <= now.getTime();
      if (isMissed && (p !== latestMissed || alreadyCovered)) continue;
      if (snoozedLeads.has(`${p.deadline}|${p.dueDate}|${p.leadDays}`)) continue;
      const s = storedIds.get(identityOf(p));
      if (!s) diff.insert.push({ ...p, fireAt: timeOf(p) });
      else if (s.status === 'cancelled') diff.revive.push({ id: s.id, fireAt: timeOf(p) });
    }
  }

  // A pending reminder of a channel the request no longer goes to, on a platform where
  // it now goes to one other channel, moves there instead of being cancelled and made
  // anew (never one that was claimed: it may be posted where it was).
  const channelsOf = new Map<string, Set<string>>();
  for (const p of planned) channelsOf.set(p.platform, (channelsOf.get(p.platform) ?? new Set()).add(p.channelId));
  const moves: NonNullable<ReminderDiff['move']> = [];
  const cancelled = new Set(diff.cancel);
  for (const s of stored) {
    if (!cancelled.has(s.id) || (s.attempts ?? 0) > 0) continue;
    const to = channelsOf.get(s.platform);
    if (!to || to.size !== 1 || to.has(s.channelId)) continue;
    const channelId = [...to][0];
    const moved = { ...s, channelId };
    if (storedIds.has(identityOf(moved))) continue;
    if (s.origin === 'plan') {
      const i = diff.insert.findIndex((p) => identityOf(p) === identityOf(moved));
      if (i < 0) continue;
      moves.push({ id: s.id, channelId, fireAt: diff.insert[i].fireAt });
      diff.insert.splice(i, 1);
    } else if (liveDeadlines.has(`${s.deadline}|${s.dueDate}|${s.platform}|${channelId}`)) {
      moves.push({ id: s.id, channelId, fireAt: s.fireAt });
    } else continue;
    cancelled.delete(s.id);
  }
  if (moves.length > 0) {
    diff.cancel = diff.cancel.filter((id) => cancelled.has(id));
    diff.move = moves;
  }
  return diff;
}

// ---------------------------------------------------------------------------
// Snooze (延期)
// ---------------------------------------------------------------------------

export const SNOOZE_DAYS = [1, 3, 7] as const;

/**
 * A snoozed reminder comes back `days` calendar days later at the post hour; on a
 * non-business day it waits for the next business day (moving it back could bring it
 * back sooner than asked). Its lead is the calendar days left to the due day then
 * (negative when past it).
 */
export function snoozedReminder(
  from: Pick<PlannedReminder, 'deadline' | 'dueDate' | 'platform' | 'channelId'>,
  days: number,
  today: JpDay,
  config: RemindersConfig,
  closure: ClosurePolicy,
): PlannedReminder {
  const day = nextBusinessDay(addDays(today, days), closure);
  const due = dayFromIso(from.dueDate);
  const lead = Math.round((Date.UTC(due.year, due.month - 1, due.day) - Date.UTC(day.year, day.month - 1, day.day)) / 86_400_000);
  return { ...from, leadDays: lead, fireAt: tokyoInstant(day, config.postHour), origin: 'snooze' };
}

export { isBusinessDay };
