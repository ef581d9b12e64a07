/**
 * A request followed on both platforms (issue 6): when the org configuration links a
 * Slack channel and a Teams conversation to the same tier, a request filed in one is
 * also posted in the other, and every change to it refreshes its posts on both.
 *
 * Platform neutral: each platform plugs in how it posts into a conversation and how it
 * brings its posts up to date; this module decides where and when.
 */
import type { OrgConfig } from '../domain/org';
import type { AgendaRequest, Conversation, Platform } from '../domain/request';
import type { Logger } from '../infra/logger';
import type { PostRepository } from './ports';

/** What a platform offers to the other: post a request into one of its conversations, refresh its posts. */
export interface FollowingChannel {
  /** Posts the request into the conversation; false when it could not (logged by the platform). */
  post(request: AgendaRequest, conversationId: string): Promise<boolean>;
  /** Brings every post of the request on this platform up to date. */
  refresh(request: AgendaRequest): Promise<void>;
}

/** A conversation id as configured: Teams channel threads (`…;messageid=…`) belong to their channel. */
export const baseConversationId = (id: string): string => id.split(';messageid=')[0];

/** The conversations on the other platform linked to this one through a tier (channel ⇄ teamsConversation). */
export function linkedConversations(org: OrgConfig, where: Conversation): Conversation[] {
  const id = baseConversationId(where.channelId);
  const out: Conversation[] = [];
  for (const tier of org.tiers) {
    if (!tier.channel || !tier.teamsConversation) continue;
    if (where.platform === 'slack' && tier.channel === id) out.push({ platform: 'teams', channelId: tier.teamsConversation });
    if (where.platform === 'teams' && baseConversationId(tier.teamsConversation) === id) out.push({ platform: 'slack', channelId: tier.channel });
  }
  return out.filter((c, i) => out.findIndex((o) => o.platform === c.platform && o.channelId === c.channelId) === i);
}

export function createFollowing(deps: { org: OrgConfig; posts: PostRepository; logger: Logger }) {
  const channels: Partial<Record<Platform, FollowingChannel>> = {};

  return {
    /** A platform joins (the composition root calls this for each one that is configured). */
    attach(platform: Platform, channel: FollowingChannel): void {
      channels[platform] = channel;
    },

    /**
     * A request was posted in `where`: it is also posted in the linked conversations of
     * the other platform, unless it is there already. Failures are logged, never thrown:
     * the filing itself has succeeded.
     */
    async posted(request: AgendaRequest, where: Conversation): Promise<number> {
      let mirrored = 0;
      for (const to of linkedConversations(deps.org, where)) {
        const channel = channels[to.platform];
        if (!channel) continue;
        try {
          const existing = await deps.posts.listFor(request.id);
          if (existing.some((p) => p.platform === to.platform && baseConversationId(p.channelId) === to.channelId)) continue;
          if (await channel.post(request, to.channelId)) mirrored++;
        } catch (err) {
          deps.logger.warn('posting a request on the linked platform failed', { requestId: request.id, platform: to.platform, error: String(err) });
        }
      }
      return mirrored;
    },

    /** A request changed through `from`: its posts on the other platforms are refreshed. */
    async changed(request: AgendaRequest, from: Platform): Promise<void> {
      for (const [platform, channel] of Object.entries(channels) as [Platform, FollowingChannel][]) {
        if (platform === from) continue;
        try {
          await channel.refresh(request);
        } catch (err) {
          deps.logger.warn('refreshing a request on the other platform failed', { requestId: request.id, platform, error: String(err) });
        }
      }
    },
  };
}

export type Following = ReturnType<typeof createFollowing>;
