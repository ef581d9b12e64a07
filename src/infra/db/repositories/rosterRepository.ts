import type { RosterEntry, RosterHistoryEntry, RosterRepository } from '../../../app/ports';
import type * as S from '../../../generated/sqlite/client';
import { randomUUID } from 'node:crypto';
import { type DbContext, isUniqueViolation, sqlOf } from '../client';
import type { RawSql } from '../rawSql';
import { type Piece, statement, v } from './sql';
import { StoredDataError } from '../errors';

type Row = S.RosterAssignment;
const PLATFORMS = ['slack', 'teams'] as const;

function platformOf(row: Row): RosterEntry['platform'] {
  if ((PLATFORMS as readonly string[]).includes(row.platform)) return row.platform as RosterEntry['platform'];
  throw new StoredDataError('RosterAssignment', row.id, `platform is ${JSON.stringify(row.platform)}`);
}

const toEntry = (row: Row): RosterEntry => ({
  platform: platformOf(row),
  userId: row.userId,
  sectionId: row.sectionId,
  assignedBy: row.assignedBy,
  assignedAt: row.assignedAt,
});

const toHistory = (row: Row): RosterHistoryEntry => ({ ...toEntry(row), removedBy: row.removedBy, removedAt: row.removedAt });

const activeKey = (platform: string, userId: string) => `${platform}:${userId}`;

const INSERT = (tx: Pick<RawSql, 'execute'>, row: Row) => tx.execute`
  INSERT INTO "RosterAssignment" ("id", "platform", "userId", "sectionId", "assignedBy", "assignedAt", "removedBy", "removedAt", "activeKey")
  VALUES (${row.id}, ${row.platform}, ${row.userId}, ${row.sectionId}, ${row.assignedBy}, ${row.assignedAt}, ${row.removedBy}, ${row.removedAt}, ${row.activeKey})`;

/** `"column" IN (…)` over some values (never empty: the caller asks only when there are some). */
const inList = (column: string, values: readonly string[]): Piece[] => [
  `"${column}" IN (`,
  ...values.flatMap((x, i) => (i === 0 ? [v(x)] : [', ', v(x)])),
  ')',
];

export function rosterRepository(ctx: DbContext): RosterRepository {
  const { serial } = ctx;
  // Plain SQL, the same on SQLite and PostgreSQL, straight to the driver adapter (rawSql.ts):
  // the roster is imported at start and read on every opinion.
  const sql = sqlOf(ctx);
  return {
    sectionOf: (platform, userId) =>
      serial(async () => {
        const [row] = await sql.query<{ sectionId: string }[]>`
          SELECT "sectionId" FROM "RosterAssignment" WHERE "activeKey" = ${activeKey(platform, userId)}`;
        return row?.sectionId ?? null;
      }),

    current: (platform) =>
      serial(async () => {
        const rows = await sql.query<Row[]>`
          SELECT * FROM "RosterAssignment" WHERE "platform" = ${platform} AND "removedAt" IS NULL
          ORDER BY "sectionId" ASC, "assignedAt" ASC, "userId" ASC`;
        return rows.map(toEntry);
      }),

    setSections: ({ platform, sections, by, now }) =>
      serial(async () => {
        const sectionIds = Object.keys(sections);
        const wanted = new Map<string, string>();
        for (const [sectionId, users] of Object.entries(sections)) for (const u of users) wanted.set(u, sectionId);
        const users = [...wanted.keys()];
        try {
          return await sql.transaction(async (tx) => {
            const either: Piece[] = [];
            if (sectionIds.length > 0) either.push(...inList('sectionId', sectionIds));
            if (users.length > 0) either.push(...(either.length > 0 ? [' OR '] : []), ...inList('userId', users));
            const rows =
              either.length === 0
                ? []
                : await tx.query<Row[]>(
                    ...statement([
                      'SELECT * FROM "RosterAssignment" WHERE "platform" = ',
                      v(platform),
                      ' AND "removedAt" IS NULL AND (',
                      ...either,
                      ')',
                    ]),
                  );
            const ending = rows.filter((r) => wanted.get(r.userId) !== r.sectionId);
            const kept = new Set(rows.filter((r) => wanted.get(r.userId) === r.sectionId).map((r) => r.userId));
            for (const r of ending) {
              // Conditional on the row still being current: a concurrent change makes this a conflict.
              const n = await tx.execute`
                UPDATE "RosterAssignment" SET "removedAt" = ${now}, "removedBy" = ${by}, "activeKey" = NULL
                WHERE "id" = ${r.id} AND "removedAt" IS NULL`;
              if (n !== 1) throw new Conflict();
            }
            const added: RosterEntry[] = [];
            for (const [userId, sectionId] of wanted) {
              if (kept.has(userId)) continue;
              const row: Row = {
                id: randomUUID(),
                platform,
                userId,
                sectionId,
                assignedBy: by,
                assignedAt: now,
                removedBy: null,
                removedAt: null,
                activeKey: activeKey(platform, userId),
              };
              await INSERT(tx, row);
              added.push(toEntry(row));
            }
            return { ok: true as const, added, removed: ending.map(toEntry) };
          });
        } catch (err) {
          if (err instanceof Conflict || isUniqueViolation(err)) return { ok: false as const, reason: 'conflict' as const };
          throw err;
        }
      }),

    history: (limit) =>
      serial(async () => {
        // An assignment and its end are two lines of the history: the newest event first.
        const rows = await sql.query<Row[]>`
          SELECT * FROM "RosterAssignment" ORDER BY "assignedAt" DESC, "id" ASC LIMIT ${limit}`;
        return rows.map(toHistory);
      }),

    importIfEmpty: (entries, now) =>
      serial(async () => {
        if (entries.length === 0) return 0;
        try {
          return await sql.transaction(async (tx) => {
            const [{ n }] = await tx.query<{ n: number | bigint }[]>`SELECT COUNT(*) AS "n" FROM "RosterAssignment"`;
            if (Number(n) > 0) return 0;
            for (const e of entries) {
              await INSERT(tx, {
                id: randomUUID(),
                platform: e.platform,
                userId: e.userId,
                sectionId: e.sectionId,
                assignedBy: 'org-file',
                assignedAt: now,
                removedBy: null,
                removedAt: null,
                activeKey: activeKey(e.platform, e.userId),
              });
            }
            return entries.length;
          });
        } catch (err) {
          // Another instance imported first.
          if (isUniqueViolation(err)) return 0;
          throw err;
        }
      }),
  };
}

class Conflict extends Error {}
