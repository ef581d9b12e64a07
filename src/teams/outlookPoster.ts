import { outlookKey, type OutlookService } from '../app/outlook';
import type { Clock, Repositories } from '../app/ports';
import type { OrgConfig } from '../domain/org';
import type { Logger } from '../infra/logger';
import { attachment } from './cards/card';
import { outlookCard } from './cards/outlookCard';
import type { TeamsPublisher } from './publisher';
import { T } from './strings';

/**
 * Posts the week's 見通し in the secretariat's Teams conversation
 * (`secretariat.teamsConversation`) once a week, as the Slack poster does: the claim in
 * the database makes it once across restarts and instances; a post that fails (or a
 * conversation the bot does not know yet) releases the claim for the next round.
 */
export function createTeamsOutlookPoster(deps: {
  outlook: OutlookService;
  repos: Repositories;
  org: OrgConfig;
  clock: Clock;
  logger: Logger;
  publisher: TeamsPublisher;
}) {
  return async function postDueOutlook(): Promise<number> {
    const conversationId = deps.org.secretariat.teamsConversation;
    const week = deps.outlook.dueWeek();
    if (!conversationId || !week) return 0;
    const key = outlookKey('teams', week);
    if (!(await deps.repos.deliveries.claim(key, deps.clock.now()))) return 0;
    try {
      const o = await deps.outlook.build();
      const summary = `${T.outlook.weekly}　${T.outlook.risks(o.risks.length)}・${T.outlook.meetings(o.meetings.length)}・${T.outlook.deadlines(o.deadlines.length)}`;
      if (
        await deps.publisher.postCard(conversationId, {
          type: 'message',
          summary,
          attachments: [attachment(outlookCard(o, deps.org.dateDisplay, { heading: T.outlook.weekly }))],
        })
      )
        return 1;
      await deps.repos.deliveries.release(key);
    } catch (err) {
      await deps.repos.deliveries.release(key);
      deps.logger.warn('Teams: outlook post failed; will retry', { week, error: err instanceof Error ? err.message : String(err) });
    }
    return 0;
  };
}
