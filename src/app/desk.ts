/**
 * A person's desk (Slack App Home, Teams personal chat): what they owe and when, their
 * requests, the coming meetings; the secretariat's desk adds the next meetings with
 * their items, unanswered opinions, meetings held without attendance or result and
 * overdue deadlines. Platform neutral: adapters render the DeskView. Every request
 * listed went through the visibility service; a denial is returned as such.
 */
import { addDays, formatJpDate, isoDay, tokyoToday, weekdayJa, type JpDay } from '../domain/jpdate';
import { currentTier, type Opinion, type Review } from '../domain/meeting';
import type { OrgConfig, Tier } from '../domain/org';
import { dayFromIso } from '../domain/reminders';
import type { Actor, AgendaRequest, Conversation } from '../domain/request';
import type { AccessDenied } from '../domain/visibility';
import type { AgendaService } from './agenda';
import type { Clock, Reminder, Repositories } from './ports';
import { reminderView, type ReminderView } from './reminderView';
import type { Visibility } from './visibility';

/** Rows per list on the desk; 「すべて表示」 shows up to ALL_ROWS. */
export const DESK_ROWS = 10;
export const ALL_ROWS = 50;
/** How far ahead deadlines count as near, and how far back an overdue one is still shown. */
const NEAR_DAYS = 45;
const OVERDUE_DAYS = 60;
/** Meetings held this many days back without attendance or result are listed. */
const UNRECORDED_DAYS = 30;
const UPCOMING_DAYS = 28;
/** How long the coming meetings' items are shared between openings. */
const AGENDA_TTL_MS = 10_000;
/** A person's own requests read for their deadlines (the most a filer plausibly has open). */
const MINE_READ = 500;

export type DeskList = 'deadlines' | 'mine' | 'meetings' | 'agenda' | 'unanswered' | 'unrecorded' | 'overdue';

/** A deadline as reminders show it, with its request. */
export type DeskDeadline = ReminderView & { request: AgendaRequest };

export interface DeskRequestRow {
  request: AgendaRequest;
  status: AgendaRequest['status'];
  tierName: string;
  /** The current tier's 審議希望日, 和暦, or null when none is given. */
  nextMeeting: string | null;
  /** Opinions of any tier still waiting for an answer. */
  waitingOpinions: number;
}

export interface DeskMeetingRow {
  tier: Tier;
  day: JpDay;
  date: string;
  /** Items the viewer may see (the secretariat: all). */
  items: AgendaRequest[];
}

export interface DeskOpinionRow {
  request: AgendaRequest;
  tierName: string;
  opinion: Opinion;
}

export interface DeskUnrecordedRow {
  request: AgendaRequest;
  tier: Tier;
  date: string;
  missing: ('attendance' | 'result')[];
}

export interface Listed<T> {
  items: T[];
  /** How many there are in all (at least items.length): more → 「すべて表示」. */
  total: number;
}

export interface DeskView {
  actor: Actor;
  secretariat: boolean;
  today: string;
  deadlines: Listed<DeskDeadline>;
  mine: Listed<DeskRequestRow>;
  meetings: Listed<DeskMeetingRow>;
  /** Only for the secretariat. */
  office: {
    agenda: Listed<DeskMeetingRow>;
    unanswered: Listed<DeskOpinionRow>;
    unrecorded: Listed<DeskUnrecordedRow>;
    overdue: Listed<DeskDeadline>;
  } | null;
}

export type DeskResult = { ok: true; desk: DeskView } | { ok: false; reason: AccessDenied };

export interface DeskDeps {
  repos: Repositories;
  org: OrgConfig;
  clock: Clock;
  agenda: AgendaService;
  visibility: Pick<Visibility, 'viewerFor' | 'filter'>;
}

const listed = <T>(all: T[], rows: number): Listed<T> => ({ items: all.slice(0, rows), total: all.length });

export function createDesk({ repos, org, clock, agenda, visibility }: DeskDeps) {
  const closure = org.closure;
  const dayText = (d: JpDay) => `${formatJpDate(d, org.dateDisplay)}（${weekdayJa(d)}）`;

  /** One line per deadline (request, deadline, due day): the soonest reminder not settled. */
  function deadlinesOf(reminders: Reminder[], requests: Map<string, AgendaRequest>, today: JpDay): DeskDeadline[] {
    const settled = new Set(reminders.filter((r) => r.status === 'done').map((r) => `${r.requestId}|${r.deadline}|${r.dueDate}`));
    const seen = new Set<string>();
    const out: DeskDeadline[] = [];
    for (const r of reminders) {
      const key = `${r.requestId}|${r.deadline}|${r.dueDate}`;
      if (settled.has(key) || seen.has(key)) continue;
      const request = requests.get(r.requestId);
      if (!request || request.status === 'withdrawn') continue;
      seen.add(key);
      out.push({ ...reminderView(r, request, org, today, closure), request });
    }
    return out;
  }

  /** The requests of many ids in a few queries (those already at hand are not read again). */
  async function requestsById(ids: string[], known: AgendaRequest[]): Promise<Map<string, AgendaRequest>> {
    const map = new Map(known.map((r) => [r.id, r]));
    const missing = [...new Set(ids)].filter((id) => !map.has(id));
    if (missing.length) for (const [id, c] of await repos.reminders.contextsFor(missing)) map.set(id, c.request);
    return map;
  }

  /**
   * The coming meetings with their items, read once for many openings (a morning's worth
   * of homes): kept AGENDA_TTL_MS at most and dropped by `changed()` whenever a request
   * is saved on this instance (another instance's change shows within the TTL).
   */
  let ahead: { key: string; at: number; value: Promise<Awaited<ReturnType<AgendaService['between']>>> } | null = null;
  function upcomingAgendas(today: JpDay) {
    const key = isoDay(today);
    const now = clock.now().getTime();
    if (ahead && ahead.key === key && now - ahead.at < AGENDA_TTL_MS) return ahead.value;
    const value = agenda.between(today, addDays(today, UPCOMING_DAYS));
    const entry = { key, at: now, value };
    ahead = entry;
    value.catch(() => {
      if (ahead === entry) ahead = null;
    });
    return value;
  }

  /** The near deadlines of every request (the secretariat's list), shared as `ahead` is and dropped with it. */
  let office: { key: string; at: number; value: Promise<DeskDeadline[]> } | null = null;
  function officeDeadlines(today: JpDay): Promise<DeskDeadline[]> {
    const key = isoDay(today);
    const now = clock.now().getTime();
    if (office && office.key === key && now - office.at < AGENDA_TTL_MS) return office.value;
    const value = (async () => {
      const near = await repos.reminders.dueBetween({ from: isoDay(today), to: isoDay(addDays(today, NEAR_DAYS)), limit: 2000 });
      return deadlinesOf(
        near,
        await requestsById(
          near.map((r) => r.requestId),
          [],
        ),
        today,
      );
    })();
    const entry = { key, at: now, value };
    office = entry;
    value.catch(() => {
      if (office === entry) office = null;
    });
    return value;
  }

  async function meetingsAhead(today: JpDay, see: (rs: AgendaRequest[]) => Promise<AgendaRequest[]>): Promise<DeskMeetingRow[]> {
    const agendas = await upcomingAgendas(today);
    const visible = new Set((await see(agendas.flatMap((a) => a.items))).map((r) => r.id));
    return agendas.map((a) => ({ tier: a.tier, day: a.day, date: dayText(a.day), items: a.items.filter((r) => visible.has(r.id)) }));
  }

  async function officeView(today: JpDay, ahead: DeskMeetingRow[], rows: number): Promise<NonNullable<DeskView['office']>> {
    const withItems = ahead.filter((m) => m.items.length > 0);
    const unanswered = await repos.reviews.unanswered(null, rows);
    const opinionRequests = await requestsById(
      unanswered.items.map((o) => o.requestId),
      [],
    );
    const tierName = (id: string) => org.tiers.find((t) => t.id === id)?.name ?? id;
    // Meetings already held (a 審議希望日 before today) with nothing recorded for attendance or result.
    const from = isoDay(addDays(today, -UNRECORDED_DAYS));
    const to = isoDay(addDays(today, -1));
    const held: { date: string; request: AgendaRequest; tier: Tier }[] = [];
    const tiers = new Map(org.tiers.map((t) => [t.id, t]));
    for (const s of await repos.requests.listByTiersDate([...tiers.keys()], from, to)) {
      const tier = tiers.get(s.tierId);
      if (tier) held.push({ date: s.date, request: s.request, tier });
    }
    // Tier by tier within a day, as before (the sort by date below keeps this order).
    const tierOrder = (t: Tier) => org.tiers.indexOf(t);
    held.sort((a, b) => tierOrder(a.tier) - tierOrder(b.tier));
    const reviews = await repos.reviews.listForMany([...new Set(held.map((h) => h.request.id))]);
    const unrecorded: DeskUnrecordedRow[] = [];
    for (const h of held.sort((a, b) => b.date.localeCompare(a.date))) {
      const review = reviews.get(h.request.id)?.find((r) => r.tierId === h.tier.id);
      const missing: DeskUnrecordedRow['missing'] = [];
      if (!review || review.attendance === null) missing.push('attendance');
      if (!review || review.result === '') missing.push('result');
      if (missing.length) unrecorded.push({ request: h.request, tier: h.tier, date: dayText(dayFromIso(h.date)), missing });
    }
    const overdueReminders = await repos.reminders.dueBetween({
      from: isoDay(addDays(today, -OVERDUE_DAYS)),
      to: isoDay(addDays(today, -1)),
      limit: 2000,
    });
    const overdue = deadlinesOf(
      overdueReminders,
      await requestsById(
        overdueReminders.map((r) => r.requestId),
        [],
      ),
      today,
    ).reverse();
    return {
      agenda: listed(withItems, rows),
      unanswered: {
        items: unanswered.items.flatMap((opinion) => {
          const request = opinionRequests.get(opinion.requestId);
          return request ? [{ request, tierName: tierName(opinion.tierId), opinion }] : [];
        }),
        total: unanswered.total,
      },
      unrecorded: listed(unrecorded, rows),
      overdue: listed(overdue, rows),
    };
  }

  /**
   * The desk of `actor`; `rows` per list (DESK_ROWS on the desk, ALL_ROWS for 「すべて表示」).
   * `here` is where it is shown when that is a conversation (the Teams personal chat);
   * the Slack home tab is no conversation (null).
   */
  async function forPerson(actor: Actor, rows = DESK_ROWS, here: Conversation | null = null): Promise<DeskResult> {
    const access = await visibility.viewerFor(actor, here);
    if (!access.ok) return access;
    const viewer = access.viewer;
    const see = (rs: AgendaRequest[]) => visibility.filter(viewer, rs);
    const now = clock.now();
    const today = tokyoToday(now);

    // あなたの申込: the person's own requests (always theirs to see).
    // Up to MINE_READ of them: the newest `rows` are listed, the deadlines of all open ones count.
    const mineAll = await repos.requests.listFiledBy(actor, Math.max(rows, MINE_READ));
    const shownMine = mineAll.items.slice(0, rows);
    const mineIds = shownMine.map((r) => r.id);
    const [reviews, waiting] = await Promise.all([repos.reviews.listForMany(mineIds), repos.reviews.unanswered(mineIds, 500)]);
    const waitingBy = new Map<string, number>();
    for (const o of waiting.items) waitingBy.set(o.requestId, (waitingBy.get(o.requestId) ?? 0) + 1);
    const mine: DeskRequestRow[] = shownMine.map((request) => {
      const tier = currentTier(org, request, reviews.get(request.id) ?? ([] as Review[]));
      const day = request.form.desiredDates[tier.id];
      return {
        request,
        status: request.status,
        tierName: tier.name,
        nextMeeting: day ? formatJpDate(day, org.dateDisplay) : null,
        waitingOpinions: waitingBy.get(request.id) ?? 0,
      };
    });

    // 期限が近いもの: deadlines of the person's open requests (the secretariat: of every request) from today on.
    const open = mineAll.items.filter((r) => r.status === 'filed');
    let deadlines: DeskDeadline[];
    if (viewer.secretariat) {
      // Every request's deadlines: the same for the whole secretariat, shared like the meetings.
      deadlines = await officeDeadlines(today);
    } else {
      const near = await repos.reminders.dueBetween({
        from: isoDay(today),
        to: isoDay(addDays(today, NEAR_DAYS)),
        requestIds: open.map((r) => r.id),
        limit: 2000,
      });
      const nearRequests = await requestsById(
        near.map((r) => r.requestId),
        open,
      );
      const visibleNear = new Set((await see([...nearRequests.values()])).map((r) => r.id));
      deadlines = deadlinesOf(
        near.filter((r) => visibleNear.has(r.requestId)),
        nearRequests,
        today,
      );
    }

    const ahead = await meetingsAhead(today, see);
    // Every coming meeting, with the number of its items this person may see.
    const meetings = ahead;
    return {
      ok: true,
      desk: {
        actor,
        secretariat: viewer.secretariat,
        today: dayText(today),
        deadlines: listed(deadlines, rows),
        mine: { items: mine, total: mineAll.total },
        meetings: listed(meetings, rows),
        office: viewer.secretariat ? await officeView(today, ahead, rows) : null,
      },
    };
  }

  return {
    forPerson,
    /** A request was saved or a deadline settled: the next opening reads the shared lists again. */
    changed: () => {
      ahead = null;
      office = null;
    },
  };
}

export type Desk = ReturnType<typeof createDesk>;
