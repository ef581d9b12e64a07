/**
 * Posting reminders to Slack, for the dispatcher (src/app/reminders.ts).
 *
 * Its own Web API client: 429s are handed back (rejectRateLimitedCalls) so the
 * dispatcher can hold that one channel for Retry-After while the others go on (the
 * shared client would pause every call), and nothing is retried behind our back: a
 * blind retry after a lost response could post twice. Each message carries metadata
 * (event_type chogi_reminder, reminder_id) so a post can be found again after a crash.
 */
import { WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { PostOutcome, ReminderDestination, ReminderNotifier } from '../app/reminders';
import type { ReminderView } from '../app/reminderView';
import { asBlocks } from './views/blocks';
import { REMINDER_EVENT_TYPE, reminderMessage, reminderMetadata } from './reminderMessage';

/** How many pages (200 messages each) are searched for an earlier post. */
const SEARCH_PAGES = 5;

interface SlackErrorLike {
  code?: string;
  retryAfter?: number;
  data?: { error?: string };
  statusCode?: number;
}

export function reminderClient(token: string, opts: { slackApiUrl?: string; logger?: SlackLogger; timeoutMs?: number }): WebClient {
  return new WebClient(token, {
    ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl.endsWith('/') ? opts.slackApiUrl : `${opts.slackApiUrl}/` } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: opts.timeoutMs ?? 30_000,
    maxRequestConcurrency: 200,
  });
}

export function outcomeOfError(err: unknown): PostOutcome {
  const e = err as SlackErrorLike;
  if (e?.code === 'slack_webapi_rate_limited_error') return { kind: 'rate_limited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  if (e?.code === 'slack_webapi_platform_error') return { kind: 'failed', error: e.data?.error ?? 'platform_error', uncertain: false };
  // No answer, a timeout or a 5xx: the message may or may not be there.
  return { kind: 'failed', error: e?.code ?? (err instanceof Error ? err.message : String(err)), uncertain: true };
}

type Msg = { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } };

export function createSlackReminderNotifier(client: WebClient): ReminderNotifier {
  return {
    async post(to: ReminderDestination, view: ReminderView): Promise<PostOutcome> {
      const msg = reminderMessage(view);
      try {
        const res = await client.chat.postMessage({
          channel: to.channel,
          ...(to.thread ? { thread_ts: to.thread } : {}),
          text: msg.text,
          blocks: asBlocks(msg.blocks),
          metadata: reminderMetadata(view.reminderId),
          unfurl_links: false,
          unfurl_media: false,
        });
        return { kind: 'posted', messageId: res.ts as string, channel: (res.channel as string) ?? to.channel };
      } catch (err) {
        return outcomeOfError(err);
      }
    },

    async findPosted(to: ReminderDestination, reminderId: string): Promise<string | null> {
      let cursor: string | undefined;
      for (let page = 0; page < SEARCH_PAGES; page++) {
        const res = to.thread
          ? await client.conversations.replies({ channel: to.channel, ts: to.thread, include_all_metadata: true, limit: 200, cursor })
          : await client.conversations.history({ channel: to.channel, include_all_metadata: true, limit: 200, cursor });
        const hit = ((res.messages ?? []) as Msg[]).find(
          (m) => m.metadata?.event_type === REMINDER_EVENT_TYPE && m.metadata.event_payload?.reminder_id === reminderId,
        );
        if (hit?.ts) return hit.ts;
        cursor = (res.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
        if (!cursor) return null;
      }
      return null;
    },
  };
}
