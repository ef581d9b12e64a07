import type { Platform } from '../domain/request';
import type { Logger } from '../infra/logger';
import type { Clock, HomeViewer, HomeViewerRepository } from './ports';

/** A home not opened for this long is no longer re-published (its entry is dropped). */
export const HOME_VIEWER_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;
/** The same opening (same place and card) is written again at most this often; expiry runs as often. */
const REWRITE_MS = 60 * 60_000;
const KEPT = 10_000;

/**
 * Who has opened their home (Slack App Home, Teams ホーム card), kept in the database so
 * that a change re-publishes the homes of the people it concerns on whichever instance
 * saves it, and after a restart. Written when a home is opened (at most hourly for the
 * same place: opening again keeps the entry fresh); entries older than HOME_VIEWER_DAYS
 * are ignored and dropped. Nothing here runs on a timer.
 */
export function createHomeViewers({ repo, clock, logger }: { repo: HomeViewerRepository; clock: Clock; logger: Logger }) {
  const written = new Map<string, { at: number; place: string; activityId: string | null }>();
  let expiredAt = 0;
  const since = () => new Date(clock.now().getTime() - HOME_VIEWER_DAYS * DAY_MS);

  return {
    async opened(platform: Platform, userId: string, place: string, activityId: string | null = null): Promise<void> {
      const now = clock.now();
      const key = `${platform}:${userId}`;
      const last = written.get(key);
      if (last && last.place === place && last.activityId === activityId && now.getTime() - last.at < REWRITE_MS) return;
      await repo.opened({ platform, userId, place, activityId, lastOpenedAt: now });
      written.delete(key);
      written.set(key, { at: now.getTime(), place, activityId });
      if (written.size > KEPT) written.delete(written.keys().next().value as string);
      if (now.getTime() - expiredAt >= REWRITE_MS) {
        expiredAt = now.getTime();
        await repo
          .expire(since())
          .then((n) => n > 0 && logger.info('home viewers not seen for 30 days dropped', { count: n }))
          .catch((err: unknown) => logger.warn('dropping old home viewers failed', { error: String(err) }));
      }
    },
    /** Of `userIds`, those who opened their home on `platform` lately. */
    among: (platform: Platform, userIds: readonly string[]): Promise<HomeViewer[]> =>
      userIds.length ? repo.among(platform, userIds, since()) : Promise.resolve([]),
    /** A person's latest opening, when recent. */
    async get(platform: Platform, userId: string): Promise<HomeViewer | null> {
      const v = await repo.get(platform, userId);
      return v && v.lastOpenedAt >= since() ? v : null;
    },
  };
}

export type HomeViewers = ReturnType<typeof createHomeViewers>;
