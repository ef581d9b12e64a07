/**
 * Plain SQL straight to Prisma's driver adapter, for the statements every filing runs.
 *
 * `$queryRaw` through the Prisma client serialises its parameters to JSON, has the
 * query compiler (WebAssembly) turn them into a plan and the plan interpreter run it,
 * then re-serialises the result: some 30–40 KB and a fraction of a millisecond per
 * statement, most of what a filing allocated. The driver adapter the client itself runs
 * on (`SqlDriverAdapter.queryRaw`, Prisma's public adapter interface) takes the SQL and
 * its arguments directly. Rows come back as `$queryRaw` gives them (INTEGER as bigint on
 * SQLite, DATETIME as Date, booleans as booleans), and driver errors carry the same code
 * and `meta` as the client's (P2010), so a repository can use either.
 *
 * Only outside the client's interactive transactions: inside one the statements go
 * through the transaction's client as before. `transaction` opens one on the adapter
 * itself, for a few plain statements that must commit together.
 */
import type {
  ArgType,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { cell, type DirectSql } from './sqliteDirect';

export interface RawSql {
  /** Rows of a SELECT (or of a statement with RETURNING), as `$queryRaw` returns them. */
  query<T = unknown>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T>;
  /** The number of rows a statement changed, as `$executeRaw`. */
  execute(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>;
  /**
   * Runs `work`'s statements in one transaction: committed when it resolves, rolled back
   * when it throws. On SQLite the caller must hold the connection's queue (serial.ts), as
   * for every statement; the adapter's own lock orders it with Prisma's transactions.
   */
  transaction<T>(work: (tx: Omit<RawSql, 'transaction'>) => Promise<T>): Promise<T>;
}

interface PrismaRawOnly {
  $queryRaw<T = unknown>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T>;
  $executeRaw(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>;
}

interface PrismaRaw extends PrismaRawOnly {
  $transaction<T>(work: (tx: PrismaRawOnly) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T>;
}

/** The client's own raw path (before the adapter is connected, or without one). */
export function clientRawSql(client: PrismaRaw): RawSql {
  const plain = (c: PrismaRawOnly) => ({
    query: <T>(strings: TemplateStringsArray, ...values: unknown[]) => c.$queryRaw<T>(strings, ...values),
    execute: (strings: TemplateStringsArray, ...values: unknown[]) => c.$executeRaw(strings, ...values),
  });
  return {
    ...plain(client),
    transaction: (work) => client.$transaction((tx) => work(plain(tx)), { maxWait: 10_000, timeout: 20_000 }),
  };
}

/**
 * Wraps an adapter factory and keeps one adapter, so the same connection (SQLite) or
 * pool (PostgreSQL) serves both the plain SQL here and Prisma's client. The app opens it
 * itself (`open()`); the client, which connects on its first model query, is handed the
 * same adapter. Connecting the client loads Prisma's query compiler (WebAssembly, some
 * 30 MB of memory), which the plain-SQL paths (filing, meeting day, reminders, health)
 * never need.
 */
export class AdapterHandle implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider: SqlMigrationAwareDriverAdapterFactory['provider'];
  readonly adapterName: string;
  adapter: SqlDriverAdapter | null = null;
  private opening: Promise<SqlDriverAdapter> | null = null;

  constructor(private readonly inner: SqlMigrationAwareDriverAdapterFactory) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  /** The adapter, connected once; again after it was disposed. */
  open(): Promise<SqlDriverAdapter> {
    this.opening ??= this.inner.connect().then(
      (a) => {
        const dispose = a.dispose.bind(a);
        // Disposed once, by whichever lets go first (the client's $disconnect or close()).
        let disposed: Promise<void> | null = null;
        a.dispose = () => {
          if (this.adapter === a) {
            this.adapter = null;
            this.opening = null;
          }
          disposed ??= dispose();
          return disposed;
        };
        this.adapter = a;
        return a;
      },
      (e: unknown) => {
        this.opening = null;
        throw e;
      },
    );
    return this.opening;
  }

  /** Prisma's client connecting: the same adapter. */
  connect(): Promise<SqlDriverAdapter> {
    return this.open();
  }

  /** Lets go of the adapter, if still held. */
  async close(): Promise<void> {
    await this.adapter?.dispose();
  }

  connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.inner.connectToShadowDb();
  }
}

function argType(value: unknown): ArgType {
  const scalarType: ArgType['scalarType'] =
    value === null || value === undefined
      ? 'unknown'
      : typeof value === 'string'
        ? 'string'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'int'
            : 'float'
          : typeof value === 'bigint'
            ? 'bigint'
            : typeof value === 'boolean'
              ? 'boolean'
              : value instanceof Date
                ? 'datetime'
                : value instanceof Uint8Array
                  ? 'bytes'
                  : 'unknown';
  return { scalarType, arity: 'scalar' };
}

function rowsOf(result: SqlResultSet): Record<string, unknown>[] {
  const { columnNames, columnTypes, rows } = result;
  const out = new Array<Record<string, unknown>>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const o: Record<string, unknown> = {};
    for (let j = 0; j < columnNames.length; j++) o[columnNames[j]] = cell(row[j], columnTypes[j]);
    out[i] = o;
  }
  return out;
}

/** The client's error for a failed raw statement (P2010), with the adapter's classification in `meta`. */
function asClientError(e: unknown): unknown {
  if (!(e instanceof Error) || e.name !== 'DriverAdapterError') return e;
  const cause = (e as Error & { cause?: { kind?: string; originalCode?: string; originalMessage?: string } }).cause;
  const err = new Error(
    `Raw query failed. Code: \`${cause?.originalCode ?? cause?.kind ?? 'unknown'}\`. Message: \`${cause?.originalMessage ?? e.message}\``,
  );
  return Object.assign(err, { name: 'PrismaClientKnownRequestError', code: 'P2010', meta: { driverAdapterError: { name: e.name, cause } } });
}

/** Statements as the runners below take them: the template's strings and its values (an array of our own). */
interface Runner {
  query(strings: TemplateStringsArray, values: unknown[]): Promise<unknown>;
  execute(strings: TemplateStringsArray, values: unknown[]): Promise<number>;
}

const asPlain = (r: Runner): Omit<RawSql, 'transaction'> => ({
  query: <T>(strings: TemplateStringsArray, ...values: unknown[]) => r.query(strings, values) as Promise<T>,
  execute: (strings: TemplateStringsArray, ...values: unknown[]) => r.execute(strings, values),
});

/**
 * Plain SQL through `handle`'s adapter once it is open (the app opens it before use),
 * through the client's own raw path otherwise. On SQLite, `direct` runs the statements on
 * the connection's kept statements instead of through the adapter (sqliteDirect.ts), with
 * the same rows and errors.
 */
export function rawSql(handle: AdapterHandle, client: PrismaRaw, direct: DirectSql | null = null): RawSql {
  const placeholder = handle.provider === 'postgres' ? (i: number) => `$${i + 1}` : () => '?';
  // A template literal's strings are one frozen array per call site: its text is built once.
  const texts = new WeakMap<TemplateStringsArray, string>();
  const textOf = (strings: TemplateStringsArray): string => {
    let sql = texts.get(strings);
    if (sql !== undefined) return sql;
    sql = strings[0];
    for (let i = 1; i < strings.length; i++) sql += placeholder(i - 1) + strings[i];
    if (Object.isFrozen(strings)) texts.set(strings, sql);
    return sql;
  };
  const compile = (strings: TemplateStringsArray, values: unknown[]): SqlQuery => ({
    sql: textOf(strings),
    args: values,
    argTypes: values.map(argType),
  });
  const fallback = clientRawSql(client);
  const fallbackRunner: Runner = {
    query: (strings, values) => fallback.query(strings, ...values),
    execute: (strings, values) => fallback.execute(strings, ...values),
  };
  const on = (q: SqlQueryable): Runner => ({
    async query(strings, values) {
      try {
        return rowsOf(await q.queryRaw(compile(strings, values)));
      } catch (e) {
        throw asClientError(e);
      }
    },
    async execute(strings, values) {
      try {
        return await q.executeRaw(compile(strings, values));
      } catch (e) {
        throw asClientError(e);
      }
    },
  });
  // Transactions on SQLite run on the same connection: their statements go direct as well.
  const directRunner: Runner | null = direct && {
    async query(strings, values) {
      try {
        return direct.query(textOf(strings), values);
      } catch (e) {
        throw asClientError(e);
      }
    },
    async execute(strings, values) {
      try {
        return direct.execute(textOf(strings), values);
      } catch (e) {
        throw asClientError(e);
      }
    },
  };
  const directPlain = directRunner && asPlain(directRunner);
  let connected: { adapter: SqlDriverAdapter; runner: Runner } | null = null;
  const runner = (): Runner => {
    const adapter = handle.adapter;
    if (!adapter) return fallbackRunner;
    if (connected?.adapter !== adapter) connected = { adapter, runner: directRunner ?? on(adapter) };
    return connected.runner;
  };
  return {
    query: <T>(strings: TemplateStringsArray, ...values: unknown[]) => runner().query(strings, values) as Promise<T>,
    execute: (strings, ...values) => runner().execute(strings, values),
    async transaction(work) {
      const adapter = handle.adapter;
      if (!adapter) return fallback.transaction(work);
      let tx: Transaction;
      try {
        tx = await adapter.startTransaction();
      } catch (e) {
        throw asClientError(e);
      }
      // Both adapters leave COMMIT and ROLLBACK to the caller (no "phantom query") and only
      // release the connection (PostgreSQL) or the lock (SQLite) in commit/rollback.
      // On SQLite they run on the direct path too: the transaction's connection is its own.
      const say = async (sql: 'COMMIT' | 'ROLLBACK') => {
        if (tx.options.usePhantomQuery) return;
        if (direct) direct.execute(sql, []);
        else await tx.executeRaw({ sql, args: [], argTypes: [] });
      };
      let result;
      try {
        result = await work(directPlain ?? asPlain(on(tx)));
        await say('COMMIT');
      } catch (e) {
        await say('ROLLBACK').catch(() => undefined);
        await tx.rollback();
        throw asClientError(e);
      }
      await tx.commit();
      return result;
    },
  };
}
