/**
 * Applies pending migrations at start: prisma/migrations/<provider>/<timestamp>_<name>/migration.sql,
 * in name order, each recorded in _chogi_migrations. All pending migrations run in one
 * transaction under a lock, so two instances starting together apply them once.
 *
 * We do not use `prisma migrate deploy`: the Prisma CLI needs downloads and seconds to
 * start; this needs neither.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Client as PgClient } from 'pg';
import { projectRoot } from '../projectRoot';

export type Provider = 'sqlite' | 'postgresql';

export interface Migration {
  name: string;
  sql: string;
}

const TABLE = '_chogi_migrations';
/** Arbitrary constant naming our lock among the database's advisory locks. */
const PG_LOCK_KEY = 4_213_779_026;
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** Found from the project root, so from src (ts-jest) and dist/src (compiled) alike. */
export function migrationsDir(provider: Provider): string {
  return path.join(projectRoot(), 'prisma', 'migrations', provider === 'sqlite' ? 'sqlite' : 'postgres');
}

export function loadMigrations(dir: string): Migration[] {
  if (!fs.existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!fs.existsSync(file)) throw new Error(`migration without migration.sql: ${file}`);
      return { name, sql: fs.readFileSync(file, 'utf8') };
    });
}

/**
 * Migrates the SQLite database in `file` (created if missing) and leaves it in WAL mode.
 * Returns the names of the migrations applied now.
 */
export function migrateSqlite(file: string, migrations: Migration[]): string[] {
  const db = new BetterSqlite3(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    // Prisma rebuilds a table to alter it (create new, copy, DROP old, rename). With foreign
    // keys on, that DROP deletes the old rows first and fires ON DELETE CASCADE on the
    // children. `PRAGMA foreign_keys` is ignored inside a transaction (Prisma's own
    // PRAGMA lines included), so it is switched off here, before BEGIN, and the keys are
    // checked before COMMIT instead.
    db.pragma('foreign_keys = OFF');
    db.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" ("name" TEXT NOT NULL PRIMARY KEY, "applied_at" TEXT NOT NULL)`);
    // IMMEDIATE: take the write lock first, so a second process waits (busy timeout) and
    // then sees what the first one applied.
    db.exec('BEGIN IMMEDIATE');
    try {
      const done = new Set((db.prepare(`SELECT "name" FROM "${TABLE}"`).all() as { name: string }[]).map((r) => r.name));
      const pending = migrations.filter((m) => !done.has(m.name));
      const record = db.prepare(`INSERT INTO "${TABLE}" ("name", "applied_at") VALUES (?, ?)`);
      for (const m of pending) {
        try {
          db.exec(m.sql);
        } catch (e) {
          throw new Error(`migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
        }
        record.run(m.name, new Date().toISOString());
      }
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) {
        throw new Error(`migrations ${pending.map((m) => m.name).join(', ')} break foreign keys: ${JSON.stringify(broken.slice(0, 5))}`);
      }
      db.exec('COMMIT');
      return pending.map((m) => m.name);
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
  } finally {
    db.close();
  }
}

/**
 * Migrates the PostgreSQL database `client` is connected to. The advisory lock is held
 * until COMMIT: a second instance waits, then finds nothing pending.
 * (A migration that cannot run in a transaction, e.g. CREATE INDEX CONCURRENTLY, is not supported.)
 */
export async function migratePostgres(client: PgClient, migrations: Migration[]): Promise<string[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PG_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "${TABLE}" ("name" TEXT NOT NULL PRIMARY KEY, "applied_at" TIMESTAMPTZ NOT NULL)`);
    const { rows } = await client.query<{ name: string }>(`SELECT "name" FROM "${TABLE}"`);
    const done = new Set(rows.map((r) => r.name));
    const pending = migrations.filter((m) => !done.has(m.name));
    for (const m of pending) {
      try {
        // No parameters: the simple query protocol runs the whole multi-statement file.
        await client.query(m.sql);
      } catch (e) {
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
      }
      await client.query(`INSERT INTO "${TABLE}" ("name", "applied_at") VALUES ($1, now())`, [m.name]);
    }
    await client.query('COMMIT');
    return pending.map((m) => m.name);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
