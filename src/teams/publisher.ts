import type { RequestStatusInfo } from '../domain/status';
import { TurnContext, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { baseConversationId } from '../app/following';
import type { ConversationRepository, PostRepository } from '../app/ports';
import { postContent } from '../app/postContent';
import { requestView } from '../app/requestView';
import type { AttachmentLine } from '../app/attachments';
import type { MeetingSummary } from '../domain/meeting';
import type { OrgConfig } from '../domain/org';
import type { AgendaRequest } from '../domain/request';
import type { Logger } from '../infra/logger';
import { attachment } from './cards/card';
import { requestCard, requestSummary } from './cards/requestCard';

/** The part of the Bot Connector client (botframework-connector's ConnectorClient) used here. */
interface ConnectorConversations {
  conversations: { sendToConversation(conversationId: string, activity: Activity): Promise<{ id?: string }> };
}

/** Posts requests into Teams conversations and keeps those cards in step with the stored request. */
export function createTeamsPublisher(deps: {
  adapter: CloudAdapter;
  appId: string;
  org: OrgConfig;
  posts: PostRepository;
  conversations: ConversationRepository;
  logger: Logger;
  /** The live meeting summary shown on the card (issue 6); absent = none shown. */
  meetingSummary?: (request: AgendaRequest) => Promise<MeetingSummary>;
  /** The request's 別紙資料 with their links; absent = none listed. */
  attachments?: (requestId: string) => Promise<AttachmentLine[]>;
  /** 状況 of a request (from its recorded results); absent = derived from the request alone. */
  status?: (request: AgendaRequest) => Promise<RequestStatusInfo>;
}) {
  const { adapter, appId, org, posts, conversations, logger } = deps;

  const message = async (request: AgendaRequest) => {
    const { summary, attachments: files, status } = await postContent(request, deps, logger);
    const view = requestView(request, org, summary, status);
    return { type: 'message' as const, summary: requestSummary(view), attachments: [attachment(requestCard(view, files))] };
  };

  /** Posts the request into the conversation of this turn and remembers where. */
  async function post(context: TurnContext, request: AgendaRequest): Promise<string | null> {
    const sent = await context.sendActivity(await message(request));
    const conversationId = context.activity.conversation.id;
    if (!sent?.id) {
      logger.warn('Teams: the connector returned no activity id; the card cannot be updated in place', { requestId: request.id });
      return null;
    }
    await posts.save({ requestId: request.id, platform: 'teams', channelId: conversationId, messageId: sent.id, permalink: null });
    return sent.id;
  }

  /**
   * A new message in a conversation, proactively: sendToConversation, not a reply to
   * whatever the bot last heard there (sendActivity would reply to the continuation
   * activity's made-up id). The posted activity's id, or null.
   */
  async function sendNew(reference: Partial<ConversationReference>, conversationId: string, activity: Partial<Activity>): Promise<string | null> {
    const ref = {
      ...reference,
      activityId: undefined,
      conversation: { ...reference.conversation, id: conversationId } as ConversationReference['conversation'],
    };
    let id: string | undefined;
    await adapter.continueConversationAsync(appId, ref, async (ctx) => {
      const client = ctx.turnState.get<ConnectorConversations>(ctx.adapter.ConnectorClientKey);
      const a = TurnContext.applyConversationReference({ ...activity }, ref);
      delete a.replyToId;
      id = (await client.conversations.sendToConversation(conversationId, a as Activity)).id;
    });
    return id ?? null;
  }

  /** The stored reference of a conversation the bot knows, else null (logged). */
  async function referenceOf(conversationId: string, what: Record<string, unknown>): Promise<Partial<ConversationReference> | null> {
    const ref = await conversations.get('teams', conversationId);
    if (!ref) {
      logger.warn('Teams: the bot has no conversation reference for this conversation yet (install the app there or mention it once)', {
        ...what,
        conversation: conversationId,
      });
      return null;
    }
    return ref.reference as Partial<ConversationReference>;
  }

  /**
   * Posts the request proactively into a conversation the bot knows (a conversation
   * reference is stored when the bot is installed there or first used), e.g. the Teams
   * conversation linked to the Slack channel it was filed in. False when it cannot.
   */
  async function postTo(request: AgendaRequest, conversationId: string): Promise<boolean> {
    const reference = await referenceOf(conversationId, { requestId: request.id });
    if (!reference) return false;
    const id = await sendNew(reference, conversationId, await message(request));
    if (!id) {
      logger.warn('Teams: the connector returned no activity id; the card cannot be updated in place', { requestId: request.id });
      return false;
    }
    await posts.save({ requestId: request.id, platform: 'teams', channelId: conversationId, messageId: id, permalink: null });
    return true;
  }

  /** Posts a card of ours (e.g. a meeting day's agenda) into a conversation the bot knows; false when it cannot. */
  async function postCard(conversationId: string, activity: Partial<Activity>): Promise<boolean> {
    const reference = await referenceOf(conversationId, { summary: activity.summary });
    return reference !== null && (await sendNew(reference, conversationId, activity)) !== null;
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
          await ctx.updateActivity({ ...(await message(request)), id: p.messageId });
        });
        updated++;
      } catch (err) {
        logger.warn('Teams: updateActivity failed', { requestId: request.id, conversation: p.channelId, error: (err as Error).message });
      }
    }
    return updated;
  }

  /**
   * Posts into the request's thread (issue 6: opinions, answers, minutes). In a channel
   * the conversation id `…;messageid=<the request card's id>` is that thread; in a chat,
   * the chat itself. Prefers the request's card in `near` (a conversation id); false when
   * the request has no Teams card (the caller then answers where it was asked).
   */
  async function postInThread(request: AgendaRequest, activity: Partial<Activity>, near?: string): Promise<boolean> {
    const mine = (await posts.listFor(request.id)).filter((p) => p.platform === 'teams');
    const p = mine.find((x) => near !== undefined && baseConversationId(x.channelId) === baseConversationId(near)) ?? mine[0];
    const ref = p ? await conversations.get('teams', p.channelId) : null;
    if (!p || !ref) return false;
    const reference = ref.reference as Partial<ConversationReference>;
    const inChannel = reference.conversation?.conversationType === 'channel' && baseConversationId(p.channelId) === p.channelId;
    await sendNew(reference, inChannel ? `${p.channelId};messageid=${p.messageId}` : p.channelId, activity);
    return true;
  }

  return { post, postTo, postCard, refresh, postInThread };
}

export type TeamsPublisher = ReturnType<typeof createTeamsPublisher>;
