/**
 * The bot's scopes come from the manifest a workspace installs. The fake Slack reads
 * them from the manifest and refuses what they do not cover, as Slack does: here a copy
 * of the manifest without one scope shows which path would break on a real workspace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { silentLogger, type Logger } from '../../src/infra/logger';
import { reminderMetadata } from '../../src/slack/reminderMessage';
import { projectRoot } from '../../src/infra/projectRoot';
import { seedForm } from '../fixtures/seedForm';
import { startTestApp, type TestApp } from '../support/app';
import { startFakeSlack } from '../support/fakeSlack';
import { MANIFEST_PATH, manifestBotScopes } from '../support/slackScopes';
import { TEST_BOT_TOKEN, Workspace } from '../support/workspace';

const NOW = '2026-11-24T01:00:00Z';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chogi-manifest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the repository's manifest without `scope`. */
function manifestWithout(scope: string): string {
  const text = readFileSync(MANIFEST_PATH, 'utf8');
  const line = new RegExp(`^\\s*- ${scope.replace(/[.:]/g, '\\$&')}\\s*$`, 'm');
  expect(text).toMatch(line);
  const path = join(dir, `without-${scope.replace(':', '-')}.yaml`);
  writeFileSync(path, text.replace(line, ''));
  expect(manifestBotScopes(path)).not.toContain(scope);
  return path;
}

/**
 * A reminder claimed by an instance that posted it and died before recording it: the
 * next dispatch must look in `channel` (a channel id, or a user id for the DM) first.
 */
async function crashedReminder(t: TestApp, channel: string): Promise<string> {
  const now = new Date(NOW);
  const repos = t.app.db.repositories;
  const { request } = await repos.requests.create({
    form: seedForm(),
    createdBy: { platform: 'slack', userId: Workspace.userId },
    origin: { platform: 'slack', channelId: channel },
    draftId: null,
    now,
    fiscalYear: 2026,
    casePrefix: 'R8',
  });
  await repos.reminders.apply(
    request.id,
    {
      insert: [
        {
          platform: 'slack',
          channelId: channel,
          deadline: 'publicComment',
          dueDate: '2026-12-01',
          leadDays: 7,
          fireAt: new Date(now.getTime() - 60_000),
          origin: 'plan',
        },
      ],
      cancel: [],
      revive: [],
      reschedule: [],
    },
    now,
  );
  const [claimed] = await repos.reminders.claimDue({ now, instanceId: 'crashed', leaseUntil: new Date(now.getTime() + 60_000), limit: 10 });
  const client = new WebClient(TEST_BOT_TOKEN, { slackApiUrl: t.fake.url });
  await client.chat.postMessage({ channel, text: '期限のお知らせです。', metadata: reminderMetadata(claimed.id) });
  t.clock.advance(61_000);
  return claimed.id;
}

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (msg: string, fields?: Record<string, unknown>) => void lines.push(`${msg} ${JSON.stringify(fields ?? {})}`);
  return { logger: { ...silentLogger, warn: keep, error: keep }, lines };
}

describe('Slack scopes from the manifest', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('grants what the reminders’ crash check calls, in a channel and in a DM', async () => {
    t = await startTestApp({ now: NOW, env: { SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0' } });
    const inChannel = await crashedReminder(t, Workspace.channelId);
    const inDm = await crashedReminder(t, Workspace.userId);

    const stats = await t.app.reminders.dispatchDue();

    expect(stats).toMatchObject({ recovered: 2, posted: 0 });
    expect(await t.app.db.repositories.reminders.get(inChannel)).toMatchObject({ status: 'sent' });
    expect(await t.app.db.repositories.reminders.get(inDm)).toMatchObject({ status: 'sent' });
    expect([...t.fake.remindersPosted().values()]).toEqual([1, 1]);
    expect(t.fake.calls().filter((c) => c.response.ok === false)).toEqual([]);
  });

  it('without channels:history the check is refused with missing_scope, and nothing is posted twice', async () => {
    const { logger, lines } = capture();
    t = await startTestApp({
      now: NOW,
      logger,
      env: { SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0' },
      fakeSlack: { manifestPath: manifestWithout('channels:history') },
    });
    const id = await crashedReminder(t, Workspace.channelId);

    const stats = await t.app.reminders.dispatchDue();

    expect(t.fake.last('conversations.history').response).toMatchObject({ ok: false, error: 'missing_scope', needed: 'channels:history' });
    expect(String(t.fake.last('conversations.history').response.provided).split(',')).toContain('chat:write');
    expect(stats).toMatchObject({ posted: 0, recovered: 0, failed: 1 });
    expect(await t.app.db.repositories.reminders.get(id)).toMatchObject({ status: 'pending' });
    expect([...t.fake.remindersPosted().values()]).toEqual([1]);
    expect(lines.join('\n')).toMatch(/reminder dispatch failed.*missing_scope/);
  });

  it('without im:write the DM cannot be opened for the check', async () => {
    t = await startTestApp({
      now: NOW,
      logger: capture().logger,
      env: { SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0' },
      fakeSlack: { manifestPath: manifestWithout('im:write') },
    });
    await crashedReminder(t, Workspace.userId);

    const stats = await t.app.reminders.dispatchDue();

    expect(t.fake.last('conversations.open').response).toMatchObject({ ok: false, error: 'missing_scope', needed: 'im:write' });
    expect(t.fake.calls('conversations.history')).toEqual([]);
    expect(stats).toMatchObject({ posted: 0, recovered: 0 });
    expect([...t.fake.remindersPosted().values()]).toEqual([1]);
  });
});

describe('the README’s scope list', () => {
  it('names exactly the bot scopes the manifest grants', () => {
    const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| bot scope | why |'));
    const lines = table.split('\n');
    const end = lines.findIndex((l) => !/^\s*\|/.test(l));
    const rows = lines.slice(2, end);
    const listed = rows.flatMap((r) => [...(r.split('|')[1] ?? '').matchAll(/`([a-z.:_-]+)`/g)].map((m) => m[1]));
    expect([...listed].sort()).toEqual([...manifestBotScopes()].sort());
  });
});

describe('the fake Slack’s scope check', () => {
  it('picks the scope family by the kind of conversation, and refuses methods it does not know', async () => {
    const path = join(dir, 'history-public-only.yaml');
    writeFileSync(path, 'oauth_config:\n  scopes:\n    bot:\n      - chat:write\n      - channels:history\n');
    const fake = await startFakeSlack({ manifestPath: path });
    try {
      fake.setChannel('C0PRIV', { is_private: true });
      const client = new WebClient(TEST_BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
      await expect(client.conversations.history({ channel: 'C0001' })).resolves.toMatchObject({ ok: true });
      await expect(client.conversations.history({ channel: 'C0PRIV' })).rejects.toMatchObject({
        data: { error: 'missing_scope', needed: 'groups:history', provided: 'chat:write,channels:history' },
      });
      await expect(client.conversations.history({ channel: 'G0001' })).rejects.toMatchObject({ data: { needed: 'groups:history' } });
      await expect(client.conversations.replies({ channel: 'D0001', ts: '1.000001' })).rejects.toMatchObject({ data: { needed: 'im:history' } });
      await expect(client.conversations.open({ users: 'U0001,U0002' })).rejects.toMatchObject({ data: { needed: 'mpim:write' } });
      await expect(client.users.info({ user: 'U0001' })).rejects.toMatchObject({ data: { needed: 'users:read' } });
      await expect(client.usergroups.users.list({ usergroup: 'S0001' })).rejects.toMatchObject({ data: { needed: 'usergroups:read' } });
      await expect(client.users.conversations({ types: 'public_channel,private_channel' })).rejects.toMatchObject({
        data: { needed: 'channels:read,groups:read' },
      });
      await expect(client.apiCall('chat.unfurlEverything', {})).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    } finally {
      await fake.close();
    }
  });
});
