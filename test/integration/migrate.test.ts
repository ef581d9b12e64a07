import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { type Migration, migratePostgres, migrateSqlite } from '../../src/infra/db/migrate';
import { postgresTestDatabase, type TestDatabase } from './support/databases';

const { check } = require('../../scripts/db/check-migrations') as {
  check(): Promise<{ ok: boolean; message: string }>;
};

const parentAndChild: Migration = {
  name: '20260101000000_parent_child',
  sql: `
    CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);
    CREATE TABLE "Child" (
      "id" TEXT NOT NULL PRIMARY KEY,
      "parentId" TEXT NOT NULL,
      CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
    );
    INSERT INTO "Parent" VALUES ('p1', '親');
    INSERT INTO "Child" VALUES ('c1', 'p1'), ('c2', 'p1');`,
};

/** How Prisma alters a SQLite table: build a new one, copy, drop the old, rename. */
const rebuildParent: Migration = {
  name: '20260102000000_rebuild_parent',
  sql: `
    PRAGMA defer_foreign_keys=ON;
    PRAGMA foreign_keys=OFF;
    CREATE TABLE "new_Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "kana" TEXT);
    INSERT INTO "new_Parent" ("id", "name") SELECT "id", "name" FROM "Parent";
    DROP TABLE "Parent";
    ALTER TABLE "new_Parent" RENAME TO "Parent";
    PRAGMA foreign_keys=ON;
    PRAGMA defer_foreign_keys=OFF;`,
};

const broken: Migration = { name: '20260103000000_broken', sql: 'CREATE TABLE "Later" ("id" TEXT); SELEC nonsense;' };

describe('migration runner on SQLite', () => {
  let dir: string;
  let file: string;
  const read = <T>(sql: string): T[] => {
    const db = new BetterSqlite3(file);
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chogi-migrate-'));
    file = path.join(dir, 'test.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('applies pending migrations in order, once, and leaves the file in WAL mode', () => {
    expect(migrateSqlite(file, [parentAndChild])).toEqual([parentAndChild.name]);
    expect(migrateSqlite(file, [parentAndChild, rebuildParent])).toEqual([rebuildParent.name]);
    expect(migrateSqlite(file, [parentAndChild, rebuildParent])).toEqual([]);
    expect(read<{ name: string }>('SELECT "name" FROM "_chogi_migrations" ORDER BY "name"').map((r) => r.name)).toEqual([
      parentAndChild.name,
      rebuildParent.name,
    ]);
    expect(read<{ journal_mode: string }>('PRAGMA journal_mode')[0].journal_mode).toBe('wal');
  });

  it('keeps child rows when a table with ON DELETE CASCADE children is rebuilt', () => {
    migrateSqlite(file, [parentAndChild, rebuildParent]);

    expect(read('SELECT "id" FROM "Child" ORDER BY "id"')).toEqual([{ id: 'c1' }, { id: 'c2' }]);
    expect(read('SELECT "id", "name", "kana" FROM "Parent"')).toEqual([{ id: 'p1', name: '親', kana: null }]);
  });

  it('(why: run naively in a transaction with foreign keys on, the rebuild deletes the children)', () => {
    const db = new BetterSqlite3(file); // foreign keys are on by default in better-sqlite3
    try {
      db.exec(parentAndChild.sql);
      db.transaction(() => db.exec(rebuildParent.sql))();
      expect(db.prepare('SELECT count(*) AS n FROM "Child"').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('applies nothing of a batch when one migration fails, and names it', () => {
    expect(() => migrateSqlite(file, [parentAndChild, broken])).toThrow(/migration 20260103000000_broken failed/);

    expect(read(`SELECT "name" FROM sqlite_master WHERE "name" IN ('Parent', 'Later')`)).toEqual([]);
    expect(read('SELECT "name" FROM "_chogi_migrations"')).toEqual([]);
  });

  it('refuses migrations that leave foreign keys dangling', () => {
    const orphan: Migration = { name: '20260104000000_orphan', sql: `INSERT INTO "Child" VALUES ('c3', 'nobody');` };
    migrateSqlite(file, [parentAndChild]);

    expect(() => migrateSqlite(file, [parentAndChild, orphan])).toThrow(/break foreign keys/);
    expect(read('SELECT "id" FROM "Child" ORDER BY "id"')).toEqual([{ id: 'c1' }, { id: 'c2' }]);
  });
});

describe('migration runner on PostgreSQL', () => {
  let target: TestDatabase;
  let client: Client;
  const pgParentAndChild: Migration = {
    name: parentAndChild.name,
    sql: `
      CREATE TABLE "Parent" ("id" TEXT PRIMARY KEY, "name" TEXT NOT NULL);
      CREATE TABLE "Child" ("id" TEXT PRIMARY KEY, "parentId" TEXT NOT NULL REFERENCES "Parent" ("id") ON DELETE CASCADE);
      INSERT INTO "Parent" VALUES ('p1', '親');
      INSERT INTO "Child" VALUES ('c1', 'p1');`,
  };

  beforeAll(async () => {
    target = await postgresTestDatabase();
    client = new Client({ connectionString: target.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await target?.drop();
  });

  it('applies nothing of a batch when one migration fails, then applies the good ones once', async () => {
    await expect(migratePostgres(client, [pgParentAndChild, broken])).rejects.toThrow(/migration 20260103000000_broken failed/);
    expect(await target.query(`SELECT to_regclass('"Parent"') AS t`)).toEqual([{ t: null }]);

    expect(await migratePostgres(client, [pgParentAndChild])).toEqual([pgParentAndChild.name]);
    expect(await migratePostgres(client, [pgParentAndChild])).toEqual([]);
    expect(await target.query('SELECT "id" FROM "Child"')).toEqual([{ id: 'c1' }]);
  });
});

describe('committed migrations', () => {
  it('produce prisma/schema.prisma (run `npm run db:migration -- <name>` after editing it)', async () => {
    const result = await check();
    expect(result).toEqual({ ok: true, message: expect.any(String) });
  }, 60_000);
});
