/**
 * Posting deadline reminders into Teams conversations, for the dispatcher
 * (src/app/reminders.ts): a proactive message (continueConversationAsync) with the
 * conversation reference stored when the bot was installed or first used there.
 *
 * Exactly once, as for Slack:
 * - Nothing is retried behind the dispatcher's back. The Bot Framework SDK's HTTP
 *   pipeline retries 429 and 5xx by itself (up to 3 times); a blind retry after a lost
 *   answer could post twice, so the retry policy is taken out of the connector client
 *   used for a reminder, and its outcome (429 with Retry-After, 4xx, 5xx, timeout)
 *   goes back to the dispatcher.
 * - `findPosted` (a reminder claimed before, whose instance may have died between
 *   posting and recording) asks Microsoft Graph: the Bot Connector cannot list
 *   messages. With resource-specific consent (manifest: ChannelMessage.Read.Group,
 *   ChatMessage.Read.Chat) and an app-only token, it reads the channel thread or the
 *   group chat and looks for the card's marker (see cards/reminderCard.ts).
 *   - Graph unreachable, 429 or 5xx: throws; the dispatcher lets the claim lapse and
 *     asks again later, never posting blind.
 *   - No Graph (local mode, or a managed identity without a client secret), a personal
 *     chat (RSC does not cover it), or Graph refusing us (401/403: consent missing):
 *     returns null with a warning, and the reminder is posted again. Those cases are
 *     at-least-once on crash recovery: a reminder is never held back forever.
 */
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ConversationRepository } from '../app/ports';
import type { PostOutcome, ReminderDestination, ReminderNotifier } from '../app/reminders';
import type { ReminderView } from '../app/reminderView';
import type { Env } from '../infra/config';
import type { Logger } from '../infra/logger';
import { attachment } from './cards/card';
import { reminderCard, reminderMarker, reminderSummary } from './cards/reminderCard';

/** How many Graph pages (50 messages each) are searched for an earlier post. */
const SEARCH_PAGES = 5;
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

// ------------------------------------------------------------------ stored reference

/** What chogi stores next to the SDK's conversation reference (ConversationRef.reference is opaque JSON). */
export interface TeamsTeam {
  /** channelData.team.id: the team's thread id (19:…@thread.tacv2). */
  id: string;
  /** The Microsoft 365 group id, which Graph's /teams/{id} needs (when Teams sent it). */
  aadGroupId?: string;
}
export type StoredReference = Partial<ConversationReference> & { teamsTeam?: TeamsTeam };

/** The team of a channel activity (channelData.team), to store with the reference. */
export function teamOf(activity: { channelData?: unknown }): { teamsTeam?: TeamsTeam } {
  const team = (activity.channelData as { team?: { id?: unknown; aadGroupId?: unknown } } | undefined)?.team;
  if (!team || typeof team.id !== 'string' || !team.id) return {};
  return { teamsTeam: { id: team.id, ...(typeof team.aadGroupId === 'string' && team.aadGroupId ? { aadGroupId: team.aadGroupId } : {}) } };
}

/** `19:…@thread.tacv2;messageid=…` → `19:…@thread.tacv2` */
const withoutThread = (conversationId: string) => conversationId.split(';')[0];

/**
 * Where in a channel a reminder goes: the thread the request card is in. A card posted
 * inside a thread (the request was filed from a reply: its conversation id carries
 * `;messageid=<root>`) stays in that thread; a card posted as a new channel message
 * (to.thread) is the root of its own thread. Chats have no threads.
 */
function placeOf(to: ReminderDestination, channel: boolean): { conversationId: string; channelId: string; root: string | null } {
  const [channelId, ...rest] = to.channel.split(';');
  const given = /^messageid=(.+)$/.exec(rest.join(';'))?.[1] ?? null;
  if (!channel) return { conversationId: to.channel, channelId, root: null };
  const root = given ?? to.thread;
  return { conversationId: root ? `${channelId};messageid=${root}` : channelId, channelId, root };
}

// ------------------------------------------------------------------ Graph

export interface GraphSettings {
  clientId: string;
  clientSecret: string;
  /** Fallback tenant; each conversation's own tenant (conversation.tenantId) comes first. */
  tenantId?: string;
  /** e.g. https://graph.microsoft.com */
  graphUrl: string;
  /** e.g. https://login.microsoftonline.com */
  loginUrl: string;
  timeoutMs?: number;
}

/** Graph needs a client secret: not in local mode, nor with a managed identity. */
export function graphSettingsFrom(env: Env): GraphSettings | null {
  if (env.TEAMS_LOCAL_MODE || !env.MICROSOFT_APP_ID || !env.MICROSOFT_APP_PASSWORD || env.MICROSOFT_APP_TYPE === 'UserAssignedMSI') return null;
  return {
    clientId: env.MICROSOFT_APP_ID,
    clientSecret: env.MICROSOFT_APP_PASSWORD,
    tenantId: env.MICROSOFT_APP_TENANT_ID,
    graphUrl: env.MICROSOFT_GRAPH_URL,
    loginUrl: env.MICROSOFT_LOGIN_URL,
  };
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

interface GraphMessage {
  id?: string;
  attachments?: { contentType?: string; content?: unknown }[] | null;
}

export function createGraphClient(s: GraphSettings) {
  const graphBase = s.graphUrl.replace(/\/+$/, '');
  const loginBase = s.loginUrl.replace(/\/+$/, '');
  const timeoutMs = s.timeoutMs ?? 30_000;
  const tokens = new Map<string, { token: string; until: number }>();

  async function call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new GraphError(0, `Microsoft Graph could not be reached: ${(err as Error).message}`);
    }
  }

  async function token(tenant: string): Promise<string> {
    const hit = tokens.get(tenant);
    if (hit && hit.until > Date.now()) return hit.token;
    const res = await call(`${loginBase}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.clientSecret,
        scope: GRAPH_SCOPE,
      }).toString(),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!res.ok || !body.access_token) throw new GraphError(res.status, `token request refused: ${res.status} ${body.error ?? ''}`.trim());
    tokens.set(tenant, { token: body.access_token, until: Date.now() + Math.max(60, (body.expires_in ?? 3600) - 120) * 1000 });
    return body.access_token;
  }

  /**
   * Pages of a Graph list (following @odata.nextLink on Graph only, up to `maxPages`).
   * A page that is not a list, or `more` when pages remain past `maxPages`, is an error:
   * a partial list must not pass for the whole.
   */
  async function* pages<T>(tenant: string, path: string, maxPages: number, complete = false): AsyncGenerator<T[]> {
    let url: string | null = `${graphBase}${path}`;
    for (let page = 0; url; page++) {
      if (page >= maxPages) {
        if (complete) throw new GraphError(0, `GET ${path}: more than ${maxPages} pages`);
        return;
      }
      const res = await call(url, { headers: { authorization: `Bearer ${await token(tenant)}`, accept: 'application/json' } });
      const body = (await res.json().catch(() => ({}))) as { value?: T[]; '@odata.nextLink'?: string; error?: { code?: string } };
      if (!res.ok) throw new GraphError(res.status, `GET ${path}: ${res.status} ${body.error?.code ?? ''}`.trim());
      if (complete && !Array.isArray(body.value)) throw new GraphError(res.status, `GET ${path}: the answer is not a list`);
      yield body.value ?? [];
      const next = body['@odata.nextLink'];
      url = typeof next === 'string' && next.startsWith(`${graphBase}/`) ? next : null;
    }
  }

  /** One Graph object; `null` for 404. */
  async function object(tenant: string, path: string): Promise<unknown> {
    const res = await call(`${graphBase}${path}`, { headers: { authorization: `Bearer ${await token(tenant)}`, accept: 'application/json' } });
    const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
    if (res.status === 404) return null;
    if (!res.ok) throw new GraphError(res.status, `GET ${path}: ${res.status} ${body?.error?.code ?? ''}`.trim());
    return body;
  }

  return {
    messages: (tenant: string, path: string) => pages<GraphMessage>(tenant, path, SEARCH_PAGES),
    pages,
    object,
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;

// ------------------------------------------------------------------ posting

interface ErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined | null } };
}

/** Retry-After as seconds or an HTTP date, in ms (at least 1 s). */
function retryAfterMs(header: string | null | undefined): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1, seconds) * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(1000, at - Date.now()) : 1000;
}

/** The connector's answer as the dispatcher understands it. */
export function outcomeOfError(err: unknown): PostOutcome {
  const e = (err ?? {}) as ErrorLike;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const what = `${status ?? ''} ${e.code ?? ''} ${e.message ?? String(err)}`.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (status === 429) return { kind: 'rate_limited', retryAfterMs: retryAfterMs(e.response?.headers?.get?.('retry-after')) };
  // 403: the bot was removed; 404: the conversation is gone. Not posted, for sure.
  if (status !== undefined && status >= 400 && status < 500 && status !== 408) return { kind: 'failed', error: what, uncertain: false };
  // A timeout, no answer, a 5xx: the message may or may not be there.
  return { kind: 'failed', error: what || 'no answer', uncertain: true };
}

/** The connector client of a proactive turn, without the SDK's own retries (see the header). */
function withoutSdkRetries(ctx: TurnContext, timeoutMs: number, logger: Logger): void {
  const adapter = ctx.adapter as unknown as { ConnectorClientKey?: symbol };
  type Policy = { name: string; sendRequest: (req: { timeout: number }, next: (req: unknown) => Promise<unknown>) => Promise<unknown> };
  const client = adapter.ConnectorClientKey
    ? (ctx.turnState.get(adapter.ConnectorClientKey) as
        { client?: { pipeline?: { removePolicy(o: { phase?: string; name?: string }): unknown; addPolicy(p: Policy): void } } } | undefined)
    : undefined;
  const pipeline = client?.client?.pipeline;
  if (!pipeline) {
    logger.warn('Teams reminders: the connector client has no pipeline to adjust; the SDK may retry a post by itself');
    return;
  }
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.removePolicy({ name: 'chogiReminderTimeout' });
  pipeline.addPolicy({
    name: 'chogiReminderTimeout',
    sendRequest: (req, next) => {
      req.timeout = timeoutMs;
      return next(req);
    },
  });
}

export interface TeamsReminderDeps {
  adapter: CloudAdapter;
  appId: string;
  conversations: ConversationRepository;
  logger: Logger;
  /** null: no Graph (local mode, managed identity): crash recovery is at-least-once. */
  graph: GraphSettings | null;
  timeoutMs?: number;
}

export function createTeamsReminderNotifier(deps: TeamsReminderDeps): ReminderNotifier {
  const { adapter, appId, conversations, logger } = deps;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const graph = deps.graph ? createGraphClient(deps.graph) : null;

  /** The stored reference of a conversation (or of its channel, for a thread id). */
  async function referenceOf(conversationId: string): Promise<StoredReference | null> {
    const ref = (await conversations.get('teams', conversationId)) ?? (await conversations.get('teams', withoutThread(conversationId)));
    return ref ? (ref.reference as StoredReference) : null;
  }

  const isChannel = (ref: StoredReference) => ref.conversation?.conversationType === 'channel';

  return {
    async post(to: ReminderDestination, view: ReminderView): Promise<PostOutcome> {
      const stored = await referenceOf(to.channel);
      if (!stored?.conversation) {
        return {
          kind: 'failed',
          error: `no Teams conversation reference for ${to.channel}: the app must be installed in that conversation or used there once`,
          uncertain: false,
        };
      }
      const { teamsTeam: _team, activityId: _replyTo, ...reference } = stored;
      // A channel thread is its own conversation id.
      const { conversationId } = placeOf(to, isChannel(stored));
      const target = { ...reference, conversation: { ...stored.conversation, id: conversationId } } as Partial<ConversationReference>;
      const activity = { type: 'message' as const, summary: reminderSummary(view), attachments: [attachment(reminderCard(view))] };
      try {
        let id: string | undefined;
        // The app's onTurnError would swallow what the logic throws: the error is carried out by hand.
        let failure: { err: unknown } | null = null;
        await adapter.continueConversationAsync(appId, target, async (ctx) => {
          withoutSdkRetries(ctx, timeoutMs, logger);
          // A new message in the conversation (or thread), not a reply to the SDK's
          // made-up continuation activity id (sendToConversation, not replyToActivity).
          ctx.onSendActivities(async (_ctx, activities, next) => {
            for (const a of activities) delete a.replyToId;
            return next();
          });
          try {
            id = (await ctx.sendActivity(activity))?.id;
          } catch (err) {
            failure = { err };
          }
        });
        if (failure) return outcomeOfError((failure as { err: unknown }).err);
        if (!id) return { kind: 'failed', error: 'the connector answered without an activity id', uncertain: true };
        return { kind: 'posted', messageId: id, channel: to.channel };
      } catch (err) {
        return outcomeOfError(err);
      }
    },

    async findPosted(to: ReminderDestination, reminderId: string): Promise<string | null> {
      const stored = await referenceOf(to.channel);
      // Without a reference nothing can have been posted there.
      if (!stored?.conversation) return null;
      if (!graph) {
        logger.warn(
          'Teams reminders: no Microsoft Graph (local mode or no client secret): a reminder claimed before is posted again without checking',
          {
            reminderId,
            conversation: to.channel,
          },
        );
        return null;
      }
      const tenant = stored.conversation.tenantId ?? deps.graph?.tenantId;
      let path: string;
      if (isChannel(stored)) {
        if (!stored.teamsTeam) {
          // A reference stored before teams were recorded: the next activity in the channel brings it.
          logger.warn('Teams reminders: the team of this channel is not known yet; the reminder is posted again without checking', {
            reminderId,
            conversation: to.channel,
          });
          return null;
        }
        const group = stored.teamsTeam.aadGroupId ?? (await groupIdOf(stored));
        const place = placeOf(to, true);
        const channel = encodeURIComponent(place.channelId);
        path = place.root
          ? `/v1.0/teams/${encodeURIComponent(group)}/channels/${channel}/messages/${encodeURIComponent(place.root)}/replies?$top=50`
          : `/v1.0/teams/${encodeURIComponent(group)}/channels/${channel}/messages?$top=50`;
      } else if (stored.conversation.conversationType === 'groupChat') {
        path = `/v1.0/chats/${encodeURIComponent(to.channel)}/messages?$top=50&$orderby=createdDateTime%20desc`;
      } else {
        logger.warn('Teams reminders: a personal chat cannot be read with resource-specific consent; the reminder is posted again without checking', {
          reminderId,
          conversation: to.channel,
        });
        return null;
      }
      if (!tenant) throw new Error('Teams reminders: no tenant id for the conversation (set MICROSOFT_APP_TENANT_ID)');
      const marker = reminderMarker(reminderId);
      try {
        for await (const page of graph.messages(tenant, path)) {
          const hit = page.find((m) =>
            (m.attachments ?? []).some((a) => (typeof a.content === 'string' ? a.content : JSON.stringify(a.content ?? '')).includes(marker)),
          );
          if (hit?.id) return hit.id;
        }
        return null;
      } catch (err) {
        if (err instanceof GraphError && (err.status === 401 || err.status === 403)) {
          // Consent missing or revoked: holding the reminder back forever would be worse than a possible repeat.
          logger.error(
            'Teams reminders: Microsoft Graph refused to list the messages (is resource-specific consent granted?); posting again without checking',
            {
              reminderId,
              conversation: to.channel,
              error: err.message,
            },
          );
          return null;
        }
        if (err instanceof GraphError && err.status === 404) return null; // the thread or conversation is gone: not posted there
        throw err; // unreachable, 429, 5xx: the claim lapses and the check is made again later
      }
    },
  };

  /** The team's Microsoft 365 group id, asked of the Bot Connector when Teams did not send it. */
  async function groupIdOf(stored: StoredReference): Promise<string> {
    const teamId = stored.teamsTeam?.id ?? '';
    const { TeamsInfo } = await import('botbuilder');
    let group: string | undefined;
    const { teamsTeam: _team, activityId: _a, ...reference } = stored;
    let failure: { err: unknown } | null = null;
    await adapter.continueConversationAsync(appId, reference, async (ctx) => {
      try {
        group = (await TeamsInfo.getTeamDetails(ctx, teamId)).aadGroupId;
      } catch (err) {
        failure = { err };
      }
    });
    if (failure) throw (failure as { err: unknown }).err;
    if (!group) throw new Error('Teams reminders: the Bot Connector returned no aadGroupId for the team');
    return group;
  }
}
