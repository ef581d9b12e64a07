import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { ConversationRepository } from '../app/ports';
import type { PlatformDirectory } from '../app/visibility';
import type { ChogiTeamsAdapter } from './adapter';

type Reference = Parameters<ChogiTeamsAdapter['continueConversationAsync']>[1] & { conversation?: { tenantId?: string } };

/** The HTTP status of a Bot Connector error, when it has one. */
function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; status?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}

/**
 * What the Bot Connector tells about people and conversations, for the visibility rule:
 * asked in a conversation the bot knows (a stored reference), never guessed. A person is
 * looked up in the conversation they ask from (userRole 'guest', their tenant); a
 * conversation is another organisation's when its tenant is not served.
 */
export function createTeamsDirectory(a: {
  adapter: ChogiTeamsAdapter;
  appId: string;
  conversations: ConversationRepository;
  /** The tenants served; empty = any (local mode only: the config refuses it otherwise). */
  tenants: readonly string[];
}): PlatformDirectory {
  const served = (tenant: string | undefined) => a.tenants.length === 0 || (!!tenant && a.tenants.includes(tenant));

  async function reference(conversationId: string): Promise<Reference | null> {
    const stored = await a.conversations.get('teams', conversationId);
    if (!stored) return null;
    const { teamsTeam: _team, activityId: _activity, ...reference } = stored.reference as Reference & { teamsTeam?: unknown; activityId?: string };
    return reference as Reference;
  }

  /** Runs `fn` in a turn of the stored conversation (the connector's client and credentials). */
  async function inConversation<T>(ref: Reference, fn: (ctx: TurnContext) => Promise<T>): Promise<T> {
    let out: { value: T } | { err: unknown } | null = null;
    await a.adapter.continueConversationAsync(a.appId, ref, async (ctx) => {
      try {
        out = { value: await fn(ctx) };
      } catch (err) {
        out = { err };
      }
    });
    const result = out as { value: T } | { err: unknown } | null;
    if (!result) throw new Error('the Bot Connector turn did not run');
    if ('err' in result) throw result.err;
    return result.value;
  }

  /** The member, null when the connector says they are not in the conversation (404). */
  async function member(ref: Reference, userId: string) {
    try {
      return await inConversation(ref, (ctx) => TeamsInfo.getMember(ctx, userId));
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw new Error(`Teams getMember: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  return {
    platform: 'teams',

    async person(userId, here) {
      if (!here) throw new Error('Teams: a person is looked up in a conversation, and none was given');
      const ref = await reference(here);
      if (!ref) throw new Error(`Teams: no stored reference for ${here}`);
      const m = await member(ref, userId);
      if (!m) throw new Error('Teams: the person is not a member of the conversation they asked from');
      return { guest: m.userRole === 'guest' || m.userRole === 'anonymous', external: !served(m.tenantId) };
    },

    async conversation(channelId) {
      const ref = await reference(channelId);
      if (!ref) throw new Error(`Teams: no stored reference for ${channelId}`);
      return { external: !served(ref.conversation?.tenantId) };
    },

    async memberships(userId, candidates) {
      const found = new Set<string>();
      for (const c of new Set(candidates)) {
        const ref = await reference(c);
        // A conversation the bot never heard from cannot be asked: not counted as the person's.
        if (!ref) continue;
        if (await member(ref, userId)) found.add(c);
      }
      return found;
    },
  };
}
