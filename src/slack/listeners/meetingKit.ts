import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { coalescing } from '../../app/coalesce';
import type { MeetingService } from '../../app/meetings';
import { createOnce, type Once } from '../../app/once';
import { DomainError, messageFor } from '../../domain/errors';
import type { Actor } from '../../domain/request';
import type { SlackDeps } from '../deps';
import { S } from '../strings';
import { asBlocks, type Block } from '../views/blocks';

/**
 * Meeting day in Slack (issue 4): the buttons on a request's message (出席登録, 出席,
 * 意見を記入, 議事録, 会議を終了), on each opinion in its thread (回答, 訂正, 取り下げ)
 * and the modals behind them. Shared plumbing lives here; one file per surface.
 */

/** What a meeting modal carries: request, tier, where the request message is (thread). */
export const meetingMetadata = z.object({
  r: z.string().min(1), // request id
  t: z.string(), // tier id ('' = the current tier)
  c: z.string(), // channel
  m: z.string(), // thread ts ('' = unknown)
  o: z.string().optional(), // opinion id (correcting / answering)
  a: z.string().optional(), // answer id (correcting)
});
export type MeetingMetadata = z.infer<typeof meetingMetadata>;

export function readMeetingMetadata(text: string | undefined): MeetingMetadata | null {
  try {
    const r = meetingMetadata.safeParse(JSON.parse(text ?? ''));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export interface MeetingKit {
  meetings: MeetingService;
  deps: SlackDeps;
  /** Applies a modal's submission once (see slackViewKey): a retry or double click changes nothing more. */
  once: Once;
  actor(userId: string): Actor;
  /** The ts of the request's message in this channel (its thread), else the fallback. */
  threadOf(requestId: string, channel: string, fallback?: string): Promise<{ channel: string; ts: string } | null>;
  /** Posts into the request's thread. */
  postInThread(client: WebClient, where: { channel: string; ts: string }, msg: { text: string; blocks: Block[] }): Promise<void>;
  /**
   * Brings the request's message (its live summary) up to date. Calls for the same
   * request while one is running collapse into one more: 30 opinions at once cost two
   * or three chat.update calls, not thirty (Slack rate-limits chat.update).
   */
  refreshSoon(client: WebClient, requestId: string): Promise<void>;
  /** Tells the person why not: ephemeral in the channel (DM when that fails). */
  explain(client: WebClient, a: { channel: string; user: string; err: unknown }): Promise<void>;
}

export function messageForPerson(err: unknown, userId: string): string {
  if (err instanceof DomainError && err.code === 'meeting.unmapped') return S.unmapped(userId);
  return messageFor(err);
}

export function meetingKit(deps: SlackDeps, meetings: MeetingService): MeetingKit {
  // One client per app: the coalesced refresh keeps the latest one it was given.
  let lastClient: WebClient | null = null;
  const refresh = coalescing(
    async (requestId) => {
      const request = await deps.repos.requests.get(requestId);
      if (request && lastClient) await deps.publisher.refresh(lastClient, request);
    },
    (requestId, err) => deps.logger.warn('meeting summary refresh failed', { requestId, error: String(err) }),
  );
  const refreshSoon = (client: WebClient, requestId: string) => {
    lastClient = client;
    return refresh(requestId);
  };

  return {
    meetings,
    deps,
    once: createOnce({ deliveries: deps.repos.deliveries, clock: deps.clock }),
    actor: (userId) => ({ platform: 'slack', userId }),

    async threadOf(requestId, channel, fallback) {
      const posts = (await deps.repos.posts.listFor(requestId)).filter((p) => p.platform === 'slack');
      const here = posts.find((p) => p.channelId === channel);
      if (here) return { channel: here.channelId, ts: here.messageId };
      if (fallback && channel) return { channel, ts: fallback };
      return posts[0] ? { channel: posts[0].channelId, ts: posts[0].messageId } : null;
    },

    async postInThread(client, where, msg) {
      await client.chat.postMessage({
        channel: where.channel,
        thread_ts: where.ts,
        text: msg.text,
        blocks: asBlocks(msg.blocks),
        unfurl_links: false,
      });
    },

    refreshSoon: (client, requestId) => refreshSoon(client, requestId),

    async explain(client, a) {
      if (!(a.err instanceof DomainError)) deps.logger.error('meeting action failed', { error: String(a.err), stack: (a.err as Error)?.stack });
      const text = messageForPerson(a.err, a.user);
      await deps.publisher
        .tell(client, { channel: a.channel, user: a.user, text })
        .catch((e: unknown) => deps.logger.error('could not tell the person', { error: String(e) }));
    },
  };
}
