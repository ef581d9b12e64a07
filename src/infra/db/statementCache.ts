/**
 * Prepared statements kept on the SQLite connection, instead of compiled anew on every
 * call.
 *
 * Prisma's better-sqlite3 adapter prepares each statement it is given, every time
 * (`db.prepare(sql).bind(args)`): SQLite parses and plans the text again, some 40 µs a
 * statement here, the largest single item in a burst of opinions after the query
 * compiler was gone. The adapter uses a statement in only these ways (6.19.3):
 * `prepare(sql).bind(args)` then `.run()`, or `.reader`, `.columns()` and
 * `.raw().all()`; `prepare("BEGIN").run()` to open a transaction. The connection's
 * `prepare` is wrapped to hand out, for the same text, the same compiled statement
 * behind a small object with exactly those methods, binding the arguments at each call
 * (better-sqlite3 allows `bind` only once per statement). SQLite re-plans a kept
 * statement itself when the schema changes; the result columns are kept too, which
 * holds because the schema only changes by migrations, before this connection opens.
 */

interface Statement {
  readonly reader: boolean;
  run(params: unknown[]): unknown;
  columns(): unknown[];
  raw(toggle: boolean): { all(params: unknown[]): unknown[] };
}

interface Connection {
  prepare(sql: string): Statement;
}

/** What the adapter gets back from `prepare`: bind once, then run or read. */
interface Reusable {
  readonly reader: boolean;
  bind(args: unknown[]): Reusable;
  run(): unknown;
  columns(): unknown[];
  raw(): { all(): unknown[] };
}

/** A compiled statement and, once asked, its result columns (fixed while the schema is: migrations run before). */
interface Kept {
  st: Statement;
  columns?: unknown[];
}

function reusable(kept: Kept, args: unknown[]): Reusable {
  const { st } = kept;
  return {
    reader: st.reader,
    bind: (a) => reusable(kept, a),
    run: () => st.run(args),
    columns: () => (kept.columns ??= st.columns()),
    raw: () => ({ all: () => st.raw(true).all(args) }),
  };
}

function isConnection(c: unknown): c is Connection {
  return typeof c === 'object' && c !== null && typeof (c as { prepare?: unknown }).prepare === 'function' && 'inTransaction' in c;
}

/**
 * Keeps up to `max` statements (least recently used dropped) on the adapter's
 * connection. False, and nothing changed, when the adapter is not the one this was
 * written against (no better-sqlite3 connection where expected).
 */
export function keepPreparedStatements(adapter: unknown, max = 256): boolean {
  const connection = (adapter as { client?: unknown } | null)?.client;
  if (!isConnection(connection)) return false;
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, Kept>();
  (connection as unknown as { prepare: (sql: string) => Reusable }).prepare = (sql: string) => {
    let k = kept.get(sql);
    if (k) kept.delete(sql);
    else k = { st: prepare(sql) };
    kept.set(sql, k);
    if (kept.size > max) kept.delete(kept.keys().next().value as string);
    return reusable(k, []);
  };
  return true;
}
