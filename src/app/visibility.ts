import type { OrgConfig } from '../domain/org';
import type { Actor, AgendaRequest, Conversation, OwnerRef, Platform } from '../domain/request';
import { canSee, scopeOf, type Access, type AccessDenied, type Viewer, type VisibleScope } from '../domain/visibility';
import type { Logger } from '../infra/logger';
import type { Clock, PostedMessage, Repositories } from './ports';

/**
 * What a platform can tell about people and conversations. Each method throws when it
 * cannot tell (an API error, a timeout): the caller then denies. Adapters implement it
 * (src/slack/directory.ts, src/teams/directory.ts); the core never calls a vendor itself.
 */
export interface PlatformDirectory {
  platform: Platform;
  /**
   * A guest account; a member of another organisation (Slack Connect, another tenant).
   * `here` is the conversation they ask from (Teams asks its members there), null for a link.
   */
  person(userId: string, here: string | null): Promise<{ guest: boolean; external: boolean }>;
  /** Whether a conversation is shared with another organisation. */
  conversation(channelId: string): Promise<{ external: boolean }>;
  /** Which of `candidates` (conversation ids) the person is a member of. */
  memberships(userId: string, candidates: readonly string[]): Promise<ReadonlySet<string>>;
}

/**
 * Roles: who is 庁議事務局 and which 所管 a person sits for. The org file is the
 * bootstrap; a role store in the database may answer instead (it is the same port).
 */
export interface Roles {
  isSecretariat(actor: Actor): Promise<boolean>;
  /** The 所管 a person belongs to (empty when the roster does not say). */
  ownersOf(actor: Actor): Promise<OwnerRef[]>;
}

/**
 * Roles from the org file alone: `secretariat` lists and `members` → `sections[].owner`.
 * The running app answers from the role service instead (src/app/roles.ts: the user
 * group and the 出席者名簿 in the database, `roles.roles`); this is for tools and
 * benchmarks that have no database roster.
 */
export function orgRoles(org: OrgConfig): Roles {
  const owners = new Map(org.sections.filter((s) => s.owner).map((s) => [s.id, s.owner as OwnerRef]));
  return {
    isSecretariat: async (actor) => (actor.platform === 'slack' ? org.secretariat.slack : org.secretariat.teams).includes(actor.userId),
    ownersOf: async (actor) => {
      const section = org.members[actor.platform][actor.userId];
      const owner = section ? owners.get(section) : undefined;
      return owner ? [owner] : [];
    },
  };
}

/** A lookup that could not be made: the answer is no. */
export class LookupFailed extends Error {
  constructor(
    readonly what: string,
    cause: unknown,
  ) {
    super(`${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'LookupFailed';
  }
}

/** Runs a lookup within `ms`, or fails (a hung vendor call must not hang the answer). */
async function within<T>(ms: number, what: string, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
        timer.unref?.();
      }),
    ]);
  } catch (err) {
    throw new LookupFailed(what, err);
  } finally {
    clearTimeout(timer);
  }
}

/** A small TTL cache keyed by string; failures are not cached (the next try asks again). */
export function ttlCache<T>(clock: Clock, ttlMs: number, max = 5000) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(key: string, load: () => Promise<T>): Promise<T> {
      const now = clock.now().getTime();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) return hit.value;
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      const value = load();
      entries.set(key, { at: now, value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    /** Whether a live entry exists (no load). */
    fresh: (key: string, now: number) => {
      const hit = entries.get(key);
      return !!hit && now - hit.at < ttlMs;
    },
    /** Stores a value being loaded elsewhere (one call answering many keys). */
    put(key: string, value: Promise<T>, now: number) {
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      entries.set(key, { at: now, value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
    },
    clear: () => entries.clear(),
  };
}

/** A directory whose answers are kept for `ttlMs` (users.info, conversations.info, membership). */
export function cachedDirectory(dir: PlatformDirectory, clock: Clock, ttlMs: number): PlatformDirectory {
  const people = ttlCache<{ guest: boolean; external: boolean }>(clock, ttlMs);
  const convs = ttlCache<{ external: boolean }>(clock, ttlMs);
  const members = ttlCache<boolean>(clock, ttlMs);
  return {
    platform: dir.platform,
    person: (u, here) => people.get(`${u}\u0000${here ?? ''}`, () => dir.person(u, here)),
    conversation: (c) => convs.get(c, () => dir.conversation(c)),
    async memberships(userId, candidates) {
      // Per (person, conversation), so a longer list later reuses what is known; the
      // conversations not known yet are asked for in one call.
      const unique = [...new Set(candidates)];
      const key = (c: string) => `${userId}\u0000${c}`;
      const now = clock.now().getTime();
      const missing = unique.filter((c) => !members.fresh(key(c), now));
      if (missing.length) {
        const answer = dir.memberships(userId, missing);
        for (const c of missing)
          members.put(
            key(c),
            answer.then((set) => set.has(c)),
            now,
          );
        await answer;
      }
      const checks = await Promise.all(
        unique.map(async (c) => [c, await members.get(key(c), async () => (await dir.memberships(userId, [c])).has(c))] as const),
      );
      return new Set(checks.filter(([, yes]) => yes).map(([c]) => c));
    },
  };
}

export interface VisibilityDeps {
  repos: Pick<Repositories, 'posts'>;
  roles: Roles;
  directories: Partial<Record<Platform, PlatformDirectory>>;
  org: Pick<OrgConfig, 'allowExternalSharedChannels'>;
  logger: Logger;
  /** Each vendor lookup gets this long before the answer is no (default 2,500 ms: within Slack's 3 s). */
  lookupTimeoutMs?: number;
}

export type Visible<T> = { ok: true; viewer: Viewer; items: T[] } | { ok: false; reason: AccessDenied };

/**
 * The one visibility rule, applied: builds a viewer from lookups that all succeeded and
 * filters requests with `canSee`. Every failure is a denial with a reason the platform
 * turns into a message; nothing is shown on a guess.
 */
export function createVisibility(deps: VisibilityDeps) {
  const timeout = deps.lookupTimeoutMs ?? 2500;
  const { logger } = deps;

  function denied(reason: AccessDenied, context: Record<string, unknown>, err?: unknown): { ok: false; reason: AccessDenied } {
    logger.warn('visibility denied', { reason, ...context, ...(err ? { error: err instanceof Error ? err.message : String(err) } : {}) });
    return { ok: false, reason };
  }

  /**
   * Who is asking, from where. `here` is the conversation the question was asked in
   * (null for a link opened outside one): a conversation shared with another
   * organisation gets nothing listed into it.
   */
  async function viewerFor(actor: Actor, here: Conversation | null): Promise<Access> {
    if (!actor.userId) return denied('no_identity', { platform: actor.platform });
    const dir = deps.directories[actor.platform];
    try {
      const secretariat = await within(timeout, 'roles', () => deps.roles.isSecretariat(actor));
      if (here && here.platform !== actor.platform) return denied('external_conversation', { here });
      if (here && dir && !deps.org.allowExternalSharedChannels) {
        const c = await within(timeout, 'conversation lookup', () => dir.conversation(here.channelId));
        if (c.external) return denied('external_conversation', { here });
      }
      let guest = false;
      if (dir) {
        const p = await within(timeout, 'person lookup', () => dir.person(actor.userId, here?.channelId ?? null));
        if (p.external) return denied('external_user', { actor });
        guest = p.guest && !secretariat;
      }
      const owners = secretariat || guest ? [] : await within(timeout, 'roster', () => deps.roles.ownersOf(actor));
      const memberOf =
        here && dir ? await within(timeout, 'membership lookup', () => dir.memberships(actor.userId, [here.channelId])) : new Set<string>();
      return { ok: true, viewer: { actor, secretariat, guest, here, memberOf, owners } };
    } catch (err) {
      return denied('lookup_failed', { actor, here }, err);
    }
  }

  /** The requests among `requests` the viewer may see, in their order (posts loaded in one go). */
  async function filter(viewer: Viewer, requests: AgendaRequest[]): Promise<AgendaRequest[]> {
    if (viewer.secretariat) return requests;
    const posts = await deps.repos.posts.listForMany(requests.map((r) => r.id));
    const dir = deps.directories[viewer.actor.platform];
    const candidates = new Set<string>();
    for (const list of posts.values()) for (const p of list) if (p.platform === viewer.actor.platform) candidates.add(p.channelId);
    const memberOf = new Set(viewer.memberOf);
    if (dir && !viewer.guest && candidates.size) {
      for (const c of await within(timeout, 'membership lookup', () => dir.memberships(viewer.actor.userId, [...candidates]))) memberOf.add(c);
    }
    const v: Viewer = { ...viewer, memberOf };
    return requests.filter((r) => canSee(v, r, posts.get(r.id) ?? []));
  }

  /**
   * What the viewer may see as a condition for the database (see scopeOf): `channels` are
   * the conversations the requests in question were posted in on the viewer's platform;
   * the viewer's memberships among them are looked up as `filter` does (a failure throws).
   */
  async function scope(viewer: Viewer, channels: readonly string[]): Promise<VisibleScope | null> {
    if (viewer.secretariat) return null;
    const dir = deps.directories[viewer.actor.platform];
    const memberOf = new Set(viewer.memberOf);
    if (dir && !viewer.guest && channels.length) {
      for (const c of await within(timeout, 'membership lookup', () => dir.memberships(viewer.actor.userId, [...new Set(channels)]))) memberOf.add(c);
    }
    return scopeOf({ ...viewer, memberOf });
  }

  /** viewerFor + filter in one: what `actor`, asking in `here`, may be shown of `requests`. */
  async function visible<T>(actor: Actor, here: Conversation | null, items: T[], requestOf: (t: T) => AgendaRequest): Promise<Visible<T>> {
    const access = await viewerFor(actor, here);
    if (!access.ok) return access;
    try {
      const seen = new Set((await filter(access.viewer, items.map(requestOf))).map((r) => r.id));
      return { ok: true, viewer: access.viewer, items: items.filter((t) => seen.has(requestOf(t).id)) };
    } catch (err) {
      return denied('lookup_failed', { actor, here }, err);
    }
  }

  /** Whether one request may be shown to a viewer (a link, a PDF, an export of one). */
  async function mayShow(viewer: Viewer, request: AgendaRequest): Promise<boolean> {
    try {
      return (await filter(viewer, [request])).length === 1;
    } catch (err) {
      denied('lookup_failed', { actor: viewer.actor, requestId: request.id }, err);
      return false;
    }
  }

  return { viewerFor, filter, scope, visible, mayShow };
}

export type Visibility = ReturnType<typeof createVisibility>;
export type { PostedMessage };
