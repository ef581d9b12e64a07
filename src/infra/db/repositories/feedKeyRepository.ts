import type { FeedKeyRepository } from '../../../app/ports';
import type { DbContext } from '../client';

export function feedKeyRepository({ db, serial }: DbContext): FeedKeyRepository {
  return {
    version: (holder) =>
      serial(async () => {
        const row = await db.feedKey.findUnique({ where: { platform_userId: { platform: holder.platform, userId: holder.userId } } });
        return row?.version ?? 0;
      }),

    // One statement: concurrent rotations each raise the version (never lose one).
    rotate: (holder, now) =>
      serial(async () => {
        const row = await db.feedKey.upsert({
          where: { platform_userId: { platform: holder.platform, userId: holder.userId } },
          create: { platform: holder.platform, userId: holder.userId, version: 1, updatedAt: now },
          update: { version: { increment: 1 }, updatedAt: now },
        });
        return row.version;
      }),
  };
}
