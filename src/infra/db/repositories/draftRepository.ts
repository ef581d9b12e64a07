import { randomUUID } from 'node:crypto';
import type { DraftRepository } from '../../../app/ports';
import { type DbContext, type DraftRow, sqlOf } from '../client';
import { toDraft } from './rows';

/** undefined has no JSON form; it is stored as null. */
const encodeData = (data: unknown): string => JSON.stringify(data ?? null);

/**
 * Drafts are written on every command and every page of the form, so their statements
 * are plain SQL (the same text on SQLite and PostgreSQL): through Prisma's model API each
 * one cost about 0.4–0.8 ms of query compilation, on the one queue of SQLite calls and on
 * the event loop that answers Slack (raw: about 0.15 ms). Instants are bound as Dates,
 * which both adapters store and compare as the model API does.
 */
export function draftRepository(ctx: DbContext): DraftRepository {
  const { serial } = ctx;
  // Plain SQL outside transactions goes straight to the driver adapter (rawSql.ts).
  const sql = sqlOf(ctx);
  return {
    create: (input) =>
      serial(async () => {
        const row: DraftRow = {
          id: input.id ?? randomUUID(),
          actorPlatform: input.actor.platform,
          actorUser: input.actor.userId,
          conversationPlatform: input.conversation.platform,
          conversationChannel: input.conversation.channelId,
          requestId: input.requestId,
          baseVersion: input.baseVersion,
          data: encodeData(input.data),
          status: 'open',
          createdAt: input.now,
          updatedAt: input.now,
        };
        await sql.execute`
          INSERT INTO "Draft" ("id", "actorPlatform", "actorUser", "conversationPlatform", "conversationChannel",
                               "requestId", "baseVersion", "data", "status", "createdAt", "updatedAt")
          VALUES (${row.id}, ${row.actorPlatform}, ${row.actorUser}, ${row.conversationPlatform}, ${row.conversationChannel},
                  ${row.requestId}, ${row.baseVersion}, ${row.data}, 'open', ${row.createdAt}, ${row.updatedAt})`;
        return toDraft(row);
      }),

    get: (id) =>
      serial(async () => {
        const [row] = await sql.query<DraftRow[]>`SELECT * FROM "Draft" WHERE "id" = ${id}`;
        return row ? toDraft(row) : null;
      }),

    latestOpen: (actor, since) =>
      serial(async () => {
        // Uses Draft_actorPlatform_actorUser_updatedAt_idx.
        const [row] = await sql.query<DraftRow[]>`
          SELECT * FROM "Draft"
           WHERE "actorPlatform" = ${actor.platform} AND "actorUser" = ${actor.userId}
             AND "status" = 'open' AND "requestId" IS NULL AND "updatedAt" >= ${since}
           ORDER BY "updatedAt" DESC, "createdAt" DESC
           LIMIT 1`;
        return row ? toDraft(row) : null;
      }),

    save: (id, data, now) =>
      serial(async () => {
        const count = await sql.execute`
          UPDATE "Draft" SET "data" = ${encodeData(data)}, "updatedAt" = ${now} WHERE "id" = ${id} AND "status" = 'open'`;
        return count === 1;
      }),

    // A conditional update is atomic on both databases: of two callers, one sees count 1.
    markSubmitted: (id, now) =>
      serial(async () => {
        const count = await sql.execute`
          UPDATE "Draft" SET "status" = 'submitted', "updatedAt" = ${now} WHERE "id" = ${id} AND "status" = 'open'`;
        return count === 1;
      }),

    reopen: (id, now) =>
      serial(async () => {
        await sql.execute`UPDATE "Draft" SET "status" = 'open', "updatedAt" = ${now} WHERE "id" = ${id} AND "status" = 'submitted'`;
      }),
  };
}
