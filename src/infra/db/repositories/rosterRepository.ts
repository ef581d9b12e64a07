import type { RosterEntry, RosterHistoryEntry, RosterRepository } from '../../../app/ports';
import type * as S from '../../../generated/sqlite/client';
import { type DbContext, isUniqueViolation, sqlOf, TX_OPTIONS } from '../client';
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

export function rosterRepository(ctx: DbContext): RosterRepository {
  const { db, serial } = ctx;
  const sql = sqlOf(ctx);
  return {
    // Plain SQL: asked on every opinion and answer (whose section may this person speak for).
    sectionOf: (platform, userId) =>
      serial(async () => {
        const [row] = await sql.query<{ sectionId: string }[]>`
          SELECT "sectionId" FROM "RosterAssignment" WHERE "activeKey" = ${activeKey(platform, userId)}`;
        return row?.sectionId ?? null;
      }),

    current: (platform) =>
      serial(async () => {
        const rows = await db.rosterAssignment.findMany({
          where: { platform, removedAt: null },
          orderBy: [{ sectionId: 'asc' }, { assignedAt: 'asc' }, { userId: 'asc' }],
        });
        return rows.map(toEntry);
      }),

    setSections: ({ platform, sections, by, now }) =>
      serial(async () => {
        const sectionIds = Object.keys(sections);
        const wanted = new Map<string, string>();
        for (const [sectionId, users] of Object.entries(sections)) for (const u of users) wanted.set(u, sectionId);
        try {
          return await db.$transaction(async (tx) => {
            const rows = await tx.rosterAssignment.findMany({
              where: { platform, removedAt: null, OR: [{ sectionId: { in: sectionIds } }, { userId: { in: [...wanted.keys()] } }] },
            });
            const ending = rows.filter((r) => wanted.get(r.userId) !== r.sectionId);
            const kept = new Set(rows.filter((r) => wanted.get(r.userId) === r.sectionId).map((r) => r.userId));
            for (const r of ending) {
              // Conditional on the row still being current: a concurrent change makes this a conflict.
              const n = await tx.rosterAssignment.updateMany({
                where: { id: r.id, removedAt: null },
                data: { removedAt: now, removedBy: by, activeKey: null },
              });
              if (n.count !== 1) throw new Conflict();
            }
            const added: RosterEntry[] = [];
            for (const [userId, sectionId] of wanted) {
              if (kept.has(userId)) continue;
              const row = await tx.rosterAssignment.create({
                data: { platform, userId, sectionId, assignedBy: by, assignedAt: now, activeKey: activeKey(platform, userId) },
              });
              added.push(toEntry(row));
            }
            return { ok: true as const, added, removed: ending.map(toEntry) };
          }, TX_OPTIONS);
        } catch (err) {
          if (err instanceof Conflict || isUniqueViolation(err)) return { ok: false as const, reason: 'conflict' as const };
          throw err;
        }
      }),

    history: (limit) =>
      serial(async () => {
        // An assignment and its end are two lines of the history: the newest event first.
        const rows = await db.rosterAssignment.findMany({ orderBy: [{ assignedAt: 'desc' }, { id: 'asc' }], take: limit });
        return rows.map(toHistory);
      }),

    importIfEmpty: (entries, now) =>
      serial(async () => {
        if (entries.length === 0) return 0;
        try {
          return await db.$transaction(async (tx) => {
            if ((await tx.rosterAssignment.count()) > 0) return 0;
            for (const e of entries) {
              await tx.rosterAssignment.create({
                data: { ...e, assignedBy: 'org-file', assignedAt: now, activeKey: activeKey(e.platform, e.userId) },
              });
            }
            return entries.length;
          }, TX_OPTIONS);
        } catch (err) {
          // Another instance imported first.
          if (isUniqueViolation(err)) return 0;
          throw err;
        }
      }),
  };
}

class Conflict extends Error {}
