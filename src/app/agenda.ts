import { isMeetingDate, meetingDates } from '../domain/calendar';
import { addDays, compareDays, deserializeJpDate, isoDay, tokyoToday, type JpDay } from '../domain/jpdate';
import type { OrgConfig, Tier } from '../domain/org';
import type { AgendaRequest } from '../domain/request';
import type { VisibleScope } from '../domain/visibility';
import { TZDate } from '@date-fns/tz';
import type { Clock, Repositories } from './ports';

/** One meeting of a tier on a day, with the items scheduled for it, in case-number order. */
export interface MeetingAgenda {
  tier: Tier;
  day: JpDay;
  items: AgendaRequest[];
  /** A day of the tier's regular calendar (else an ad-hoc meeting held for its items). */
  regular: boolean;
}

const jpDayOf = (iso: string) => deserializeJpDate(iso) as JpDay;

/** The hour of an instant in Tokyo, whatever the server's time zone. */
function tokyoHour(now: Date): number {
  return new TZDate(now.getTime(), 'Asia/Tokyo').getHours();
}

// Calendars are configuration: a tier's days in a range never change while running.
const daysCache = new WeakMap<Tier, Map<string, string[]>>();

function regularDays(tier: Tier, from: JpDay, to: JpDay, org: OrgConfig): string[] {
  const cache = daysCache.get(tier) ?? new Map<string, string[]>();
  daysCache.set(tier, cache);
  const key = `${isoDay(from)}/${isoDay(to)}`;
  let days = cache.get(key);
  if (!days) {
    if (cache.size > 64) cache.clear();
    days = meetingDates(tier, { from, until: to, closure: org.closure }).map(isoDay);
    cache.set(key, days);
  }
  return days;
}

export function createAgendaService({ repos, org, clock }: { repos: Repositories; org: OrgConfig; clock: Clock }) {
  /** Meetings of every tier from `from` to `to` (inclusive): regular days and days with items. */
  async function between(from: JpDay, to: JpDay): Promise<MeetingAgenda[]> {
    const out: MeetingAgenda[] = [];
    // One lookup for every tier (one round trip on PostgreSQL), already by date and case number.
    const scheduled = await repos.requests.listByTiersDate(
      org.tiers.map((t) => t.id),
      isoDay(from),
      isoDay(to),
    );
    const byTier = new Map<string, Map<string, AgendaRequest[]>>(org.tiers.map((t) => [t.id, new Map()]));
    for (const s of scheduled) {
      const byDay = byTier.get(s.tierId);
      if (!byDay) continue;
      const items = byDay.get(s.date);
      if (items) items.push(s.request);
      else byDay.set(s.date, [s.request]);
    }
    for (const tier of org.tiers) {
      const byDay = byTier.get(tier.id) ?? new Map<string, AgendaRequest[]>();
      const regular = new Set(regularDays(tier, from, to, org));
      for (const iso of [...new Set([...regular, ...byDay.keys()])]) {
        out.push({ tier, day: jpDayOf(iso), items: byDay.get(iso) ?? [], regular: regular.has(iso) });
      }
    }
    const order = (t: Tier) => org.tiers.findIndex((x) => x.id === t.id);
    return out.sort((a, b) => compareDays(a.day, b.day) || order(a.tier) - order(b.tier));
  }

  /**
   * Meetings of every tier from `from` to `to` (inclusive) with how many items `scope`
   * lets through (null: all), counted by the database: no request is read.
   */
  async function countsBetween(from: JpDay, to: JpDay, scope: VisibleScope | null): Promise<{ tier: Tier; day: JpDay; count: number }[]> {
    const counts = await repos.requests.meetingCounts({ tierIds: org.tiers.map((t) => t.id), from: isoDay(from), to: isoDay(to), scope });
    const byKey = new Map(counts.map((c) => [`${c.tierId}|${c.date}`, c.count]));
    const out: { tier: Tier; day: JpDay; count: number }[] = [];
    for (const tier of org.tiers) {
      const days = new Set(regularDays(tier, from, to, org));
      for (const c of counts) if (c.tierId === tier.id) days.add(c.date);
      for (const iso of days) out.push({ tier, day: jpDayOf(iso), count: byKey.get(`${tier.id}|${iso}`) ?? 0 });
    }
    const order = (t: Tier) => org.tiers.findIndex((x) => x.id === t.id);
    return out.sort((a, b) => compareDays(a.day, b.day) || order(a.tier) - order(b.tier));
  }

  return {
    between,
    countsBetween,

    /** The coming meetings (`/案件申込 日程`): today and the next `days` days. */
    upcoming(days = 28): Promise<MeetingAgenda[]> {
      const today = tokyoToday(clock.now());
      return between(today, addDays(today, days));
    },

    /**
     * Today's meetings whose agenda is due (from `agendaHour`, Tokyo): each regular
     * meeting, and each ad-hoc one that has items. Posting each once is the caller's.
     */
    async dueToday(): Promise<MeetingAgenda[]> {
      const now = clock.now();
      if (tokyoHour(now) < org.agendaHour) return [];
      const today = tokyoToday(now);
      const all = await between(today, today);
      return all.filter((a) => a.items.length > 0 || isMeetingDate(a.tier, today, org.closure));
    },
  };
}

export type AgendaService = ReturnType<typeof createAgendaService>;

/** The key that makes an agenda post happen once across restarts and instances. */
export const agendaKey = (platform: string, tierId: string, day: JpDay) => `agenda:${platform}:${tierId}:${isoDay(day)}`;
