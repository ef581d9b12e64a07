import type { BlockJson } from '../support/blockKit';
import { assertMessageWithinLimits } from '../support/blockKit';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { fileMinimalInSlack, ModalDriver } from '../support/modal';
import { blockActions, send } from '../support/slackRequests';
import { TEST_BOT_TOKEN, Workspace } from '../support/workspace';
import { seedRaw } from '../fixtures/seedRaw';
import type { AgendaRequest } from '../../src/domain/request';
import { parseRequestForm } from '../../src/domain/requestForm';

/** Files the seed form directly through the use case, then posts it as the app would. */
async function filedSeed(t: TestApp, user: string = Workspace.userId): Promise<{ request: AgendaRequest; ts: string; blocks: BlockJson[] }> {
  const m = await ModalDriver.open(t, { user });
  const raw = seedRaw();
  await m.submitConfirming({
    filedOn: raw.filedOn,
    title: raw.title,
    owner: raw.owner,
    summary: raw.summary,
    'desiredDates.kacho': raw.desiredDates.kacho,
  });
  await m.submit({ ordinance: 'none', publicComment: 'planned', publicCommentPeriod: '平成21年12月' });
  await m.submit({ 'history.0.date': 'H21.4.16', 'history.0.meeting': '検討会議(第3回)' });
  const post = await t.fake.waitFor('chat.postMessage');
  const [request] = await t.app.db.repositories.requests.listRecent(1);
  await eventually(async () => expect(await t.app.db.repositories.posts.listFor(request.id)).toHaveLength(1));
  return { request, ts: post.response.ts, blocks: post.args.blocks };
}

async function clickEdit(t: TestApp, message: { ts: string; blocks: BlockJson[] }, user: string = Workspace.userId) {
  const before = t.fake.calls('views.open').length;
  const res = await send(
    t.url,
    blockActions({
      actions: [{ action_id: 'request.edit' }],
      message: { ts: message.ts, blocks: message.blocks },
      channel: Workspace.channelId,
      user,
    }),
  );
  expect(res.status).toBe(200);
  return before;
}

describe('editing a filed request in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ org: { secretariat: { slack: ['U0SECRET'], teams: [] } } });
  });
  afterEach(async () => t.stop());

  it('lets the filer change it and updates the posted message in place, keeping a history', async () => {
    const filed = await filedSeed(t);
    const before = await clickEdit(t, filed);
    const open = await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
    const m = new ModalDriver(t, t.fake.view(open.response.view.id)!);
    expect(m.title()).toBe('案件申込書の編集 (1/3)');
    await m.submitConfirming({ title: '(仮称)情報マネジメント推進計画の策定について(最終報告)' });
    await m.submit({});
    const res = await m.submit({ remarks: '12月定例会で報告予定' });
    expect(res.body).toEqual({ response_action: 'clear' });

    const update = await t.fake.waitFor('chat.update');
    expect(update.args).toMatchObject({ channel: Workspace.channelId, ts: filed.ts });
    assertMessageWithinLimits(update.args.blocks, update.args.text);
    expect(JSON.stringify(update.args.blocks)).toContain('(最終報告)');
    expect(JSON.stringify(update.args.blocks)).toContain('12月定例会で報告予定');
    expect(t.fake.calls('chat.postMessage')).toHaveLength(1);

    const stored = (await t.app.db.repositories.requests.get(filed.request.id))!;
    expect(stored.version).toBe(2);
    expect(stored.caseNo).toBe(filed.request.caseNo);
    const history = await t.app.db.repositories.requests.history(filed.request.id);
    expect(history.map((h) => h.kind)).toEqual(['created', 'updated']);
    expect(history[1].actor).toEqual({ platform: 'slack', userId: Workspace.userId });
    expect(history[1].changes.map((c) => c.field).sort()).toEqual(['remarks', 'title']);
    expect(history[1].changes.find((c) => c.field === 'title')).toMatchObject({
      old: '(仮称)情報マネジメント推進計画の策定について(中間報告)',
      new: '(仮称)情報マネジメント推進計画の策定について(最終報告)',
    });
  });

  it('lets the secretariat edit but refuses anyone else, saying why', async () => {
    const filed = await filedSeed(t);
    await clickEdit(t, filed, 'U0OTHER');
    const refusal = await t.fake.waitFor('response_url');
    expect(refusal.args.text).toBe('この案件を編集できるのは、申込者と庁議事務局だけです。');
    const before = await clickEdit(t, filed, 'U0SECRET');
    await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
  });

  it('writes nothing into an edit draft for anyone but its owner', async () => {
    const filed = await filedSeed(t);
    const before = await clickEdit(t, filed);
    const view = t.fake.view((await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before)).response.view.id)!;
    const draftId = (JSON.parse(view.private_metadata as string) as { d: string }).d;
    const typed = async () => JSON.stringify((await t.app.db.repositories.drafts.get(draftId))!.data);
    const original = await typed();

    // The filer's edit form sent by someone else (a forged or forwarded payload).
    const other = new ModalDriver(t, view, 'U0OTHER');
    const res = await other.submit({ title: '他人が書いた案件名' });
    expect(res.body.response_action).toBe('update');
    expect(JSON.stringify(res.body.view)).toContain('この申込書は別の人が入力中のものです。');
    expect(await typed()).toBe(original);

    // The owner's own submission of the same form is kept, as always.
    const mine = new ModalDriver(t, view);
    expect((await mine.submit({ title: '申込者が直した案件名' })).body.response_action).toBe('update');
    expect(await typed()).toContain('申込者が直した案件名');
  });

  it('merges two people editing different fields and refuses a stale edit of the same field', async () => {
    const filed = await filedSeed(t);
    let before = await clickEdit(t, filed);
    const a = new ModalDriver(
      t,
      t.fake.view((await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before)).response.view.id)!,
    );
    before = await clickEdit(t, filed, 'U0SECRET');
    const b = new ModalDriver(
      t,
      t.fake.view((await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before)).response.view.id)!,
      'U0SECRET',
    );

    await b.submit({ title: '事務局が直した案件名' });
    await b.submit({});
    expect((await b.submit({})).body).toEqual({ response_action: 'clear' });

    await a.submit({ summary: '申込者が直した概要' });
    await a.submit({});
    expect((await a.submit({})).body).toEqual({ response_action: 'clear' });
    const merged = (await t.app.db.repositories.requests.get(filed.request.id))!;
    expect(merged.form.title).toBe('事務局が直した案件名');
    expect(merged.form.summary).toBe('申込者が直した概要');
    expect(merged.version).toBe(3);

    // A third edit started before both, changing the title again: refused, text returned.
    const stale = await t.app.db.repositories.drafts.create({
      actor: { platform: 'slack', userId: Workspace.userId },
      conversation: { platform: 'slack', channelId: Workspace.channelId },
      requestId: filed.request.id,
      baseVersion: 1,
      data: { raw: { ...seedRaw(), title: '古い画面からの案件名' }, base: filed.request.form },
      now: t.clock.now(),
    });
    const outcome = await send(
      t.url,
      (await import('../support/slackRequests')).viewSubmission({
        view: { ...a.view, private_metadata: JSON.stringify({ d: stale.id, p: 'history' }) },
      }),
    );
    expect(outcome.body.response_action).toBe('update');
    const text = JSON.stringify(outcome.body.view.blocks);
    expect(text).toContain('他の人が先に同じ項目（案件名）を更新したため');
    expect(text).toContain('古い画面からの案件名');
    expect((await t.app.db.repositories.requests.get(filed.request.id))!.form.title).toBe('事務局が直した案件名');
  });
});

describe('confidential material and channels', () => {
  let t: TestApp;
  afterEach(async () => t.stop());

  it('does not post into a Slack Connect channel, explains why and posts where chosen', async () => {
    t = await startTestApp();
    t.fake.setChannel('C0EXT', { is_ext_shared: true });
    await fileMinimalInSlack(t, { channel: 'C0EXT' });
    const eph = await t.fake.waitFor('chat.postEphemeral');
    expect(eph.args.channel).toBe('C0EXT');
    expect(eph.args.text).toContain('外部の組織と共有されている');
    expect(t.fake.calls('chat.postMessage')).toHaveLength(0);
    const select = (eph.args.blocks as BlockJson[])[1];
    expect(select.elements[0]).toMatchObject({ type: 'conversations_select', filter: { exclude_external_shared_channels: true } });

    await send(
      t.url,
      blockActions({
        actions: [{ action_id: 'request.post_to', block_id: select.block_id, type: 'conversations_select', selected_conversation: 'C0INTERNAL' }],
        container: { type: 'message', message_ts: eph.response.message_ts, channel_id: 'C0EXT', is_ephemeral: true },
        channel: 'C0EXT',
      }),
    );
    const post = await t.fake.waitFor('chat.postMessage');
    expect(post.args.channel).toBe('C0INTERNAL');
  });

  it('posts into a shared channel when the org configuration allows it', async () => {
    t = await startTestApp({ org: { allowExternalSharedChannels: true } });
    t.fake.setChannel('C0EXT', { is_ext_shared: true });
    await fileMinimalInSlack(t, { channel: 'C0EXT' });
    expect((await t.fake.waitFor('chat.postMessage')).args.channel).toBe('C0EXT');
  });

  it('tells the filer by direct message when the bot is not in the channel, and reposts on request', async () => {
    t = await startTestApp();
    t.fake.setChannel('C0NOBOT', { is_member: false });
    await fileMinimalInSlack(t, { channel: 'C0NOBOT' });
    const dm = await t.fake.waitFor('chat.postMessage', (c) => c.args.channel === Workspace.userId);
    expect(dm.args.text).toContain('ボットがチャンネルに参加していません');
    expect(await t.app.db.repositories.requests.listRecent(1)).toHaveLength(1);

    t.fake.setChannel('C0NOBOT', { is_member: true });
    const button = (dm.args.blocks as BlockJson[])[1];
    await send(
      t.url,
      blockActions({
        actions: [{ action_id: 'request.repost' }],
        message: { ts: dm.response.ts, blocks: dm.args.blocks },
        channel: Workspace.userId,
      }),
    );
    const post = await t.fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C0NOBOT' && c.response.ok);
    expect(post.args.text).toContain('R8-001');
    expect(button.elements[0].text.text).toBe('再投稿');

    // 再投稿 again: the message already in the channel is brought up to date, not doubled.
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    const repost = () =>
      send(
        t.url,
        blockActions({
          actions: [{ action_id: 'request.repost', value: request.id }],
          message: { ts: dm.response.ts, blocks: dm.args.blocks },
          channel: Workspace.userId,
        }),
      );
    const updatesBefore = t.fake.calls('chat.update').length;
    await repost();
    await t.fake.waitFor('chat.update', (c) => c.args.ts === post.response.ts && t.fake.calls('chat.update').length > updatesBefore);
    const inChannel = () => t.fake.calls('chat.postMessage').filter((c) => c.args.channel === 'C0NOBOT' && c.response.ok);
    expect(inChannel()).toHaveLength(1);
    expect((await t.app.db.repositories.posts.listFor(request.id)).map((p) => p.messageId)).toEqual([post.response.ts]);

    // Someone deleted it: 再投稿 posts it anew, and that new message is the one kept up to date.
    await fetch(`${t.fake.url}chat.delete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0NOBOT', ts: post.response.ts }),
    });
    await repost();
    const again = await t.fake.waitFor(
      'chat.postMessage',
      (c) => c.args.channel === 'C0NOBOT' && c.response.ok && c.response.ts !== post.response.ts,
    );
    await eventually(async () =>
      expect((await t.app.db.repositories.posts.listFor(request.id)).map((p) => p.messageId)).toEqual([again.response.ts]),
    );
    expect(inChannel()).toHaveLength(2);
  });
});

describe('form data from elsewhere', () => {
  it('the stored form is exactly what the schema made of the typed text', async () => {
    const t = await startTestApp();
    try {
      const filed = await filedSeed(t);
      const expected = parseRequestForm(t.org, {
        ...seedRaw(),
        points: '',
        desiredDates: { kacho: seedRaw().desiredDates.kacho, kyoku: '', chosei: '', seisaku: '' },
        councilInfoKind: '',
        councilInfoPeriod: '',
        coordination: [],
        history: [{ date: 'H21.4.16', meeting: '検討会議(第3回)', content: '' }],
      });
      expect(expected.ok && expected.value).toEqual(filed.request.form);
    } finally {
      await t.stop();
    }
  });
});
