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
import { addBusinessDays, isBusinessDay, nextBusinessDay, previousBusinessDay, previousBusinessDayNumber, type ClosurePolicy } from './businessDays';
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

const digit = (iso: string, i: number): number => iso.charCodeAt(i) - 48;
const isDigit = (iso: string, i: number): boolean => iso.charCodeAt(i) >= 48 && iso.charCodeAt(i) <= 57;

export function dayFromIso(iso: string): JpDay {
  // The stored form (YYYY-MM-DD) read digit by digit: this runs for every reminder
  // a re-plan or a list looks at; anything else is split as it always was.
  if (
    iso.length === 10 &&
    iso.charCodeAt(4) === 45 &&
    iso.charCodeAt(7) === 45 &&
    isDigit(iso, 0) &&
    isDigit(iso, 1) &&
    isDigit(iso, 2) &&
    isDigit(iso, 3) &&
    isDigit(iso, 5) &&
    isDigit(iso, 6) &&
    isDigit(iso, 8) &&
    isDigit(iso, 9)
  ) {
    const y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
    return jpDay(y, digit(iso, 5) * 10 + digit(iso, 6), digit(iso, 8) * 10 + digit(iso, 9));
  }
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
  const { platform, channelId } = target;
  for (const d of deadlinesOf(request.form, config, tierIds, closure, councilPlan ?? null, context)) {
    // Per lead, the day it is posted (as a day number): two leads on one day make one
    // reminder, the shorter lead, in the order the days first came up.
    const days = planDays;
    const leads = planLeads;
    days.length = 0;
    leads.length = 0;
    for (const lead of config.leadDays[d.kind]) {
      // As reminderDay does: lead calendar days back (Date.UTC's arithmetic), then back to a business day.
      const day = previousBusinessDayNumber(Date.UTC(d.due.year, d.due.month - 1, d.due.day - lead) / 86_400_000, closure);
      const i = days.indexOf(day);
      if (i < 0) {
        days.push(day);
        leads.push(lead);
      } else if (lead < leads[i]) leads[i] = lead;
    }
    let dueDate: string | null = null;
    for (let i = 0; i < days.length; i++) {
      // tokyoInstant of the day: Date.UTC counts the days on from 1970-01-01 the same way.
      const fireAt = new Date(Date.UTC(1970, 0, 1 + days[i], config.postHour - 9, 0));
      if (d.until && fireAt.getTime() >= d.until.getTime()) continue; // would come after the cut-off
      dueDate ??= isoDay(d.due);
      out.push({ platform, channelId, deadline: d.key, dueDate, leadDays: leads[i], fireAt, origin: 'plan' });
    }
  }
  return sortStable(out, byFireAtThenDeadline);
}

// Scratch for planReminders (synchronous, so one pair serves every call).
const planDays: number[] = [];
const planLeads: number[] = [];

const byFireAtThenDeadline = (a: PlannedReminder, b: PlannedReminder): number =>
  a.fireAt.getTime() - b.fireAt.getTime() || a.deadline.localeCompare(b.deadline);

/**
 * Array#sort's order (it is stable) without its work copy: an insertion sort in place
 * for the few reminders of one request, Array#sort beyond that.
 */
function sortStable<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > 64) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    while (j >= 0 && compare(items[j], item) > 0) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = item;
  }
  return items;
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
  // Reminders are matched by their fields (what identityOf names), through buckets by
  // deadline key: a re-plan matches every stored reminder against the plan, and a move
  // again against what is inserted, and building identity strings for that was most of
  // what a re-plan allocated.
  // Per deadline and target, its planned reminders in plan order; groups in the order
  // they first come up.
  const groups: Group[] = [];
  const groupsByDeadline = new Map<string, Group[]>();
  for (const p of planned) {
    let group = groupOf(groupsByDeadline, p, p.channelId);
    if (!group) {
      group = { first: p, members: [] };
      groups.push(group);
      const same = groupsByDeadline.get(p.deadline);
      if (same) same.push(group);
      else groupsByDeadline.set(p.deadline, [group]);
    }
    group.members.push(p);
  }
  /** The planned reminder with r's identity (the last, as a map by identity would keep). */
  const plannedLike = (r: Identity): PlannedReminder | undefined => {
    const members = groupOf(groupsByDeadline, r, r.channelId)?.members;
    if (members) for (let i = members.length - 1; i >= 0; i--) if (members[i].leadDays === r.leadDays) return members[i];
    return undefined;
  };
  const storedByDeadline = new Map<string, StoredReminderState[]>();
  for (const s of stored) {
    const same = storedByDeadline.get(s.deadline);
    if (same) same.push(s);
    else storedByDeadline.set(s.deadline, [s]);
  }
  /** The stored reminder with r's identity, but in channelId (the last, as a map by identity would keep). */
  const storedLike = (r: Identity, channelId: string): StoredReminderState | undefined => {
    const same = storedByDeadline.get(r.deadline);
    if (same) for (let i = same.length - 1; i >= 0; i--) if (sameIdentity(same[i], r, channelId)) return same[i];
    return undefined;
  };

  for (const s of stored) {
    if (s.status !== 'pending' || s.leased) continue;
    const p = s.origin === 'snooze' ? undefined : plannedLike(s);
    const applies = s.origin === 'snooze' ? groupOf(groupsByDeadline, s, s.channelId) !== undefined : p !== undefined;
    if (!applies) diff.cancel.push(s.id);
    else if (s.origin === 'plan') {
      const at = timeOf(p!);
      if (at.getTime() !== s.fireAt.getTime()) diff.reschedule.push({ id: s.id, fireAt: at });
    }
  }

  // Per deadline: which planned reminders to (re)create now.
  // A reminder 延期 closed (`snoozed`) stays closed wherever the request's reminders go
  // now: the snooze (origin 'snooze') moves with them, and the planned ones it skipped,
  // before its day, are not planned anew in the new channel. Like 延期 itself (the
  // repository's closeDeadline), this holds for the deadline on every platform.
  const snoozed = stored.filter((s) => s.status === 'snoozed');
  const nowMs = now.getTime();
  // What to insert, and when: the rows are made at the end, for those not moved instead.
  const toInsert: PlannedReminder[] = [];
  const insertAt: Date[] = [];
  for (const { first, members } of groups) {
    if (compareDays(dayFromIso(first.dueDate), today) < 0) continue; // already past: nothing new
    // A deadline someone marked 対応済み stays done for that due day, wherever its
    // reminders go now (the request may have been posted elsewhere since).
    const { deadline, dueDate, platform } = first;
    if (stored.some((s) => s.deadline === deadline && s.dueDate === dueDate && s.status === 'done')) continue;
    let latestMissed: PlannedReminder | null = null;
    for (const p of members) {
      if (p.fireAt.getTime() <= nowMs && (!latestMissed || p.fireAt > latestMissed.fireAt)) latestMissed = p;
    }
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
    for (const p of members) {
      const isMissed = p.fireAt.getTime() <= nowMs;
      if (isMissed && (p !== latestMissed || alreadyCovered)) continue;
      if (snoozed.some((s) => s.deadline === p.deadline && s.dueDate === p.dueDate && s.leadDays === p.leadDays)) continue;
      const s = storedLike(p, p.channelId);
      if (!s) {
        toInsert.push(p);
        insertAt.push(timeOf(p));
      } else if (s.status === 'cancelled') diff.revive.push({ id: s.id, fireAt: timeOf(p) });
    }
  }

  // A pending reminder of a channel the request no longer goes to, on a platform where
  // it now goes to one other channel, moves there instead of being cancelled and made
  // anew (never one that was claimed: it may be posted where it was).
  if (diff.cancel.length === 0) return withInserts(diff, toInsert, insertAt);
  // Per platform: the channel its reminders now go to, or null when they go to several.
  const channelsOf = new Map<string, string | null>();
  for (const p of planned) {
    const known = channelsOf.get(p.platform);
    if (known === undefined) channelsOf.set(p.platform, p.channelId);
    else if (known !== p.channelId) channelsOf.set(p.platform, null);
  }
  const moves: NonNullable<ReminderDiff['move']> = [];
  const cancelled = new Set(diff.cancel);
  for (const s of stored) {
    if (!cancelled.has(s.id) || (s.attempts ?? 0) > 0) continue;
    const channelId = channelsOf.get(s.platform);
    if (channelId === undefined || channelId === null || channelId === s.channelId) continue;
    // Already there: nothing to move.
    if (storedLike(s, channelId)) continue;
    if (s.origin === 'plan') {
      const i = toInsert.findIndex((p) => sameIdentity(p, s, channelId));
      if (i < 0) continue;
      moves.push({ id: s.id, channelId, fireAt: insertAt[i] });
      toInsert.splice(i, 1);
      insertAt.splice(i, 1);
    } else if (groupOf(groupsByDeadline, s, channelId)) {
      moves.push({ id: s.id, channelId, fireAt: s.fireAt });
    } else continue;
    cancelled.delete(s.id);
  }
  if (moves.length > 0) {
    diff.cancel = diff.cancel.filter((id) => cancelled.has(id));
    diff.move = moves;
  }
  return withInserts(diff, toInsert, insertAt);
}

/** The reminders to insert, each at its time: made only for those that were not moved instead. */
function withInserts(diff: ReminderDiff, planned: readonly PlannedReminder[], at: readonly Date[]): ReminderDiff {
  for (let i = 0; i < planned.length; i++) diff.insert.push({ ...planned[i], fireAt: at[i] });
  return diff;
}

/** What makes a reminder the same reminder (identityOf). */
type Identity = Pick<PlannedReminder, 'deadline' | 'dueDate' | 'leadDays' | 'platform' | 'channelId'>;

/** One deadline's planned reminders for one target (deadline key, due day, platform, channel). */
interface Group {
  first: PlannedReminder;
  members: PlannedReminder[];
}

/** Whether a has b's identity with b's channel taken as channelId (identityOf(a) === identityOf({ ...b, channelId })). */
const sameIdentity = (a: Identity, b: Identity, channelId: string): boolean =>
  a.deadline === b.deadline && a.dueDate === b.dueDate && a.leadDays === b.leadDays && a.platform === b.platform && a.channelId === channelId;

/** The group of r's deadline, due day and platform in channelId, if any is planned. */
function groupOf(
  byDeadline: Map<string, Group[]>,
  r: Pick<PlannedReminder, 'deadline' | 'dueDate' | 'platform'>,
  channelId: string,
): Group | undefined {
  const same = byDeadline.get(r.deadline);
  if (same) for (const g of same) if (g.first.dueDate === r.dueDate && g.first.platform === r.platform && g.first.channelId === channelId) return g;
  return undefined;
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
