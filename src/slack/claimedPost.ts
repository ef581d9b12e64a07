import type { WebClient } from '@slack/web-api';
import type { Clock, Repositories } from '../app/ports';
import type { Logger } from '../infra/logger';

/** Whether a channel is shared with another organisation (the publisher's check; fails closed). */
export type SharedCheck = (client: WebClient, channel: string) => Promise<'shared' | 'not_shared' | 'unknown'>;

/**
 * A post made once across restarts and instances (the agenda of a meeting day, the week's
 * 見通し): claimed in the database under `key`, never into a channel shared with another
 * organisation, and released for the next round when the check or the post fails.
 * True when posted here.
 */
export async function postClaimed(
  deps: { repos: Pick<Repositories, 'deliveries'>; clock: Clock; logger: Logger; sharedCheck?: SharedCheck },
  client: WebClient,
  a: { key: string; channel: string; what: string; context: Record<string, unknown>; post: () => Promise<void> },
): Promise<boolean> {
  if (!(await deps.repos.deliveries.claim(a.key, deps.clock.now()))) return false;
  const shared = deps.sharedCheck ? await deps.sharedCheck(client, a.channel) : 'not_shared';
  if (shared !== 'not_shared') {
    // Shared: never posted there (the claim stays; the org file must name another
    // channel). Unknown: tried again next round.
    if (shared === 'unknown') await deps.repos.deliveries.release(a.key);
    deps.logger.warn(
      shared === 'shared'
        ? `${a.what} not posted: its channel is shared with another organisation`
        : `${a.what} held back: could not check whether its channel is shared`,
      { ...a.context, channel: a.channel },
    );
    return false;
  }
  try {
    await a.post();
    return true;
  } catch (err) {
    await deps.repos.deliveries.release(a.key);
    deps.logger.warn(`${a.what} post failed; will retry`, { ...a.context, error: err instanceof Error ? err.message : String(err) });
    return false;
  }
}
