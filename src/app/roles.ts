import { DomainError } from '../domain/errors';
import type { OrgConfig, Section } from '../domain/org';
import type { Actor, OwnerRef } from '../domain/request';
import type { Logger } from '../infra/logger';
import type { Clock, RosterEntry, RosterRepository } from './ports';
import type { Roles } from './visibility';

/**
 * 庁議事務局 as a platform group (a Slack user group today). `members` throws when the
 * group cannot be read (it does not exist, the bot lacks the scope, the API fails); the
 * roles service then denies rather than guess.
 */
export interface SecretariatGroup {
  platform: Actor['platform'];
  /** What to name in a message: the group's id (S0123ABCD). */
  id: string;
  members(): Promise<ReadonlySet<string>>;
}

/** The group could not be read: nobody outside the org file's lists is the secretariat until it can. */
export class SecretariatGroupUnreadable extends DomainError {
  constructor(
    readonly groupId: string,
    readonly reason: string,
    platform: Actor['platform'] = 'slack',
  ) {
    super(platform === 'teams' ? 'roles.teams_group_unreadable' : 'roles.group_unreadable', { groupId, reason });
    this.name = 'SecretariatGroupUnreadable';
  }
}

export interface RoleServiceDeps {
  org: OrgConfig;
  roster: RosterRepository;
  clock: Clock;
  logger: Logger;
  /** Platform groups whose members are the secretariat, besides the org file's lists. */
  groups?: SecretariatGroup[];
  /** How long a group's member list is kept (default 5 minutes). */
  groupTtlMs?: number;
}

export type RosterEdit =
  | { ok: true; added: RosterEntry[]; removed: RosterEntry[] }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'conflict' }
  | { ok: false; reason: 'unknown_section'; sectionIds: string[] }
  /** The same person listed for two sections in one change: nothing changed. */
  | { ok: false; reason: 'two_sections'; people: { userId: string; sectionIds: string[] }[] }
  /** People the platform says cannot sit for a section (bots, deactivated, guests, another organisation). */
  | { ok: false; reason: 'not_people'; userIds: string[] };

/**
 * Who is 庁議事務局 and who sits for which section, answered from the org file's lists,
 * the platform groups named there, and the 出席者名簿 in the database. Behind the
 * visibility service's `Roles` port, plus what the use cases need (sectionOf, the roster).
 */
export function createRoleService(deps: RoleServiceDeps) {
  const { org, roster, clock, logger } = deps;
  const ttl = deps.groupTtlMs ?? 5 * 60_000;
  const cache = new Map<string, { at: number; value: Promise<ReadonlySet<string>> }>();
  const owners = new Map(org.sections.filter((s) => s.owner).map((s) => [s.id, s.owner as OwnerRef]));

  /** A group's members, kept for `ttl`; a failure is not kept (the next question asks again). */
  function groupMembers(group: SecretariatGroup): Promise<ReadonlySet<string>> {
    const now = clock.now().getTime();
    const hit = cache.get(group.id);
    if (hit && now - hit.at < ttl) return hit.value;
    const value = group.members().catch((err: unknown) => {
      if (cache.get(group.id)?.value === value) cache.delete(group.id);
      const reason = err instanceof Error ? err.message : String(err);
      logger.warn("secretariat group unreadable: only the org file's secretariat list counts until it can be read", {
        platform: group.platform,
        group: group.id,
        error: reason,
      });
      throw new SecretariatGroupUnreadable(group.id, reason, group.platform);
    });
    cache.set(group.id, { at: now, value });
    return value;
  }

  async function isSecretariat(actor: Actor): Promise<boolean> {
    const listed = actor.platform === 'slack' ? org.secretariat.slack : org.secretariat.teams;
    if (listed.includes(actor.userId)) return true;
    for (const g of deps.groups ?? []) {
      if (g.platform !== actor.platform) continue;
      if ((await groupMembers(g)).has(actor.userId)) return true;
    }
    return false;
  }

  /**
   * The platform's groups that cannot be read now (read, or taken from the cache): the
   * secretariat's 名簿 and home say so, as only the org file's list counts meanwhile.
   */
  async function groupProblems(platform: Actor['platform']): Promise<{ groupId: string; reason: string }[]> {
    const out: { groupId: string; reason: string }[] = [];
    for (const g of deps.groups ?? []) {
      if (g.platform !== platform) continue;
      try {
        await groupMembers(g);
      } catch (err) {
        out.push({ groupId: g.id, reason: err instanceof SecretariatGroupUnreadable ? err.reason : String(err) });
      }
    }
    return out;
  }

  /**
   * The people known to be the secretariat on a platform: the org file's list and the
   * members of the groups that can be read now (whose homes a change re-publishes).
   */
  async function secretariatIds(platform: Actor['platform']): Promise<string[]> {
    const ids = new Set(platform === 'slack' ? org.secretariat.slack : org.secretariat.teams);
    for (const g of deps.groups ?? []) {
      if (g.platform !== platform) continue;
      const members = await groupMembers(g).catch(() => new Set<string>());
      for (const m of members) ids.add(m);
    }
    return [...ids];
  }

  async function sectionOf(actor: Actor): Promise<Section | null> {
    const id = await roster.sectionOf(actor.platform, actor.userId);
    return org.sections.find((s) => s.id === id) ?? null;
  }

  const roles: Roles & { sectionOf(actor: Actor): Promise<Section | null> } = {
    isSecretariat,
    sectionOf,
    async ownersOf(actor) {
      const section = await sectionOf(actor);
      const owner = section ? owners.get(section.id) : undefined;
      return owner ? [owner] : [];
    },
  };

  return {
    ...roles,
    roles,
    groupProblems,
    secretariatIds,

    /** The org file's `members`, the first time a database starts (later edits are made in the app). */
    importOrgMembers: () =>
      roster.importIfEmpty(
        (['slack', 'teams'] as const).flatMap((platform) =>
          Object.entries(org.members[platform]).map(([userId, sectionId]) => ({ platform, userId, sectionId })),
        ),
        clock.now(),
      ),

    /** The current roster of a platform, per section in the paper's order. */
    async roster(platform: Actor['platform']): Promise<{ section: Section; people: RosterEntry[] }[]> {
      const current = await roster.current(platform);
      return org.sections.map((section) => ({ section, people: current.filter((e) => e.sectionId === section.id) }));
    },

    history: (limit: number) => roster.history(limit),

    /**
     * The secretariat sets the people of some sections (a page of the 名簿): applied at
     * once, kept in the history. `notPeople` is asked about every newly listed person
     * (the platform adapter knows bots and deactivated accounts); any refusal changes nothing.
     */
    async setSections(
      actor: Actor,
      sections: Record<string, string[]>,
      notPeople: (userIds: string[]) => Promise<string[]> = async () => [],
    ): Promise<RosterEdit> {
      if (!(await isSecretariat(actor))) return { ok: false, reason: 'forbidden' };
      const unknown = Object.keys(sections).filter((id) => !org.sections.some((s) => s.id === id));
      if (unknown.length) return { ok: false, reason: 'unknown_section', sectionIds: unknown };
      const where = new Map<string, string[]>();
      for (const [sectionId, users] of Object.entries(sections)) {
        for (const u of new Set(users)) where.set(u, [...(where.get(u) ?? []), sectionId]);
      }
      const twice = [...where].filter(([, ids]) => ids.length > 1).map(([userId, sectionIds]) => ({ userId, sectionIds }));
      if (twice.length) return { ok: false, reason: 'two_sections', people: twice };
      const current = await roster.current(actor.platform);
      const known = new Set(current.map((e) => e.userId));
      const fresh = [...where.keys()].filter((u) => !known.has(u));
      const refused = fresh.length ? await notPeople(fresh) : [];
      if (refused.length) return { ok: false, reason: 'not_people', userIds: refused };
      const clean = Object.fromEntries(Object.entries(sections).map(([id, users]) => [id, [...new Set(users)]]));
      const r = await roster.setSections({ platform: actor.platform, sections: clean, by: `${actor.platform}:${actor.userId}`, now: clock.now() });
      if (r.ok) logger.info('roster changed', { by: actor, added: r.added.length, removed: r.removed.length });
      return r;
    },
  };
}

export type RoleService = ReturnType<typeof createRoleService>;
