/**
 * The weekly 見通し with two instances on one PostgreSQL database: both run their loop
 * on Monday at the agenda hour, and the secretariat channel gets the outlook once.
 */
import { retryPolicies } from '@slack/web-api';
import { loadEnv } from '../../src/infra/config';
import { manualClock } from '../../src/infra/clock';
import { silentLogger } from '../../src/infra/logger';
import { startApp, type Running } from '../../src/server';
import { postgresTestDatabase, type TestDatabase } from '../integration/support/databases';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { form, outlookOrg, SECRETARIAT_CHANNEL, store } from '../support/outlookSeed';
import { testLogger } from '../support/testLogger';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/workspace';
import { jpDay } from '../../src/domain/jpdate';

describe('the weekly outlook with two instances on one PostgreSQL database', () => {
  let pg: TestDatabase;
  let fake: FakeSlack;
  const clock = manualClock('2026-11-29T23:00:00Z'); // Monday 08:00 in Tokyo
  const instances: Running[] = [];

  async function instance(name: string): Promise<Running> {
    const env = loadEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: pg.url,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      LOG_LEVEL: 'error',
      SCHEDULER: 'off',
      INSTANCE_ID: name,
    });
    const app = await startApp(
      { env, org: outlookOrg(), orgSource: 'test' },
      { clock, logger: silentLogger, slack: { logger: testLogger(), clientOptions: { retryConfig: retryPolicies.rapidRetryPolicy } } },
    );
    instances.push(app);
    return app;
  }

  beforeAll(async () => {
    pg = await postgresTestDatabase();
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.close()));
    await fake?.close();
    await pg?.drop();
  });

  it('posts it once although both instances find it due at the same moment', async () => {
    const a = await instance('a');
    const b = await instance('b');
    await store(a, clock.now(), form('(仮称)二台の案件', { desiredDates: { kacho: null, kyoku: jpDay(2026, 12, 7), chosei: null, seisaku: null } }));
    const rounds = await Promise.all([a.postDueOutlook(), b.postDueOutlook(), a.postDueOutlook(), b.postDueOutlook()]);
    expect(rounds.reduce((x, y) => x + y, 0)).toBe(1);
    const posts = fake.calls('chat.postMessage').filter((c) => c.args.channel === SECRETARIAT_CHANNEL);
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0].args.blocks)).toContain('(仮称)二台の案件');
  });
});
