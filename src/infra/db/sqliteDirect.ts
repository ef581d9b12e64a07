/**
 * RawSql's statements on SQLite, run on the kept better-sqlite3 statement itself.
 *
 * Through the adapter (`queryRaw`) every statement is logged through `debug` (its
 * arguments formatted even when debugging is off), its rows are read as arrays, copied
 * into new arrays with integers turned into text, given column types, and then copied
 * again into objects with the text turned back into numbers: most of what a filing's
 * statements allocated. Here a row is read as an array once, its cells converted in
 * place, and made the object it ends up as in one step.
 *
 * The rows are exactly those of the adapter path (rawSql.ts `rowsOf` over the adapter's
 * `queryRaw`, 6.19.3): `cellOf` is that composition, with shortcuts only where they give
 * the same value, and the column types are derived the same way (declared type, else the
 * first non-null value). Arguments are bound as the adapter binds them (booleans as 0/1,
 * instants as ISO text with "+00:00"), and a driver error is classified by the adapter's
 * own `onError`, so errors keep their `DriverAdapterError` shape.
 */
import type { PreparedStatements, KeptStatement } from './statementCache';

// The numbers of @prisma/driver-adapter-utils' ColumnTypeEnum (a const object there).
export const INT32 = 0;
export const INT64 = 1;
const FLOAT = 2;
const DOUBLE = 3;
const NUMERIC = 4;
export const BOOLEAN = 5;
const TEXT = 7;
export const DATE = 8;
const TIME = 9;
export const DATETIME = 10;
export const JSON_COLUMN = 11;
export const BYTES = 13;
const UNKNOWN_NUMBER = 128;

/** A `queryRaw` cell as rawSql.ts turns it into `$queryRaw`'s type for its column type. */
export function cell(value: unknown, type: number): unknown {
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

/** The adapter's `mapRow` for one value (integers as text, blobs as arrays of bytes). */
function adapterCell(value: unknown, type: number): unknown {
  if (value instanceof ArrayBuffer || value instanceof Buffer) return Array.from(new Uint8Array(value));
  if (typeof value === 'number' && (type === INT32 || type === INT64) && !Number.isInteger(value)) return Math.trunc(value);
  if ((typeof value === 'number' || typeof value === 'bigint') && type === DATETIME) return new Date(Number(value)).toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * A value as better-sqlite3 reads it (safe integers: every INTEGER a bigint) in the type
 * the adapter path gives it: `cell(adapterCell(value, type), type)`. A string passes
 * `adapterCell` unchanged; a bigint becomes its decimal text, which `cell` reads back as
 * the same number (Number of the text rounds as Number of the bigint does), the same
 * bigint, a boolean only for "1", and leaves as text for the types it does not convert.
 */
export function cellOf(value: unknown, type: number): unknown {
  if (value === null) return null;
  if (typeof value === 'string') return cell(value, type);
  if (typeof value === 'bigint') {
    switch (type) {
      case INT32:
        return Number(value);
      case INT64:
        return value;
      case BOOLEAN:
        return value === 1n;
      case DATE:
      case DATETIME:
      case JSON_COLUMN:
      case BYTES:
        break;
      default:
        return value.toString();
    }
  }
  return cell(adapterCell(value, type), type);
}

/** The adapter's `mapDeclType`: null where the type must be inferred from the values. */
export function declaredType(declType: string | null): number | null {
  if (declType === null) return null;
  switch (declType.toUpperCase()) {
    case 'DECIMAL':
      return NUMERIC;
    case 'FLOAT':
      return FLOAT;
    case 'DOUBLE':
    case 'DOUBLE PRECISION':
    case 'NUMERIC':
    case 'REAL':
      return DOUBLE;
    case 'TINYINT':
    case 'SMALLINT':
    case 'MEDIUMINT':
    case 'INT':
    case 'INTEGER':
    case 'SERIAL':
    case 'INT2':
      return INT32;
    case 'BIGINT':
    case 'UNSIGNED BIG INT':
    case 'INT8':
      return INT64;
    case 'DATETIME':
    case 'TIMESTAMP':
      return DATETIME;
    case 'TIME':
      return TIME;
    case 'DATE':
      return DATE;
    case 'TEXT':
    case 'CLOB':
    case 'CHARACTER':
    case 'VARCHAR':
    case 'VARYING CHARACTER':
    case 'NCHAR':
    case 'NATIVE CHARACTER':
    case 'NVARCHAR':
      return TEXT;
    case 'BLOB':
      return BYTES;
    case 'BOOLEAN':
      return BOOLEAN;
    case 'JSONB':
      return JSON_COLUMN;
    default:
      return null;
  }
}

/** The adapter's error for a value it cannot type (a blob in a column without a declared type). */
class UnexpectedTypeError extends Error {
  override name = 'UnexpectedTypeError';
  constructor(value: unknown) {
    const type = typeof value;
    super(`unexpected value of type ${type}: ${type === 'object' ? JSON.stringify(value) : String(value)}`);
  }
}

/** The adapter's `inferColumnType`. */
function inferredType(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return TEXT;
    case 'bigint':
      return INT64;
    case 'boolean':
      return BOOLEAN;
    case 'number':
      return UNKNOWN_NUMBER;
    case 'object':
      if (value instanceof ArrayBuffer) return BYTES;
      throw new UnexpectedTypeError(value);
    default:
      throw new UnexpectedTypeError(value);
  }
}

/** A row of a statement: its cells (in column order) as the object `$queryRaw` gives. */
type MakeRow = (cells: unknown[]) => Record<string, unknown>;

/** A statement's result columns, described once (they are fixed while the schema is). */
export interface ResultShape {
  names: string[];
  /** Each column's type from its declaration; -1 where it is inferred from the rows. */
  declared: number[];
  /** The columns whose type is inferred. */
  inferred: number[];
  makeRow: MakeRow;
}

/**
 * The object of a row as one object literal with the statement's column names: V8 then
 * allocates it at its final size, where filling an empty object column by column (as the
 * adapter path did, and better-sqlite3's object rows do) grows its property store several
 * times, most of a row's cost beside its values. The names go in as JSON string literals;
 * a name repeated keeps its first place and its last value, as assignment in column order
 * did.
 */
function rowMaker(names: readonly string[]): MakeRow {
  const body = `return {${names.map((n, j) => `${JSON.stringify(n)}: c[${j}]`).join(', ')}};`;
  // Generated from JSON-quoted column names only: no text of a value ever reaches it.
  return new Function('c', body) as MakeRow;
}

export function resultShape(columns: readonly { name: string; type: string | null }[]): ResultShape {
  const names: string[] = [];
  const declared: number[] = [];
  const inferred: number[] = [];
  columns.forEach((c, i) => {
    names.push(c.name);
    const t = declaredType(c.type);
    declared.push(t ?? -1);
    if (t === null) inferred.push(i);
  });
  return { names, declared, inferred, makeRow: rowMaker(names) };
}

/** The rows' column types as the adapter's `getColumnTypes` gives them. */
function columnTypes(shape: ResultShape, rows: readonly unknown[][]): readonly number[] {
  if (shape.inferred.length === 0) return shape.declared;
  const types = shape.declared.slice();
  for (const j of shape.inferred) {
    types[j] = INT32; // all null: the adapter's default
    for (const row of rows) {
      const value = row[j];
      if (value !== null) {
        types[j] = inferredType(value);
        break;
      }
    }
  }
  return types;
}

/**
 * better-sqlite3's raw rows in `$queryRaw`'s types and shape: every cell converted (as the
 * adapter path converts every column, repeated names too), then each row made an object,
 * in the array that held the raw rows.
 */
export function convertRows(shape: ResultShape, rows: unknown[][]): Record<string, unknown>[] {
  const out = rows as unknown[];
  if (rows.length === 0) return out as Record<string, unknown>[];
  const types = columnTypes(shape, rows);
  const { makeRow } = shape;
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i];
    for (let j = 0; j < cells.length; j++) cells[j] = cellOf(cells[j], types[j]);
    out[i] = makeRow(cells);
  }
  return out as Record<string, unknown>[];
}

/** The adapter's `mapArg` for the argument types rawSql.ts gives (by the value's JS type). */
function bindable(value: unknown, epochMs: boolean): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return epochMs ? value.getTime() : value.toISOString().replace('Z', '+00:00');
  return value;
}

/** What of the adapter the direct path uses: its options and its classification of driver errors. */
interface AdapterParts {
  adapterOptions?: { timestampFormat?: string };
  onError(error: unknown): never;
}

function isAdapterParts(a: unknown): a is AdapterParts {
  return typeof a === 'object' && a !== null && typeof (a as { onError?: unknown }).onError === 'function';
}

export interface DirectSql {
  /** Rows of a statement as rawSql.ts returns them from the adapter ([] for a statement without rows). */
  query(sql: string, values: unknown[]): Record<string, unknown>[];
  /** Rows changed, as the adapter's `executeRaw`. */
  execute(sql: string, values: unknown[]): number;
}

/**
 * The direct runner on `adapter`'s connection, or null when the adapter is not the one this
 * was written against (then statements go through the adapter).
 */
export function directSql(statements: PreparedStatements, adapter: unknown): DirectSql | null {
  if (!isAdapterParts(adapter)) return null;
  const format = adapter.adapterOptions?.timestampFormat ?? 'iso8601';
  if (format !== 'iso8601' && format !== 'unixepoch-ms') return null;
  const epochMs = format === 'unixepoch-ms';
  // A statement binds the same instant again and again (a filing's "now"): its text is
  // made once while it repeats (a function of the time value alone).
  let lastTime = NaN;
  let lastText = '';
  const bind = (values: unknown[]): unknown[] => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v instanceof Date && !epochMs) {
        const t = v.getTime();
        if (t !== lastTime) {
          lastText = bindable(v, false) as string;
          lastTime = t;
        }
        values[i] = lastText;
      } else if (typeof v === 'boolean' || v instanceof Date) values[i] = bindable(v, epochMs);
    }
    return values;
  };
  // The adapter's own classification (a DriverAdapterError, or the error itself): it throws.
  const driverError = (e: unknown): unknown => {
    adapter.onError(e);
    return e;
  };
  const shapeOf = (k: KeptStatement): ResultShape => (k.shape ??= resultShape((k.columns ??= k.st.columns())));
  return {
    query(sql, values) {
      let rows: unknown[][];
      let shape: ResultShape;
      try {
        const args = bind(values);
        const k = statements.get(sql);
        const { st } = k;
        if (!st.reader) {
          st.run(args);
          return [];
        }
        shape = shapeOf(k);
        rows = st.raw(true).all(args) as unknown[][];
      } catch (e) {
        throw driverError(e);
      }
      return convertRows(shape, rows);
    },
    execute(sql, values) {
      try {
        const args = bind(values);
        return statements.get(sql).st.run(args).changes;
      } catch (e) {
        throw driverError(e);
      }
    },
  };
}
