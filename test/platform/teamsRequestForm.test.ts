import { seedRaw, seedSummary, seedTitle } from '../fixtures/seedRaw';
import { eventually } from '../support/eventually';
import { cardText, elements, expectValidCard } from '../support/teamsCards';
import { TeamsDialog } from '../support/teamsDialog';
import { messageActivity, postActivity, TeamsConversation, TeamsUser } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { parseRequestForm, type RawRequestForm } from '../../src/domain/requestForm';
import { fileSeedInTeams, page1Fill } from '../support/teamsForm';

describe('案件申込 in Teams: filing the seed form through the dialog', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp();
  });
  afterEach(async () => t.stop());

  it('answers 案件申込 (also with the bot mentioned in a channel) with a card whose button opens the form', async () => {
    const res = await postActivity(t.url, messageActivity('案件申込', t.as({ mention: true } as never)));
    expect(res.status).toBe(200);
    const reply = await t.connector.waitFor((c) => c.kind === 'reply');
    expect(reply.conversationId).toBe(TeamsConversation.id);
    const card = reply.body.attachments[0].content;
    expectValidCard(card);
    const open = elements(card).find((e) => e.type === 'Action.Submit');
    expect(open.data).toEqual({ msteams: { type: 'task/fetch' }, verb: 'request.open' });
    const ref = await t.app.db.repositories.conversations.get('teams', TeamsConversation.id);
    expect(ref?.reference).toMatchObject({ serviceUrl: t.connector.url, conversation: { id: TeamsConversation.id } });
  });

  it('files the whole seed form through the three pages and posts it like the paper form', async () => {
    const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as());
    expect(d.title).toBe('庁議 案件申込書 (1/3)');
    const owner = d.input('owner');
    expect(owner).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered' });
    expect(owner.choices.map((c: { value: string }) => c.value)).toContain('企画財政局/企画部/情報政策担当');
    expect(d.input('filedOn').value).toBe('令和8年11月24日');
    // Each 審議希望日 is a choice of the tier's next dates (局経営会議: Mondays; 11/23 勤労感謝の日
    // moves to the 24th) plus その他の日, with the その他 text under it; a tier called as needed is typed.
    const kyoku = d.input('desiredDates.kyoku');
    expect(kyoku).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact' });
    const choices = kyoku.choices.map((c: { title: string; value: string }) => [c.title, c.value]);
    expect(choices.slice(0, 3)).toEqual([
      ['令和8年11月24日(火)', '2026-11-24'],
      ['令和8年11月30日(月)', '2026-11-30'],
      ['令和8年12月7日(月)', '2026-12-07'],
    ]);
    expect(choices.slice(-2)).toEqual([
      ['その他の日', 'other'],
      ['不要・未定', 'none'],
    ]);
    expect(d.input('desiredDates.kyoku.other')).toMatchObject({ type: 'Input.Text', label: 'その他の日（上で「その他の日」を選んだとき）' });
    expect(d.input('desiredDates.kacho').type).toBe('Input.Text');
    const page1 = cardText(d.card);
    expect(page1).toContain('随時開催（開庁日を入力してください）');

    const { message } = await fileSeedInTeams(t);
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    expect(message).toBe(`案件 ${request.caseNo} を受け付けました。`);
    const expected = parseRequestForm(t.org, seedRaw());
    expect(expected.ok && request.form).toEqual(expected.ok && expected.value);
    expect(request.createdBy).toEqual({ platform: 'teams', userId: TeamsUser.aadObjectId });

    const posted = await t.connector.waitFor((c) => c.kind === 'reply' && c.body.attachments?.[0]?.content?.body);
    const card = posted.body.attachments[0].content;
    expectValidCard(card);
    const text = cardText(card);
    for (const s of [
      `庁議 案件申込書　${request.caseNo}`,
      seedTitle,
      seedSummary,
      '平成21年5月14日',
      '企画財政局 企画部 情報政策担当',
      '関係課長会議',
      '平成21年4月16日',
      '実施あり　時期 平成21年12月',
      '資料提供　時期 平成21年10月',
      'H20.9~H21.2',
      '作業部会(第1回~第6回)',
      '回答のあった課・機関とのヒアリングを実施',
    ]) {
      expect(text).toContain(s);
    }
    const edit = elements(card).find((e) => e.type === 'Action.Submit' && e.title === '編集');
    expect(edit.data).toEqual({ msteams: { type: 'task/fetch' }, verb: 'request.edit', requestId: request.id });
    expect(await t.app.db.repositories.posts.listFor(request.id)).toEqual([
      { requestId: request.id, platform: 'teams', channelId: TeamsConversation.id, messageId: posted.id, permalink: null },
    ]);
  });

  it('shows validation errors next to their fields and keeps everything typed', async () => {
    const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as());
    await d.press('次へ', {
      filedOn: 'H21.2.30',
      title: '',
      summary: '概要だけ書いた',
      'desiredDates.kacho': 'H21.5.18',
      'desiredDates.kyoku': 'H21.4.16',
    });
    expect(d.title).toBe('庁議 案件申込書 (1/3)');
    expect(d.input('filedOn')).toMatchObject({ value: 'H21.2.30', errorMessage: 'その日付は存在しません。' });
    expect(d.input('title').errorMessage).toBe('入力してください。');
    expect(d.input('owner').errorMessage).toBe('入力してください。');
    expect(d.input('desiredDates.kyoku').errorMessage).toBe('局経営会議は関係課長会議より後の日付にしてください。');
    expect(d.input('summary')).toMatchObject({ value: '概要だけ書いた' });
    expect(d.input('summary').errorMessage).toBeUndefined();
    // The attention text sits right under its input.
    const body = elements(d.card);
    const at = body.findIndex((e) => e.id === 'filedOn');
    expect(body[at + 1]).toMatchObject({ type: 'TextBlock', color: 'Attention', text: 'その日付は存在しません。' });
    expect(d.errors()).toContain('入力に誤りがあります。各項目の下の説明を確認してください。');

    await d.pressConfirming('次へ', { ...page1Fill(), summary: '概要だけ書いた' });
    expect(d.title).toBe('庁議 案件申込書 (2/3)');
    await d.press('次へ', { ordinance: 'required', publicComment: 'planned', 'coordination.0.item': '項目だけ' });
    expect(d.input('ordinanceDetail').errorMessage).toBe('「あり」の場合は内容を入力してください。');
    expect(d.input('publicCommentPeriod').errorMessage).toBe('時期を入力してください（例: 令和8年12月、R8.12）。');
    expect(d.input('coordination.0.party').errorMessage).toContain('この行に入力がある場合は必須です');
    expect(d.input('coordination.0.item').value).toBe('項目だけ');
    expect(d.input('ordinance').value).toBe('required');

    // Back keeps what was typed on this page; the first page still has its values.
    await d.press('← 戻る', { ordinanceDetail: '市情報化推進条例の改正' });
    expect(d.input('summary').value).toBe('概要だけ書いた');
    await d.press('次へ');
    expect(d.input('ordinanceDetail').value).toBe('市情報化推進条例の改正');
  });

  it('adds rows up to the limit, keeping every row typed', async () => {
    const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as());
    await d.pressConfirming('次へ', page1Fill());
    await d.press('＋ 行を追加', { 'coordination.0.party': '財務課', 'coordination.0.item': '予算' });
    expect(d.inputs().filter((i) => /^coordination\.\d+\.party$/.test(i.id))).toHaveLength(2);
    expect(d.input('coordination.0.item').value).toBe('予算');
    for (let i = 2; i < 15; i++) await d.press('＋ 行を追加');
    expect(d.inputs().filter((i) => /^coordination\.\d+\.party$/.test(i.id))).toHaveLength(15);
    expect(d.buttons().map((b) => b.title)).not.toContain('＋ 行を追加');
    expect(cardText(d.card)).toContain('行は15行までです。');
  });

  it('resumes an unfinished form when 案件申込 is used again after the dialog was closed', async () => {
    const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as());
    await d.press('次へ', { title: '途中まで書いた案件', summary: '概要' });
    // The dialog is closed (Teams sends nothing); the person opens the form again.
    const again = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as());
    expect(again.input('title').value).toBe('途中まで書いた案件');
    expect(cardText(again.card)).toContain('前回の入力途中の申込書を再開しました。');
    await again.press('白紙から作成');
    expect(again.input('title').value).toBe('');
  });

  it('keeps the last page with its errors on the final submit, and goes back to an earlier page listing its errors', async () => {
    const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as());
    await d.pressConfirming('次へ', page1Fill());
    await d.press('次へ', { ordinance: 'none', publicComment: 'none' });
    await d.press('申し込む', { 'history.0.date': 'そのうち', 'history.0.meeting': '検討会議' });
    expect(d.title).toBe('庁議 案件申込書 (3/3)');
    expect(d.input('history.0.date')).toMatchObject({ value: 'そのうち', errorMessage: expect.stringContaining('日付として読めません') });
    expect(await t.app.db.repositories.requests.listRecent(5)).toHaveLength(0);

    // The title went missing meanwhile (e.g. an older draft): the filing goes back to page 1.
    const draftId = d.buttons()[0].data.d as string;
    const draft = (await t.app.db.repositories.drafts.get(draftId))!;
    const data = draft.data as { raw: RawRequestForm; base: null };
    await t.app.db.repositories.drafts.save(draftId, { ...data, raw: { ...data.raw, title: '' } }, t.clock.now());
    await d.press('申し込む', { 'history.0.date': 'H21.4.16' });
    expect(d.title).toBe('庁議 案件申込書 (1/3)');
    expect(d.input('title').errorMessage).toBe('入力してください。');
    expect(d.errors()).toContain('・案件名: 入力してください。');
    expect(await t.app.db.repositories.requests.listRecent(5)).toHaveLength(0);
  });

  it('answers 一覧, ヘルプ and unknown text', async () => {
    await fileSeedInTeams(t);
    t.connector.reset();
    await postActivity(t.url, messageActivity('一覧', t.as()));
    const list = await t.connector.waitFor((c) => c.kind === 'reply');
    expectValidCard(list.body.attachments[0].content);
    expect(cardText(list.body.attachments[0].content)).toContain(seedTitle);
    expect(cardText(list.body.attachments[0].content)).toContain('【審議中（関係課長会議）】'); // its 関係課長会議 day has come

    await postActivity(t.url, messageActivity('help', t.as()));
    const help = await t.connector.waitFor((c) => c.kind === 'reply' && c !== list);
    expect(cardText(help.body.attachments[0].content)).toContain('庁議ボット（案件申込）の使い方');

    await postActivity(t.url, messageActivity('こんにちは', t.as()));
    await eventually(() => expect(t.connector.calls('reply')).toHaveLength(3));
    expect(cardText(t.connector.calls('reply')[2].body.attachments[0].content)).toContain('分からないメッセージでした');
  });
});
