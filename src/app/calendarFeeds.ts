import { createHmac, timingSafeEqual } from 'node:crypto';
import { meetingDates, toIcs, type MeetingEvent } from '../domain/calendar';
import { addDays, isoDay, tokyoToday } from '../domain/jpdate';
import type { OrgConfig } from '../domain/org';
import type { Clock, Repositories } from './ports';

/**
 * .ics files people add to Outlook or Google Calendar: one per request (its 審議希望日)
 * and one per tier (its meetings of the coming year with their items). Requests are
 * pre-decision material, so the links are signed: only a link the bot gave works.
 */
export function createCalendarFeeds(a: { repos: Repositories; org: OrgConfig; clock: Clock; secret: string; publicUrl: string }) {
  const { repos, org, clock } = a;
  const base = a.publicUrl.replace(/\/+$/, '');

  const sign = (path: string) => createHmac('sha256', a.secret).update(path).digest('hex').slice(0, 32);

  function verify(path: string, sig: string | null): boolean {
    const want = Buffer.from(sign(path));
    const got = Buffer.from(sig ?? '');
    return got.length === want.length && timingSafeEqual(got, want);
  }

  const link = (path: string) => `${base}${path}?sig=${sign(path)}`;

  return {
    requestLink: (requestId: string) => link(`/calendar/request/${encodeURIComponent(requestId)}.ics`),
    tierLink: (tierId: string) => link(`/calendar/tier/${encodeURIComponent(tierId)}.ics`),

    /** The .ics for a signed path, or null (unknown path, bad signature, unknown id). */
    async serve(path: string, sig: string | null): Promise<string | null> {
      if (!verify(path, sig)) return null;
      const m = /^\/calendar\/(request|tier)\/([^/]+)\.ics$/.exec(path);
      if (!m) return null;
      const id = decodeURIComponent(m[2]);
      const now = clock.now();
      if (m[1] === 'request') {
        const r = await repos.requests.get(id);
        if (!r) return null;
        const events: MeetingEvent[] = org.tiers.flatMap((tier) => {
          const day = r.form.desiredDates[tier.id];
          return day ? [{ uid: `${r.id}-${tier.id}@chogi`, day, tier, summary: `${tier.name}: ${r.caseNo} ${r.form.title}` }] : [];
        });
        return toIcs(events, { now, calendarName: `${r.caseNo} ${r.form.title}` });
      }
      const tier = org.tiers.find((t) => t.id === id);
      if (!tier) return null;
      const from = tokyoToday(now);
      const until = addDays(from, 365);
      const scheduled = await repos.requests.listByTierDate(tier.id, isoDay(from), isoDay(until));
      const days = new Map(meetingDates(tier, { from, until, closure: org.closure }).map((d) => [isoDay(d), d]));
      for (const s of scheduled) if (!days.has(s.date)) days.set(s.date, s.request.form.desiredDates[tier.id]!);
      const events: MeetingEvent[] = [...days.entries()]
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([iso, day]) => {
          const items = scheduled.filter((s) => s.date === iso).map((s) => `${s.request.caseNo} ${s.request.form.title}`);
          return {
            uid: `${tier.id}-${iso}@chogi`,
            day,
            tier,
            summary: tier.name,
            ...(items.length ? { description: items.join('\n') } : {}),
          };
        });
      return toIcs(events, { now, calendarName: tier.name });
    },
  };
}

export type CalendarFeeds = ReturnType<typeof createCalendarFeeds>;
