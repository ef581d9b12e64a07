import type { WebClient } from '@slack/web-api';
import { agendaKey, type AgendaService } from '../app/agenda';
import type { Clock, Repositories } from '../app/ports';
import type { OrgConfig } from '../domain/org';
import type { Logger } from '../infra/logger';
import { postClaimed, type SharedCheck } from './claimedPost';
import { slackLinks } from './links';
import { agendaMessage } from './views/agendaMessage';
import { asBlocks } from './views/blocks';

/**
 * Posts each meeting day's agenda in its tier's channel once: the claim in the
 * database makes it once across restarts and instances; a failed post releases the
 * claim so the next round tries again.
 */
export function createAgendaPoster(deps: {
  agenda: AgendaService;
  repos: Repositories;
  org: OrgConfig;
  clock: Clock;
  logger: Logger;
  /** Whether a channel is shared with another organisation (the publisher's check; fails closed). */
  sharedCheck?: SharedCheck;
}) {
  return async function postDueAgendas(client: WebClient): Promise<number> {
    let posted = 0;
    for (const a of await deps.agenda.dueToday()) {
      const channel = a.tier.channel;
      if (!channel) continue;
      const done = await postClaimed(deps, client, {
        key: agendaKey('slack', a.tier.id, a.day),
        channel,
        what: 'agenda',
        context: { tier: a.tier.id },
        post: async () => {
          const msg = agendaMessage(a, await slackLinks(deps, a.items), deps.org.dateDisplay);
          await client.chat.postMessage({ channel, text: msg.text, blocks: asBlocks(msg.blocks), unfurl_links: false });
        },
      });
      if (done) posted++;
    }
    return posted;
  };
}
