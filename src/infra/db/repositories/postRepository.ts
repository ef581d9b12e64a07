import type { PostedMessage, PostRepository } from '../../../app/ports';
import type { DbContext } from '../client';
import { toPostedMessage } from './rows';

export function postRepository({ db, serial }: DbContext): PostRepository {
  return {
    /** One message per request and channel: posting again replaces the reference. */
    save: (post) =>
      serial(async () => {
        const key = { requestId: post.requestId, platform: post.platform, channelId: post.channelId };
        const fields = { messageId: post.messageId, permalink: post.permalink };
        await db.postedMessage.upsert({
          where: { requestId_platform_channelId: key },
          create: { ...key, ...fields },
          update: fields,
        });
      }),

    listFor: (requestId) =>
      serial(async () => {
        const rows = await db.postedMessage.findMany({
          where: { requestId },
          orderBy: [{ platform: 'asc' }, { channelId: 'asc' }],
        });
        return rows.map(toPostedMessage);
      }),

    listForMany: (requestIds) =>
      serial(async () => {
        const out = new Map<string, PostedMessage[]>(requestIds.map((id) => [id, []]));
        if (requestIds.length === 0) return out;
        // In slices: SQLite allows a bounded number of bound parameters per statement.
        for (let i = 0; i < requestIds.length; i += 500) {
          const rows = await db.postedMessage.findMany({
            where: { requestId: { in: requestIds.slice(i, i + 500) } },
            orderBy: [{ platform: 'asc' }, { channelId: 'asc' }],
          });
          for (const row of rows) out.get(row.requestId)?.push(toPostedMessage(row));
        }
        return out;
      }),
  };
}
