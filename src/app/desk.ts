/**
 * A person's desk (Slack App Home, Teams personal chat): what they owe and when, their
 * requests, the coming meetings; the secretariat's desk adds the next meetings with
 * their items, unanswered opinions, meetings held without attendance or result and
 * overdue deadlines. Platform neutral: adapters render the DeskView. Every request
 * listed or counted went through the visibility rule; a denial is returned as such.
 *
 * An opening costs the rows it shows, not the rows there are: counts, and which
 * deadline of many reminders is the one to show, are the database's (the visibility
 * rule given to it as a VisibleScope), so nothing is shared between openings and every
 * opening shows the state of the moment, whichever instance saved it.
 */
import { addDays, formatJpDate, isoDay, tokyoToday, weekdayJa, type JpDay } from '../domain/jpdate';
import { currentTier, type Opinion, type Review } from '../domain/meeting';
import type { OrgConfig, Tier } from '../domain/org';
import { dayFromIso } from '../domain/reminders';
import type { Actor, AgendaRequest, Conversation } from '../domain/request';
import type { AccessDenied, VisibleScope } from '../domain/visibility';
import type { AgendaService } from './agenda';
import type { Clock, Reminder, Repositories } from './ports';
import { reminderView, type ReminderView } from './reminderView';
import { LookupFailed, type Visibility } from './visibility';

/** Rows per list on the desk; 「すべて表示」 shows up to ALL_ROWS. */
export const DESK_ROWS = 10;
export const ALL_ROWS = 50;
/** The secretariat's 次の会議と案件 on the desk: this many meetings, DESK_ITEMS items each (「すべて表示」: ALL_ITEMS). */
const DESK_AGENDA_MEETINGS = 5;
const DESK_ITEMS = 10;
const ALL_ITEMS = 20;
/** How far ahead deadlines count as near, and how far back an overdue one is still shown. */
const NEAR_DAYS = 45;
const OVERDUE_DAYS = 60;
/** Meetings held this many days back without attendance or result are listed. */
const UNRECORDED_DAYS = 30;
const UPCOMING_DAYS = 28;

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
  /** How many of its items the viewer may see (the secretariat: all). */
  count: number;
  /** The first of those items, in case-number order: only in the secretariat's 次の会議と案件 (else empty). */
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
  /**
   * For the secretariat: the platform's 事務局 group (Slack user group, Entra group) cannot
   * be read now, so only the org file's list counts (the desk says so).
   */
  groupUnreadable: boolean;
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
  visibility: Pick<Visibility, 'viewerFor' | 'scope'>;
  /** The platform's 事務局 groups that cannot be read (roles.groupProblems). */
  groupProblems?: (platform: Actor['platform']) => Promise<unknown[]>;
}

const listed = <T>(all: T[], rows: number): Listed<T> => ({ items: all.slice(0, rows), total: all.length });

export function createDesk({ repos, org, clock, agenda, visibility, groupProblems }: DeskDeps) {
  const closure = org.closure;
  const tierIds = org.tiers.map((t) => t.id);
  const dayText = (d: JpDay) => `${formatJpDate(d, org.dateDisplay)}（${weekdayJa(d)}）`;

  /** The requests of some ids in one query (those already at hand are not read again). */
  async function requestsById(ids: string[], known: AgendaRequest[]): Promise<Map<string, AgendaRequest>> {
    const map = new Map(known.map((r) => [r.id, r]));
    const missing = [...new Set(ids)].filter((id) => !map.has(id));
    if (missing.length) for (const [id, c] of await repos.reminders.contextsFor(missing)) map.set(id, c.request);
    return map;
  }

  /** A deadline list: the database picked the reminder of each deadline and counted them; the shown ones are read. */
  async function deadlineList(
    a: { from: JpDay; to: JpDay; filer?: Actor; scope: VisibleScope | null; order: 'asc' | 'desc'; rows: number },
    known: AgendaRequest[],
    today: JpDay,
  ): Promise<Listed<DeskDeadline>> {
    const found = await repos.reminders.openDeadlines({
      from: isoDay(a.from),
      to: isoDay(a.to),
      filer: a.filer,
      scope: a.scope,
      order: a.order,
      limit: a.rows,
    });
    const requests = await requestsById(
      found.items.map((r: Reminder) => r.requestId),
      known,
    );
    const items = found.items.flatMap((r) => {
      const request = requests.get(r.requestId);
      return request ? [{ ...reminderView(r, request, org, today, closure), request }] : [];
    });
    return { items, total: found.total };
  }

  async function officeView(today: JpDay, ahead: DeskMeetingRow[], rows: number): Promise<NonNullable<DeskView['office']>> {
    // 次の会議と案件: the meetings with items; the items of the listed ones only.
    const withItems = ahead.filter((m) => m.count > 0);
    const shown = withItems.slice(0, rows === DESK_ROWS ? DESK_AGENDA_MEETINGS : rows);
    const perMeeting = rows === DESK_ROWS ? DESK_ITEMS : ALL_ITEMS;
    const agendaRows = await Promise.all(
      shown.map(async (m) => ({
        ...m,
        items: (await repos.requests.listByTierDate(m.tier.id, isoDay(m.day), isoDay(m.day), perMeeting)).map((s) => s.request),
      })),
    );
    const unanswered = await repos.reviews.unanswered(null, rows);
    const opinionRequests = await requestsById(
      unanswered.items.map((o) => o.requestId),
      [],
    );
    const tierName = (id: string) => org.tiers.find((t) => t.id === id)?.name ?? id;
    // Meetings already held (a 審議希望日 before today) with nothing recorded for attendance or result.
    const held = await repos.requests.unrecorded({
      tierIds,
      from: isoDay(addDays(today, -UNRECORDED_DAYS)),
      to: isoDay(addDays(today, -1)),
      limit: rows,
    });
    const unrecorded: DeskUnrecordedRow[] = held.items.flatMap((h) => {
      const tier = org.tiers.find((t) => t.id === h.tierId);
      if (!tier) return [];
      const missing: DeskUnrecordedRow['missing'] = [];
      if (h.missingAttendance) missing.push('attendance');
      if (h.missingResult) missing.push('result');
      return [{ request: h.request, tier, date: dayText(dayFromIso(h.date)), missing }];
    });
    const overdue = await deadlineList(
      { from: addDays(today, -OVERDUE_DAYS), to: addDays(today, -1), scope: null, order: 'desc', rows },
      agendaRows.flatMap((m) => m.items),
      today,
    );
    return {
      agenda: { items: agendaRows, total: withItems.length },
      unanswered: {
        items: unanswered.items.flatMap((opinion) => {
          const request = opinionRequests.get(opinion.requestId);
          return request ? [{ request, tierName: tierName(opinion.tierId), opinion }] : [];
        }),
        total: unanswered.total,
      },
      unrecorded: { items: unrecorded, total: held.total },
      overdue,
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
    const now = clock.now();
    const today = tokyoToday(now);
    const until = addDays(today, UPCOMING_DAYS);

    // What the viewer may see, for the database: their memberships among the conversations
    // the coming meetings' requests were posted in are looked up (a failure denies).
    let scope: VisibleScope | null;
    try {
      scope = viewer.secretariat
        ? null
        : await visibility.scope(
            viewer,
            await repos.requests.scheduledChannels({ tierIds, from: isoDay(today), to: isoDay(until), platform: actor.platform }),
          );
    } catch (err) {
      if (err instanceof LookupFailed) return { ok: false, reason: 'lookup_failed' };
      throw err;
    }

    // あなたの申込: the person's own requests (always theirs to see), the newest `rows`.
    const mineRead = await repos.requests.listFiledBy(actor, rows);
    const mineIds = mineRead.items.map((r) => r.id);
    const [reviews, waiting] = await Promise.all([repos.reviews.listForMany(mineIds), repos.reviews.unanswered(mineIds, 500)]);
    const waitingBy = new Map<string, number>();
    for (const o of waiting.items) waitingBy.set(o.requestId, (waitingBy.get(o.requestId) ?? 0) + 1);
    const mine: DeskRequestRow[] = mineRead.items.map((request) => {
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
    const deadlines = await deadlineList(
      {
        from: today,
        to: addDays(today, NEAR_DAYS),
        filer: viewer.secretariat ? undefined : actor,
        scope,
        order: 'asc',
        rows,
      },
      mineRead.items,
      today,
    );

    // 今後の庁議: every coming meeting, with the number of its items this person may see.
    const ahead: DeskMeetingRow[] = (await agenda.countsBetween(today, until, scope)).map((m) => ({
      tier: m.tier,
      day: m.day,
      date: dayText(m.day),
      count: m.count,
      items: [],
    }));
    return {
      ok: true,
      desk: {
        actor,
        secretariat: viewer.secretariat,
        groupUnreadable: viewer.secretariat && groupProblems ? (await groupProblems(actor.platform)).length > 0 : false,
        today: dayText(today),
        deadlines,
        mine: { items: mine, total: mineRead.total },
        meetings: listed(ahead, rows),
        office: viewer.secretariat ? await officeView(today, ahead, rows) : null,
      },
    };
  }

  return { forPerson };
}

export type Desk = ReturnType<typeof createDesk>;
