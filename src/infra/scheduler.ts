/**
 * The reminder loop: runs `dispatchDue()` at start and then every `intervalMs`, one run
 * at a time. It holds no reminders itself: they live in the database, so stopping or
 * killing the process loses nothing, and several processes may run the loop at once
 * (claims are row-level; see src/app/reminders.ts).
 */
import type { Logger } from './logger';

export interface Scheduler {
  /** Runs a dispatch now (the next tick is counted from its end). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(a: { run: () => Promise<unknown>; intervalMs: number; logger: Logger }): Scheduler {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const tick = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    running ??= a
      .run()
      .then(
        () => undefined,
        (err: unknown) => a.logger.error('reminder dispatch failed', { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        running = null;
        if (!stopped) {
          timer = setTimeout(() => void tick(), a.intervalMs);
          timer.unref();
        }
      });
    return running;
  };

  void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
