import type { Actor, AgendaRequest, Conversation } from '../domain/request';
import type { AgendaService, MeetingAgenda } from './agenda';
import type { Repositories } from './ports';
import type { ReminderService } from './reminders';
import type { Visibility, Visible } from './visibility';

type UpcomingDeadline = Awaited<ReturnType<ReminderService['upcoming']>>[number];

/** How many candidates a listing looks at to find what a viewer may see. */
const SCAN = 500;

/**
 * The listings both platforms offer (一覧, 日程, 期限), each only with what the asking
 * person may see from where they ask. A denial carries its reason and lists nothing.
 */
export function createListings(deps: {
  repos: Pick<Repositories, 'requests'>;
  agenda: AgendaService;
  reminders?: ReminderService;
  visibility: Visibility;
}) {
  const { visibility } = deps;

  return {
    /** The most recently filed requests the person may see (at most `limit`). */
    async recent(actor: Actor, here: Conversation | null, limit: number): Promise<Visible<AgendaRequest>> {
      const candidates = await deps.repos.requests.listRecent(SCAN);
      const v = await visibility.visible(actor, here, candidates, (r) => r);
      return v.ok ? { ...v, items: v.items.slice(0, limit) } : v;
    },

    /** The coming meetings, each with only the items the person may see. */
    async upcoming(actor: Actor, here: Conversation | null, days: number): Promise<Visible<MeetingAgenda>> {
      const agendas = await deps.agenda.upcoming(days);
      const access = await visibility.viewerFor(actor, here);
      if (!access.ok) return access;
      try {
        const seen = new Set(
          (
            await visibility.filter(
              access.viewer,
              agendas.flatMap((a) => a.items),
            )
          ).map((r) => r.id),
        );
        return { ok: true, viewer: access.viewer, items: agendas.map((a) => ({ ...a, items: a.items.filter((r) => seen.has(r.id)) })) };
      } catch {
        return { ok: false, reason: 'lookup_failed' };
      }
    },

    /** The coming deadlines of requests the person may see (at most `limit`). */
    async deadlines(actor: Actor, here: Conversation | null, limit: number): Promise<Visible<UpcomingDeadline>> {
      const all = deps.reminders ? await deps.reminders.upcoming(SCAN) : [];
      const v = await visibility.visible(actor, here, all, (u) => u.request);
      return v.ok ? { ...v, items: v.items.slice(0, limit) } : v;
    },
  };
}

export type Listings = ReturnType<typeof createListings>;
