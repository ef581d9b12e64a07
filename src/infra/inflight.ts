/**
 * The work the server has accepted and not finished: HTTP requests until they are
 * answered, and what a listener does after its ack (Slack acks first and posts after).
 * A graceful stop waits for it, so a post Slack already accepted is also recorded.
 */
export interface InFlight {
  /** Counts `work` as in flight until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  /** How many pieces of work are in flight now. */
  readonly size: number;
  /**
   * Resolves when nothing is in flight (work started meanwhile included), or after
   * `timeoutMs`: true when everything finished, false when the bound was reached.
   */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  const pending = new Set<Promise<unknown>>();
  let idle: (() => void)[] = [];

  const settled = (p: Promise<unknown>) => {
    pending.delete(p);
    if (pending.size === 0) {
      const waiting = idle;
      idle = [];
      for (const w of waiting) w();
    }
  };

  return {
    track(work) {
      const p = work.then(
        () => undefined,
        () => undefined,
      );
      pending.add(p);
      void p.then(() => settled(p));
      return work;
    },
    get size() {
      return pending.size;
    },
    drain(timeoutMs) {
      if (pending.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          idle = idle.filter((w) => w !== done);
          resolve(false);
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        idle.push(done);
      });
    },
  };
}
