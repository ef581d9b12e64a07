import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ConversationRepository, PostRepository } from '../app/ports';
import { requestView } from '../app/requestView';
import type { OrgConfig } from '../domain/org';
import type { AgendaRequest } from '../domain/request';
import type { Logger } from '../infra/logger';
import { attachment } from './cards/card';
import { requestCard, requestSummary } from './cards/requestCard';

/** Posts requests into Teams conversations and keeps those cards in step with the stored request. */
export function createTeamsPublisher(deps: {
  adapter: CloudAdapter;
  appId: string;
  org: OrgConfig;
  posts: PostRepository;
  conversations: ConversationRepository;
  logger: Logger;
}) {
  const { adapter, appId, org, posts, conversations, logger } = deps;

  const message = (request: AgendaRequest) => {
    const view = requestView(request, org);
    return { type: 'message' as const, summary: requestSummary(view), attachments: [attachment(requestCard(view))] };
  };

  /** Posts the request into the conversation of this turn and remembers where. */
  async function post(context: TurnContext, request: AgendaRequest): Promise<string | null> {
    const sent = await context.sendActivity(message(request));
    const conversationId = context.activity.conversation.id;
    if (!sent?.id) {
      logger.warn('Teams: the connector returned no activity id; the card cannot be updated in place', { requestId: request.id });
      return null;
    }
    await posts.save({ requestId: request.id, platform: 'teams', channelId: conversationId, messageId: sent.id, permalink: null });
    return sent.id;
  }

  /** Updates every Teams card of a request in place (updateActivity, never a repost). */
  async function refresh(request: AgendaRequest): Promise<number> {
    let updated = 0;
    for (const p of (await posts.listFor(request.id)).filter((x) => x.platform === 'teams')) {
      const ref = await conversations.get('teams', p.channelId);
      if (!ref) {
        logger.warn('Teams: no conversation reference for a posted card', { requestId: request.id, conversation: p.channelId });
        continue;
      }
      try {
        await adapter.continueConversationAsync(appId, ref.reference as Partial<ConversationReference>, async (ctx) => {
          await ctx.updateActivity({ ...message(request), id: p.messageId });
        });
        updated++;
      } catch (err) {
        logger.warn('Teams: updateActivity failed', { requestId: request.id, conversation: p.channelId, error: (err as Error).message });
      }
    }
    return updated;
  }

  return { post, refresh };
}

export type TeamsPublisher = ReturnType<typeof createTeamsPublisher>;
