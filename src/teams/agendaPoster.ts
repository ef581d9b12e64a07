import { agendaKey, type AgendaService } from '../app/agenda';
import type { Clock, Repositories } from '../app/ports';
import type { OrgConfig } from '../domain/org';
import { isoDay } from '../domain/jpdate';
import type { Logger } from '../infra/logger';
import { attachment } from './cards/card';
import { agendaCard, scheduledMeeting } from './cards/messages';
import type { TeamsPublisher } from './publisher';
import { T } from './strings';

/**
 * Posts each meeting day's agenda in its tier's Teams conversation (`teamsConversation`)
 * once, as the Slack poster does in its channel: the claim in the database makes it once
 * across restarts and instances; a post that fails (or a conversation the bot does not
 * know yet) releases the claim so the next round tries again.
 */
export function createTeamsAgendaPoster(deps: {
  agenda: AgendaService;
  repos: Repositories;
  org: OrgConfig;
  clock: Clock;
  logger: Logger;
  publisher: TeamsPublisher;
}) {
  return async function postDueAgendas(): Promise<number> {
    let posted = 0;
    for (const a of await deps.agenda.dueToday()) {
      const conversationId = a.tier.teamsConversation;
      if (!conversationId) continue;
      const key = agendaKey('teams', a.tier.id, a.day);
      if (!(await deps.repos.deliveries.claim(key, deps.clock.now()))) continue;
      try {
        const meeting = scheduledMeeting(a, deps.org.dateDisplay);
        const summary = `${T.agendaHeading} ${meeting.tier} ${meeting.day}（${a.items.length}件）`;
        if (
          await deps.publisher.postCard(conversationId, {
            type: 'message',
            summary,
            attachments: [attachment(agendaCard(meeting, { tierId: a.tier.id, day: isoDay(a.day) }))],
          })
        )
          posted++;
        else await deps.repos.deliveries.release(key);
      } catch (err) {
        await deps.repos.deliveries.release(key);
        deps.logger.warn('Teams: agenda post failed; will retry', { tier: a.tier.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return posted;
  };
}
