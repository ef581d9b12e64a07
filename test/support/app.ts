import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retryPolicies } from '@slack/web-api';
import type { OrgConfig } from '../../src/domain/org';
import { loadEnv, loadOrg } from '../../src/infra/config';
import { manualClock } from '../../src/infra/clock';
import { silentLogger, type Logger } from '../../src/infra/logger';
import { startApp, type Running } from '../../src/server';
import type { TeamsOptions } from '../../src/teams/app';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from './fakeSlack';
import { testLogger } from './testLogger';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './workspace';

export interface TestApp {
  app: Running;
  fake: FakeSlack;
  clock: ReturnType<typeof manualClock>;
  org: OrgConfig;
  url: string;
  stop(): Promise<void>;
}

/**
 * The real app on a free port with a fresh SQLite file (or `databaseUrl`), talking to a
 * fake Slack on 127.0.0.1, with a clock the test moves.
 */
export async function startTestApp(
  o: {
    now?: string;
    org?: Partial<OrgConfig>;
    databaseUrl?: string;
    env?: Record<string, string>;
    logger?: Logger;
    teams?: TeamsOptions;
    fakeSlack?: FakeSlackOptions;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'chogi-test-'));
  const fake = await startFakeSlack(o.fakeSlack);
  const env = loadEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: o.databaseUrl ?? `file:${join(dir, 'chogi.db')}`,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    LOG_LEVEL: 'error',
    ...o.env,
  });
  const org = { ...loadOrg(undefined).org, ...o.org };
  const clock = manualClock(o.now ?? '2026-11-24T01:00:00Z');
  const app = await startApp(
    { env, org, orgSource: 'test' },
    {
      clock,
      logger: o.logger ?? silentLogger,
      slack: { logger: testLogger(), clientOptions: { retryConfig: retryPolicies.rapidRetryPolicy } },
      teams: o.teams,
    },
  );
  await fake.waitFor('auth.test');
  fake.reset();
  return {
    app,
    fake,
    clock,
    org,
    url: app.url,
    async stop() {
      await app.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
