import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { AdapterHandle, rawSql, type RawSql } from '../../src/infra/db/rawSql';
import { keepPreparedStatements } from '../../src/infra/db/statementCache';
import { directSql } from '../../src/infra/db/sqliteDirect';

// Never reached: both runners below have a connected adapter.
const noClient = {
  $queryRaw: () => Promise.reject(new Error('client used')),
  $executeRaw: () => Promise.reject(new Error('client used')),
  $transaction: () => Promise.reject(new Error('client used')),
};

/** A cell with its exact JS type (an invalid Date is equal to no other Date for toEqual). */
function typed(v: unknown): unknown {
  if (v instanceof Date) return ['Date', Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()];
  if (v instanceof Uint8Array) return [v.constructor.name, [...v]];
  return [typeof v, typeof v === 'bigint' ? String(v) : v];
}

/** What a statement gives: its rows (each cell typed, in column order), or its error's kind, message, code and meta. */
async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    const result = await p;
    return { rows: Array.isArray(result) ? result.map((r: object) => Object.entries(r).map(([k, v]) => [k, typed(v)])) : typed(result) };
  } catch (e) {
    const err = e as Error & { code?: unknown; meta?: unknown };
    return { error: { name: err.name, message: err.message, code: err.code, meta: err.meta } };
  }
}

// Every declared type the adapter knows, a type it does not, and none, each holding every
// storage class SQLite lets it hold: the direct path must give what the adapter path gave.
const COLUMNS = [
  'i INTEGER',
  'b BIGINT',
  'r REAL',
  'n DECIMAL',
  't TEXT',
  'v VARCHAR(10)',
  'dt DATETIME',
  'd DATE',
  'bo BOOLEAN',
  'j JSONB',
  'bl BLOB',
  'x',
];
const VALUES: [string, unknown][] = [
  ['null', null],
  ['zero', 0],
  ['one', 1],
  ['two', 2],
  ['negative', -7],
  ['big integer', 9_007_199_254_740_993n],
  ['epoch ms', 1_767_225_600_000],
  ['real', 1.5],
  ['whole real', 4.0],
  ['text', 'abc'],
  ['numeric text', '42'],
  ['"1"', '1'],
  ['"true"', 'true'],
  ['ISO instant', '2026-12-01T03:04:05.678+00:00'],
  ['JSON', '{"a":[1,2]}'],
  ['blob', Buffer.from([0, 7, 255])],
  ['a Date', new Date('2026-12-01T03:04:05.678Z')],
  ['a boolean', true],
];

describe('SQLite statements run on the kept statements (sqliteDirect)', () => {
  let dir: string;
  let handle: AdapterHandle;
  let viaAdapter: RawSql;
  let direct: RawSql;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chogi-direct-'));
    handle = new AdapterHandle(new PrismaBetterSQLite3({ url: path.join(dir, 'x.db') }));
    const adapter = await handle.connect();
    const statements = keepPreparedStatements(adapter)!;
    viaAdapter = rawSql(handle, noClient);
    const runner = directSql(statements, adapter);
    expect(runner).not.toBeNull();
    direct = rawSql(handle, noClient, runner);
    await adapter.executeScript('PRAGMA synchronous = OFF');
    await adapter.executeScript(`CREATE TABLE t (k TEXT PRIMARY KEY, ${COLUMNS.join(', ')})`);
  });
  afterAll(async () => {
    await handle.adapter?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads every declared type holding every kind of value as the adapter path does', async () => {
    for (const column of COLUMNS.map((c) => c.split(' ')[0])) {
      for (const [what, value] of VALUES) {
        await viaAdapter.execute`DELETE FROM t`;
        // Through the adapter: the stored value is what it always stored.
        await viaAdapter.execute(Object.assign([`INSERT INTO t (k, ${column}) VALUES ('k', `, ')'], { raw: [] }), value);
        const select = Object.assign([`SELECT ${column} AS "c", ${column} AS "again", typeof(${column}) AS "kind" FROM t`], { raw: [] });
        const expected = await outcome(viaAdapter.query(select));
        expect([column, what, await outcome(direct.query(select))]).toEqual([column, what, expected]);
      }
    }
  });

  it('types an expression column by its first value that is not null, over all rows', async () => {
    await viaAdapter.execute`DELETE FROM t`;
    await viaAdapter.execute`INSERT INTO t (k, i, t) VALUES ('a', NULL, NULL), ('b', 5, 'x'), ('c', 6, NULL)`;
    for (const expression of ['i + 0', "t || ''", 'i * 1.0', 'NULL', 'COUNT(*) OVER ()', 'MAX(i) OVER ()']) {
      const select = Object.assign([`SELECT k, ${expression} AS "e", 1 AS "k" FROM t ORDER BY k`], { raw: [] });
      expect([expression, await outcome(direct.query(select))]).toEqual([expression, await outcome(viaAdapter.query(select))]);
    }
  });

  it('counts changes, binds arguments and fails with the same errors as the adapter path', async () => {
    await viaAdapter.execute`DELETE FROM t`;
    const at = new Date('2027-01-02T00:00:00.001Z');
    expect(await direct.execute`INSERT INTO t (k, dt, bo, b) VALUES (${'a'}, ${at}, ${true}, ${12n})`).toBe(1);
    expect(await viaAdapter.query`SELECT dt, bo, b FROM t WHERE k = ${'a'} AND dt = ${at} AND bo = ${true}`).toEqual([{ dt: at, bo: true, b: 12n }]);
    // Instants alternating within one statement and between statements are each bound as themselves.
    const later = new Date('2027-01-02T00:00:00.002Z');
    await direct.execute`INSERT INTO t (k, dt, d) VALUES (${'b'}, ${later}, ${at}), (${'c'}, ${at}, ${later})`;
    expect(await direct.query`SELECT k, dt, d FROM t WHERE k IN (${'b'}, ${'c'}) ORDER BY k`).toEqual(
      await viaAdapter.query`SELECT k, dt, d FROM t WHERE k IN (${'b'}, ${'c'}) ORDER BY k`,
    );
    expect(await viaAdapter.query`SELECT k FROM t WHERE dt = ${later} AND d = ${at}`).toEqual([{ k: 'b' }]);
    await direct.execute`DELETE FROM t WHERE k IN (${'b'}, ${'c'})`;
    expect(await direct.query`UPDATE t SET i = 1 WHERE k = ${'a'}`).toEqual([]);
    expect(await direct.execute`UPDATE t SET i = 2 WHERE k IN (${'a'}, ${'b'})`).toBe(1);
    for (const [strings, ...values] of [
      [Object.assign(['INSERT INTO t (k) VALUES (', ')'], { raw: [] }), 'a'], // unique
      [Object.assign(['SELECT nope FROM t'], { raw: [] })], // no such column
      [Object.assign(['SELECT * FROM nowhere'], { raw: [] })], // no such table
      [Object.assign(['SELEC 1'], { raw: [] })], // syntax: not classified by the adapter
      [Object.assign(['SELECT ', ' AS x'], { raw: [] }), { not: 'bindable' }],
    ] as [TemplateStringsArray, ...unknown[]][]) {
      const expected = await outcome(viaAdapter.execute(strings, ...values));
      expect(await outcome(direct.execute(strings, ...values))).toEqual(expected);
      expect(await outcome(direct.query(strings, ...values))).toEqual(await outcome(viaAdapter.query(strings, ...values)));
    }
  });

  it('runs transactions on the same connection, committed or rolled back', async () => {
    await direct.execute`DELETE FROM t`;
    await direct.transaction(async (tx) => {
      await tx.execute`INSERT INTO t (k) VALUES (${'a'})`;
      expect(await tx.query`SELECT k FROM t`).toEqual([{ k: 'a' }]);
    });
    const failed = direct.transaction(async (tx) => {
      await tx.execute`INSERT INTO t (k) VALUES (${'b'})`;
      await tx.execute`INSERT INTO t (k) VALUES (${'a'})`;
    });
    await expect(failed).rejects.toMatchObject({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation' } } } });
    expect(await viaAdapter.query`SELECT k FROM t ORDER BY k`).toEqual([{ k: 'a' }]);
  });
});
