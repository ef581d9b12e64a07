/**
 * Runs async work one piece at a time, in call order.
 *
 * The SQLite adapter has one connection. Its interactive transactions are serialized
 * among themselves, but any other query issued meanwhile runs on that same connection,
 * inside the open transaction: a read sees uncommitted rows, and a write is rolled back
 * with someone else's transaction. So on SQLite every repository call goes through one
 * queue (better-sqlite3 is synchronous anyway: nothing runs in parallel to lose).
 * On PostgreSQL each transaction has its own pooled connection: no queue.
 */
export type Serial = <T>(work: () => Promise<T>) => Promise<T>;

const ignore = (): undefined => undefined;

export function serialQueue(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    // `work` itself as the callback (it ignores the previous result): no closure per call.
    const run = tail.then(work);
    tail = run.catch(ignore);
    return run;
  };
}

export const concurrent: Serial = (work) => work();
