import type { HomeViewer, HomeViewerRepository } from '../../../app/ports';
import type { DbContext } from '../client';
import { StoredDataError } from '../errors';

function toViewer(row: { platform: string; userId: string; place: string; activityId: string | null; lastOpenedAt: Date }): HomeViewer {
  if (row.platform !== 'slack' && row.platform !== 'teams')
    throw new StoredDataError('HomeViewer', row.userId, `platform is ${JSON.stringify(row.platform)}`);
  return { platform: row.platform, userId: row.userId, place: row.place, activityId: row.activityId, lastOpenedAt: row.lastOpenedAt };
}

export function homeViewerRepository({ db, serial }: DbContext): HomeViewerRepository {
  return {
    // One statement, the same on both databases: the latest opening wins.
    opened: (v) =>
      serial(async () => {
        await db.$executeRaw`
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
          const rows = await db.homeViewer.findMany({
            where: { platform, userId: { in: ids.slice(i, i + 400) }, lastOpenedAt: { gte: since } },
            orderBy: { userId: 'asc' },
          });
          out.push(...rows.map(toViewer));
        }
        return out;
      }),

    get: (platform, userId) =>
      serial(async () => {
        const row = await db.homeViewer.findUnique({ where: { platform_userId: { platform, userId } } });
        return row ? toViewer(row) : null;
      }),

    expire: (before) => serial(async () => (await db.homeViewer.deleteMany({ where: { lastOpenedAt: { lt: before } } })).count),
  };
}
