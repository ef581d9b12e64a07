import type { PostRepository } from '../../../app/ports';
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
  };
}
