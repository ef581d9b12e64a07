import type { ConversationRepository } from '../../../app/ports';
import { type DbContext, sqlOf } from '../client';
import { StoredDataError } from '../errors';

export function conversationRepository(ctx: DbContext): ConversationRepository {
  const { serial } = ctx;
  // Plain SQL (the same on SQLite and PostgreSQL): a Teams activity saves its reference.
  const sql = sqlOf(ctx);
  return {
    save: (ref) =>
      serial(async () => {
        await sql.execute`
          INSERT INTO "ConversationRef" ("platform", "conversationId", "reference", "updatedAt")
          VALUES (${ref.platform}, ${ref.conversationId}, ${JSON.stringify(ref.reference)}, ${ref.updatedAt})
          ON CONFLICT ("platform", "conversationId") DO UPDATE
            SET "reference" = excluded."reference", "updatedAt" = excluded."updatedAt"`;
      }),

    get: (platform, conversationId) =>
      serial(async () => {
        const rows = await sql.query<{ platform: string; conversationId: string; reference: string; updatedAt: Date }[]>`
          SELECT * FROM "ConversationRef" WHERE "platform" = ${platform} AND "conversationId" = ${conversationId}`;
        if (rows.length === 0) return null;
        const row = rows[0];
        let reference: unknown;
        try {
          reference = JSON.parse(row.reference);
        } catch {
          throw new StoredDataError('ConversationRef', `${platform}:${conversationId}`, 'reference is not JSON');
        }
        return { platform: row.platform as 'slack' | 'teams', conversationId: row.conversationId, reference, updatedAt: row.updatedAt };
      }),
  };
}
