/**
 * Runs `work(key)` at most once at a time per key: calls for a key while its run is
 * going collapse into one more run after it. Thirty opinions at once cost two or three
 * refreshes of the request's message, not thirty (the platforms rate-limit updates).
 * A failed run is handed to `onError`; the returned promise never rejects.
 */
export function coalescing(work: (key: string) => Promise<void>, onError: (key: string, err: unknown) => void): (key: string) => Promise<void> {
  const running = new Map<string, { again: boolean; done: Promise<void> }>();
  return (key) => {
    const current = running.get(key);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await work(key);
        } while (state.again);
      } catch (err) {
        onError(key, err);
      } finally {
        running.delete(key);
      }
    })();
    running.set(key, state);
    return state.done;
  };
}
