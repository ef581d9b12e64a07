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

// The numbers of @prisma/driver-adapter-utils' ColumnTypeEnum (a const object there).
const INT32 = 0;
const INT64 = 1;
const BOOLEAN = 5;
const DATE = 8;
const DATETIME = 10;
const JSON_COLUMN = 11;
const BYTES = 13;

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

function cell(value: unknown, type: number): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case INT32:
      return Math.trunc(Number(value));
    case INT64:
      return typeof value === 'bigint' ? value : BigInt(typeof value === 'number' ? Math.trunc(value) : String(value));
    case BOOLEAN:
      return typeof value === 'boolean' ? value : value === 1 || value === '1' || value === 'true' || value === 1n;
    case DATE:
    case DATETIME:
      return value instanceof Date ? value : new Date(value as string);
    case JSON_COLUMN:
      return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    case BYTES:
      return Array.isArray(value) ? new Uint8Array(value as number[]) : value;
    default:
      return value;
  }
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

/**
 * Plain SQL through `handle`'s adapter once it is open (the app opens it before use),
 * through the client's own raw path otherwise.
 */
export function rawSql(handle: AdapterHandle, client: PrismaRaw): RawSql {
  const placeholder = handle.provider === 'postgres' ? (i: number) => `$${i + 1}` : () => '?';
  const compile = (strings: TemplateStringsArray, values: unknown[]): SqlQuery => {
    let sql = strings[0];
    for (let i = 0; i < values.length; i++) sql += placeholder(i) + strings[i + 1];
    return { sql, args: values, argTypes: values.map(argType) };
  };
  const fallback = clientRawSql(client);
  const on = (q: SqlQueryable): Omit<RawSql, 'transaction'> => ({
    async query<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T> {
      try {
        return rowsOf(await q.queryRaw(compile(strings, values))) as T;
      } catch (e) {
        throw asClientError(e);
      }
    },
    async execute(strings: TemplateStringsArray, ...values: unknown[]): Promise<number> {
      try {
        return await q.executeRaw(compile(strings, values));
      } catch (e) {
        throw asClientError(e);
      }
    },
  });
  const plain = (): Omit<RawSql, 'transaction'> => (handle.adapter ? on(handle.adapter) : fallback);
  return {
    query: (strings, ...values) => plain().query(strings, ...values),
    execute: (strings, ...values) => plain().execute(strings, ...values),
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
      const say = async (sql: 'COMMIT' | 'ROLLBACK') => {
        if (!tx.options.usePhantomQuery) await tx.executeRaw({ sql, args: [], argTypes: [] });
      };
      let result;
      try {
        result = await work(on(tx));
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
