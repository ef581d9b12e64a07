/**
 * Waits until `check` passes: for work the app does after it has answered Slack (the
 * HTTP response comes at ack time). Polls briefly; this is not a sleep for time.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
