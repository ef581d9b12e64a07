import type { WebClient } from '@slack/web-api';
import { outlookKey, type OutlookService } from '../app/outlook';
import type { Clock, Repositories } from '../app/ports';
import type { OrgConfig } from '../domain/org';
import type { Logger } from '../infra/logger';
import { postClaimed, type SharedCheck } from './claimedPost';
import { slackLinks } from './links';
import { S } from './strings';
import { asBlocks } from './views/blocks';
import { outlookMessage, outlookRequests } from './views/outlookMessage';

/**
 * Posts the week's 見通し in the secretariat's channel (`secretariat.channel`) once a week,
 * on the week's first business day from the agenda hour. The claim in the database makes
 * it once across restarts and instances; a failed post releases it for the next round.
 * A channel shared with another organisation is never posted into (as the agenda poster).
 */
export function createOutlookPoster(deps: {
  outlook: OutlookService;
  repos: Repositories;
  org: OrgConfig;
  clock: Clock;
  logger: Logger;
  sharedCheck?: SharedCheck;
}) {
  return async function postDueOutlook(client: WebClient): Promise<number> {
    const channel = deps.org.secretariat.channel;
    const week = deps.outlook.dueWeek();
    if (!channel || !week) return 0;
    const done = await postClaimed(deps, client, {
      key: outlookKey('slack', week),
      channel,
      what: 'outlook',
      context: { week },
      post: async () => {
        const o = await deps.outlook.build();
        const msg = outlookMessage(o, await slackLinks(deps, outlookRequests(o)), deps.org.dateDisplay, { heading: S.outlook.weekly });
        await client.chat.postMessage({ channel, text: msg.text, blocks: asBlocks(msg.blocks), unfurl_links: false });
      },
    });
    return done ? 1 : 0;
  };
}
