import type { OrgConfig } from '../../src/domain/org';
import { startTestApp, type TestApp } from '../support/app';
import { assertNoUnescapedUserText, HOSTILE_USER_TEXT, type BlockJson } from '../support/blockKit';
import { eventually } from '../support/eventually';
import {
  assertAllMessagesWithinLimits,
  clickOn,
  currentMessage,
  ephemeralsTo,
  fileSeedRequest,
  openFrom,
  submitView,
  threadPosts,
  unescapeMrkdwn,
  type PostedRequest,
} from '../support/meetingDriver';
import { Workspace } from '../support/workspace';
import { paperMinutes, seedMeeting } from '../fixtures/seedMeeting';

const FILER = Workspace.userId;
const SECRETARIAT = 'U0SEC';
const STRANGER = 'U0NOBODY';
const sectionIds = [
  'kikaku-bucho',
  'kikaku-seisaku',
  'keiei-kanri',
  'koho',
  'joho-system',
  'zaimu',
  'somu',
  'joho-kokai',
  'shokuin',
  'kenko-fukushi',
  'shimin-somu',
  'shimin-kyodo',
  'kankyo-keizai',
  'toshi-kensetsu',
  'kyoiku-somu',
  'shobo-somu',
  'kikaku-sanji',
];
/** UM01 … UM17 sit for the 17 sections, in the paper's order. */
const memberOf = (section: string) => `UM${String(sectionIds.indexOf(section) + 1).padStart(2, '0')}`;
const orgOverrides: Partial<OrgConfig> = {
  secretariat: { slack: [SECRETARIAT], teams: [] },
  members: { slack: Object.fromEntries(sectionIds.map((id) => [memberOf(id), id])), teams: {} },
};

/** Which section gave each of the seed's opinions (the paper does not say; any will do). */
const seedSpeakers = ['keiei-kanri', 'shimin-kyodo', 'kankyo-keizai', 'joho-kokai', 'somu'];

const texts = (blocks: BlockJson[]) => JSON.stringify(blocks);

describe('meeting day in Slack: attendance, opinions, answers, the record', () => {
  let t: TestApp;
  let req: PostedRequest;
  beforeEach(async () => {
    // A few days before the seed's 関係課長会議 (H21.4.16).
    t = await startTestApp({ org: orgOverrides, now: '2009-04-10T01:00:00Z' });
    req = await fileSeedRequest(t);
  });
  afterEach(async () => {
    assertAllMessagesWithinLimits(t);
    await t.stop();
  });

  const message = () => currentMessage(t, req.channel, req.ts);
  const onRequest = (actionId: string, user: string) => ({ channel: req.channel, message: message(), actionId, user });

  async function addOpinion(user: string, fill: Record<string, string>) {
    const view = await openFrom(t, onRequest('opinion.add', user));
    return { view, res: await submitView(t, view, fill, user) };
  }

  async function opinionPost(seq: number) {
    const call = await t.fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === req.ts && String(c.args.text).startsWith(`○(${seq}) `));
    return { ts: call.response.ts as string, blocks: call.args.blocks as BlockJson[], thread_ts: req.ts };
  }

  async function answer(seq: number, text: string, user: string = FILER) {
    const view = await openFrom(t, { channel: req.channel, message: await opinionPost(seq), actionId: 'opinion.answer', user });
    const before = threadPosts(t, req.ts).length;
    const res = await submitView(t, view, { 'answer.text': text }, user);
    expect(res.body).toEqual({ response_action: 'clear' });
    await t.fake.waitFor('chat.postMessage', () => threadPosts(t, req.ts).length > before);
  }

  it("runs the seed's 関係課長会議 through the bot and its record comes out as on the paper", async () => {
    // The request message offers the meeting's buttons; the request's own row (編集 …) stays last.
    const first = message();
    expect(first.blocks.find((b) => b.block_id === 'meeting.actions')!.elements.map((e: BlockJson) => e.text.text)).toEqual([
      '出席登録',
      '出席',
      '意見を記入',
      '議事録',
      '結果記録',
      '会議を終了',
    ]);
    expect(first.blocks.at(-1)!.block_id).toBe('request.actions');
    expect(texts(first.blocks)).toContain('関係課長会議: 意見 0件（未回答 0件）・出席 未登録');

    // 出席登録: the secretariat sees all 17 sections in two groups (≤ 10 each), all pre-checked.
    const attendance = await openFrom(t, onRequest('meeting.attendance', SECRETARIAT));
    const groups = (attendance.blocks as BlockJson[]).filter((b) => b.element?.type === 'checkboxes');
    expect(groups.map((g) => g.element.options.length)).toEqual([10, 7]);
    expect(groups.flatMap((g) => g.element.options.map((o: BlockJson) => o.text.text))).toEqual(t.org.sections.map((s) => s.name));
    expect(groups.flatMap((g) => g.element.initial_options.map((o: BlockJson) => o.value))).toEqual(sectionIds);
    expect(await submitView(t, attendance, {}, SECRETARIAT)).toMatchObject({ body: { response_action: 'clear' } });
    await eventually(() => expect(texts(message().blocks)).toContain('出席 17/17'));

    // 意見を記入 ×5, each from a member of the section giving it (the section defaults to theirs).
    for (const [i, o] of seedMeeting.opinions.entries()) {
      const user = memberOf(seedSpeakers[i]);
      const view = await openFrom(t, onRequest('opinion.add', user));
      const section = (view.blocks as BlockJson[]).find((b) => b.block_id === 'opinion.section')!;
      expect(section.element.initial_option.value).toBe(seedSpeakers[i]);
      expect((await submitView(t, view, { 'opinion.text': o.text }, user)).body).toEqual({ response_action: 'clear' });
      const post = await opinionPost(i + 1);
      expect(post.blocks.map((b) => b.text?.text ?? '').join('')).toContain(
        `*○(${i + 1}) *${o.text}　— ${t.org.sections.find((s) => s.id === seedSpeakers[i])!.name}`,
      );
    }
    // 回答: the owning section (the filer) answers; opinion 2 twice, opinion 5 not at all.
    for (const [i, o] of seedMeeting.opinions.entries()) for (const a of o.answers) await answer(i + 1, a);
    await eventually(() => expect(texts(message().blocks)).toContain('関係課長会議: 意見 5件（未回答 1件）・出席 17/17'));
    const answers = threadPosts(t, req.ts).filter((c) => String(c.args.text).startsWith('→'));
    expect(answers.map((c) => c.args.text)).toEqual(seedMeeting.opinions.flatMap((o) => o.answers.map((a) => `→${a}`)));

    // 結果記録: the filer may not; the secretariat records 結果等 as on the paper.
    await clickOn(t, onRequest('meeting.result', FILER));
    expect(
      (await t.fake.waitFor('chat.postEphemeral', (c) => c.args.user === FILER && String(c.args.text).includes('結果を記録できる'))).args.text,
    ).toBe('結果を記録できるのは庁議事務局だけです。');
    const resultView = await openFrom(t, onRequest('meeting.result', SECRETARIAT));
    const bad = await submitView(t, resultView, { meetingLabel: seedMeeting.meetingLabel }, SECRETARIAT, { clientValidation: false });
    expect(bad.body).toEqual({ response_action: 'errors', errors: { result: '結果を選んでください。' } });
    const saved = await submitView(
      t,
      resultView,
      { result: seedMeeting.result, meetingLabel: seedMeeting.meetingLabel, followUps: seedMeeting.followUps.join('\n') },
      SECRETARIAT,
    );
    expect(saved.body).toEqual({ response_action: 'clear' });
    const note = await t.fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === req.ts && String(c.args.text).includes('結果を記録しました'));
    expect(note.args.text).toBe(`案件 H21-001 の関係課長会議の結果を記録しました: ${seedMeeting.result}。次は局経営会議です。`);
    const review = (await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!.review;
    expect(review).toMatchObject({ result: seedMeeting.result, meetingLabel: seedMeeting.meetingLabel, followUps: seedMeeting.followUps });

    // 会議を終了 closes the meeting just held (関係課長会議), although the item now stands
    // at 局経営会議; then 議事録 in the thread.
    await clickOn(t, onRequest('meeting.close', SECRETARIAT));
    const closed = await t.fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === req.ts && String(c.args.text).includes('を終了しました'));
    expect(closed.args.text).toMatch(/^案件 H21-001　関係課長会議を終了しました。/);
    expect((await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))?.review.closedAt).toBeTruthy();
    expect((await t.app.db.repositories.reviews.get(req.requestId, 'kyoku'))?.review.closedAt ?? null).toBeNull();
    const before = threadPosts(t, req.ts).length;
    await clickOn(t, onRequest('meeting.minutes', FILER));
    const minutes = await t.fake.waitFor('chat.postMessage', () => threadPosts(t, req.ts).length > before);
    expect(minutes.args.thread_ts).toBe(req.ts);
    const blocks = minutes.args.blocks as BlockJson[];
    expect(blocks[0].text.text).toBe('議事録　案件 H21-001');
    const record = blocks
      .slice(1)
      .map((b) => unescapeMrkdwn(b.text.text))
      .join('\n');
    expect(record).toBe(
      paperMinutes
        .split('\n')
        .filter((l) => l !== '')
        .join('\n'),
    );

    // Stored as on the paper too.
    const stored = (await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!;
    expect(stored.review.attendance).toEqual(sectionIds);
    expect(stored.opinions.map((o) => [o.seq, o.sectionId, o.answers.length])).toEqual([
      [1, 'keiei-kanri', 1],
      [2, 'shimin-kyodo', 2],
      [3, 'kankyo-keizai', 1],
      [4, 'joho-kokai', 1],
      [5, 'somu', 0],
    ]);
  });

  it('lets an attendee mark their own section present, and tells an unmapped person how to be mapped', async () => {
    await clickOn(t, onRequest('meeting.present', memberOf('zaimu')));
    await eventually(() =>
      expect(ephemeralsTo(t, memberOf('zaimu')).map((c) => c.args.text)).toEqual([expect.stringContaining('「財務課長」の出席を登録しました')]),
    );
    await eventually(() => expect(texts(message().blocks)).toContain('出席 1/17'));

    await clickOn(t, onRequest('meeting.present', STRANGER));
    const told = await t.fake.waitFor('chat.postEphemeral', (c) => c.args.user === STRANGER);
    expect(told.args.text).toContain(STRANGER);
    expect(told.args.text).toContain('名簿');
    expect(told.args.text).toContain('庁議事務局');
    expect((await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!.review.attendance).toEqual(['zaimu']);
  });

  it('lets only the secretariat confirm the attendance list', async () => {
    const view = await openFrom(t, onRequest('meeting.attendance', memberOf('zaimu')));
    expect(view.submit).toBeFalsy();
    expect(texts(view.blocks)).toContain('出席の確定は庁議事務局が行います');
    // A hand-made submission of the secretariat's form by someone else is refused.
    const secretariatView = await openFrom(t, onRequest('meeting.attendance', SECRETARIAT));
    const res = await submitView(t, secretariatView, {}, memberOf('zaimu'));
    expect(res.body.response_action).toBe('update');
    expect(texts(res.body.view.blocks)).toContain('庁議事務局だけです');
    expect(await t.app.db.repositories.reviews.get(req.requestId, 'kacho')).toBeNull();
  });

  it('refuses answers from anyone but the owning section (the filer) and the secretariat', async () => {
    await addOpinion(memberOf('zaimu'), { 'opinion.text': '財源は？' });
    const post = await opinionPost(1);
    await clickOn(t, { channel: req.channel, message: post, actionId: 'opinion.answer', user: memberOf('somu') });
    const told = await t.fake.waitFor('chat.postEphemeral', (c) => c.args.user === memberOf('somu'));
    expect(told.args.text).toBe('回答（とその訂正）ができるのは、所管課（申込者）と庁議事務局だけです。');
    await answer(1, '事務局から回答します。', SECRETARIAT);
    expect((await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!.opinions[0].answers.map((a) => a.text)).toEqual([
      '事務局から回答します。',
    ]);
  });

  it('shows inline errors for an empty or oversized opinion and stores nothing', async () => {
    const { view, res } = await addOpinion(memberOf('zaimu'), { 'opinion.text': '   ' });
    expect(res.body).toEqual({ response_action: 'errors', errors: { 'opinion.text': '入力してください。' } });
    const long = await submitView(t, view, { 'opinion.text': 'あ'.repeat(2001) }, memberOf('zaimu'), { clientValidation: false });
    expect(long.body).toEqual({
      response_action: 'errors',
      errors: { 'opinion.text': '2000文字以内で入力してください（長い場合は分けて記入してください）。' },
    });
    const tags = await submitView(t, view, { 'opinion.text': 'ok', 'opinion.tags': 'a,b,c,d,e,f' }, memberOf('zaimu'));
    expect(tags.body).toEqual({ response_action: 'errors', errors: { 'opinion.tags': 'タグは5個までです。' } });
    const ok = await submitView(t, view, { 'opinion.text': 'あ'.repeat(2000) }, memberOf('zaimu'));
    expect(ok.body).toEqual({ response_action: 'clear' });
    await opinionPost(1);
    expect((await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!.opinions.map((o) => o.text.length)).toEqual([2000]);
  });

  it('numbers 30 opinions submitted at the same moment 1..30 and loses none', async () => {
    const users = Array.from({ length: 30 }, (_, i) => memberOf(sectionIds[i % 17]));
    const views = await Promise.all(users.map((u) => openFrom(t, onRequest('opinion.add', u))));
    const results = await Promise.all(views.map((v, i) => submitView(t, v, { 'opinion.text': `同時の意見 ${i}` }, users[i])));
    expect(results.every((r) => r.body?.response_action === 'clear')).toBe(true);
    const stored = (await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!;
    expect(stored.opinions.map((o) => o.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(stored.opinions.map((o) => o.text)).size).toBe(30);
    await eventually(() => expect(threadPosts(t, req.ts).filter((c) => String(c.args.text).startsWith('○('))).toHaveLength(30));
    await eventually(() => expect(texts(message().blocks)).toContain('意見 30件（未回答 30件）'));
    // The summary refreshes collapse: far fewer chat.update calls than opinions.
    expect(t.fake.calls('chat.update').length).toBeLessThan(30);
  });

  it('refuses a modal opened before the meeting was closed and gives the typed text back', async () => {
    const view = await openFrom(t, onRequest('opinion.add', memberOf('zaimu')));
    await clickOn(t, onRequest('meeting.close', SECRETARIAT));
    await eventually(async () => expect((await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))?.review.closedAt).toBeTruthy());
    const typed = '終了間際に書いた長い意見です。\n二行目 <@U123> & more';
    const res = await submitView(t, view, { 'opinion.text': typed }, memberOf('zaimu'));
    expect(res.body.response_action).toBe('update');
    expect(res.body.view.title.text).toBe('会議は終了しています');
    const back = await t.fake.waitFor('chat.postEphemeral', (c) => c.args.user === memberOf('zaimu'));
    expect(back.args.text).toContain('庁議事務局が終了しました');
    const quoted = (back.args.blocks as BlockJson[])
      .slice(1)
      .map((b) => b.text.text)
      .join('');
    expect(quoted).toBe('>終了間際に書いた長い意見です。\n>二行目 &lt;@U123&gt; &amp; more');
    assertNoUnescapedUserText(back.args);
    expect((await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!.opinions).toEqual([]);
    // A new modal is refused at once; the secretariat may still add.
    await clickOn(t, onRequest('opinion.add', memberOf('somu')));
    expect((await t.fake.waitFor('chat.postEphemeral', (c) => c.args.user === memberOf('somu'))).args.text).toContain('庁議事務局が終了しました');
    const late = await addOpinion(SECRETARIAT, { 'opinion.text': '事務局が追記', 'opinion.section': 'kikaku-seisaku' });
    expect(late.res.body).toEqual({ response_action: 'clear' });
  });

  it('lets the author correct or withdraw until closed; afterwards only the secretariat, with history', async () => {
    const author = memberOf('zaimu');
    await addOpinion(author, { 'opinion.text': '最初の文' });
    const post = await opinionPost(1);
    // Someone else cannot correct it.
    await clickOn(t, { channel: req.channel, message: post, actionId: 'opinion.correct', user: memberOf('somu') });
    expect((await t.fake.waitFor('chat.postEphemeral', (c) => c.args.user === memberOf('somu'))).args.text).toContain('記入した本人と庁議事務局だけ');
    // The author corrects it: the form opens with the text, the thread gets the new version.
    const view = await openFrom(t, { channel: req.channel, message: post, actionId: 'opinion.correct', user: author });
    expect((view.blocks as BlockJson[]).find((b) => b.block_id === 'opinion.text')!.element.initial_value).toBe('最初の文');
    expect((await submitView(t, view, { 'opinion.text': '訂正した文' }, author)).body).toEqual({ response_action: 'clear' });
    const corrected = await t.fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === req.ts && String(c.args.text).includes('訂正した文'));
    expect(corrected.args.text).toContain('意見(1)が訂正されました');
    // Closed: the author may no longer withdraw; the secretariat may.
    await clickOn(t, onRequest('meeting.close', SECRETARIAT));
    await eventually(async () => expect((await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))?.review.closedAt).toBeTruthy());
    await clickOn(t, { channel: req.channel, message: post, actionId: 'opinion.withdraw', user: author });
    await eventually(() => expect(ephemeralsTo(t, author).some((c) => String(c.args.text).includes('庁議事務局が終了しました'))).toBe(true));
    await clickOn(t, { channel: req.channel, message: post, actionId: 'opinion.withdraw', user: SECRETARIAT });
    await eventually(async () =>
      expect(
        (await t.app.db.repositories.reviews.getOpinion((await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!.opinions[0].id))!.status,
      ).toBe('withdrawn'),
    );
    const history = await t.app.db.repositories.requests.history(req.requestId);
    expect(history.slice(1).map((h) => [h.actor.userId, h.changes[0].field, h.changes[0].new as { text: string; status: string }])).toEqual([
      [
        author,
        'opinion.kacho.1',
        { text: '訂正した文', sectionId: 'zaimu', tags: [], status: 'active', author: { platform: 'slack', userId: author } },
      ],
      // Withdrawn by the secretariat: the entry still says who wrote it.
      [
        SECRETARIAT,
        'opinion.kacho.1',
        { text: '訂正した文', sectionId: 'zaimu', tags: [], status: 'withdrawn', author: { platform: 'slack', userId: author } },
      ],
    ]);
    expect(history[1].changes[0].old).toMatchObject({ text: '最初の文' });
  });

  it('lets only the secretariat close the meeting', async () => {
    await clickOn(t, onRequest('meeting.close', FILER));
    expect((await t.fake.waitFor('chat.postEphemeral', (c) => c.args.user === FILER)).args.text).toBe('会議を終了できるのは庁議事務局だけです。');
    expect(await t.app.db.repositories.reviews.get(req.requestId, 'kacho')).toBeNull();
  });

  it('escapes what people type everywhere it is shown', async () => {
    const hostile = HOSTILE_USER_TEXT.join(' ');
    await addOpinion(memberOf('zaimu'), { 'opinion.text': hostile, 'opinion.tags': '<!here>, <@U1>' });
    await answer(1, hostile);
    await clickOn(t, onRequest('meeting.minutes', FILER));
    await t.fake.waitFor('chat.postMessage', (c) => String(c.args.text).startsWith('議事録'));
    for (const c of [...t.fake.calls('chat.postMessage'), ...t.fake.calls('chat.update')]) assertNoUnescapedUserText(c.args);
  });
});
