import type { Clock } from '../app/ports';

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand; never a real sleep. */
export function manualClock(start: Date | string) {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set(to: Date | string) {
      t = new Date(to).getTime();
    },
    advance(ms: number) {
      t += ms;
    },
  };
}
