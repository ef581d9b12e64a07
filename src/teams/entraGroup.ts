import { z } from 'zod';
import type { SecretariatGroup } from '../app/roles';
import { DomainError } from '../domain/errors';
import { GraphError, type GraphClient } from './reminders';

/** 999 members a page (Graph's most); a group larger than MAX_PAGES pages is refused, never cut short. */
const PAGE = 999;
const MAX_PAGES = 50;

const member = z.object({ id: z.string().min(1) });

/** Why Graph would not give the members, in words an administrator can act on. */
function problem(err: unknown, groupId: string, permission = 'GroupMember.Read.All'): string {
  if (err instanceof GraphError) {
    if (err.status === 404) return `Entra group ${groupId} not found (404): check secretariat.teamsGroup`;
    if (err.status === 403) return `Microsoft Graph refused (403): the application permission ${permission} is not granted (admin consent)`;
    if (err.status === 401) return `Microsoft Graph refused the app's token (401): check MICROSOFT_APP_ID / MICROSOFT_APP_PASSWORD`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * 庁議事務局 as an Entra ID group: its members, nested groups included, read with
 * `GET /groups/{id}/transitiveMembers/microsoft.graph.user?$select=id` (every page) and
 * the app-only token the Teams side uses for Graph. Needs the application permission
 * GroupMember.Read.All. Each failure (no Graph configured, 404, 403, a timeout) is thrown
 * with what to fix; the role service then counts only the org file's list.
 */
export function teamsSecretariatGroup(graph: GraphClient | null, groupId: string, tenant: string | undefined): SecretariatGroup {
  return {
    platform: 'teams',
    id: groupId,
    async members() {
      if (!graph || !tenant) {
        throw new Error(
          `Microsoft Graph is not configured (${graph ? 'no tenant: set MICROSOFT_APP_TENANT_ID' : 'local mode, or no MICROSOFT_APP_PASSWORD'}): Entra group ${groupId} cannot be read`,
        );
      }
      const ids = new Set<string>();
      const path = `/v1.0/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=id&$top=${PAGE}`;
      try {
        for await (const page of graph.pages<unknown>(tenant, path, MAX_PAGES, true)) {
          for (const item of page) {
            const parsed = member.safeParse(item);
            if (!parsed.success) throw new Error(`Entra group ${groupId}: a member without an id in Graph's answer`);
            ids.add(parsed.data.id);
          }
        }
      } catch (err) {
        throw new Error(problem(err, groupId));
      }
      return ids;
    },
  };
}

const graphUser = z.object({ id: z.string(), userType: z.string().nullable().optional(), accountEnabled: z.boolean().nullable().optional() });

/**
 * Which of the people picked for the 出席者名簿 cannot sit for a section: asked of Graph
 * (`GET /users/{id}?$select=id,userType,accountEnabled`, application permission
 * User.Read.All). Guests (userType Guest, B2B and other organisations' people invited
 * in), disabled accounts and ids that are no user of the tenant (bots, people of another
 * tenant) are refused. When Graph cannot tell (not configured, 403, a timeout, an answer
 * of another shape), RosterPeopleUnchecked is thrown: nothing is saved on a guess.
 */
export function teamsNotPeople(graph: GraphClient | null, tenant: string | undefined): (userIds: string[]) => Promise<string[]> {
  return async (userIds) => {
    if (!graph || !tenant) throw new RosterPeopleUnchecked('Microsoft Graph is not configured');
    const checks = await Promise.all(
      userIds.map(async (id) => {
        let answer: unknown;
        try {
          answer = await graph.object(tenant, `/v1.0/users/${encodeURIComponent(id)}?$select=id,userType,accountEnabled`);
        } catch (err) {
          throw new RosterPeopleUnchecked(problem(err, id, 'User.Read.All'));
        }
        if (answer === null) return id; // not a user of the tenant
        const u = graphUser.safeParse(answer);
        if (!u.success) throw new RosterPeopleUnchecked(`GET /users/${id}: unexpected answer`);
        return u.data.userType === 'Guest' || u.data.accountEnabled === false ? id : null;
      }),
    );
    return checks.filter((x): x is string => x !== null);
  };
}

/** The people picked for the roster could not be checked: nothing is saved. */
export class RosterPeopleUnchecked extends DomainError {
  constructor(readonly reason: string) {
    super('roles.teams_people_unchecked', { reason });
    this.name = 'RosterPeopleUnchecked';
  }
}
