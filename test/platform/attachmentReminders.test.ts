/**
 * The 別紙資料 reminder before a tier's 申込締切, over HTTP with the controllable clock:
 * the owner is reminded while the request has no attachment, and not once one is added.
 */
import { randomBytes } from 'node:crypto';
import type { Reminder } from '../../src/app/ports';
import type { Tier } from '../../src/domain/org';
import type { AgendaRequest } from '../../src/domain/request';
import { loadOrg } from '../../src/infra/config';
import { seedRaw } from '../fixtures/seedRaw';
import { startTestApp, type TestApp } from '../support/app';
import { assertMessageWithinLimits, type BlockJson } from '../support/blockKit';
import { eventually } from '../support/eventually';
import type { FakeCall } from '../support/fakeSlack';
import { ModalDriver } from '../support/modal';
import { blockActions, send, viewSubmission } from '../support/slackRequests';
import { Workspace } from '../support/workspace';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { cardText, expectValidCard } from '../support/teamsCards';
import { fileSeedInTeams } from '../support/teamsForm';

// Tuesday 24 November 2026, 10:00 in Tokyo.
const FILED_AT = '2026-11-24T01:00:00Z';
/** 局経営会議 (Mondays) takes requests until 12:00, 3 business days before. */
const tiers: Tier[] = loadOrg(undefined).org.tiers.map((t) =>
  t.id === 'kyoku' ? { ...t, cutoff: { businessDays: 3, time: '12:00', action: 'refuse' as const } } : t,
);
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(500)]);

/** Files a request for 局経営会議 on Monday 12/7 (chosen among the open meetings); its cut-off is Wed 12/2 12:00. */
async function file(t: TestApp, files: BlockJson[] = []): Promise<{ request: AgendaRequest; ts: string; blocks: BlockJson[] }> {
  const raw = seedRaw();
  const before = t.fake.calls('chat.postMessage').length;
  const m = await ModalDriver.open(t);
  await m.submit({ filedOn: '令和8年11月24日', title: raw.title, owner: raw.owner, summary: raw.summary, 'desiredDates.kyoku': '2026-12-07' });
  await m.submit({ ordinance: 'none', publicComment: 'none' });
  expect((await m.submit(files.length ? { attachments: files } : {})).body).toEqual({ response_action: 'clear' });
  const post = await t.fake.waitFor('chat.postMessage', () => t.fake.calls('chat.postMessage').length > before);
  const [request] = await t.app.db.repositories.requests.listRecent(1);
  await eventually(async () => expect(await t.app.db.repositories.posts.listFor(request.id)).toHaveLength(1));
  return { request, ts: post.response.ts, blocks: post.args.blocks };
}

const attachmentRows = async (t: TestApp, requestId: string): Promise<string[]> =>
  ((await t.app.db.repositories.reminders.listFor(requestId)) as Reminder[])
    .filter((r) => r.deadline.startsWith('attachments:'))
    .map((r) => `${r.deadline} ${r.dueDate} ${r.leadDays} ${r.fireAt.toISOString()} ${r.status}`);
const reminderPosts = (t: TestApp): FakeCall[] => t.fake.calls('chat.postMessage').filter((c) => c.args.metadata?.event_type === 'chogi_reminder');
const aboutAttachments = (c: FakeCall) => JSON.stringify(c.args.blocks).includes('別紙資料がまだ登録されていません');

describe('別紙資料 before the 申込締切, in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({
      now: FILED_AT,
      env: { SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0', PUBLIC_URL: 'https://chogi.example.jp', LINK_SECRET: 'attachment-test-secret' },
      org: { tiers },
    });
  });
  afterEach(async () => t.stop());

  it('reminds the owner the business day before and on the morning of the cut-off while no 別紙資料 is given', async () => {
    const filed = await file(t);
    // Cut-off Wed 12/2 12:00: reminders Tue 12/1 and Wed 12/2 at 09:00 in Tokyo.
    expect(await attachmentRows(t, filed.request.id)).toEqual([
      'attachments:kyoku 2026-12-02 1 2026-12-01T00:00:00.000Z pending',
      'attachments:kyoku 2026-12-02 0 2026-12-02T00:00:00.000Z pending',
    ]);
    expect((await t.app.reminders.dispatchDue()).posted).toBe(0);

    t.clock.set('2026-12-01T00:00:00Z');
    await t.app.reminders.dispatchDue();
    const first = reminderPosts(t).filter(aboutAttachments);
    expect(first).toHaveLength(1);
    expect(first[0].args).toMatchObject({ channel: Workspace.channelId, thread_ts: filed.ts });
    assertMessageWithinLimits(first[0].args.blocks, first[0].args.text);
    const shown = JSON.stringify(first[0].args.blocks);
    expect(shown).toContain(`<@${Workspace.userId}>`);
    expect(shown).toContain('局経営会議の申込締切（別紙資料がまだ登録されていません）');
    expect(shown).toContain('令和8年12月2日（水） 12:00まで');
    expect(shown).toContain('あと1営業日');

    t.clock.set('2026-12-02T00:00:00Z');
    await t.app.reminders.dispatchDue();
    expect(reminderPosts(t).filter(aboutAttachments)).toHaveLength(2);
  });

  it('settles the reminders, unposted, once a 別紙資料 is added through 「別紙資料」', async () => {
    const filed = await file(t);
    const before = t.fake.calls('views.open').length;
    await send(
      t.url,
      blockActions({
        actions: [{ action_id: 'request.attachments' }],
        message: { ts: filed.ts, blocks: filed.blocks },
        channel: Workspace.channelId,
      }),
    );
    const open = await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
    const view = t.fake.view(open.response.view.id)!;
    const res = await send(t.url, viewSubmission({ view, fill: { attachments: [t.fake.addFile({ name: '計画体系図.pdf', bytes: pdf() })] } }));
    expect(res.body).toEqual({ response_action: 'clear' });
    await eventually(async () => expect(await t.app.db.repositories.attachments.listFor(filed.request.id)).toHaveLength(1));
    await eventually(async () =>
      expect(await attachmentRows(t, filed.request.id)).toEqual([
        'attachments:kyoku 2026-12-02 1 2026-12-01T00:00:00.000Z cancelled',
        'attachments:kyoku 2026-12-02 0 2026-12-02T00:00:00.000Z cancelled',
      ]),
    );

    t.clock.set('2026-12-02T01:00:00Z');
    await t.app.reminders.dispatchDue();
    expect(reminderPosts(t).filter(aboutAttachments)).toHaveLength(0);
    // The meeting's other reminders are unaffected (資料提出期限 of 12/2 went out).
    expect(reminderPosts(t).length).toBeGreaterThan(0);
  });

  it('plans none for a request filed with its 別紙資料', async () => {
    const filed = await file(t, [t.fake.addFile({ name: '計画体系図.pdf', bytes: pdf() })]);
    await eventually(async () => expect(await t.app.db.repositories.attachments.listFor(filed.request.id)).toHaveLength(1));
    // Planned at filing (the files are attached just after), then settled: none left pending.
    await eventually(async () => expect((await attachmentRows(t, filed.request.id)).filter((r) => r.endsWith('pending'))).toEqual([]));
    t.clock.set('2026-12-02T01:00:00Z');
    await t.app.reminders.dispatchDue();
    expect(reminderPosts(t).filter(aboutAttachments)).toHaveLength(0);
  });
});

describe('別紙資料 before the 申込締切, in Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({ env: { TEAMS_LOCAL_MODE: 'true', SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0' }, org: { tiers } });
  });
  afterEach(async () => t.stop());

  it('posts the reminder as a card while no 別紙資料 is given', async () => {
    // 局経営会議 of 12/7 chosen in the dialog; nothing attached.
    await fileSeedInTeams(t, { ...seedRaw(), filedOn: '令和8年11月24日', desiredDates: { kacho: '', kyoku: '2026-12-07', chosei: '', seisaku: '' } });
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    await eventually(async () => expect((await t.app.db.repositories.posts.listFor(request.id)).length).toBe(1));
    t.clock.set('2026-12-01T00:00:00Z');
    await t.app.reminders.dispatchDue();
    const cards = t.connector
      .calls()
      .filter((c) => c.kind === 'send' && c.status === 200)
      .map((c) => c.body?.attachments?.[0]?.content)
      .filter((card) => card && cardText(card).includes('別紙資料がまだ登録されていません'));
    expect(cards).toHaveLength(1);
    expectValidCard(cards[0]);
    expect(cardText(cards[0])).toContain('令和8年12月2日（水） 12:00まで');
  });
});
