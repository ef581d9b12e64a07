import { createHmac, timingSafeEqual } from 'node:crypto';
import { meetingDates, toIcs, type MeetingEvent } from '../domain/calendar';
import { addDays, isoDay, tokyoToday } from '../domain/jpdate';
import type { OrgConfig } from '../domain/org';
import type { Actor } from '../domain/request';
import type { Clock, Repositories } from './ports';
import type { Visibility } from './visibility';

/**
 * .ics files people add to Outlook or Google Calendar: one per request (its 審議希望日)
 * and one per tier (its meetings of the coming year with their items). Requests are
 * pre-decision material, so the links are signed: only a link the bot gave works.
 */
export function createCalendarFeeds(a: {
  repos: Repositories;
  org: OrgConfig;
  clock: Clock;
  secret: string;
  publicUrl: string;
  /** A tier feed lists only what its holder may see (absent = nothing but the meetings). */
  visibility?: Visibility;
}) {
  const { repos, org, clock } = a;
  const base = a.publicUrl.replace(/\/+$/, '');
  const days = org.calendarLinks.days;

  const sign = (payload: string) => createHmac('sha256', a.secret).update(payload).digest('hex').slice(0, 32);

  function verify(payload: string, sig: string | null): boolean {
    const want = Buffer.from(sign(payload));
    const got = Buffer.from(sig ?? '');
    return got.length === want.length && timingSafeEqual(got, want);
  }

  const expiry = () => Math.floor(clock.now().getTime() / 1000) + days * 86400;
  const holderParam = (h: Actor) => `${h.platform}:${h.userId}`;

  function parseHolder(s: string | null): Actor | null {
    const m = /^(slack|teams):(.{1,200})$/.exec(s ?? '');
    return m ? { platform: m[1] as Actor['platform'], userId: m[2] } : null;
  }

  /**
   * A request's link is shown on its post to everyone in that conversation: signed for
   * the request, expiring (the post is re-rendered on every change, which renews it).
   */
  function requestLink(requestId: string): string {
    const id = encodeURIComponent(requestId);
    const exp = expiry();
    return `${base}/calendar/request/${id}/${exp}/${sign(`request|${requestId}|${exp}`)}.ics`;
  }

  /** A tier's feed for one person: signed for them and their key version, expiring. */
  // Everything in the path (no query): the link goes into Slack mrkdwn, where & would need escaping.
  async function tierLink(tierId: string, holder: Actor): Promise<string> {
    const exp = expiry();
    const k = await repos.feedKeys.version(holder);
    const h = holderParam(holder);
    const segments = [tierId, h, String(k), String(exp)].map(encodeURIComponent).join('/');
    return `${base}/calendar/tier/${segments}/${sign(`tier|${tierId}|${h}|${k}|${exp}`)}.ics`;
  }

  async function requestIcs(id: string, now: Date): Promise<string | null> {
    const r = await repos.requests.get(id);
    if (!r || r.status === 'withdrawn') return null;
    const events: MeetingEvent[] = org.tiers.flatMap((tier) => {
      const day = r.form.desiredDates[tier.id];
      return day ? [{ uid: `${r.id}-${tier.id}@chogi`, day, tier, summary: `${tier.name}: ${r.caseNo} ${r.form.title}` }] : [];
    });
    return toIcs(events, { now, calendarName: `${r.caseNo} ${r.form.title}` });
  }

  async function tierIcs(id: string, holder: Actor, now: Date): Promise<string | null> {
    const tier = org.tiers.find((t) => t.id === id);
    if (!tier) return null;
    const from = tokyoToday(now);
    const until = addDays(from, 365);
    const all = (await repos.requests.listByTierDate(tier.id, isoDay(from), isoDay(until))).filter((s) => s.request.status !== 'withdrawn');
    // The holder's rights are checked when the feed is fetched, not when the link was
    // given: a person moved out of a channel stops seeing its items. A failed check
    // serves the meetings without any item.
    let scheduled: typeof all = [];
    if (a.visibility && all.length) {
      const v = await a.visibility.visible(holder, null, all, (s) => s.request);
      scheduled = v.ok ? v.items : [];
    }
    const days = new Map(meetingDates(tier, { from, until, closure: org.closure }).map((d) => [isoDay(d), d]));
    for (const s of scheduled) if (!days.has(s.date)) days.set(s.date, s.request.form.desiredDates[tier.id]!);
    const events: MeetingEvent[] = [...days.entries()]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([iso, day]) => {
        const items = scheduled
          .filter((s) => s.date === iso)
          .map((s) => (org.calendarLinks.showTitles ? `${s.request.caseNo} ${s.request.form.title}` : s.request.caseNo));
        return {
          uid: `${tier.id}-${iso}@chogi`,
          day,
          tier,
          summary: tier.name,
          ...(items.length ? { description: items.join('\n') } : {}),
        };
      });
    return toIcs(events, { now, calendarName: tier.name });
  }

  return {
    requestLink,
    tierLink,

    /** Revokes every tier link the person was given (「リンク更新」): links signed with the old key stop working. */
    rotate: (holder: Actor) => repos.feedKeys.rotate(holder, clock.now()),

    /** The .ics for a signed, unexpired link, or null (unknown path, bad or old signature, expired, revoked, unknown id). */
    async serve(path: string): Promise<string | null> {
      const m = /^\/calendar\/(request|tier)\/(.+)\/([0-9a-f]{32})\.ics$/.exec(path);
      if (!m) return null;
      let parts: string[];
      try {
        parts = m[2].split('/').map(decodeURIComponent);
      } catch {
        return null;
      }
      const now = clock.now();
      const expired = (exp: string) => !/^\d{1,12}$/.test(exp) || Number(exp) * 1000 <= now.getTime();
      if (m[1] === 'request') {
        if (parts.length !== 2) return null;
        const [id, exp] = parts;
        if (expired(exp) || !verify(`request|${id}|${exp}`, m[3])) return null;
        return requestIcs(id, now);
      }
      if (parts.length !== 4) return null;
      const [tierId, h, k, exp] = parts;
      const holder = parseHolder(h);
      if (!holder || !/^\d{1,9}$/.test(k) || expired(exp) || !verify(`tier|${tierId}|${h}|${k}|${exp}`, m[3])) return null;
      if ((await repos.feedKeys.version(holder)) !== Number(k)) return null;
      return tierIcs(tierId, holder, now);
    },
  };
}

export type CalendarFeeds = ReturnType<typeof createCalendarFeeds>;
