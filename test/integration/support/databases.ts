import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';

/** A throwaway database for one test file, plus raw SQL access to look behind the repositories. */
export interface TestDatabase {
  provider: 'sqlite' | 'postgresql';
  url: string;
  /** Raw SQL with `?` placeholders (turned into $1… for PostgreSQL). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The plan's text for a query, with sequential scans discouraged on PostgreSQL. */
  explain(sql: string, params?: unknown[]): Promise<string>;
  drop(): Promise<void>;
}

export async function sqliteTestDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chogi-sqlite-'));
  const file = path.join(dir, 'nested', 'chogi.db'); // the parent folder does not exist yet
  const withDb = <T>(fn: (db: BetterSqlite3.Database) => T): T => {
    const db = new BetterSqlite3(file, { fileMustExist: true, timeout: 5000 });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    provider: 'sqlite',
    url: `file:${file}`,
    query: async <T>(sql: string, params: unknown[] = []) =>
      withDb((db) => {
        const statement = db.prepare(sql);
        if (statement.reader) return statement.all(...params) as T[];
        statement.run(...params);
        return [];
      }),
    explain: async (sql, params = []) =>
      withDb((db) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n')),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export const adminUrl = process.env.TEST_DATABASE_URL_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh, uniquely named database on the test server (TEST_DATABASE_URL_PG). Throws when
 * the server is unreachable: the PostgreSQL suite fails rather than skips.
 */
export async function postgresTestDatabase(): Promise<TestDatabase> {
  const name = `chogi_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL for tests is unreachable at ${adminUrl} (set TEST_DATABASE_URL_PG): ${(e as Error).message}`);
  }
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;

  const withClient = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: url.toString() });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    provider: 'postgresql',
    url: url.toString(),
    query: <T>(sql: string, params: unknown[] = []) => withClient(async (c) => (await c.query(numbered(sql), params)).rows as T[]),
    explain: (sql, params = []) =>
      withClient(async (c) => {
        // A handful of rows: the planner would rightly scan the table. Ask whether the index can serve.
        await c.query('SET enable_seqscan = off');
        const { rows } = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${numbered(sql)}`, params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      }),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
