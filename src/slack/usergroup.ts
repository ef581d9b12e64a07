import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { SecretariatGroup } from '../app/roles';

const usersList = z.object({ ok: z.literal(true), users: z.array(z.string()) });

/**
 * 庁議事務局 as a Slack user group: usergroups.users.list (scope usergroups:read). Slack's
 * refusals (no_such_subteam, missing_scope, a disabled group) are thrown with their
 * code, so the role service denies and logs why.
 */
export function slackSecretariatGroup(client: () => WebClient, usergroup: string): SecretariatGroup {
  return {
    platform: 'slack',
    id: usergroup,
    async members() {
      let answer: unknown;
      try {
        answer = await client().usergroups.users.list({ usergroup });
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error;
        throw new Error(`usergroups.users.list ${usergroup}: ${code ?? (err instanceof Error ? err.message : String(err))}`);
      }
      const parsed = usersList.safeParse(answer);
      if (!parsed.success) throw new Error(`usergroups.users.list ${usergroup}: unexpected answer`);
      return new Set(parsed.data.users);
    },
  };
}
