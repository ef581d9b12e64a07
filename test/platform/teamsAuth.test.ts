import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startFakeBotAuth, type FakeBotAuth } from '../support/fakeBotAuth';
import { conversationUpdate, messageActivity, postActivity, taskFetch, TeamsConversation } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { startTestApp } from '../support/app';
import { ConfigError, loadEnv } from '../../src/infra/config';
import { silentLogger } from '../../src/infra/logger';
import { messagesListener } from '../../src/teams/http';

const APP_ID = '11111111-2222-3333-4444-555555555555';

describe('Teams with Microsoft app credentials: Bot Framework tokens are validated', () => {
  let t: TeamsTestApp;
  let issuer: FakeBotAuth;
  let consoleError: jest.SpyInstance;
  let warnings: string[] = [];
  beforeEach(async () => {
    warnings = [];
    // The SDK's token validation writes some failures to console.error (never the token).
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => {});
    issuer = await startFakeBotAuth();
    t = await startTeamsTestApp({
      env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-client-secret', TEAMS_ALLOWED_TENANTS: 'tenant-1' },
      teams: { auth: issuer.authOptions },
      logger: {
        ...silentLogger,
        warn: (msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields)}`),
        error: (msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields)}`),
      },
    });
  });
  afterEach(async () => {
    await t.stop();
    await issuer.close();
    consoleError.mockRestore();
  });

  const valid = () => ({ aud: APP_ID, serviceurl: t.connector.url });
  const fetchForm = (token?: string) =>
    postActivity(t.url, taskFetch({ verb: 'request.open' }, t.as()), token === undefined ? {} : { authorization: `Bearer ${token}` });

  it('processes an activity with a valid token', async () => {
    const res = await fetchForm(issuer.token(valid()));
    expect(warnings).toEqual([]);
    expect(res.status).toBe(200);
    expect(res.body.task.type).toBe('continue');
    expect(await t.app.db.repositories.conversations.get('teams', TeamsConversation.id)).not.toBeNull();
  });

  it.each([
    ['no token', () => undefined],
    ['a token signed by another key', () => issuer.token(valid(), { foreignKey: true })],
    ['an expired token', () => issuer.token({ ...valid(), exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 })],
    ['a token for another bot', () => issuer.token({ ...valid(), aud: '99999999-2222-3333-4444-555555555555' })],
    ['a token from another issuer', () => issuer.token({ ...valid(), iss: 'https://evil.example' })],
    ['a token for another serviceUrl', () => issuer.token({ ...valid(), serviceurl: 'https://smba.example/' })],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses %s with 401 and processes nothing', async (_name, token) => {
    const sent = token();
    const res = await fetchForm(sent);
    if (sent) expect(warnings.join('\n')).not.toContain(sent.split('.')[2]);
    expect(warnings.join('\n')).toContain('refused an activity that is not authenticated');
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toMatch(/eyJ/);
    expect(await t.app.db.repositories.conversations.get('teams', TeamsConversation.id)).toBeNull();
    expect(t.connector.calls()).toHaveLength(0);
    await postActivity(t.url, messageActivity('案件申込', t.as()));
    expect(t.connector.calls()).toHaveLength(0);
  });

  it('refuses a body that is not JSON or not an activity with 400', async () => {
    expect((await postActivity(t.url, '{"type":')).status).toBe(400);
    expect((await postActivity(t.url, '[1,2]')).status).toBe(400);
  });
});

describe('Teams local mode (Microsoft 365 Agents Playground)', () => {
  it('accepts unauthenticated activities on 127.0.0.1', async () => {
    const t = await startTeamsTestApp({ env: { TEAMS_LOCAL_MODE: 'true' } });
    try {
      const res = await postActivity(t.url, conversationUpdate(t.as()));
      expect(res.status).toBe(200);
      expect(await t.app.db.repositories.conversations.get('teams', TeamsConversation.id)).not.toBeNull();
    } finally {
      await t.stop();
    }
  });

  it('refuses to start on an interface other than loopback, naming the variable', () => {
    expect(() => loadEnv({ TEAMS_LOCAL_MODE: 'true', HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadEnv({ TEAMS_LOCAL_MODE: 'true', HOST: '0.0.0.0' })).toThrow(
      /^HOST must be 127\.0\.0\.1, ::1 or localhost when TEAMS_LOCAL_MODE=true/,
    );
    expect(loadEnv({ TEAMS_LOCAL_MODE: 'true' }).HOST).toBe('127.0.0.1');
    expect(loadEnv({ TEAMS_LOCAL_MODE: 'true', HOST: '::1' }).HOST).toBe('::1');
    expect(loadEnv({}).HOST).toBe('0.0.0.0');
  });

  it('refuses local mode together with credentials, and incomplete credentials', () => {
    expect(() => loadEnv({ TEAMS_LOCAL_MODE: 'true', MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret-value' })).toThrow(
      /^TEAMS_LOCAL_MODE must not be true together with MICROSOFT_APP_ID/,
    );
    expect(() => loadEnv({ MICROSOFT_APP_ID: APP_ID })).toThrow(/^MICROSOFT_APP_PASSWORD is required/);
    expect(() => loadEnv({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret-value', MICROSOFT_APP_TYPE: 'SingleTenant' })).toThrow(
      /^MICROSOFT_APP_TENANT_ID is required/,
    );
    expect(() => loadEnv({ TEAMS_LOCAL_MODE: 'yes' })).toThrow(/^TEAMS_LOCAL_MODE must be true or false/);
    expect(() => loadEnv({ MICROSOFT_APP_PASSWORD: 'secret-value' })).toThrow(/^MICROSOFT_APP_ID is required/);
    // The password is never echoed.
    expect(() => loadEnv({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'short' })).toThrow(/^MICROSOFT_APP_PASSWORD [^"]*$/);
  });

  it('answers 403 to a request from another host, before reading it', async () => {
    const processed: unknown[] = [];
    const listener = messagesListener({
      adapter: { processAuthenticated: async (...args) => void processed.push(args) },
      logic: async () => {},
      localMode: true,
      logger: silentLogger,
    });
    const req = Object.assign(Readable.from([JSON.stringify({ type: 'message' })]), {
      socket: { remoteAddress: '192.0.2.10' },
      headers: {},
    }) as unknown as IncomingMessage;
    const status = await new Promise<number>((resolve) => {
      const res = { headersSent: false, writeHead: (s: number) => resolve(s), end: () => {} } as unknown as ServerResponse;
      listener(req, res);
    });
    expect(status).toBe(403);
    expect(processed).toHaveLength(0);
  });

  it('does not serve /api/messages when Teams is not configured', async () => {
    const t = await startTestApp();
    try {
      const res = await postActivity(t.url, { type: 'message', text: 'x' });
      expect(res.status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});
