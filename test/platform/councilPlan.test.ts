import { confirmHint } from '../../src/domain/text.ja';
import { seedCouncilOrg } from '../fixtures/council';
import { seedRaw } from '../fixtures/seedRaw';
import { startTestApp, type TestApp } from '../support/app';
import { ModalDriver } from '../support/modal';
import { eventually } from '../support/eventually';
import { blockActions, send } from '../support/slackRequests';
import { Workspace } from '../support/workspace';
import { cardText, elements, expectValidCard } from '../support/teamsCards';
import type { BlockJson } from '../support/blockKit';
import { TeamsDialog } from '../support/teamsDialog';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';

/** Monday 2026-10-26, 10:00 in Tokyo: late October, four days after the last 政策会議 in time for 12月定例会. */
const LATE_OCTOBER = '2026-10-26T01:00:00Z';
const council = seedCouncilOrg().council!;

const NEXT = '間に合う次の定例会: 令和9年第1回定例会（2月）（パブリックコメントを令和8年11月25日(水)までに開始、議案提出期限 令和9年2月1日(月)）。';
const SESSION_WARNING =
  '令和8年第4回定例会（12月）に間に合う最後の政策会議（令和8年10月22日(木)）を過ぎています（議案提出期限 令和8年11月16日(月)）。' + NEXT;
const PC_WARNING =
  'パブリックコメント（30日以上）を令和8年第4回定例会（12月）の議案提出期限（令和8年11月16日(月)）に間に合わせるには、令和8年9月8日(火)までに開始する必要があります' +
  '（結果を政策会議（令和8年10月22日(木)）に諮るため令和8年10月7日(水)までに終了）。その日はすでに過ぎています。' +
  NEXT;

const basics = () => {
  const raw = seedRaw();
  return { filedOn: '令和8年10月26日', title: '(仮称)情報マネジメント推進計画の策定', owner: raw.owner, summary: raw.summary };
};
const schedule = { ordinance: 'none', councilSession: '12月定例会', publicComment: 'planned', publicCommentPeriod: '令和8年11月' };

describe('逆算 from the council session in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: LATE_OCTOBER, org: { council } });
  });
  afterEach(async () => t.stop());

  it('tells an item aimed at the 12月定例会 in late October that it no longer fits, on the fields concerned; a second submit confirms, and the history keeps it', async () => {
    const m = await ModalDriver.open(t);
    await m.submit(basics());
    const first = await m.submit(schedule);
    expect(first.body).toEqual({
      response_action: 'errors',
      errors: { councilSession: SESSION_WARNING + confirmHint, publicCommentPeriod: PC_WARNING + confirmHint },
    });
    // Nothing typed was lost, and the same values again go ahead.
    const second = await m.submit(schedule);
    expect(second.body).toMatchObject({ response_action: 'update' });
    expect(m.title()).toBe('庁議 案件申込書 (3/3)');
    await m.submit({});
    const post = await t.fake.waitFor('chat.postMessage', () => t.fake.calls('chat.postMessage').length > 0);
    const chain = (post.args.blocks as BlockJson[]).find((b) => b.type === 'section' && String(b.text?.text).startsWith('*逆算日程'));
    expect(chain?.text.text).toBe(
      [
        '*逆算日程（令和8年第4回定例会（12月））*',
        'パブリックコメント開始　令和8年9月8日(火)',
        'パブリックコメント終了　令和8年10月7日(水)',
        '政策会議（最終）　令和8年10月22日(木)',
        '議案提出期限　令和8年11月16日(月)',
        '開会日　令和8年12月1日(火)',
      ].join('\n'),
    );
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    expect(request.form.councilSession).toBe('12月定例会');
    const [created] = await t.app.db.repositories.requests.history(request.id);
    expect(created.kind).toBe('created');
    expect(created.changes).toEqual([
      { field: 'confirmedWarnings', old: null, new: [`議会上程時期: ${SESSION_WARNING}`, `パブリックコメントの時期: ${PC_WARNING}`] },
    ]);
  });

  it('a changed plan is checked again: the next session that still fits goes ahead without a warning', async () => {
    const m = await ModalDriver.open(t);
    await m.submit(basics());
    expect((await m.submit(schedule)).body.response_action).toBe('errors');
    const fixed = await m.submit({ ...schedule, councilSession: '令和9年第1回定例会', publicCommentPeriod: 'R8.11.16~R8.12.22' });
    expect(fixed.body).toMatchObject({ response_action: 'update' });
    await m.submit({});
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    expect((await t.app.db.repositories.requests.history(request.id))[0].changes).toEqual([]);
  });

  it('a late 審議希望日 of the deciding tier is warned on 議会上程時期, where the session was chosen', async () => {
    const m = await ModalDriver.open(t);
    // 1/28 is a regular 政策会議, but the February session needs the one of 1/14.
    expect((await m.submit({ ...basics(), 'desiredDates.seisaku': 'R9.1.28' })).body).toMatchObject({ response_action: 'update' });
    const res = await m.submit({ ordinance: 'none', councilSession: '令和9年第1回定例会', publicComment: 'none' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        councilSession:
          '審議希望日（政策会議 令和9年1月28日(木)）が令和9年第1回定例会（2月）に間に合う最後の政策会議（令和9年1月14日(木)）より後です（議案提出期限 令和9年2月1日(月)）。' +
          confirmHint,
      },
    });
    // Back on the first page, the same warning sits on the 審議希望日 itself.
    await m.click('request.page.back', { ordinance: 'none', councilSession: '令和9年第1回定例会', publicComment: 'none' });
    const again = await m.submit({ 'desiredDates.seisaku': 'R9.1.28' });
    expect(again.body.errors).toEqual({ 'desiredDates.seisaku': expect.stringMatching(/^審議希望日（政策会議 令和9年1月28日\(木\)）/) });
  });
});

describe('逆算 from the council session in Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({ now: LATE_OCTOBER, org: { council } });
  });
  afterEach(async () => t.stop());

  it('shows the same warnings in the dialog; pressing again confirms and files', async () => {
    const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as());
    await d.press('次へ', basics());
    expect(d.title).toBe('庁議 案件申込書 (2/3)');
    await d.press('次へ', schedule);
    expect(d.title).toBe('庁議 案件申込書 (2/3)');
    const text = cardText(d.card);
    expect(text).toContain(SESSION_WARNING + confirmHint);
    expect(text).toContain(PC_WARNING + confirmHint);
    expect(d.input('councilSession').value).toBe('12月定例会');
    expect(text).toContain('逆算日程（令和8年第4回定例会（12月））: パブリックコメント開始 令和8年9月8日(火)、');
    await d.press('次へ');
    expect(d.title).toBe('庁議 案件申込書 (3/3)');
    const done = await d.press('申し込む');
    expect(done.message).not.toBeNull();
    const posted = await t.connector.waitFor(
      (c) => (c.kind === 'send' || c.kind === 'reply') && cardText(c.body.attachments?.[0]?.content ?? {}).includes('逆算日程'),
    );
    const card = posted.body.attachments[0].content;
    expectValidCard(card);
    const facts = elements(card)
      .filter((e) => e.type === 'FactSet')
      .flatMap((f) => f.facts.map((x: { title: string; value: string }) => `${x.title} ${x.value}`));
    expect(facts).toEqual(
      expect.arrayContaining([
        'パブリックコメント開始 令和8年9月8日(火)',
        'パブリックコメント終了 令和8年10月7日(水)',
        '政策会議（最終） 令和8年10月22日(木)',
        '議案提出期限 令和8年11月16日(月)',
        '開会日 令和8年12月1日(火)',
      ]),
    );
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    const [created] = await t.app.db.repositories.requests.history(request.id);
    expect(created.changes[0]).toMatchObject({ field: 'confirmedWarnings' });
  });
});

describe('reminders of the derived dates in Slack (controllable clock)', () => {
  let t: TestApp;
  beforeEach(async () => {
    // Monday 2026-08-03, 10:00 in Tokyo: everything still fits the 12月定例会.
    t = await startTestApp({ now: '2026-08-03T01:00:00Z', env: { SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0' }, org: { council } });
  });
  afterEach(async () => t.stop());

  it('posts the パブリックコメント latest start 14 days ahead, and the 議案提出期限 later, each once', async () => {
    const m = await ModalDriver.open(t);
    await m.submit(basics());
    expect(
      (await m.submit({ ordinance: 'none', councilSession: '12月定例会', publicComment: 'planned', publicCommentPeriod: '令和8年9月' })).body,
    ).toMatchObject({
      response_action: 'update',
    });
    await m.submit({});
    await t.fake.waitFor('chat.postMessage', () => t.fake.calls('chat.postMessage').length > 0);
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    await eventually(async () =>
      expect((await t.app.db.repositories.reminders.listFor(request.id)).some((r) => r.deadline === 'councilPlan:billDeadline')).toBe(true),
    );
    const reminderPosts = () => t.fake.calls('chat.postMessage').filter((c) => c.args.metadata?.event_type === 'chogi_reminder');

    expect((await t.app.reminders.dispatchDue()).posted).toBe(0);
    t.clock.set('2026-08-25T00:00:00Z'); // 09:00 in Tokyo, 14 days before 9/8
    await t.app.reminders.dispatchDue();
    const start = reminderPosts()
      .map((c) => JSON.stringify(c.args.blocks))
      .find((s) => s.includes('パブリックコメントの開始'));
    expect(start).toContain('パブリックコメントの開始（令和8年第4回定例会（12月）に間に合う最終日）');
    expect(start).toContain('令和8年9月8日（火）');
    expect(start).toContain('あと10営業日');
    expect((await t.app.reminders.dispatchDue()).posted).toBe(0);

    t.clock.set('2026-11-13T00:00:00Z'); // Friday, the business day before 11/15 (1 day before 11/16)
    await t.app.reminders.dispatchDue();
    const bill = reminderPosts()
      .map((c) => JSON.stringify(c.args.blocks))
      .filter((s) => s.includes('議案提出期限（令和8年第4回定例会（12月））'));
    expect(bill).toHaveLength(1);
    expect(bill[0]).toContain('令和8年11月16日（月）');
    expect([...t.fake.remindersPosted().values()].every((n) => n === 1)).toBe(true);
  });
});

describe('逆算 on change (Slack edit)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: '2026-08-03T01:00:00Z', org: { council } });
  });
  afterEach(async () => t.stop());

  async function fileWorkable() {
    const m = await ModalDriver.open(t);
    await m.submit(basics());
    expect(
      (await m.submit({ ordinance: 'none', councilSession: '12月定例会', publicComment: 'planned', publicCommentPeriod: '令和8年9月' })).body
        .response_action,
    ).toBe('update');
    await m.submit({});
    const post = await t.fake.waitFor('chat.postMessage', () => t.fake.calls('chat.postMessage').length > 0);
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    return { request, ts: post.response.ts as string, blocks: post.args.blocks as BlockJson[] };
  }
  async function openEdit(filed: { ts: string; blocks: BlockJson[] }) {
    const before = t.fake.calls('views.open').length;
    await send(
      t.url,
      blockActions({
        actions: [{ action_id: 'request.edit' }],
        message: { ts: filed.ts, blocks: filed.blocks },
        channel: Workspace.channelId,
        user: Workspace.userId,
      }),
    );
    const open = await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
    return new ModalDriver(t, t.fake.view(open.response.view.id)!);
  }

  it('an edit that leaves the plan as filed is not warned again, even once it no longer fits; a changed 時期 is checked', async () => {
    const filed = await fileWorkable();
    t.clock.set(LATE_OCTOBER);

    let m = await openEdit(filed);
    await m.submit({});
    // The schedule page shows the chain under 議会上程時期.
    const session = (m.view.blocks as BlockJson[]).find((b) => b.block_id === 'councilSession')!;
    expect(session.hint.text).toBe(
      '逆算日程（令和8年第4回定例会（12月））: パブリックコメント開始 令和8年9月8日(火)、パブリックコメント終了 令和8年10月7日(水)、' +
        '政策会議（最終） 令和8年10月22日(木)、議案提出期限 令和8年11月16日(月)、開会日 令和8年12月1日(火)',
    );
    expect((await m.submit({})).body.response_action).toBe('update');
    expect((await m.submit({ remarks: '資料は当日配布' })).body).toEqual({ response_action: 'clear' });

    m = await openEdit(filed);
    await m.submit({});
    const res = await m.submit({ publicCommentPeriod: '令和8年11月' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { councilSession: SESSION_WARNING + confirmHint, publicCommentPeriod: PC_WARNING + confirmHint },
    });
    await m.submit({ publicCommentPeriod: '令和8年11月' });
    expect((await m.submit({})).body).toEqual({ response_action: 'clear' });
    const history = await t.app.db.repositories.requests.history(filed.request.id);
    expect(history.map((h) => h.changes.map((c) => c.field))).toEqual([[], ['remarks'], ['publicComment', 'confirmedWarnings']]);
  });
});
