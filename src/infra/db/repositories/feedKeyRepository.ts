import type { FeedKeyRepository } from '../../../app/ports';
import { type DbContext, sqlOf } from '../client';

export function feedKeyRepository(ctx: DbContext): FeedKeyRepository {
  const { serial } = ctx;
  // Plain SQL (the same on SQLite and PostgreSQL), straight to the driver adapter (rawSql.ts).
  const sql = sqlOf(ctx);
  return {
    version: (holder) =>
      serial(async () => {
        const rows = await sql.query<{ version: number | bigint }[]>`
          SELECT "version" FROM "FeedKey" WHERE "platform" = ${holder.platform} AND "userId" = ${holder.userId}`;
        return rows.length > 0 ? Number(rows[0].version) : 0;
      }),

    // One statement: concurrent rotations each raise the version (never lose one).
    rotate: (holder, now) =>
      serial(async () => {
        const rows = await sql.query<{ version: number | bigint }[]>`
          INSERT INTO "FeedKey" ("platform", "userId", "version", "updatedAt")
          VALUES (${holder.platform}, ${holder.userId}, 1, ${now})
          ON CONFLICT ("platform", "userId") DO UPDATE
            SET "version" = "FeedKey"."version" + 1, "updatedAt" = excluded."updatedAt"
          RETURNING "version"`;
        return Number(rows[0].version);
      }),
  };
}
