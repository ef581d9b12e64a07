import { assertMessageWithinLimits, assertNoUnescapedUserText, type BlockJson } from '../support/blockKit';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { ModalDriver } from '../support/modal';
import { blockSuggestion, send, slashCommand, type SlackResponse } from '../support/slackRequests';
import { Workspace } from '../support/workspace';
import { seedRaw, seedSummary, seedTitle } from '../fixtures/seedRaw';
import { page1Fill, page2Fill, page3Fill } from '../fixtures/seedFills';

/** Fills a table page row by row, pressing ＋ 行を追加 as a person must. */
async function fillRows(m: ModalDriver, addAction: string, rows: number, fill: Record<string, string>) {
  for (let n = 1; n < rows; n++) {
    const typedSoFar = Object.fromEntries(Object.entries(fill).filter(([k]) => m.inputIds().includes(k)));
    await m.click(addAction, typedSoFar);
  }
}

async function fileSeed(t: TestApp, raw = seedRaw(), o: { user?: string; channel?: string } = {}) {
  const m = await ModalDriver.open(t, o);
  let res: SlackResponse = await m.submitConfirming(page1Fill(raw));
  expect(res.body).toMatchObject({ response_action: 'update' });
  await fillRows(m, 'request.row.add.coordination', raw.coordination.length, page2Fill(raw));
  res = await m.submit(page2Fill(raw));
  expect(res.body).toMatchObject({ response_action: 'update' });
  await fillRows(m, 'request.row.add.history', raw.history.length, page3Fill(raw));
  res = await m.submit(page3Fill(raw));
  return { m, res };
}

const textOf = (blocks: BlockJson[]) => JSON.stringify(blocks);

describe('/案件申込 in Slack: filing the seed form', () => {
  let t: TestApp;
  beforeEach(async () => {
    // The day the seed was filed: H21.5.14 (10:00 in Tokyo).
    t = await startTestApp({ now: '2009-05-14T01:00:00Z' });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('files the whole seed form through the three pages and posts it like the paper form', async () => {
    const m = await ModalDriver.open(t);
    expect(m.title()).toBe('庁議 案件申込書 (1/3)');
    expect(m.inputIds()).toEqual([
      'filedOn',
      'title',
      'owner',
      'summary',
      'points',
      'desiredDates.kacho',
      'desiredDates.kyoku',
      'desiredDates.chosei',
      'desiredDates.seisaku',
    ]);
    // 申込日 is pre-filled with today in 和暦.
    const filedOn = (m.view.blocks as BlockJson[]).find((b) => b.block_id === 'filedOn')!;
    expect(filedOn.element.initial_value).toBe('平成21年5月14日');
    // The next dates of 局経営会議 (every Monday) are its choices, in 和暦 with the weekday, then その他の日.
    const kyoku = (m.view.blocks as BlockJson[]).find((b) => b.block_id === 'desiredDates.kyoku')!;
    expect(kyoku.dispatch_action).toBe(true);
    const options = (kyoku.element.options as BlockJson[]).map((o) => [o.text.text, o.value]);
    expect(options.slice(0, 2)).toEqual([
      ['平成21年5月18日(月)', '2009-05-18'],
      ['平成21年5月25日(月)', '2009-05-25'],
    ]);
    expect(options.slice(-2)).toEqual([
      ['その他の日', 'other'],
      ['不要・未定', 'none'],
    ]);
    // 関係課長会議 is held as needed: typed, as before.
    expect((m.view.blocks as BlockJson[]).find((b) => b.block_id === 'desiredDates.kacho')!.element.type).toBe('plain_text_input');

    // The 関係課長会議 of H21.4.16 was already held: a warning, confirmed by submitting again.
    const first = await m.submit(page1Fill());
    expect(first.body).toEqual({
      response_action: 'errors',
      errors: { 'desiredDates.kacho': '過去の日付です。このままでよければ、もう一度送信してください。' },
    });
    await t.stop();
    t = await startTestApp({ now: '2009-05-14T01:00:00Z' });

    const { res } = await fileSeed(t);
    expect(res.body).toEqual({ response_action: 'clear' });

    const post = await t.fake.waitFor('chat.postMessage');
    expect(post.args.channel).toBe(Workspace.channelId);
    const blocks = post.args.blocks as BlockJson[];
    assertMessageWithinLimits(blocks, post.args.text);
    const all = textOf(blocks);
    expect(blocks[0].text.text).toBe('庁議 案件申込書　H21-001');
    for (const expected of [
      '平成21年5月14日',
      '企画財政局 企画部 情報政策担当',
      seedTitle,
      '関係課長会議　平成21年4月16日',
      '局経営会議　平成21年5月18日',
      '政策調整会議　—',
      '実施あり　時期 平成21年12月',
      '資料提供　時期 平成21年10月',
      '計画に関係する各課・機関',
      '事務局で考案した情報施策について今後の方向性・必要性を確認',
      'H20.9~H21.2　作業部会(第1回~第6回)　計画概要の検討',
      'H21.5.14　合同検討部会(第1回)',
    ]) {
      expect(all).toContain(JSON.stringify(expected).slice(1, -1));
    }
    expect(all).toContain(JSON.stringify(seedSummary).slice(1, -1));
    const requestActions = blocks.find((b) => b.block_id === 'request.actions')!;
    expect(requestActions.elements.map((e: BlockJson) => e.text.text)).toEqual(['編集', '日程', '別紙資料', 'PDF', '履歴', '取り下げ']);

    const stored = await t.app.db.repositories.requests.listRecent(5);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ caseNo: 'H21-001', fiscalYear: 2009, version: 1 });
    expect(stored[0].form.history).toHaveLength(6);
    expect(stored[0].form.coordination).toHaveLength(3);
    await eventually(async () =>
      expect(await t.app.db.repositories.posts.listFor(stored[0].id)).toEqual([
        expect.objectContaining({ platform: 'slack', channelId: Workspace.channelId, messageId: post.response.ts }),
      ]),
    );
  });

  it('offers the org directory in the 所管 search', async () => {
    const m = await ModalDriver.open(t);
    const res = await send(t.url, blockSuggestion({ action_id: 'owner', block_id: 'owner', value: '情報', view: m.view }));
    expect(res.status).toBe(200);
    expect(res.body.options.map((o: BlockJson) => o.text.text)).toEqual([
      '企画財政局 企画部 情報政策担当',
      '企画財政局 企画部 情報システム課',
      '総務局 総務部 情報公開室',
    ]);
  });

  it('shows inline Japanese errors and keeps what was typed', async () => {
    const m = await ModalDriver.open(t);
    const res = await m.submit(
      { ...page1Fill(), filedOn: '令和元年4月1日', 'desiredDates.kacho': 'H21.5.20', 'desiredDates.kyoku': 'H21.5.18' },
      { clientValidation: false },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        filedOn: 'その元号の期間外の日付です（平成は31年4月30日まで、令和は元年5月1日から）。',
        'desiredDates.kyoku': '局経営会議は関係課長会議より後の日付にしてください。',
      },
    });
    // Closing the modal and running the command again resumes the typed draft: the form
    // opens at once and is filled in with what was typed as soon as it is read back.
    const again = await ModalDriver.open(t);
    const resumed = await t.fake.waitFor('views.update', (c) => c.args.view_id === again.view.id);
    again.view = t.fake.view(resumed.response.view.id)!;
    expect(JSON.stringify(again.view.blocks)).toContain('前回の入力途中の申込書を再開しました');
    const value = (id: string) => (again.view.blocks as BlockJson[]).find((b) => b.block_id === id)?.element.initial_value;
    expect(value('title')).toBe(seedTitle);
    expect(value('filedOn')).toBe('令和元年4月1日');
    expect(value('summary')).toBe(seedSummary);
  });

  it('requires the choices of page 2 and a name for each typed row', async () => {
    const m = await ModalDriver.open(t);
    await m.submitConfirming(page1Fill());
    const res = await m.submit({ 'coordination.0.item': '調整項目だけ' }, { clientValidation: false });
    expect(res.body.response_action).toBe('errors');
    expect(res.body.errors).toEqual({
      ordinance: '入力してください。',
      publicComment: '入力してください。',
      'coordination.0.party': 'この行に入力がある場合は必須です（不要な行は全て空欄にしてください）。',
    });
  });

  it('goes back a page without losing either page', async () => {
    const m = await ModalDriver.open(t);
    await m.submitConfirming(page1Fill());
    await m.click('request.page.back', { councilSession: '12月定例会' });
    expect(m.title()).toBe('庁議 案件申込書 (1/3)');
    const value = (id: string) => (m.view.blocks as BlockJson[]).find((b) => b.block_id === id)?.element.initial_value;
    expect(value('title')).toBe(seedTitle);
    await m.submitConfirming({});
    const v = (m.view.blocks as BlockJson[]).find((b) => b.block_id === 'councilSession');
    expect(v?.element.initial_value).toBe('12月定例会');
  });

  it('does not file twice when submit is pressed twice', async () => {
    const { m } = await fileSeed(t);
    await t.fake.waitFor('chat.postMessage');
    const again = await m.submit(page3Fill());
    expect(again.body).toEqual({ response_action: 'clear' });
    expect(await t.app.db.repositories.requests.listRecent(10)).toHaveLength(1);
    expect(t.fake.calls('chat.postMessage')).toHaveLength(1);
  });

  it('opens one modal for a command Slack retries', async () => {
    const cmd = slashCommand({ text: '' });
    expect((await send(t.url, cmd)).status).toBe(200);
    await t.fake.waitFor('views.open');
    expect((await send(t.url, cmd, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    expect((await send(t.url, cmd, { retryNum: 2, retryReason: 'http_timeout' })).status).toBe(200);
    await send(t.url, slashCommand({ text: 'help' })); // a later command proves the others finished
    expect(t.fake.calls('views.open')).toHaveLength(1);
  });

  it('refuses requests with a bad signature or an old timestamp and calls nothing', async () => {
    expect((await send(t.url, slashCommand({ text: '' }), { wrongSecret: true })).status).toBe(401);
    expect((await send(t.url, slashCommand({ text: '' }), { oldTimestamp: true })).status).toBe(401);
    expect(t.fake.calls()).toHaveLength(0);
  });

  it('shows typed mentions and links as text, never as pings', async () => {
    const raw = seedRaw();
    raw.title = '<!channel> 至急 <@U999> <https://evil.example|ここ> & more';
    raw.summary = '<!here> 概要 <#C123>';
    raw.history[0].content = '<!everyone>';
    await fileSeed(t, raw);
    const post = await t.fake.waitFor('chat.postMessage');
    assertNoUnescapedUserText({ blocks: post.args.blocks, text: post.args.text });
    expect(post.args.text).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(post.args.blocks)).toContain('&lt;https://evil.example|ここ&gt; &amp; more');
  });

  it('answers help and list', async () => {
    const help = await send(t.url, slashCommand({ text: 'help' }));
    expect(help.body).toMatchObject({ response_type: 'ephemeral' });
    expect(help.body.text).toContain('/案件申込');
    await fileSeed(t);
    await t.fake.waitFor('chat.getPermalink');
    await eventually(async () => expect((await t.app.db.repositories.requests.listRecent(1)).length).toBe(1));
    const [r] = await t.app.db.repositories.requests.listRecent(1);
    await eventually(async () => expect((await t.app.db.repositories.posts.listFor(r.id)).length).toBe(1));
    await send(t.url, slashCommand({ text: '一覧' }));
    const list = await t.fake.waitFor('response_url');
    expect(list.args.text).toContain('H21-001');
    expect(list.args.text).toContain('【審議中（関係課長会議）】'); // the seed's 関係課長会議 day has come
    expect(list.args.text).toContain('<https://');
    const unknown = await send(t.url, slashCommand({ command: '/anken', text: 'foo' }));
    expect(unknown.body.text).toContain('「foo」は分かりませんでした');
  });
});
