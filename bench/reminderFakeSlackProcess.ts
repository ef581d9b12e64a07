/**
 * The benchmark's fake Slack in a process of its own, as Slack is another machine: its
 * work (parsing, Block Kit checks, rate limiting) does not take CPU from the bot.
 * Talks to its parent over IPC: sends { url }, answers 'counts' with posts per reminder.
 */
import { startFakeSlack } from '../test/support/fakeSlack';

void (async () => {
  const fake = await startFakeSlack({ channelRateLimit: { postsPerSecond: Number(process.env.POSTS_PER_SECOND ?? 1) }, recordCalls: false });
  process.send!({ url: fake.url });
  process.on('message', (m) => {
    if (m === 'counts') process.send!({ counts: [...fake.remindersPosted()] });
    if (m === 'close') void fake.close().then(() => process.exit(0));
  });
})();
