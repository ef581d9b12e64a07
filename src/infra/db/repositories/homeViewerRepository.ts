import type { HomeViewer, HomeViewerRepository } from '../../../app/ports';
import { type DbContext, sqlOf } from '../client';
import { statement, v } from './sql';
import { StoredDataError } from '../errors';

function toViewer(row: { platform: string; userId: string; place: string; activityId: string | null; lastOpenedAt: Date }): HomeViewer {
  if (row.platform !== 'slack' && row.platform !== 'teams')
    throw new StoredDataError('HomeViewer', row.userId, `platform is ${JSON.stringify(row.platform)}`);
  return { platform: row.platform, userId: row.userId, place: row.place, activityId: row.activityId, lastOpenedAt: row.lastOpenedAt };
}

export function homeViewerRepository(ctx: DbContext): HomeViewerRepository {
  const { serial } = ctx;
  // Plain SQL outside transactions goes straight to the driver adapter (rawSql.ts).
  const sql = sqlOf(ctx);
  return {
    // One statement, the same on both databases: the latest opening wins.
    opened: (v) =>
      serial(async () => {
        await sql.execute`
          INSERT INTO "HomeViewer" ("platform", "userId", "place", "activityId", "lastOpenedAt")
          VALUES (${v.platform}, ${v.userId}, ${v.place}, ${v.activityId}, ${v.lastOpenedAt})
          ON CONFLICT ("platform", "userId") DO UPDATE
            SET "place" = excluded."place", "activityId" = excluded."activityId", "lastOpenedAt" = excluded."lastOpenedAt"`;
      }),

    among: (platform, userIds, since) =>
      serial(async () => {
        const ids = [...new Set(userIds)];
        const out: HomeViewer[] = [];
        for (let i = 0; i < ids.length; i += 400) {
          // Asked on every change a home shows (each opinion, each edit): plain SQL.
          const slice = ids.slice(i, i + 400);
          const rows = await sql.query<{ platform: string; userId: string; place: string; activityId: string | null; lastOpenedAt: Date }[]>(
            ...statement([
              'SELECT * FROM "HomeViewer" WHERE "platform" = ',
              v(platform),
              ' AND "userId" IN (',
              ...slice.flatMap((id, j) => (j === 0 ? [v(id)] : [', ', v(id)])),
              ') AND "lastOpenedAt" >= ',
              v(since),
              ' ORDER BY "userId" ASC',
            ]),
          );
          out.push(...rows.map(toViewer));
        }
        return out;
      }),

    get: (platform, userId) =>
      serial(async () => {
        const rows = await sql.query<{ platform: string; userId: string; place: string; activityId: string | null; lastOpenedAt: Date }[]>`
          SELECT * FROM "HomeViewer" WHERE "platform" = ${platform} AND "userId" = ${userId}`;
        return rows.length > 0 ? toViewer(rows[0]) : null;
      }),

    expire: (before) => serial(() => sql.execute`DELETE FROM "HomeViewer" WHERE "lastOpenedAt" < ${before}`),
  };
}
