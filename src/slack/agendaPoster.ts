import type { WebClient } from '@slack/web-api';
import { agendaKey, type AgendaService } from '../app/agenda';
import type { Clock, Repositories } from '../app/ports';
import type { OrgConfig } from '../domain/org';
import type { Logger } from '../infra/logger';
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
  sharedCheck?: (client: WebClient, channel: string) => Promise<'shared' | 'not_shared' | 'unknown'>;
}) {
  return async function postDueAgendas(client: WebClient): Promise<number> {
    let posted = 0;
    for (const a of await deps.agenda.dueToday()) {
      const channel = a.tier.channel;
      if (!channel) continue;
      const key = agendaKey('slack', a.tier.id, a.day);
      if (!(await deps.repos.deliveries.claim(key, deps.clock.now()))) continue;
      const shared = deps.sharedCheck ? await deps.sharedCheck(client, channel) : 'not_shared';
      if (shared !== 'not_shared') {
        // Shared with another organisation: never posted there (the claim stays, the
        // org file must name another channel). Unknown: tried again next round.
        if (shared === 'unknown') await deps.repos.deliveries.release(key);
        deps.logger.warn(
          shared === 'shared'
            ? 'agenda not posted: the tier channel is shared with another organisation'
            : 'agenda held back: could not check whether the tier channel is shared',
          { tier: a.tier.id, channel },
        );
        continue;
      }
      try {
        const msg = agendaMessage(a, await slackLinks(deps, a.items), deps.org.dateDisplay);
        await client.chat.postMessage({ channel, text: msg.text, blocks: asBlocks(msg.blocks), unfurl_links: false });
        posted++;
      } catch (err) {
        await deps.repos.deliveries.release(key);
        deps.logger.warn('agenda post failed; will retry', { tier: a.tier.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return posted;
  };
}
