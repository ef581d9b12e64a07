import type { ConversationRepository } from '../../../app/ports';
import type { DbContext } from '../client';
import { StoredDataError } from '../errors';

export function conversationRepository({ db, serial }: DbContext): ConversationRepository {
  return {
    save: (ref) =>
      serial(async () => {
        const key = { platform: ref.platform, conversationId: ref.conversationId };
        const fields = { reference: JSON.stringify(ref.reference), updatedAt: ref.updatedAt };
        await db.conversationRef.upsert({
          where: { platform_conversationId: key },
          create: { ...key, ...fields },
          update: fields,
        });
      }),

    get: (platform, conversationId) =>
      serial(async () => {
        const row = await db.conversationRef.findUnique({ where: { platform_conversationId: { platform, conversationId } } });
        if (!row) return null;
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
