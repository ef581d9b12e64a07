import type { RequestStatusInfo } from '../domain/status';
import type { WebClient } from '@slack/web-api';
import type { PostRepository } from '../app/ports';
import type { AttachmentLine } from '../app/attachments';
import { requestView } from '../app/requestView';
import { postContent } from '../app/postContent';
import type { OrgConfig } from '../domain/org';
import type { MeetingSummary } from '../domain/meeting';
import type { AgendaRequest } from '../domain/request';
import type { Logger } from '../infra/logger';
import { ActionId } from './ids';
import { S } from './strings';
import { requestMessage } from './views/requestMessage';
import { actions, asBlocks, button, section, type Block } from './views/blocks';

export type PublishResult =
  | { kind: 'posted'; channel: string; ts: string }
  | { kind: 'external_shared' }
  /** Whether the channel is shared could not be told (an API error, a timeout): not posted. */
  | { kind: 'check_failed' }
  | { kind: 'not_in_channel' };

function slackError(err: unknown): string | null {
  const e = err as { data?: { error?: string } };
  return e?.data?.error ?? null;
}

/** Posts requests into Slack and keeps their messages in step with the stored request. */
export function createSlackPublisher(deps: {
  org: OrgConfig;
  posts: PostRepository;
  logger: Logger;
  /** The live meeting summary shown on the message (issue 4); absent = none shown. */
  meetingSummary?: (request: AgendaRequest) => Promise<MeetingSummary | null>;
  /** 状況 of a request (from its recorded results); absent = derived from the request alone. */
  status?: (request: AgendaRequest) => Promise<RequestStatusInfo>;
  /** A signed .ics link for a request; absent = no calendar button. */
  calendarLink?: (requestId: string) => string;
  /** The request's 別紙資料 with their links; absent = none listed. */
  attachments?: (requestId: string) => Promise<AttachmentLine[]>;
  /** After a request was posted in a channel (the linked Teams conversation gets it too). */
  onPosted?: (request: AgendaRequest, channel: string) => Promise<void>;
  /** After a request changed through Slack (its posts on other platforms are refreshed). */
  onChanged?: (request: AgendaRequest) => Promise<void>;
}) {
  const { org, posts, logger } = deps;

  async function message(request: AgendaRequest) {
    const { summary, attachments, status } = await postContent(request, deps, logger);
    return requestMessage(requestView(request, org, summary, status), { calendarUrl: deps.calendarLink?.(request.id), attachments });
  }

  /**
   * Pre-decision material stays out of channels shared with other organisations. When
   * Slack cannot tell (an error, a timeout), the answer is 'unknown' and nothing is posted.
   */
  async function isExternallyShared(client: WebClient, channel: string): Promise<'shared' | 'not_shared' | 'unknown'> {
    if (org.allowExternalSharedChannels) return 'not_shared';
    try {
      const info = await client.conversations.info({ channel });
      const c = info.channel as { is_ext_shared?: boolean; is_pending_ext_shared?: boolean } | undefined;
      if (!c) return 'unknown';
      return c.is_ext_shared || c.is_pending_ext_shared ? 'shared' : 'not_shared';
    } catch (err) {
      const code = slackError(err);
      logger.warn('conversations.info failed', { channel, error: code ?? String(err) });
      // A channel the bot cannot see at all cannot be posted in either: say so as such.
      if (code === 'channel_not_found') return 'not_shared';
      return 'unknown';
    }
  }

  async function post(client: WebClient, request: AgendaRequest, channel: string): Promise<PublishResult> {
    const shared = await isExternallyShared(client, channel);
    if (shared === 'shared') return { kind: 'external_shared' };
    if (shared === 'unknown') return { kind: 'check_failed' };
    const msg = await message(request);
    // One live message per request and channel: posting again (再投稿, a second click)
    // brings the message already there up to date instead of leaving it behind, never
    // updated again. Only when it is gone is a new one posted in its place.
    const earlier = (await posts.listFor(request.id)).find((p) => p.platform === 'slack' && p.channelId === channel);
    if (earlier) {
      try {
        await client.chat.update({ channel: earlier.channelId, ts: earlier.messageId, text: msg.text, blocks: asBlocks(msg.blocks) });
        return { kind: 'posted', channel: earlier.channelId, ts: earlier.messageId };
      } catch (err) {
        logger.info('the earlier post cannot be updated; posting it again', {
          requestId: request.id,
          channel,
          error: slackError(err) ?? String(err),
        });
      }
    }
    try {
      const res = await client.chat.postMessage({ channel, text: msg.text, blocks: asBlocks(msg.blocks), unfurl_links: false });
      const ts = res.ts as string;
      const postedChannel = (res.channel as string) ?? channel;
      let permalink: string | null = null;
      try {
        permalink = ((await client.chat.getPermalink({ channel: postedChannel, message_ts: ts })).permalink as string) ?? null;
      } catch (err) {
        logger.warn('chat.getPermalink failed', { error: slackError(err) ?? String(err) });
      }
      await posts.save({ requestId: request.id, platform: 'slack', channelId: postedChannel, messageId: ts, permalink });
      await deps
        .onPosted?.(request, postedChannel)
        .catch((err: unknown) => logger.warn('following a posted request failed', { requestId: request.id, error: String(err) }));
      return { kind: 'posted', channel: postedChannel, ts };
    } catch (err) {
      const code = slackError(err);
      if (code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived') return { kind: 'not_in_channel' };
      throw err;
    }
  }

  /**
   * After a change made in Slack: updates the request's Slack messages, then its posts
   * on the other platforms.
   */
  async function refresh(client: WebClient, request: AgendaRequest): Promise<number> {
    const updated = await refreshHere(client, request);
    await deps
      .onChanged?.(request)
      .catch((err: unknown) => logger.warn('refreshing other platforms failed', { requestId: request.id, error: String(err) }));
    return updated;
  }

  /** Updates every Slack message of a request in place (chat.update, never a repost). */
  async function refreshHere(client: WebClient, request: AgendaRequest): Promise<number> {
    const msg = await message(request);
    let updated = 0;
    for (const p of (await posts.listFor(request.id)).filter((p) => p.platform === 'slack')) {
      try {
        await client.chat.update({ channel: p.channelId, ts: p.messageId, text: msg.text, blocks: asBlocks(msg.blocks) });
        updated++;
      } catch (err) {
        logger.warn('chat.update failed', { requestId: request.id, channel: p.channelId, error: slackError(err) ?? String(err) });
      }
    }
    return updated;
  }

  /** Tells one person something in the channel (ephemeral), or by DM when that fails. */
  async function tell(client: WebClient, a: { channel: string; user: string; text: string; blocks?: Block[] }): Promise<void> {
    try {
      await client.chat.postEphemeral({ channel: a.channel, user: a.user, text: a.text, blocks: a.blocks && asBlocks(a.blocks) });
    } catch (err) {
      logger.info('ephemeral failed, sending a direct message', { error: slackError(err) ?? String(err) });
      await client.chat.postMessage({ channel: a.user, text: a.text, blocks: a.blocks && asBlocks(a.blocks) });
    }
  }

  /** Posts a newly filed request where it was filed, or explains why not and offers a way. */
  async function publishFiled(client: WebClient, request: AgendaRequest, channel: string, user: string): Promise<PublishResult> {
    const r = await post(client, request, channel);
    if (r.kind === 'external_shared') {
      const text = S.externalShared(request.caseNo);
      await tell(client, {
        channel,
        user,
        text,
        blocks: [
          section(text),
          actions(`post_to.${request.id}`, [
            {
              type: 'conversations_select',
              action_id: ActionId.postTo,
              placeholder: { type: 'plain_text', text: S.chooseChannel },
              filter: { include: ['public', 'private'], exclude_external_shared_channels: true, exclude_bot_users: true },
            },
          ]),
        ],
      });
    } else if (r.kind === 'check_failed') {
      const text = S.sharedCheckFailed(request.caseNo);
      await tell(client, {
        channel,
        user,
        text,
        blocks: [section(text), actions(`repost.${request.id}`, [button({ id: ActionId.repost, text: S.repost, value: request.id })])],
      }).catch((err: unknown) => logger.warn('telling the filer failed', { requestId: request.id, error: slackError(err) ?? String(err) }));
    } else if (r.kind === 'not_in_channel') {
      const text = S.notInChannel(request.caseNo, channel);
      // The bot cannot speak in that channel at all: a direct message reaches the person.
      await client.chat.postMessage({
        channel: user,
        text,
        blocks: asBlocks([section(text), actions(`repost.${request.id}`, [button({ id: ActionId.repost, text: S.repost, value: request.id })])]),
      });
    }
    return r;
  }

  return { post, refresh, refreshHere, tell, publishFiled, isExternallyShared };
}

export type SlackPublisher = ReturnType<typeof createSlackPublisher>;
