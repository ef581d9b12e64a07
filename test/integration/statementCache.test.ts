import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlQuery } from '@prisma/driver-adapter-utils';
import { keepPreparedStatements } from '../../src/infra/db/statementCache';

const q = (sql: string, args: unknown[] = []): SqlQuery => ({
  sql,
  args,
  argTypes: args.map((a) => ({ scalarType: typeof a === 'number' ? 'int' : 'string', arity: 'scalar' }) as const),
});

describe('prepared statements kept on the SQLite connection', () => {
  let dir: string;
  let adapter: SqlDriverAdapter;
  let compiled: string[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chogi-stmt-'));
    adapter = await new PrismaBetterSQLite3({ url: path.join(dir, 'x.db') }).connect();
    // Count what SQLite is asked to compile, under the cache.
    const connection = (adapter as unknown as { client: { prepare: (sql: string) => unknown } }).client;
    const prepare = connection.prepare.bind(connection);
    compiled = [];
    connection.prepare = (sql: string) => {
      compiled.push(sql);
      return prepare(sql);
    };
    expect(keepPreparedStatements(adapter, 3)).not.toBeNull();
    await adapter.executeScript('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
  });
  afterAll(async () => {
    await adapter.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('compiles a statement once and binds each call its own arguments', async () => {
    const insert = 'INSERT INTO t (id, name) VALUES (?, ?)';
    for (const [id, name] of [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ] as const)
      expect(await adapter.executeRaw(q(insert, [id, name]))).toBe(1);
    const select = 'SELECT id, name FROM t WHERE id >= ? ORDER BY id';
    const a = await adapter.queryRaw(q(select, [2]));
    const b = await adapter.queryRaw(q(select, [1]));
    expect(a.columnNames).toEqual(['id', 'name']);
    expect(a.rows.map((r) => r[1])).toEqual(['b', 'c']);
    expect(b.rows.map((r) => r[1])).toEqual(['a', 'b', 'c']);
    expect(compiled.filter((s) => s === insert)).toHaveLength(1);
    expect(compiled.filter((s) => s === select)).toHaveLength(1);
  });

  it('keeps a failed statement usable, and transactions work as before', async () => {
    const insert = 'INSERT INTO t (id, name) VALUES (?, ?)';
    await expect(adapter.executeRaw(q(insert, [9, 'a']))).rejects.toMatchObject({ name: 'DriverAdapterError' });
    const tx = await adapter.startTransaction();
    await tx.executeRaw(q(insert, [4, 'd']));
    await tx.executeRaw(q('ROLLBACK'));
    await tx.rollback();
    expect(await adapter.executeRaw(q(insert, [5, 'e']))).toBe(1);
    const rows = await adapter.queryRaw(q('SELECT name FROM t ORDER BY id'));
    expect(rows.rows.map((r) => r[0])).toEqual(['a', 'b', 'c', 'e']);
  });

  it('drops the least recently used statement beyond its limit and compiles it again when asked', async () => {
    compiled.length = 0;
    const texts = ['SELECT 1 AS x', 'SELECT 2 AS x', 'SELECT 3 AS x', 'SELECT 4 AS x'];
    for (const t of texts) await adapter.queryRaw(q(t));
    const again = await adapter.queryRaw(q('SELECT 1 AS x'));
    expect(again.rows.map((r) => String(r[0]))).toEqual(['1']);
    expect(compiled.filter((s) => s === 'SELECT 1 AS x')).toHaveLength(2);
  });

  it('keeps a statement used since it was compiled over an older unused one', async () => {
    compiled.length = 0;
    const [a, b, c, d] = ['SELECT 11 AS x', 'SELECT 12 AS x', 'SELECT 13 AS x', 'SELECT 14 AS x'];
    for (const t of [a, b, c]) await adapter.queryRaw(q(t));
    await adapter.queryRaw(q(a)); // a hit: a gets a second chance
    await adapter.queryRaw(q(d)); // full: b, the oldest unused, goes
    for (const t of [a, c, d, b]) await adapter.queryRaw(q(t));
    expect(compiled).toEqual([a, b, c, d, b]);
  });

  it('leaves an adapter alone that has no better-sqlite3 connection', () => {
    expect(keepPreparedStatements({ client: {} })).toBeNull();
    expect(keepPreparedStatements(null)).toBeNull();
  });
});
