import type { WebClient } from '@slack/web-api';
import type { PlatformDirectory } from '../app/visibility';
import type { OrgConfig } from '../domain/org';

function slackError(err: unknown): string {
  const e = err as { data?: { error?: string }; message?: string };
  return e?.data?.error ?? e?.message ?? String(err);
}

/**
 * What Slack tells about people and conversations, for the visibility rule. Every method
 * throws when Slack does not answer plainly (an error, a timeout, a page missing): the
 * visibility service then denies. Scopes: users:read (users.info), channels:read,
 * groups:read, im:read, mpim:read (conversations.info, users.conversations).
 */
export function createSlackDirectory(client: WebClient, org: Pick<OrgConfig, 'allowExternalSharedChannels'>): PlatformDirectory {
  let ownTeam: Promise<string> | null = null;
  const team = () => {
    ownTeam ??= client.auth.test().then((r) => {
      if (!r.team_id) throw new Error('auth.test gave no team_id');
      return r.team_id;
    });
    ownTeam.catch(() => (ownTeam = null));
    return ownTeam;
  };

  return {
    platform: 'slack',

    async person(userId) {
      let user: { is_restricted?: boolean; is_ultra_restricted?: boolean; is_stranger?: boolean; team_id?: string; deleted?: boolean } | undefined;
      try {
        user = (await client.users.info({ user: userId })).user as typeof user;
      } catch (err) {
        throw new Error(`users.info: ${slackError(err)}`);
      }
      if (!user) throw new Error('users.info gave no user');
      const home = await team();
      // A member of another organisation (Slack Connect) is never one of ours, whatever
      // the channel; a deactivated account sees nothing either.
      const external = !!user.is_stranger || !!user.deleted || (!!user.team_id && user.team_id !== home);
      return { guest: !!(user.is_restricted || user.is_ultra_restricted), external };
    },

    async conversation(channelId) {
      let c: { is_ext_shared?: boolean; is_pending_ext_shared?: boolean; is_im?: boolean } | undefined;
      try {
        c = (await client.conversations.info({ channel: channelId })).channel as typeof c;
      } catch (err) {
        throw new Error(`conversations.info: ${slackError(err)}`);
      }
      if (!c) throw new Error('conversations.info gave no channel');
      return { external: !org.allowExternalSharedChannels && !!(c.is_ext_shared || c.is_pending_ext_shared) };
    },

    async memberships(userId, candidates) {
      const wanted = new Set(candidates);
      const found = new Set<string>();
      let cursor: string | undefined;
      // Paged to the end: a partial list would hide channels, a failed page denies.
      for (let page = 0; page < 100; page++) {
        let res;
        try {
          res = await client.users.conversations({
            user: userId,
            types: 'public_channel,private_channel,mpim,im',
            exclude_archived: false,
            limit: 1000,
            ...(cursor ? { cursor } : {}),
          });
        } catch (err) {
          throw new Error(`users.conversations: ${slackError(err)}`);
        }
        for (const c of res.channels ?? []) if (c.id && wanted.has(c.id)) found.add(c.id);
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor || found.size === wanted.size) return found;
      }
      throw new Error('users.conversations: too many pages');
    },
  };
}
