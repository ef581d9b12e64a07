import type { BlockJson } from '../support/blockKit';
import { assertMessageWithinLimits } from '../support/blockKit';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { fileMinimalInSlack } from '../support/modal';
import { readPdf } from '../support/pdfRead';
import { blockActions, send, slashCommand } from '../support/slackRequests';
import { Workspace } from '../support/workspace';
import { seedRaw } from '../fixtures/seedRaw';
import { loadOrg } from '../../src/infra/config';

const baseOrg = loadOrg(undefined).org;
const SECRETARIAT = 'U0SEC0001';
const OTHER = 'U0OTHER01';
const tiers = baseOrg.tiers.map((t) => ({ ...t, channel: t.id === 'kyoku' ? 'C0KYOKU' : undefined }));
const WAIT = 20_000;

/** The request's post in the channel, as Slack holds it. */
async function posted(t: TestApp, requestId: string) {
  let post!: { channelId: string; messageId: string };
  await eventually(async () => {
    const posts = await t.app.db.repositories.posts.listFor(requestId);
    expect(posts).toHaveLength(1);
    post = posts[0];
  });
  return { ...post, message: t.fake.message(post.channelId, post.messageId)! };
}

/** The ephemeral answer sent to the command's or the click's response_url. */
const answered = (t: TestApp, count: number) => t.fake.waitFor('response_url', () => t.fake.calls('response_url').length >= count, WAIT);

describe('the 案件申込書 PDF and the 庁議資料 in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    // Monday 2026-12-07, 09:00 in Tokyo: a 局経営会議 day.
    t = await startTestApp({
      now: '2026-12-07T00:00:00Z',
      org: { tiers, secretariat: { slack: [SECRETARIAT], teams: [] } },
      env: { SCHEDULER: 'off' },
    });
  });
  afterEach(async () => t.stop());

  it('「PDF」 on the posted request uploads the form into its thread, the way Slack takes files', async () => {
    const request = await fileMinimalInSlack(t, { basics: { 'desiredDates.kyoku': 'R8.12.7' } });
    const post = await posted(t, request.id);
    const blocks = post.message.blocks as BlockJson[];
    assertMessageWithinLimits(blocks);
    expect(JSON.stringify(blocks)).toContain('"action_id":"request.pdf"');

    await send(t.url, blockActions({ actions: [{ action_id: 'request.pdf' }], message: { ts: post.messageId, blocks }, channel: post.channelId }));
    const done = await t.fake.waitFor('files.completeUploadExternal', undefined, WAIT);
    expect(done.response.ok).toBe(true);
    // getUploadURLExternal → bytes to the upload URL → completeUploadExternal into the thread.
    const asked = t.fake.last('files.getUploadURLExternal');
    expect(asked.args.filename).toBe('R8-001.pdf');
    expect(t.fake.last('upload').status).toBe(200);
    const [file] = t.fake.files();
    expect(file).toMatchObject({ filename: 'R8-001.pdf', channel: post.channelId, thread_ts: post.messageId });
    expect(file.bytes!.length).toBe(Number(asked.args.length));
    const read = await readPdf(file.bytes!);
    expect(read.text).toContain('R8-001');
    expect(read.text).toContain(seedRaw().title);
    expect(file.initial_comment).toBe(`案件 R8-001「${seedRaw().title}」の案件申込書（PDF）`);
    const reply = await answered(t, 1);
    expect(reply.args).toMatchObject({ response_type: 'ephemeral', text: '案件 R8-001 の案件申込書（PDF）を申込書のスレッドに投稿しました。' });
  });

  it("/案件申込 pdf: the secretariat gets any request's PDF in its thread; someone who may not see it gets nothing", async () => {
    const request = await fileMinimalInSlack(t);
    const post = await posted(t, request.id);
    // OTHER is not in the channel the request is posted in.
    t.fake.setChannel(post.channelId, { members: [Workspace.userId] });
    t.fake.setChannel('C0ELSE', { members: [OTHER, SECRETARIAT] });

    await send(t.url, slashCommand({ text: 'pdf R8-001', user_id: OTHER, channel_id: 'C0ELSE' }));
    const refused = await answered(t, 1);
    expect(refused.args.text).toBe('案件 R8-001 は見つからないか、あなたには閲覧する権限がありません。');
    await send(t.url, slashCommand({ text: 'pdf R8-404', user_id: OTHER, channel_id: 'C0ELSE' }));
    expect((await answered(t, 2)).args.text).toBe('案件 R8-404 は見つからないか、あなたには閲覧する権限がありません。');
    expect(t.fake.calls('files.getUploadURLExternal')).toHaveLength(0);

    await send(t.url, slashCommand({ text: 'PDF r8-001', user_id: SECRETARIAT, channel_id: 'C0ELSE' }));
    await t.fake.waitFor('files.completeUploadExternal', undefined, WAIT);
    expect(t.fake.files()[0]).toMatchObject({ channel: post.channelId, thread_ts: post.messageId });
    expect((await answered(t, 3)).args.text).toBe('案件 R8-001 の案件申込書（PDF）を申込書のスレッドに投稿しました。');

    await send(t.url, slashCommand({ text: 'pdf', user_id: SECRETARIAT }));
    expect(t.fake.calls('files.getUploadURLExternal')).toHaveLength(1);
  });

  it('says so when the upload is refused (the bot left the channel) and keeps nothing half-shared', async () => {
    const request = await fileMinimalInSlack(t);
    const post = await posted(t, request.id);
    t.fake.setChannel(post.channelId, { is_member: false });
    await send(t.url, slashCommand({ text: 'pdf R8-001' }));
    const reply = await answered(t, 1);
    expect(reply.args.text).toBe('PDFを作成・送信できませんでした。しばらくしてからもう一度お試しください。');
    expect(t.fake.last('files.completeUploadExternal').response).toMatchObject({ ok: false, error: 'not_in_channel' });
    expect(t.fake.files()).toHaveLength(0);
  });

  it('/案件申込 資料 and 「庁議資料」 on the agenda send the packet in a direct message, with only the items the person may see', async () => {
    const mine = await fileMinimalInSlack(t, { basics: { 'desiredDates.kyoku': 'R8.12.7' } });
    await posted(t, mine.id);
    // Filed by someone else in a channel the asker is not in.
    t.fake.setChannel('C0OTHER', { members: [OTHER] });
    const theirs = await fileMinimalInSlack(t, { user: OTHER, channel: 'C0OTHER', title: '他課の案件', basics: { 'desiredDates.kyoku': 'R8.12.7' } });
    await posted(t, theirs.id);

    await send(t.url, slashCommand({ text: '資料 局経営会議 2026-12-07' }));
    await t.fake.waitFor('files.completeUploadExternal', undefined, WAIT);
    expect(t.fake.last('conversations.open').args.users).toBe(Workspace.userId);
    const [packet] = t.fake.files();
    expect(packet).toMatchObject({ channel: `D${Workspace.userId.slice(1)}`, filename: 'shiryo-kyoku-20261207.pdf' });
    expect(packet.initial_comment).toBe('局経営会議（令和8年12月7日(月)）の庁議資料 1件（閲覧権限のない1件を除く）');
    const read = await readPdf(packet.bytes!);
    expect(read.pageText[0]).toContain('庁議資料局経営会議令和8年12月7日(月)09:30〜');
    expect(read.pageText[0]).toContain('R8-001');
    expect(read.text).not.toContain('他課の案件');
    expect(read.outline).toEqual(['庁議資料', `1. R8-001 ${seedRaw().title}`]);
    expect((await answered(t, 1)).args.text).toBe('局経営会議（令和8年12月7日(月)）の庁議資料（1件）をダイレクトメッセージで送りました。');

    // The agenda posted in the tier's channel carries the button; the secretariat gets every item.
    expect(await t.app.postDueAgendas()).toBe(1);
    const agenda = t.fake.last('chat.postMessage');
    expect(agenda.args.channel).toBe('C0KYOKU');
    assertMessageWithinLimits(agenda.args.blocks);
    await send(
      t.url,
      blockActions({
        actions: [{ action_id: 'agenda.packet' }],
        message: { ts: agenda.response.ts, blocks: agenda.args.blocks },
        channel: 'C0KYOKU',
        user: SECRETARIAT,
      }),
    );
    await eventually(() => expect(t.fake.files()).toHaveLength(2), WAIT);
    const all = t.fake.files()[1];
    expect(all.channel).toBe(`D${SECRETARIAT.slice(1)}`);
    const full = await readPdf(all.bytes!);
    expect(full.outline).toEqual(['庁議資料', `1. R8-001 ${seedRaw().title}`, '2. R8-002 他課の案件']);

    await send(t.url, slashCommand({ text: '資料 市長会議 2026-12-07' }));
    expect((await answered(t, 3)).args.text).toBe('「市長会議」という会議はありません（関係課長会議、局経営会議、政策調整会議、政策会議）。');
    await send(t.url, slashCommand({ text: '資料 局経営会議 12月7日' }));
    expect((await answered(t, 4)).args.text).toBe('「12月7日」は日付として読めません（例: 2026-12-07、R8.12.7）。');
  });
});
