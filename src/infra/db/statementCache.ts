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
 *
 * RawSql runs its statements on the kept statements directly (sqliteDirect.ts), through
 * `get`; it reads rows as objects, so every use sets the row mode it reads in.
 */
import type { ResultShape } from './sqliteDirect';

/** A result column as better-sqlite3 describes it. */
export interface Column {
  name: string;
  /** The declared type, null for an expression. */
  type: string | null;
}

export interface Statement {
  readonly reader: boolean;
  run(params: unknown[]): { changes: number };
  columns(): Column[];
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
  columns(): Column[];
  raw(): { all(): unknown[] };
}

/** A compiled statement and, once asked, its result columns (fixed while the schema is: migrations run before). */
export interface KeptStatement {
  st: Statement;
  columns?: Column[];
  /** The columns as the direct path reads them (sqliteDirect.ts). */
  shape?: ResultShape;
}

/** The statements kept on one connection. */
export interface PreparedStatements {
  /** The kept statement for `sql`, compiled on first use (a syntax error throws, as `prepare`). */
  get(sql: string): KeptStatement;
}

function reusable(kept: KeptStatement, args: unknown[]): Reusable {
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
 * Keeps up to `max` statements on the adapter's connection, for the adapter and for
 * `get`. Beyond that the least recently used is dropped, approximately ("second chance":
 * a hit only marks the statement used, instead of moving it in the map, which on every
 * statement made the map rebuild its table now and then). Null, and nothing changed, when
 * the adapter is not the one this was written against (no better-sqlite3 connection
 * where expected).
 */
export function keepPreparedStatements(adapter: unknown, max = 256): PreparedStatements | null {
  const connection = (adapter as { client?: unknown } | null)?.client;
  if (!isConnection(connection)) return null;
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, KeptStatement & { used: boolean }>();
  const get = (sql: string): KeptStatement => {
    const hit = kept.get(sql);
    if (hit) {
      hit.used = true;
      return hit;
    }
    const k = { st: prepare(sql), used: false };
    // The oldest unused goes; an older used one moves to the back, unmarked.
    while (kept.size >= max) {
      const [oldest, o] = kept.entries().next().value as [string, KeptStatement & { used: boolean }];
      kept.delete(oldest);
      if (!o.used) break;
      o.used = false;
      kept.set(oldest, o);
    }
    kept.set(sql, k);
    return k;
  };
  (connection as unknown as { prepare: (sql: string) => Reusable }).prepare = (sql: string) => reusable(get(sql), []);
  return { get };
}
