/**
 * Deadline reminders: re-planning when a request is saved, 対応済み / 延期, the list of
 * coming deadlines, and durable dispatch.
 *
 * Dispatch, exactly once:
 * 1. Claim due rows with a lease (a row-level, conditional UPDATE: see the repository).
 *    The claim is recorded (attempts + 1) before anything is posted.
 * 2. Per target channel, a lane posts its claimed reminders in order, at most one per
 *    `channelIntervalMs` (Slack allows about one message per second per channel), and
 *    on 429 waits the Retry-After of that channel only; other lanes keep flowing. A
 *    rate-limited reminder is retried, never dropped.
 * 3. Before posting, the lane renews the lease if it is getting short, so a reminder
 *    waiting in a long lane is never taken over by another instance while it waits.
 * 4. A reminder claimed before (attempts > 1: the instance that claimed it may have
 *    died between posting and recording) is first looked for in Slack by its message
 *    metadata; if found it is recorded as sent without posting again.
 * 5. Catch-up after downtime: of the overdue reminders of one deadline only the most
 *    recent is posted; the older ones are marked `skipped` (the planner applies the same
 *    rule at filing). A deadline's last reminder is posted even when the deadline
 *    itself passed while the bot was down: the owner needs to know.
 * Other failures (channel gone, bot removed, network) hand the reminder back with a
 * growing delay (1 min … 1 h) and the error recorded; nothing is given up on silently.
 */
import { defaultClosure, type ClosurePolicy } from '../domain/businessDays';
import { planFor } from '../domain/councilPlan';
import { DomainError } from '../domain/errors';
import { tokyoToday } from '../domain/jpdate';
import type { OrgConfig } from '../domain/org';
import { currentTier } from '../domain/meeting';
import { diffReminders, kindOf, planReminders, snoozedReminder, type ReminderTarget, type StoredReminderState } from '../domain/reminders';
import type { Actor, AgendaRequest } from '../domain/request';
import type { Logger } from '../infra/logger';
import type { Clock, PostedMessage, Reminder, Repositories } from './ports';
import { mayEdit } from './requests';
import type { Roles } from './visibility';
import { reminderView, type ReminderView } from './reminderView';

/** Where a reminder goes on its platform. */
export interface ReminderDestination {
  channel: string;
  /** Thread parent (Slack ts), or null for the channel itself. */
  thread: string | null;
}

export type PostOutcome =
  | { kind: 'posted'; messageId: string; channel: string }
  | { kind: 'rate_limited'; retryAfterMs: number }
  /** `uncertain`: the request may have reached the platform (timeout, 5xx). */
  | { kind: 'failed'; error: string; uncertain: boolean };

/** A platform's way of posting reminders; Slack's is src/slack/reminders.ts. */
export interface ReminderNotifier {
  post(to: ReminderDestination, view: ReminderView): Promise<PostOutcome>;
  /** The message already posted for this reminder (by its metadata), or null. */
  findPosted(to: ReminderDestination, reminderId: string): Promise<string | null>;
}

export interface DispatchOptions {
  /** Identifies this process in claims (INSTANCE_ID). */
  instanceId: string;
  leaseMs?: number;
  /** Rows per claim query. */
  batchSize?: number;
  /** Claimed but not yet posted, at most. */
  maxQueued?: number;
  /** Minimum gap between two posts in one channel (real time). */
  channelIntervalMs?: number;
}

export interface DispatchStats {
  posted: number;
  recovered: number;
  skipped: number;
  cancelled: number;
  failed: number;
  rateLimited: number;
  lostClaims: number;
}

export interface ReminderDeps {
  repos: Repositories;
  org: OrgConfig;
  clock: Clock;
  logger: Logger;
  /** Who is 庁議事務局 (settling a reminder: the filer or the secretariat). */
  roles: Pick<Roles, 'isSecretariat'>;
  closure?: ClosurePolicy;
  notifiers: Partial<Record<'slack' | 'teams', ReminderNotifier>>;
  dispatch: DispatchOptions;
}

export interface UpcomingDeadline {
  request: AgendaRequest;
  view: ReminderView;
  nextReminderAt: Date;
}

/**
 * How long after filing the reminders of a request not posted yet wait: the post
 * normally follows within a second (and moves them to its channel); a filer refused in
 * a Slack Connect channel has this long to pick another before they go to the DM.
 */
export const FILING_GRACE_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const emptyStats = (): DispatchStats => ({ posted: 0, recovered: 0, skipped: 0, cancelled: 0, failed: 0, rateLimited: 0, lostClaims: 0 });

interface Lane {
  key: string;
  queue: Reminder[];
  /** Real time (Date.now()) before which this channel gets no post. */
  nextAt: number;
  /** Real time the platform answered the lane's last post attempt (null: no attempt yet for this reminder). */
  answeredAt: number | null;
}

/**
 * The reminders of a claimed batch that their channel's lane will post while a context
 * read now is still fresh: at most `ahead` per channel, counting those already queued
 * (`queuedIn`, by `platform:channel`). A channel posts about once a second, so of a
 * thousand due in one channel only the first few dozen are read ahead in one statement;
 * the rest are read when their turn comes, instead of a thousand requests' forms held in
 * memory and read again once stale.
 */
export function postedSoon<R extends { platform: string; channelId: string }>(batch: R[], queuedIn: (key: string) => number, ahead: number): R[] {
  const position = new Map<string, number>();
  const soon: R[] = [];
  for (const r of batch) {
    const key = `${r.platform}:${r.channelId}`;
    const p = position.get(key) ?? queuedIn(key);
    position.set(key, p + 1);
    if (p < ahead) soon.push(r);
  }
  return soon;
}

export function createReminderService(deps: ReminderDeps) {
  const { repos, org, clock, logger, notifiers } = deps;
  const closure = deps.closure ?? defaultClosure;
  const config = org.reminders;
  const tierIds = org.tiers.map((t) => t.id);
  const leaseMs = deps.dispatch.leaseMs ?? 120_000;
  const batchSize = deps.dispatch.batchSize ?? 500;
  const maxQueued = deps.dispatch.maxQueued ?? 20_000;
  const channelIntervalMs = deps.dispatch.channelIntervalMs ?? 1000;
  const instanceId = deps.dispatch.instanceId;

  const today = () => tokyoToday(clock.now());

  /**
   * Where a request's reminders go: on each platform where it is posted, its first post
   * there (the post in the channel it was filed from, else the earliest). When it is
   * not posted on the platform it was filed from (refused in a Slack Connect channel,
   * or the bot is not in the channel, and the filer picked no other), there too:
   * - Slack: a direct message to the filer. The filer chose no channel for it, so the
   *   request's pre-decision material goes to no one else, and a DM always reaches the
   *   person who has to act (a mention in a channel they are not in would not).
   * - Teams: the conversation of the request's current tier, when the org file gives
   *   one (a DM needs a personal chat the bot may never have had); else where it was
   *   filed.
   * `posted: false` marks that fallback: its reminders wait FILING_GRACE_MS after the
   * filing, as the post normally follows the filing within a second and then moves them.
   */
  async function targetsOf(request: AgendaRequest): Promise<{ target: ReminderTarget; posted: boolean }[]> {
    const posts = await repos.posts.listFor(request.id);
    const out: { target: ReminderTarget; posted: boolean }[] = [];
    for (const platform of ['slack', 'teams'] as const) {
      const here = posts.filter((p) => p.platform === platform);
      if (here.length === 0) continue;
      const first =
        here.find((p) => platform === request.origin.platform && p.channelId === request.origin.channelId) ??
        // Slack message ids (ts) are times; Teams activity ids are not ordered.
        (platform === 'slack' ? [...here].sort((a, b) => Number(a.messageId) - Number(b.messageId))[0] : here[0]);
      out.push({ target: { platform, channelId: first.channelId }, posted: true });
    }
    if (!out.some((t) => t.target.platform === request.origin.platform)) out.push({ target: await unpostedTarget(request), posted: false });
    return out;
  }

  async function unpostedTarget(request: AgendaRequest): Promise<ReminderTarget> {
    const { platform } = request.origin;
    if (platform === 'slack' && request.createdBy.platform === 'slack') return { platform, channelId: request.createdBy.userId };
    if (platform === 'teams') {
      const tier = currentTier(org, request, await repos.reviews.listFor(request.id));
      if (tier.teamsConversation) return { platform, channelId: tier.teamsConversation };
    }
    return { platform, channelId: request.origin.channelId };
  }

  /** Brings stored reminders in line with the request's dates and posts (called after every save and post). */
  async function replan(request: AgendaRequest) {
    const now = clock.now();
    const targets = await targetsOf(request);
    // The session is read as of the filing date, as the posted request shows it.
    const found = planFor(org, request.form.councilSession, request.form.filedOn);
    const councilPlan = found.kind === 'plan' ? found.plan : null;
    // 別紙資料 before a cut-off are reminded only while the request has none.
    const context = { tiers: org.tiers, hasAttachments: (await repos.attachments.listFor(request.id)).length > 0 };
    const planned = targets.flatMap(({ target }) => planReminders({ request, config, tierIds, closure, target, councilPlan, context }));
    const holdUntil = request.createdAt.getTime() + FILING_GRACE_MS;
    // Compared by field: the hold is asked for every reminder planned.
    const held = targets.filter((t) => !t.posted).map((t) => t.target);
    const stored = await repos.reminders.listFor(request.id);
    // What planning looks at of each row (not a copy of the whole row).
    const state = stored.map((s): StoredReminderState => ({
      id: s.id,
      status: s.status,
      leased: s.leaseUntil !== null && s.leaseUntil > now,
      attempts: s.attempts,
      platform: s.platform,
      channelId: s.channelId,
      deadline: s.deadline,
      dueDate: s.dueDate,
      leadDays: s.leadDays,
      fireAt: s.fireAt,
      origin: s.origin,
    }));
    const diff = diffReminders(state, planned, now, tokyoToday(now), {
      notBefore: (t) => (held.some((h) => h.platform === t.platform && h.channelId === t.channelId) ? holdUntil : undefined),
    });
    contexts.delete(request.id); // the next reminder shows the request as it is now
    const result = await repos.reminders.apply(request.id, diff, now);
    logger.debug('reminders re-planned', { requestId: request.id, targets: targets.map((t) => t.target), ...result });
    return result;
  }

  async function loadForAction(reminderId: string, actor: Actor) {
    const reminder = await repos.reminders.get(reminderId);
    if (!reminder) throw new DomainError('request.not_found');
    const request = await repos.requests.get(reminder.requestId);
    if (!request) throw new DomainError('request.not_found');
    if (!(await mayEdit(deps.roles, request, actor))) throw new DomainError('request.forbidden_edit');
    return { reminder, request };
  }

  // ------------------------------------------------------------------ dispatch

  const lanes = new Map<string, Lane>();
  /** A channel's next free time when its lane ran empty: a lane started for it again waits for it (no 429). */
  const laneRests = new Map<string, number>();
  let queued = 0;
  let active: Promise<DispatchStats> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;
  let stats = emptyStats();
  const totals = emptyStats();
  const count = (k: keyof DispatchStats) => {
    stats[k]++;
    totals[k]++;
  };
  const progress = () => {
    wake?.();
    wake = null;
  };

  function retryDelayMs(attempts: number): number {
    return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
  }

  // A request and its posts, shared by its reminders for up to 30 s: ten reminders
  // in a batch need one read, not ten (the queue of SQLite calls is the bottleneck).
  // Kept in the order they were cached, so the expired ones are dropped from the front
  // (a request's form stays in memory for 30 s, not until 5,000 others have come by).
  const CONTEXT_MS = 30_000;
  const contexts = new Map<string, { at: number; value: Promise<{ request: AgendaRequest | null; posts: PostedMessage[] }> }>();
  function keepContext(requestId: string, value: Promise<{ request: AgendaRequest | null; posts: PostedMessage[] }>) {
    const now = Date.now();
    for (const [id, c] of contexts) {
      if (now - c.at < CONTEXT_MS && contexts.size < 5000) break;
      contexts.delete(id);
    }
    contexts.delete(requestId);
    contexts.set(requestId, { at: now, value });
  }
  function contextOf(requestId: string) {
    const hit = contexts.get(requestId);
    if (hit && Date.now() - hit.at < CONTEXT_MS) return hit.value;
    const value = Promise.all([repos.requests.get(requestId), repos.posts.listFor(requestId)]).then(([request, posts]) => ({ request, posts }));
    keepContext(requestId, value);
    value.catch(() => contexts.delete(requestId));
    return value;
  }

  function destinationOf(r: Reminder, posts: PostedMessage[]): ReminderDestination {
    const post = posts.find((p) => p.platform === r.platform && p.channelId === r.channelId);
    return { channel: r.channelId, thread: config.where === 'thread' && post ? post.messageId : null };
  }

  function cacheContexts(found: Map<string, { request: AgendaRequest; posts: PostedMessage[] }>, asked: string[]) {
    for (const id of asked) {
      const c = found.get(id) ?? { request: null, posts: [] };
      keepContext(id, Promise.resolve(c));
    }
  }

  // Recording sent reminders, batched: one statement for up to 100 instead of one call
  // each (on SQLite every call waits its turn in one queue). A post not yet recorded
  // when the process dies is what recovery by metadata is for.
  let toRecord: { id: string; claim: string; messageId: string; threadId: string | null; done: (ok: boolean) => void; fail: (e: unknown) => void }[] =
    [];
  let flushTimer: NodeJS.Timeout | null = null;
  function flushRecords(): void {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    const batch = toRecord;
    toRecord = [];
    if (batch.length === 0) return;
    repos.reminders.markSentMany(batch, clock.now()).then(
      (ids) => {
        const ok = new Set(ids);
        for (const b of batch) b.done(ok.has(b.id));
      },
      (err: unknown) => batch.forEach((b) => b.fail(err)),
    );
  }
  function recordSent(r: Reminder, messageId: string, threadId: string | null): Promise<boolean> {
    return new Promise<boolean>((done, fail) => {
      toRecord.push({ id: r.id, claim: r.claimedBy!, messageId, threadId, done, fail });
      if (toRecord.length >= 100) flushRecords();
      else flushTimer ??= setTimeout(flushRecords, 20);
    });
  }

  /** Claimed reminders that a later due reminder of the same deadline supersedes (catch-up). */
  const superseded = new Set<string>();

  /** One reminder: 'next' when finished with it, or a wait for this channel (429). */
  async function deliver(r: Reminder, lane: Lane): Promise<{ retryAfterMs: number } | 'next'> {
    const claim = r.claimedBy!;
    let now = clock.now();
    if (!r.leaseUntil || r.leaseUntil.getTime() - now.getTime() < leaseMs / 2) {
      const until = new Date(now.getTime() + leaseMs);
      if (!(await repos.reminders.renewLease(r.id, claim, now, until))) {
        count('lostClaims');
        return 'next'; // cancelled meanwhile, or the lease lapsed and another instance has it
      }
      r.leaseUntil = until;
    }
    const { request, posts } = await contextOf(r.requestId);
    if (!request || request.status === 'withdrawn') {
      await repos.reminders.finish(r.id, claim, 'cancelled', now);
      count('cancelled');
      return 'next';
    }
    // Given since it was planned (and the re-plan missed it): settled, not posted.
    if (kindOf(r.deadline).kind === 'attachments' && (await repos.attachments.listFor(r.requestId)).length > 0) {
      superseded.delete(r.id);
      await repos.reminders.finish(r.id, claim, 'cancelled', now);
      count('cancelled');
      return 'next';
    }
    if (superseded.delete(r.id)) {
      await repos.reminders.finish(r.id, claim, 'skipped', now);
      count('skipped');
      return 'next';
    }
    const notifier = notifiers[r.platform];
    if (!notifier) {
      await repos.reminders.release(r.id, claim, {
        fireAt: new Date(now.getTime() + retryDelayMs(r.attempts)),
        error: `no ${r.platform} notifier`,
        now,
      });
      count('failed');
      return 'next';
    }
    const to = destinationOf(r, posts);
    if (r.attempts > 1) {
      // Throws when Slack cannot be asked: the claim then lapses and is retried, never posted blind.
      const found = await notifier.findPosted(to, r.id);
      if (found) {
        if (!(await recordSent(r, found, to.thread))) count('lostClaims');
        count('recovered');
        return 'next';
      }
    }
    const view = reminderView(r, request, org, tokyoToday(now), closure);
    const outcome = await notifier.post(to, view);
    // The channel's next post is spaced from this answer, not from when recording it ends.
    lane.answeredAt = Date.now();
    now = clock.now();
    switch (outcome.kind) {
      case 'posted':
        if (!(await recordSent(r, outcome.messageId, to.thread))) {
          // Another instance took it over: it will find this message by its metadata.
          logger.warn('reminder posted after its claim was lost', { reminderId: r.id });
          count('lostClaims');
        }
        count('posted');
        return 'next';
      case 'rate_limited':
        count('rateLimited');
        return { retryAfterMs: outcome.retryAfterMs };
      case 'failed':
        logger.warn('reminder not posted; will retry', { reminderId: r.id, error: outcome.error, uncertain: outcome.uncertain });
        await repos.reminders.release(r.id, claim, { fireAt: new Date(now.getTime() + retryDelayMs(r.attempts)), error: outcome.error, now });
        count('failed');
        return 'next';
    }
  }

  async function runLane(lane: Lane): Promise<void> {
    try {
      while (lane.queue.length > 0) {
        const r = lane.queue[0];
        if (stopping) {
          // Hand it back at once so another instance can take it.
          await repos.reminders.release(r.id, r.claimedBy!, { error: null, now: clock.now() }).catch(() => undefined);
        } else {
          const wait = lane.nextAt - Date.now();
          if (wait > 0) await sleep(wait);
          let result: Awaited<ReturnType<typeof deliver>>;
          lane.answeredAt = null;
          try {
            result = await deliver(r, lane);
          } catch (err) {
            // The database or the check failed: leave the claim to lapse and be retried (with the check).
            logger.error('reminder dispatch failed', { reminderId: r.id, error: err instanceof Error ? err.message : String(err) });
            count('failed');
            result = 'next';
          }
          // Only a post attempt uses the channel's rate: a reminder skipped, cancelled or
          // found already posted leaves the next one free to go at once.
          const answeredAt = lane.answeredAt ?? null;
          if (result !== 'next') {
            lane.nextAt = (answeredAt ?? Date.now()) + Math.max(result.retryAfterMs, channelIntervalMs);
            continue;
          }
          if (answeredAt !== null) lane.nextAt = answeredAt + channelIntervalMs;
        }
        lane.queue.shift();
        queued--;
        progress();
      }
    } finally {
      lanes.delete(lane.key);
      const t = Date.now();
      if (lane.nextAt > t) laneRests.set(lane.key, lane.nextAt);
      if (laneRests.size > 10_000) for (const [k, at] of laneRests) if (at <= t) laneRests.delete(k);
      progress();
    }
  }

  function enqueue(r: Reminder): void {
    const key = `${r.platform}:${r.channelId}`;
    let lane = lanes.get(key);
    queued++;
    if (lane) {
      lane.queue.push(r);
      return;
    }
    const rest = laneRests.get(key) ?? 0;
    laneRests.delete(key);
    lane = { key, queue: [r], nextAt: rest, answeredAt: null };
    lanes.set(key, lane);
    void runLane(lane);
  }

  async function claimMore(): Promise<number> {
    let claimed = 0;
    while (!stopping && queued < maxQueued) {
      const now = clock.now();
      const batch = await repos.reminders.claimDue({
        now,
        instanceId,
        leaseUntil: new Date(now.getTime() + leaseMs),
        limit: Math.min(batchSize, maxQueued - queued),
      });
      // Catch-up: one query per batch finds the reminders a later due one supersedes.
      for (const id of await repos.reminders.supersededAmong(
        batch.filter((r) => r.attempts <= 1),
        now,
      ))
        superseded.add(id);
      const ahead = Math.max(1, Math.floor(CONTEXT_MS / 2 / Math.max(1, channelIntervalMs)));
      const soon = postedSoon(batch, (key) => lanes.get(key)?.queue.length ?? 0, ahead);
      const unknown = [...new Set(soon.map((r) => r.requestId))].filter((id) => !contexts.has(id));
      if (unknown.length > 0) cacheContexts(await repos.reminders.contextsFor(unknown), unknown);
      batch.forEach(enqueue);
      claimed += batch.length;
      if (batch.length < batchSize) break;
      // On SQLite the queries above run synchronously: let the lanes' posts and their
      // answers through before the next claim.
      await new Promise<void>((r) => setImmediate(r));
    }
    return claimed;
  }

  /**
   * Posts every reminder that is due now (by the injected clock), and those that fall
   * due while it runs, then resolves with what happened. One run at a time per process:
   * a second call joins the running one.
   */
  function dispatchDue(): Promise<DispatchStats> {
    active ??= (async () => {
      stats = emptyStats();
      let lastEmptyClaim = 0;
      for (;;) {
        // Claim again when there is room, but do not poll the database after every post.
        if (queued === 0 || Date.now() - lastEmptyClaim > 250) {
          const claimed = await claimMore();
          if (claimed === 0) lastEmptyClaim = Date.now();
          if (claimed === 0 && queued === 0) break;
        }
        if (stopping && queued === 0) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (queued === 0) resolve();
          else setTimeout(resolve, 300);
        });
      }
      return stats;
    })().finally(() => {
      active = null;
    });
    return active;
  }

  return {
    replan,

    /** 対応済み: no more reminders of this deadline (for its current due day). */
    async markDone(reminderId: string, actor: Actor) {
      const { reminder, request } = await loadForAction(reminderId, actor);
      const stopped = await repos.reminders.closeDeadline({
        requestId: reminder.requestId,
        deadline: reminder.deadline,
        dueDate: reminder.dueDate,
        status: 'done',
        now: clock.now(),
      });
      // The reminder pressed is marked too: the last one of a deadline leaves nothing pending.
      await repos.reminders.settle(reminder.id, clock.now());
      return { reminder, request, stopped, view: reminderView(reminder, request, org, today(), closure) };
    },

    /** 延期: the reminder comes back `days` days later; reminders of the deadline before then are skipped. */
    async snooze(reminderId: string, days: number, actor: Actor) {
      if (!Number.isInteger(days) || days < 1 || days > 30) throw new DomainError('request.forbidden_edit');
      const { reminder, request } = await loadForAction(reminderId, actor);
      const now = clock.now();
      const next = snoozedReminder(reminder, days, tokyoToday(now), config, closure);
      await repos.reminders.closeDeadline({
        requestId: reminder.requestId,
        deadline: reminder.deadline,
        dueDate: reminder.dueDate,
        status: 'snoozed',
        now,
        before: next.fireAt,
      });
      const scheduled = await repos.reminders.schedule(reminder.requestId, next, now);
      return { reminder, request, scheduled, view: reminderView(reminder, request, org, today(), closure) };
    },

    /** The coming deadlines with a pending reminder, soonest first, one line per deadline. */
    async upcoming(limit = 20): Promise<UpcomingDeadline[]> {
      const pending = await repos.reminders.pending(limit * 20);
      const seen = new Map<string, UpcomingDeadline>();
      const requests = new Map<string, AgendaRequest | null>();
      const t = today();
      for (const r of pending) {
        const key = `${r.requestId}|${r.deadline}|${r.dueDate}`;
        const existing = seen.get(key);
        if (existing) {
          if (r.fireAt < existing.nextReminderAt) existing.nextReminderAt = r.fireAt;
          continue;
        }
        if (seen.size >= limit) continue;
        if (!requests.has(r.requestId)) requests.set(r.requestId, await repos.requests.get(r.requestId));
        const request = requests.get(r.requestId);
        if (!request || request.status === 'withdrawn') continue;
        seen.set(key, { request, view: reminderView(r, request, org, t, closure), nextReminderAt: r.fireAt });
      }
      return [...seen.values()];
    },

    dispatchDue,

    /** Counters since the service started (for logs and the benchmark). */
    totals: (): DispatchStats => ({ ...totals }),

    /** Finishes the reminder being posted in each channel, hands the rest back, and stops. */
    async stop(): Promise<void> {
      stopping = true;
      progress();
      await active;
      while (lanes.size > 0) await sleep(5);
    },
  };
}

export type ReminderService = ReturnType<typeof createReminderService>;
