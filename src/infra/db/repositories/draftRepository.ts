import type { DraftRepository } from '../../../app/ports';
import type { DbContext } from '../client';
import { toDraft } from './rows';

/** undefined has no JSON form; it is stored as null. */
const encodeData = (data: unknown): string => JSON.stringify(data ?? null);

export function draftRepository({ db, serial }: DbContext): DraftRepository {
  return {
    create: (input) =>
      serial(async () => {
        const row = await db.draft.create({
          data: {
            ...(input.id ? { id: input.id } : {}),
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
          },
        });
        return toDraft(row);
      }),

    get: (id) =>
      serial(async () => {
        const row = await db.draft.findUnique({ where: { id } });
        return row ? toDraft(row) : null;
      }),

    latestOpen: (actor, since) =>
      serial(async () => {
        const row = await db.draft.findFirst({
          where: {
            actorPlatform: actor.platform,
            actorUser: actor.userId,
            status: 'open',
            requestId: null,
            updatedAt: { gte: since },
          },
          orderBy: [{ updatedAt: 'desc' }, { createdAt: 'desc' }],
        });
        return row ? toDraft(row) : null;
      }),

    save: (id, data, now) =>
      serial(async () => {
        const { count } = await db.draft.updateMany({
          where: { id, status: 'open' },
          data: { data: encodeData(data), updatedAt: now },
        });
        return count === 1;
      }),

    // A conditional update is atomic on both databases: of two callers, one sees count 1.
    markSubmitted: (id, now) =>
      serial(async () => {
        const { count } = await db.draft.updateMany({
          where: { id, status: 'open' },
          data: { status: 'submitted', updatedAt: now },
        });
        return count === 1;
      }),

    reopen: (id, now) =>
      serial(async () => {
        await db.draft.updateMany({ where: { id, status: 'submitted' }, data: { status: 'open', updatedAt: now } });
      }),
  };
}
