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
  o: { now?: string; org?: Partial<OrgConfig>; env?: Record<string, string>; teams?: TeamsOptions; logger?: Logger } = {},
): Promise<TeamsTestApp> {
  const connector = await startFakeConnector();
  const t = await startTestApp({ now: o.now, org: o.org, env: o.env ?? { TEAMS_LOCAL_MODE: 'true' }, teams: o.teams, logger: o.logger });
  return {
    ...t,
    connector,
    as: (a = {}) => ({ serviceUrl: connector.url, ...a }),
    async stop() {
      await t.stop();
      await connector.close();
    },
  };
}
