import type { Actor, AgendaRequest, Conversation, OwnerRef } from './request';

/**
 * Who may see a request. Requests are 意思決定過程の情報 (pre-decision material): every
 * listing, search, agenda, deadline list, home view, export and link on both platforms
 * goes through `canSee`, and a viewer is only ever built from lookups that succeeded
 * (see src/app/visibility.ts): when a lookup fails there is no viewer and nothing is shown.
 */
export interface Viewer {
  actor: Actor;
  /** 庁議事務局: sees everything. */
  secretariat: boolean;
  /**
   * A guest account (Slack is_restricted / is_ultra_restricted, Teams guest): sees only
   * what was posted in `here`, the conversation they are looking from.
   */
  guest: boolean;
  /** Where the viewer is looking from; null for a link opened outside a conversation. */
  here: Conversation | null;
  /** Conversations (on the actor's platform) the viewer is a member of, as far as they were looked up. */
  memberOf: ReadonlySet<string>;
  /** The 所管 the roster maps the viewer to (prefixes: a department covers its units). */
  owners: readonly OwnerRef[];
}

/** Where a request was posted (platform + conversation). */
export interface PostPlace {
  platform: Conversation['platform'];
  channelId: string;
}

const samePlace = (a: PostPlace, b: Conversation) => a.platform === b.platform && a.channelId === b.channelId;

/** Whether `owner` (a request's 所管) falls under `scope` (a roster entry: 局, 局/部 or 局/部/担当). */
export function ownerWithin(owner: OwnerRef, scope: OwnerRef): boolean {
  if (owner.bureau !== scope.bureau) return false;
  if (scope.department && owner.department !== scope.department) return false;
  if (scope.unit && owner.unit !== scope.unit) return false;
  return true;
}

/** The visibility rule itself, pure: the secretariat, the filer, members of a conversation it was posted in, the same 所管. */
export function canSee(viewer: Viewer, request: AgendaRequest, posts: readonly PostPlace[]): boolean {
  if (viewer.secretariat) return true;
  if (viewer.guest) {
    const here = viewer.here;
    return here !== null && viewer.memberOf.has(here.channelId) && posts.some((p) => samePlace(p, here));
  }
  const a = viewer.actor;
  if (request.createdBy.platform === a.platform && request.createdBy.userId === a.userId) return true;
  if (posts.some((p) => p.platform === a.platform && viewer.memberOf.has(p.channelId))) return true;
  return viewer.owners.some((scope) => ownerWithin(request.form.owner, scope));
}

/**
 * `canSee` as a condition on a request's columns, so a database can count what a viewer
 * may see without reading the requests (the home's meeting counts and deadlines): null
 * is everything (the secretariat). `memberOf` must already hold the conversations the
 * requests in question were posted in that the viewer is a member of.
 */
export interface VisibleScope {
  /** Requests filed by this person. */
  filer: Actor | null;
  /** Requests posted in one of these conversations. */
  posts: { platform: Conversation['platform']; channelIds: readonly string[] };
  /** Requests whose 所管 falls under one of these (ownerWithin). */
  owners: readonly OwnerRef[];
}

export function scopeOf(viewer: Viewer): VisibleScope | null {
  if (viewer.secretariat) return null;
  if (viewer.guest) {
    const here = viewer.here;
    const inside = here !== null && viewer.memberOf.has(here.channelId);
    return { filer: null, posts: { platform: here?.platform ?? viewer.actor.platform, channelIds: inside ? [here.channelId] : [] }, owners: [] };
  }
  return { filer: viewer.actor, posts: { platform: viewer.actor.platform, channelIds: [...viewer.memberOf] }, owners: viewer.owners };
}

/** Why a person is shown nothing at all (each has its own Japanese message per platform). */
export type AccessDenied =
  /** The conversation is shared with another organisation (Slack Connect, another tenant). */
  | 'external_conversation'
  /** The person belongs to another organisation (Slack Connect member, foreign tenant). */
  | 'external_user'
  /** A lookup needed to decide failed or timed out: denied, try again. */
  | 'lookup_failed'
  /** The activity carries no stable identity (Teams without aadObjectId). */
  | 'no_identity';

export type Access = { ok: true; viewer: Viewer } | { ok: false; reason: AccessDenied };
