/**
 * Posting reminders to Slack, for the dispatcher (src/app/reminders.ts).
 *
 * chat.postMessage goes out as one plain HTTP call on a keep-alive connection (JSON body,
 * `Authorization: Bearer`), not through the WebClient: at thousands of reminders a
 * minute the WebClient's per-call work (form encoding, its queue, axios) was a fifth of
 * the bot's CPU. Its answers map to a PostOutcome as the WebClient's errors did:
 * - `ok: false` → failed, not uncertain (Slack refused it: channel gone, bot removed…);
 * - HTTP 429 → rate_limited for Retry-After, handed back so the dispatcher holds that
 *   one channel while the others go on;
 * - no answer, a timeout or a 5xx → failed, uncertain (it may have been posted).
 * Nothing is retried behind the dispatcher's back: a blind retry after a lost response
 * could post twice. Each message carries metadata (event_type chogi_reminder,
 * reminder_id) so a post can be found again after a crash (findPosted, on the WebClient:
 * a rare path).
 */
import { WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { PostOutcome, ReminderDestination, ReminderNotifier } from '../app/reminders';
import type { ReminderView } from '../app/reminderView';
import { asBlocks } from './views/blocks';
import { jsonPoster } from './jsonPost';
import { REMINDER_EVENT_TYPE, reminderMessage, reminderMetadata } from './reminderMessage';

/** How many pages (200 messages each) are searched for an earlier post. */
const SEARCH_PAGES = 5;
const DEFAULT_TIMEOUT_MS = 30_000;

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
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRequestConcurrency: 200,
  });
}

/** A WebClient error as a PostOutcome (the findPosted path, and callers of the WebClient). */
export function outcomeOfError(err: unknown): PostOutcome {
  const e = err as SlackErrorLike;
  if (e?.code === 'slack_webapi_rate_limited_error') return { kind: 'rate_limited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  if (e?.code === 'slack_webapi_platform_error') return { kind: 'failed', error: e.data?.error ?? 'platform_error', uncertain: false };
  // No answer, a timeout or a 5xx: the message may or may not be there.
  return { kind: 'failed', error: e?.code ?? (err instanceof Error ? err.message : String(err)), uncertain: true };
}

/** Slack's answer to one HTTP call as a PostOutcome (same mapping as outcomeOfError). */
export function outcomeOfAnswer(status: number, retryAfter: string | undefined, body: string, channel: string): PostOutcome {
  if (status === 429) {
    const seconds = Number(retryAfter);
    return { kind: 'rate_limited', retryAfterMs: Math.max(1, Number.isFinite(seconds) ? seconds : 1) * 1000 };
  }
  if (status !== 200) return { kind: 'failed', error: `slack_webapi_http_error: HTTP ${status}`, uncertain: true };
  let json: { ok?: boolean; ts?: string; channel?: string; error?: string };
  try {
    json = JSON.parse(body) as typeof json;
  } catch {
    // A 200 we cannot read (a proxy's page?): it may have been posted.
    return { kind: 'failed', error: 'slack_webapi_request_error: unreadable answer', uncertain: true };
  }
  if (json.ok === true && typeof json.ts === 'string') return { kind: 'posted', messageId: json.ts, channel: json.channel ?? channel };
  if (json.ok === true) return { kind: 'failed', error: 'slack_webapi_request_error: no ts in answer', uncertain: true };
  return { kind: 'failed', error: json.error ?? 'platform_error', uncertain: false };
}

/**
 * chat.postMessage as one HTTP POST on a kept-alive connection. Resolves with the
 * outcome; never rejects.
 */
export function createSlackPoster(token: string, opts: { slackApiUrl?: string; timeoutMs?: number; maxSockets?: number } = {}) {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const poster = jsonPoster(token, { slackApiUrl: opts.slackApiUrl, timeoutMs, maxSockets: opts.maxSockets ?? 200 });

  async function post(message: Record<string, unknown>, channel: string): Promise<PostOutcome> {
    const a = await poster.post('chat.postMessage', message);
    if (a.kind === 'answer') return outcomeOfAnswer(a.status, a.retryAfter, a.body, channel);
    const error = a.kind === 'timeout' ? `timeout after ${timeoutMs} ms` : a.error.message;
    return { kind: 'failed', error: `slack_webapi_request_error: ${error}`, uncertain: true };
  }

  return { post, close: () => poster.close() };
}

type Msg = { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } };

/**
 * The Slack notifier: posts with its own keep-alive HTTP calls to the WebClient's API
 * URL and token, and searches for earlier posts with the WebClient.
 */
export function createSlackReminderNotifier(client: WebClient, opts: { timeoutMs?: number } = {}): ReminderNotifier {
  const poster = createSlackPoster(client.token ?? '', { slackApiUrl: client.slackApiUrl, timeoutMs: opts.timeoutMs });
  return {
    post(to: ReminderDestination, view: ReminderView): Promise<PostOutcome> {
      const msg = reminderMessage(view);
      return poster.post(
        {
          channel: to.channel,
          ...(to.thread ? { thread_ts: to.thread } : {}),
          text: msg.text,
          blocks: asBlocks(msg.blocks),
          metadata: reminderMetadata(view.reminderId),
          unfurl_links: false,
          unfurl_media: false,
        },
        to.channel,
      );
    },

    async findPosted(to: ReminderDestination, reminderId: string): Promise<string | null> {
      // A direct message is addressed by the user's id when posting; reading its history
      // needs the DM's own id.
      const channel = /^[UW]/.test(to.channel)
        ? (((await client.conversations.open({ users: to.channel })).channel as { id?: string } | undefined)?.id ?? to.channel)
        : to.channel;
      let cursor: string | undefined;
      for (let page = 0; page < SEARCH_PAGES; page++) {
        const res = to.thread
          ? await client.conversations.replies({ channel, ts: to.thread, include_all_metadata: true, limit: 200, cursor })
          : await client.conversations.history({ channel, include_all_metadata: true, limit: 200, cursor });
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
