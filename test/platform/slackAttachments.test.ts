/**
 * 別紙資料 in Slack, over HTTP as Slack sends it: file_input state in a signed
 * view_submission, files downloaded from the fake's url_private_download with the bot
 * token, the posted request listing them, signed expiring download links, and the
 * 「別紙資料」 modal that adds and removes files later.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { BlockJson } from '../support/blockKit';
import { assertMessageWithinLimits, assertModalWithinLimits } from '../support/blockKit';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { ModalDriver } from '../support/modal';
import { blockActions, send, viewSubmission } from '../support/slackRequests';
import { TEST_BOT_TOKEN, Workspace } from '../support/workspace';
import { seedRaw } from '../fixtures/seedRaw';
import type { AgendaRequest } from '../../src/domain/request';
import { attachmentsModal } from '../../src/slack/views/attachmentsModal';

const PUBLIC_URL = 'https://chogi.example.jp';
const pdf = (n: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(n)]);

/** Fills the three pages; the last one carries `files` in its file_input. */
async function fileWithFiles(t: TestApp, files: BlockJson[], user = Workspace.userId): Promise<{ request: AgendaRequest; res: unknown }> {
  const m = await ModalDriver.open(t, { user });
  const raw = seedRaw();
  await m.submitConfirming({ filedOn: raw.filedOn, title: raw.title, owner: raw.owner, summary: raw.summary });
  await m.submit({ ordinance: 'none', publicComment: 'none' });
  expect(m.inputIds()).toContain('attachments');
  const file = (m.view.blocks as BlockJson[]).find((b) => b.block_id === 'attachments')!;
  expect(file.element).toMatchObject({ type: 'file_input', max_files: 10 });
  const res = await m.submit({ attachments: files });
  expect(res.body).toEqual({ response_action: 'clear' });
  const [request] = await t.app.db.repositories.requests.listRecent(1);
  return { request, res };
}

/** The signed links in a message, fetched from the app under test (PUBLIC_URL is the public name of t.url). */
function linksIn(blocks: BlockJson[]): { name: string; url: string }[] {
  const text = JSON.stringify(blocks);
  return [...text.matchAll(/<(https:\/\/chogi\.example\.jp\/files\/[^|>]+)\|([^>]+)>/g)].map((m) => ({
    url: m[1].replace(/\\u0026|&amp;/g, '&'),
    name: m[2],
  }));
}
const local = (t: TestApp, url: string) => url.replace(PUBLIC_URL, t.url);

describe('the 別紙資料 modal', () => {
  it('offers removal in checkbox groups of 10 within Block Kit limits, for 23 attachments', () => {
    const list = Array.from({ length: 23 }, (_, i) => ({
      id: `id-${i}`,
      kind: 'file' as const,
      name: `資料${i + 1}.pdf`,
      size: 1000 * (i + 1),
      url: `${PUBLIC_URL}/files/id-${i}?exp=1&sig=x`,
    }));
    const view = attachmentsModal({ caseNo: 'R8-001', title: '(仮称)計画', list, meta: { r: 'req', c: 'C1' } }) as unknown as BlockJson;
    assertModalWithinLimits(view);
    const groups = (view.blocks as BlockJson[]).filter((b) => String(b.block_id).startsWith('attachments.remove.'));
    expect(groups.map((g) => g.element.options.length)).toEqual([10, 10, 3]);
  });
});

describe('別紙資料 in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ env: { PUBLIC_URL, LINK_SECRET: 'attachment-test-secret' }, org: { secretariat: { slack: ['U0SECRET'], teams: [] } } });
  });
  afterEach(async () => t.stop());

  it('downloads the form’s files with the bot token, keeps its own copy, lists them on the post and serves them through signed links', async () => {
    const planBytes = pdf(200_000);
    const csvBytes = Buffer.from('関係部局名,調整項目,調整状況\n財政課,予算,調整済\n', 'utf8');
    const plan = t.fake.addFile({ name: '計画体系図.pdf', bytes: planBytes, mimetype: 'application/pdf' });
    const csv = t.fake.addFile({ name: '調整表 (案).csv', bytes: csvBytes, mimetype: 'text/csv' });
    const { request } = await fileWithFiles(t, [plan, csv]);

    const post = await t.fake.waitFor(
      'chat.postMessage',
      (c) => c.args.channel === Workspace.channelId && JSON.stringify(c.args.blocks).includes('別紙資料'),
    );
    assertMessageWithinLimits(post.args.blocks, post.args.text);
    expect(t.fake.downloads(plan.id)).toEqual([{ token: TEST_BOT_TOKEN, status: 200 }]);
    const stored = await t.app.db.repositories.attachments.listFor(request.id);
    expect(stored.map((a) => [a.name, a.size, a.mime, a.sha256])).toEqual([
      ['計画体系図.pdf', planBytes.length, 'application/pdf', createHash('sha256').update(planBytes).digest('hex')],
      ['調整表 (案).csv', csvBytes.length, 'text/csv', createHash('sha256').update(csvBytes).digest('hex')],
    ]);
    const text = JSON.stringify(post.args.blocks);
    expect(text).toContain('計画体系図.pdf');
    expect(text).toContain('195 KB');
    const links = linksIn(post.args.blocks);
    expect(links.map((l) => l.name)).toEqual(['計画体系図.pdf', '調整表 (案).csv']);

    const res = await fetch(local(t, links[0].url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="_____.pdf"; filename*=UTF-8''${encodeURIComponent('計画体系図.pdf')}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(planBytes)).toBe(true);
    const csvRes = await fetch(local(t, links[1].url));
    expect(csvRes.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('調整表 (案).csv').replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    expect(Buffer.from(await csvRes.arrayBuffer()).toString('utf8')).toBe(csvBytes.toString('utf8'));

    // A link is good for its file only, unchanged, and only until it expires.
    const u = new URL(links[0].url);
    const other = (await t.app.db.repositories.attachments.listFor(request.id))[1].id;
    expect((await fetch(local(t, `${PUBLIC_URL}/files/${other}${u.search}`))).status).toBe(404);
    expect((await fetch(local(t, `${links[0].url.replace(/sig=[0-9a-f]+/, 'sig=' + '0'.repeat(32))}`))).status).toBe(404);
    expect(
      (
        await fetch(
          local(
            t,
            links[0].url.replace(/exp=\d+/, (m) => `exp=${Number(m.slice(4)) + 3600}`),
          ),
        )
      ).status,
    ).toBe(404);
    t.clock.advance(8 * 86_400_000);
    const expired = await fetch(local(t, links[0].url));
    expect(expired.status).toBe(404);
    expect(await expired.text()).toContain('有効期限');
  });

  it('names each file it refuses, retries a transient failure, and keeps the request and the good files', async () => {
    const exe = t.fake.addFile({ name: '資料.pdf', bytes: Buffer.concat([Buffer.from('MZ'), randomBytes(500)]), mimetype: 'application/pdf' });
    const big = t.fake.addFile({ name: '動画.mp4', bytes: Buffer.from('small'), declaredSize: 11 * 1024 * 1024 });
    const flaky = t.fake.addFile({ name: '議事メモ.txt', bytes: Buffer.from('検討会議の議事メモ'), mimetype: 'text/plain' });
    t.fake.failDownloadNext(flaky.id, 503);
    const { request } = await fileWithFiles(t, [exe, big, flaky]);

    const told = await t.fake.waitFor('chat.postEphemeral', (c) => String(c.args.text).includes('添付できませんでした'));
    expect(told.args.user).toBe(Workspace.userId);
    expect(told.args.text).toContain('「資料.pdf」は添付できませんでした: この種類のファイル（Windows実行ファイル）は添付できません。');
    expect(told.args.text).toContain('「動画.mp4」は添付できませんでした: ファイルが大きすぎます（11.0 MB。1ファイル10MBまで）。');
    expect(told.args.text).toContain('議事メモ.txt');
    expect(told.args.text).toContain('申込書の内容はそのまま保存されています');
    // The oversize file is refused by its declared size, never downloaded.
    expect(t.fake.downloads(big.id)).toEqual([]);
    expect(t.fake.downloads(flaky.id).map((d) => d.status)).toEqual([503, 200]);
    expect((await t.app.db.repositories.attachments.listFor(request.id)).map((a) => a.name)).toEqual(['議事メモ.txt']);
    expect(request.form.title).toBe(seedRaw().title);
    await t.fake.waitFor('chat.postMessage', (c) => c.args.channel === Workspace.channelId && JSON.stringify(c.args.blocks).includes('議事メモ.txt'));
  });

  it('keeps files given before 「＋ 行を追加」 re-drew the page, and attaches them when it is filed', async () => {
    const memo = t.fake.addFile({ name: '経過メモ.txt', bytes: Buffer.from('H21.4.16 検討会議') });
    const m = await ModalDriver.open(t);
    const raw = seedRaw();
    await m.submitConfirming({ filedOn: raw.filedOn, title: raw.title, owner: raw.owner, summary: raw.summary });
    await m.submit({ ordinance: 'none', publicComment: 'none' });
    await m.click('request.row.add.history', { attachments: [memo], 'history.0.date': 'H21.4.16' });
    // The new file input is empty, as Slack draws it; the page says what is kept.
    expect(JSON.stringify(m.view.blocks)).toContain('添付予定の別紙資料（申し込み後に添付します）: 経過メモ.txt');
    // A row error keeps the modal as it is; the kept file is not lost by it either.
    expect((await m.submit({})).body.response_action).toBe('errors');
    expect((await m.submit({ 'history.0.meeting': '検討会議(第3回)' })).body).toEqual({ response_action: 'clear' });
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    await eventually(async () => expect((await t.app.db.repositories.attachments.listFor(request.id)).map((a) => a.name)).toEqual(['経過メモ.txt']));
    expect(t.fake.downloads(memo.id)).toHaveLength(1);
  });

  it('attaches the files of an edit refused for a conflict of fields (files take no part in it)', async () => {
    const { request } = await fileWithFiles(t, []);
    const post = await t.fake.waitFor('chat.postMessage', (c) => c.args.channel === Workspace.channelId);
    const openEdit = async (user: string) => {
      const before = t.fake.calls('views.open').length;
      await send(
        t.url,
        blockActions({
          actions: [{ action_id: 'request.edit' }],
          message: { ts: post.response.ts, blocks: post.args.blocks },
          channel: Workspace.channelId,
          user,
        }),
      );
      const open = await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
      return new ModalDriver(t, t.fake.view(open.response.view.id)!, user);
    };
    const mine = await openEdit(Workspace.userId);
    const theirs = await openEdit('U0SECRET');
    await theirs.submitConfirming({ title: '事務局が直した案件名' });
    await theirs.submit({});
    expect((await theirs.submit({})).body).toEqual({ response_action: 'clear' });

    const figure = t.fake.addFile({ name: '修正版体系図.pdf', bytes: pdf(3000) });
    await mine.submitConfirming({ title: '申込者が直した案件名' });
    await mine.submit({});
    const res = await mine.submit({ attachments: [figure] });
    expect(JSON.stringify(res.body.view)).toContain('他の人が先に同じ項目（案件名）を更新したため');
    await eventually(async () =>
      expect((await t.app.db.repositories.attachments.listFor(request.id)).map((a) => a.name)).toEqual(['修正版体系図.pdf']),
    );
    await t.fake.waitFor('chat.update', (c) => JSON.stringify(c.args.blocks).includes('修正版体系図.pdf'));
    expect((await t.app.db.repositories.requests.get(request.id))!.form.title).toBe('事務局が直した案件名');
  });

  it('says so when Slack will not hand a file over (no files:read), and files the request anyway', async () => {
    t.fake.setFilesScope(false);
    const f = t.fake.addFile({ name: '体系図.png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) });
    const { request } = await fileWithFiles(t, [f]);
    const told = await t.fake.waitFor('chat.postEphemeral', (c) => String(c.args.text).includes('体系図.png'));
    expect(told.args.text).toContain('「体系図.png」は添付できませんでした: ファイルを受け取れませんでした');
    // A refusal is not retried: one download only.
    expect(t.fake.downloads(f.id)).toHaveLength(1);
    expect(await t.app.db.repositories.attachments.listFor(request.id)).toEqual([]);
    expect(await t.app.db.repositories.requests.get(request.id)).not.toBeNull();
  });

  it('「別紙資料」 adds and removes files later for the filer, refuses others, and keeps removals in the history', async () => {
    const first = t.fake.addFile({ name: '旧版.pdf', bytes: pdf(1000) });
    const { request } = await fileWithFiles(t, [first]);
    const post = await t.fake.waitFor('chat.postMessage', (c) => c.args.channel === Workspace.channelId);
    const oldLink = linksIn(post.args.blocks)[0];
    const click = async (user: string) => {
      const before = t.fake.calls('views.open').length;
      await send(
        t.url,
        blockActions({
          actions: [{ action_id: 'request.attachments' }],
          message: { ts: post.response.ts, blocks: post.args.blocks },
          channel: Workspace.channelId,
          user,
        }),
      );
      return before;
    };

    await click('U0OTHER');
    const refused = await t.fake.waitFor('response_url', (c) => String(c.args.text).includes('別紙資料の追加・削除は'));
    expect(refused.args.response_type).toBe('ephemeral');

    const before = await click(Workspace.userId);
    const open = await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
    expect(open.response.ok).toBe(true);
    const view = t.fake.view(open.response.view.id)!;
    assertModalWithinLimits(view);
    expect(JSON.stringify(view.blocks)).toContain('旧版.pdf');
    const [old] = await t.app.db.repositories.attachments.listFor(request.id);
    const next = t.fake.addFile({ name: '新版.pdf', bytes: pdf(2000) });
    const res = await send(t.url, viewSubmission({ view, fill: { attachments: [next], 'attachments.remove.0': [old.id] } }));
    expect(res.body).toEqual({ response_action: 'clear' });

    const update = await t.fake.waitFor('chat.update', (c) => JSON.stringify(c.args.blocks).includes('新版.pdf'));
    expect(JSON.stringify(update.args.blocks)).not.toContain('旧版.pdf');
    await t.fake.waitFor('chat.postEphemeral', (c) => String(c.args.text).includes('削除しました'));
    expect((await t.app.db.repositories.attachments.listFor(request.id)).map((a) => a.name)).toEqual(['新版.pdf']);
    const all = await t.app.db.repositories.attachments.listAllFor(request.id);
    expect(all.find((a) => a.name === '旧版.pdf')).toMatchObject({ removedBy: { platform: 'slack', userId: Workspace.userId } });
    const history = await t.app.db.repositories.requests.history(request.id);
    expect(
      history
        .flatMap((h) =>
          h.changes.filter((c) => c.field.startsWith('attachment.')).map((c) => [c.old === null ? '+' : '-', (c.new ?? c.old) as { name: string }]),
        )
        .map(([sign, v]) => `${sign}${(v as { name: string }).name}`),
    ).toEqual(['+旧版.pdf', '-旧版.pdf', '+新版.pdf']);
    // A removed file no longer opens, even through a link handed out before.
    expect((await fetch(local(t, oldLink.url))).status).toBe(404);
  });
});
