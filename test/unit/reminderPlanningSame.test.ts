/**
 * Reminder planning and re-plan diffs against the way they were worked out before
 * (ISO strings per lead, identity strings per lookup): the same reminders, in the same
 * order, and the same diff, over filings across holidays, the year-end closure, a
 * council plan, 別紙資料 cut-offs and re-plans that move reminders between channels.
 */
import { defaultClosure, previousBusinessDay, type ClosurePolicy } from '../../src/domain/businessDays';
import { planFor } from '../../src/domain/councilPlan';
import { addDays, compareDays, isoDay, jpDay, tokyoToday, type JpDay } from '../../src/domain/jpdate';
import { remindersSchema, tierSchema } from '../../src/domain/org';
import {
  dayFromIso,
  deadlinesOf,
  diffReminders,
  identityOf,
  planReminders,
  type PlanInput,
  type PlannedReminder,
  type ReminderDiff,
  type ReminderTarget,
  type StoredReminderState,
} from '../../src/domain/reminders';
import type { RequestForm } from '../../src/domain/request';
import { seedCouncilOrg } from '../fixtures/council';
import { seedForm } from '../fixtures/seedForm';

// ---------------------------------------------------------------------------
// As it was
// ---------------------------------------------------------------------------

function refDayFromIso(iso: string): JpDay {
  const [y, m, d] = iso.split('-').map(Number);
  return jpDay(y, m, d);
}
const refTokyoInstant = (day: JpDay, hour: number) => new Date(Date.UTC(day.year, day.month - 1, day.day, hour - 9, 0));

function refPlan({ request, config, tierIds, closure, target, councilPlan, context }: PlanInput): PlannedReminder[] {
  if (request.status === 'withdrawn') return [];
  const out: PlannedReminder[] = [];
  for (const d of deadlinesOf(request.form, config, tierIds, closure, councilPlan ?? null, context)) {
    const byDay = new Map<string, number>();
    for (const lead of config.leadDays[d.kind]) {
      const day = isoDay(previousBusinessDay(addDays(d.due, -lead), closure));
      const kept = byDay.get(day);
      if (kept === undefined || lead < kept) byDay.set(day, lead);
    }
    for (const [day, lead] of byDay) {
      const fireAt = refTokyoInstant(refDayFromIso(day), config.postHour);
      if (d.until && fireAt.getTime() >= d.until.getTime()) continue;
      out.push({ ...target, deadline: d.key, dueDate: isoDay(d.due), leadDays: lead, fireAt, origin: 'plan' });
    }
  }
  return out.sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || a.deadline.localeCompare(b.deadline));
}

function refDiff(
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
    if (compareDays(refDayFromIso(group[0].dueDate), today) < 0) continue; // already past: nothing new
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

const org = seedCouncilOrg();
const config = remindersSchema.parse({ leadDays: { materials: [3, 2, 0], councilSession: [30, 14, 7, 1, 0] } });
const tierIds = org.tiers.map((t) => t.id);
const slack: ReminderTarget = { platform: 'slack', channelId: 'C0001' };
const dm: ReminderTarget = { platform: 'slack', channelId: 'U0001' };
const teams: ReminderTarget = { platform: 'teams', channelId: '19:x@thread' };
const tiers = org.tiers.map((t, i) => (i % 2 === 0 ? tierSchema.parse({ ...t, cutoff: { businessDays: 2, time: i === 0 ? '09:00' : '17:00' } }) : t));

function form(filedOn: JpDay, desired: JpDay | null, session: string): RequestForm {
  const base = seedForm();
  return {
    ...base,
    filedOn,
    desiredDates: Object.fromEntries(tierIds.map((id, i) => [id, desired && i < 2 ? addDays(desired, i * 7) : null])),
    councilSession: session,
    publicComment: { planned: true, period: { precision: 'month', year: desired?.year ?? 2026, month: desired?.month ?? 12 } },
    councilInfo: { kind: '報告', period: desired ? { precision: 'day', year: desired.year, month: desired.month, day: 1 } : null },
  };
}

/** Filings around Golden Week, the September holidays and the year end, with and without a council session. */
const filings: { filedOn: JpDay; desired: JpDay | null; session: string }[] = [];
for (const [filed, desired] of [
  [jpDay(2026, 4, 20), jpDay(2026, 5, 7)],
  [jpDay(2026, 9, 1), jpDay(2026, 9, 24)],
  [jpDay(2026, 12, 1), jpDay(2027, 1, 4)],
  [jpDay(2026, 12, 25), jpDay(2027, 1, 5)],
  [jpDay(2027, 2, 1), null],
] as const) {
  for (const session of ['', '12月定例会', '令和8年第4回定例会', '令和9年2月', '未定']) filings.push({ filedOn: filed, desired, session });
}

function inputs(f: (typeof filings)[number], closure: ClosurePolicy, target: ReminderTarget, hasAttachments: boolean): PlanInput {
  const request = { status: 'filed' as const, form: form(f.filedOn, f.desired, f.session) };
  const found = planFor(org, f.session, f.filedOn);
  return {
    request,
    config,
    tierIds,
    closure,
    target,
    councilPlan: found.kind === 'plan' ? found.plan : null,
    context: { tiers, hasAttachments },
  };
}

const closures: ClosurePolicy[] = [defaultClosure, { yearEnd: null }, { yearEnd: { from: '12-26', to: '01-06' } }];

describe('planning on day numbers', () => {
  it('plans the same reminders, in the same order, as the ISO-string planning did', () => {
    let compared = 0;
    for (const f of filings) {
      for (const closure of closures) {
        for (const hasAttachments of [false, true]) {
          const input = inputs(f, closure, slack, hasAttachments);
          const planned = planReminders(input);
          expect(planned).toEqual(refPlan(input));
          compared += planned.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('reads stored ISO days as before, odd ones too', () => {
    for (const iso of ['2026-12-07', '1000-01-01', '9999-12-31', '2024-02-29']) expect(dayFromIso(iso)).toEqual(refDayFromIso(iso));
    for (const iso of ['2026-02-30', '2026-12', '2026-1-5', '２０２６-12-07', 'abcd-ef-gh']) {
      let mine: unknown, theirs: unknown;
      try {
        mine = dayFromIso(iso);
      } catch (e) {
        mine = String(e);
      }
      try {
        theirs = refDayFromIso(iso);
      } catch (e) {
        theirs = String(e);
      }
      expect(mine).toEqual(theirs);
    }
  });
});

/** Stored rows for a plan, in the states a filing's life brings. */
function rowsOf(planned: PlannedReminder[], now: Date, pick: (p: PlannedReminder, i: number) => StoredReminderState['status'] | null) {
  const out: StoredReminderState[] = [];
  planned.forEach((p, i) => {
    const status = pick(p, i);
    if (status) out.push({ ...p, id: `r${i}-${identityOf(p)}`, status, leased: i % 11 === 5, attempts: i % 7 === 3 ? 1 : 0 });
  });
  // A snooze of the first deadline, later than its plan.
  if (planned[0]) {
    const p = planned[0];
    out.push({
      ...p,
      id: 'snooze',
      leadDays: -1,
      fireAt: new Date(now.getTime() + 86_400_000),
      origin: 'snooze',
      status: 'pending',
      leased: false,
      attempts: 0,
    });
  }
  return out;
}

describe('re-plan diffs without identity strings', () => {
  it('give the same diff as the identity-string diff, for first plans, re-plans, moves and catch-ups', () => {
    let compared = 0;
    const seen = new Set<string>();
    const picks: ((p: PlannedReminder, i: number) => StoredReminderState['status'] | null)[] = [
      () => null,
      () => 'pending',
      (_, i) => (['pending', 'sent', 'cancelled', 'done', 'snoozed', 'skipped', null] as const)[i % 7],
      (p, i) => (p.deadline.startsWith('materials') ? 'cancelled' : i % 3 === 0 ? 'sent' : 'pending'),
    ];
    for (const f of filings.filter((_, i) => i % 2 === 0)) {
      const dmPlan = planReminders(inputs(f, defaultClosure, dm, false));
      const channelPlan = [...planReminders(inputs(f, defaultClosure, slack, false)), ...planReminders(inputs(f, defaultClosure, teams, false))];
      const withAttachment = planReminders(inputs(f, defaultClosure, slack, true));
      for (const now of [addDaysInstant(f.filedOn, 0), addDaysInstant(f.filedOn, 20), addDaysInstant(f.filedOn, 60)]) {
        const today = tokyoToday(now);
        for (const pick of picks) {
          for (const [before, after] of [
            [dmPlan, dmPlan],
            [dmPlan, channelPlan],
            [channelPlan, withAttachment],
            [[], channelPlan],
          ]) {
            const rows = rowsOf(before, now, pick);
            const hold = now.getTime() + 600_000;
            const opts = { notBefore: (t: ReminderTarget) => (t.channelId === dm.channelId ? hold : undefined) };
            const diff = diffReminders(rows, after, now, today, opts);
            expect(diff).toEqual(refDiff(rows, after, now, today, opts));
            for (const k of ['insert', 'cancel', 'revive', 'reschedule', 'move'] as const) if ((diff[k]?.length ?? 0) > 0) seen.add(k);
            expect(diffReminders(rows, after, now, today)).toEqual(refDiff(rows, after, now, today));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    // Every kind of change came up.
    expect([...seen].sort()).toEqual(['cancel', 'insert', 'move', 'reschedule', 'revive']);
  });

  it('treats two rows of one identity as a map by identity did (the last one counts)', () => {
    const p = planReminders(inputs(filings[0], defaultClosure, slack, false));
    const now = addDaysInstant(filings[0].filedOn, 0);
    const rows: StoredReminderState[] = [
      { ...p[3], id: 'a', status: 'cancelled', leased: false },
      { ...p[3], id: 'b', status: 'pending', leased: false },
      { ...p[4], id: 'c', status: 'pending', leased: false },
      { ...p[4], id: 'd', status: 'cancelled', leased: false },
    ];
    const twice = [...p, p[3], p[4]];
    expect(diffReminders(rows, twice, now, tokyoToday(now))).toEqual(refDiff(rows, twice, now, tokyoToday(now)));
    expect(compareDays(tokyoToday(now), filings[0].filedOn)).toBe(0);
  });
});

function addDaysInstant(d: JpDay, n: number): Date {
  const day = addDays(d, n);
  return new Date(Date.UTC(day.year, day.month - 1, day.day, 1));
}
