import type { PostedMessage, PostRepository } from '../../../app/ports';
import { type DbContext, type PostedMessageRow, sqlOf } from '../client';
import { toPostedMessage } from './rows';
import { statement, v } from './sql';

export function postRepository(ctx: DbContext): PostRepository {
  const { serial } = ctx;
  // Plain SQL outside transactions goes straight to the driver adapter (rawSql.ts).
  const sql = sqlOf(ctx);
  return {
    /** One message per request and channel: posting again replaces the reference. */
    save: (post) =>
      serial(async () => {
        // Plain SQL (the same on SQLite and PostgreSQL): this runs for every post.
        await sql.execute`
          INSERT INTO "PostedMessage" ("requestId", "platform", "channelId", "messageId", "permalink")
          VALUES (${post.requestId}, ${post.platform}, ${post.channelId}, ${post.messageId}, ${post.permalink ?? null})
          ON CONFLICT ("requestId", "platform", "channelId")
          DO UPDATE SET "messageId" = excluded."messageId", "permalink" = excluded."permalink"`;
      }),

    listFor: (requestId) =>
      serial(async () => {
        const rows = await sql.query<PostedMessageRow[]>`
          SELECT * FROM "PostedMessage" WHERE "requestId" = ${requestId} ORDER BY "platform" ASC, "channelId" ASC`;
        return rows.map(toPostedMessage);
      }),

    listForMany: (requestIds) =>
      serial(async () => {
        const out = new Map<string, PostedMessage[]>(requestIds.map((id) => [id, []]));
        if (requestIds.length === 0) return out;
        // In slices: SQLite allows a bounded number of bound parameters per statement.
        for (let i = 0; i < requestIds.length; i += 500) {
          const slice = requestIds.slice(i, i + 500);
          const rows = await sql.query<PostedMessageRow[]>(
            ...statement([
              'SELECT * FROM "PostedMessage" WHERE "requestId" IN (',
              ...slice.flatMap((id, j) => (j === 0 ? [v(id)] : [', ', v(id)])),
              ') ORDER BY "platform" ASC, "channelId" ASC',
            ]),
          );
          for (const row of rows) out.get(row.requestId)?.push(toPostedMessage(row));
        }
        return out;
      }),
  };
}
