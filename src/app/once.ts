import type { Clock, DeliveryRepository } from './ports';

/**
 * At-most-once application of a submission (a modal or dialog sent twice by a retry or
 * a double click): the first delivery of a key does the work, later ones are told it
 * was already done. A key whose work failed or applied nothing (invalid input, the
 * meeting closed meanwhile) is released, so the person can correct and send again.
 */
export type Once = <T>(
  key: string | null,
  work: () => Promise<T>,
  applied: (result: T) => boolean,
) => Promise<{ duplicate: true } | { duplicate: false; result: T }>;

export function createOnce(deps: { deliveries: DeliveryRepository; clock: Clock }): Once {
  return async (key, work, applied) => {
    // Without a key there is nothing to tell deliveries apart by: the work is done.
    if (key === null) return { duplicate: false, result: await work() };
    if (!(await deps.deliveries.claim(key, deps.clock.now()))) return { duplicate: true };
    let result;
    try {
      result = await work();
    } catch (err) {
      await deps.deliveries.release(key);
      throw err;
    }
    if (!applied(result)) await deps.deliveries.release(key);
    return { duplicate: false, result };
  };
}

/** The key of a Slack modal submission: the view and its version (a retry sends both unchanged). */
export const slackViewKey = (view: { id: string; hash?: string }): string => `slack:view:${view.id}:${view.hash ?? ''}`;

/** The key of a Teams dialog submission: the token put in the dialog's card, else the activity. */
export const teamsSubmitKey = (token: string, activityId: string | undefined): string | null =>
  token ? `teams:dialog:${token}` : activityId ? `teams:activity:${activityId}` : null;
