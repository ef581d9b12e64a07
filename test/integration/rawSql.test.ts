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

  it('reads nulls, expressions, aggregates, blobs and bound values with the same types as $queryRaw', async () => {
    const at = new Date('2026-12-03T09:08:07.006Z');
    await opened.sql.execute`
      INSERT INTO "Draft" ("id", "actorPlatform", "actorUser", "conversationPlatform", "conversationChannel",
                           "requestId", "baseVersion", "data", "status", "createdAt", "updatedAt")
      VALUES (${'d1'}, 'slack', 'U1', 'slack', 'C1', ${null}, ${null}, '{}', 'open', ${at}, ${at}),
             (${'d2'}, 'slack', 'U1', 'slack', 'C1', ${'r2'}, ${3}, '[1]', 'open', ${at}, ${at})`;
    await opened.sql.execute`
      INSERT INTO "AttachmentBlob" ("sha256", "size", "bytes", "createdAt") VALUES (${'s1'}, ${3}, ${new Uint8Array([0, 7, 255])}, ${at})`;
    const pairs: [string, (run: (strings: TemplateStringsArray, ...values: unknown[]) => Promise<unknown>) => Promise<unknown>][] = [
      // Declared columns, nullable ones null in one row and set in the other, in both orders.
      ['rows', (run) => run`SELECT * FROM "Draft" WHERE "actorUser" = ${'U1'} ORDER BY "id" ASC`],
      ['rows reversed', (run) => run`SELECT * FROM "Draft" WHERE "actorUser" = ${'U1'} ORDER BY "id" DESC`],
      // Expressions: the type comes from the first value that is not null. (PostgreSQL's
      // NUMERIC is left out: $queryRaw gives a Decimal, the adapter its text.)
      [
        'expressions',
        (run) => run`
          SELECT CASE WHEN "baseVersion" IS NULL THEN NULL ELSE "baseVersion" + 1 END AS "next",
                 CASE WHEN "requestId" IS NULL THEN NULL ELSE 'x' || "requestId" END AS "label",
                 CAST("baseVersion" AS REAL) / 2 AS "half", CAST(2.5 AS REAL) AS "real", 'text' AS "word", NULL AS "nothing"
            FROM "Draft" WHERE "actorUser" = ${'U1'} ORDER BY "id" ASC`,
      ],
      [
        'aggregates',
        (run) => run`
          SELECT COUNT(*) AS "n", SUM(CASE WHEN "status" = 'open' THEN 1 ELSE 0 END) AS "open",
                 MAX("createdAt") AS "last", MIN("baseVersion") AS "least", MAX("requestId") AS "req"
            FROM "Draft" WHERE "actorUser" = ${'U1'}`,
      ],
      ['no rows', (run) => run`SELECT * FROM "Draft" WHERE "id" = ${'none'}`],
      ['bound values', (run) => run`SELECT ${'s'} AS "s", ${42} AS "i", ${1.25} AS "f", ${7n} AS "b" FROM "Draft" WHERE "id" = ${'d1'}`],
      ['a blob', (run) => run`SELECT "sha256", "size", "bytes", "createdAt" FROM "AttachmentBlob" WHERE "sha256" = ${'s1'}`],
      ['returning', (run) => run`UPDATE "Draft" SET "updatedAt" = ${at} WHERE "id" = ${'d2'} RETURNING "id", "baseVersion", "updatedAt"`],
    ];
    for (const [what, statement] of pairs) {
      const direct = await statement((strings, ...values) => opened.sql.query(strings, ...values));
      const viaClient = await statement((strings, ...values) => opened.db.$queryRaw(strings, ...values));
      expect([what, direct]).toEqual([what, viaClient]);
    }
    // The same instants and numbers come back as such (not only equal between the two paths).
    const [d2] = await opened.sql.query<{ baseVersion: unknown; createdAt: unknown }[]>`SELECT * FROM "Draft" WHERE "id" = ${'d2'}`;
    expect(d2.baseVersion).toBe(3);
    expect(d2.createdAt).toEqual(at);
    await opened.sql.execute`DELETE FROM "Draft" WHERE "actorUser" = ${'U1'}`;
    await opened.sql.execute`DELETE FROM "AttachmentBlob" WHERE "sha256" = ${'s1'}`;
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
