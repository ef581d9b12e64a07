import { isUniqueViolation } from '../../src/infra/db/client';
import type { OpenedClient } from '../../src/infra/db/opened';
import { openPostgres } from '../../src/infra/db/postgres';
import { openSqlite } from '../../src/infra/db/sqlite';
import { postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from './support/databases';

// The direct path must give repositories exactly what the client's $queryRaw gives.
describe.each([
  ['SQLite', sqliteTestDatabase, (url: string) => openSqlite(url.replace(/^file:/, ''))],
  ['PostgreSQL', postgresTestDatabase, openPostgres],
] as const)('plain SQL on %s', (_, makeDb, open) => {
  let tdb: TestDatabase;
  let opened: OpenedClient;

  beforeAll(async () => {
    tdb = await makeDb();
    opened = await open(tdb.url);
  });
  afterAll(async () => {
    await opened?.disconnect();
    await tdb?.drop();
  });

  it('reads rows with the same types and values as $queryRaw', async () => {
    const at = new Date('2026-12-01T03:04:05.678Z');
    await opened.sql.execute`
      INSERT INTO "Delivery" ("key", "createdAt") VALUES (${'k1'}, ${at})`;
    await opened.sql.execute`
      INSERT INTO "CaseCounter" ("fiscalYear", "last") VALUES (${2026}, ${7})`;
    const direct = await opened.sql.query<Record<string, unknown>[]>`
      SELECT d."key", d."createdAt", c."fiscalYear", c."last", NULL AS "nothing"
      FROM "Delivery" d JOIN "CaseCounter" c ON c."fiscalYear" = ${2026} WHERE d."key" = ${'k1'} AND d."createdAt" <= ${at}`;
    const viaClient = await opened.db.$queryRaw<Record<string, unknown>[]>`
      SELECT d."key", d."createdAt", c."fiscalYear", c."last", NULL AS "nothing"
      FROM "Delivery" d JOIN "CaseCounter" c ON c."fiscalYear" = ${2026} WHERE d."key" = ${'k1'} AND d."createdAt" <= ${at}`;
    expect(direct).toHaveLength(1);
    expect(direct).toEqual(viaClient);
    expect(direct[0].createdAt).toEqual(at);
    expect(Number(direct[0].last)).toBe(7);
  });

  it('writes instants the client reads back as the same instant', async () => {
    const at = new Date('2027-01-02T00:00:00.001Z');
    await opened.sql.execute`INSERT INTO "Delivery" ("key", "createdAt") VALUES (${'k2'}, ${at})`;
    const row = await opened.db.delivery.findUnique({ where: { key: 'k2' } });
    expect(row?.createdAt).toEqual(at);
    expect(await opened.sql.execute`DELETE FROM "Delivery" WHERE "key" = ${'k2'}`).toBe(1);
  });

  it("reports a unique violation as the client's raw error does", async () => {
    const again = opened.sql.execute`INSERT INTO "Delivery" ("key", "createdAt") VALUES (${'k1'}, ${new Date()})`;
    await expect(again).rejects.toMatchObject({ code: 'P2010' });
    const err = await again.catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });

  it('commits the statements of a transaction together, and rolls all back when one fails', async () => {
    const at = new Date('2026-12-02T00:00:00.000Z');
    const n = await opened.sql.transaction(async (tx) => {
      await tx.execute`INSERT INTO "Delivery" ("key", "createdAt") VALUES (${'t1'}, ${at})`;
      const rows = await tx.query<{ key: string }[]>`SELECT "key" FROM "Delivery" WHERE "key" = ${'t1'}`;
      return rows.length;
    });
    expect(n).toBe(1);
    expect(await opened.db.delivery.findUnique({ where: { key: 't1' } })).not.toBeNull();

    const failing = opened.sql.transaction(async (tx) => {
      await tx.execute`INSERT INTO "Delivery" ("key", "createdAt") VALUES (${'t2'}, ${at})`;
      await tx.execute`INSERT INTO "Delivery" ("key", "createdAt") VALUES (${'t1'}, ${at})`; // taken: fails
    });
    expect(isUniqueViolation(await failing.catch((e: unknown) => e))).toBe(true);
    expect(await opened.db.delivery.findUnique({ where: { key: 't2' } })).toBeNull();
    // The connection (SQLite) or pool (PostgreSQL) is usable afterwards, in and outside transactions.
    expect(await opened.sql.transaction((tx) => tx.execute`DELETE FROM "Delivery" WHERE "key" IN (${'t1'}, ${'t2'})`)).toBe(1);
    expect(await opened.db.delivery.count({ where: { key: { in: ['t1', 't2'] } } })).toBe(0);
  });
});
