import { startTestApp, type TestApp } from './app';
import { startFakeConnector, type FakeConnector } from './fakeConnector';
import type { ActivityOptions } from './teamsActivities';
import type { OrgConfig } from '../../src/domain/org';
import type { TeamsOptions } from '../../src/teams/app';
import type { Logger } from '../../src/infra/logger';

export interface TeamsTestApp extends TestApp {
  connector: FakeConnector;
  /** Activity defaults: the fake connector as serviceUrl. */
  as(o?: Partial<ActivityOptions>): ActivityOptions;
}

/** The real app (Slack too, same database) with Teams in local mode, or with `env` credentials. */
export async function startTeamsTestApp(
  o: {
    now?: string;
    org?: Partial<OrgConfig>;
    env?: Record<string, string>;
    teams?: TeamsOptions;
    logger?: Logger;
    /** Another instance on the same database (a restart), talking to the same connector (`connector`, not closed by stop). */
    databaseUrl?: string;
    connector?: FakeConnector;
  } = {},
): Promise<TeamsTestApp> {
  const connector = o.connector ?? (await startFakeConnector());
  const t = await startTestApp({
    now: o.now,
    org: o.org,
    env: o.env ?? { TEAMS_LOCAL_MODE: 'true' },
    teams: o.teams,
    logger: o.logger,
    databaseUrl: o.databaseUrl,
  });
  return {
    ...t,
    connector,
    as: (a = {}) => ({ serviceUrl: connector.url, ...a }),
    async stop() {
      await t.stop();
      if (!o.connector) await connector.close();
    },
  };
}
