import { startTestApp, type TestApp } from '../support/app';
import { assertModalWithinLimits, type BlockJson } from '../support/blockKit';
import { eventually } from '../support/eventually';
import { clickOn, currentMessage, ephemeralsTo, fileSeedRequest, submitView } from '../support/meetingDriver';
import { blockActions, eventCallback, send, slashCommand } from '../support/slackRequests';

const GROUP = 'S0CHOGISEC';
const SEC = 'U0GROUPSEC'; // in the user group, not in the org file
const LISTED = 'U0LISTEDSEC'; // in the org file's secretariat list
const NEWCOMER = 'U0NEWCHIEF';
const FILER = 'U0001';

async function openRoster(t: TestApp, user: string): Promise<BlockJson> {
  const cmd = slashCommand({ user_id: user, text: '名簿' });
  const trigger = new URLSearchParams(cmd.body).get('trigger_id');
  await send(t.url, cmd);
  const call = await t.fake.waitFor('views.open', (c) => c.args.trigger_id === trigger);
  expect(call.response.ok).toBe(true);
  const view = t.fake.view(call.response.view.id)!;
  assertModalWithinLimits(view);
  return view;
}

async function refusedRoster(t: TestApp, user: string): Promise<string> {
  const before = t.fake.calls('response_url').length;
  await send(t.url, slashCommand({ user_id: user, text: '名簿' }));
  const answer = await t.fake.waitFor('response_url', () => t.fake.calls('response_url').length > before);
  return String(t.fake.calls('response_url')[before].args.text ?? answer.args.text);
}

describe('出席者名簿 in Slack: the secretariat from a user group assigns people per section', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({
      now: '2009-04-10T01:00:00Z',
      org: { secretariat: { slack: [LISTED], teams: [], slackUsergroup: GROUP }, members: { slack: { U0OLDCHIEF: 'zaimu' }, teams: {} } },
    });
    t.fake.setUsergroup(GROUP, { users: [SEC] });
  });
  afterEach(() => t.stop());

  it('applies a roster edit at once: the newly assigned person marks 出席 for the section; the history says who and when', async () => {
    const view = await openRoster(t, SEC);
    expect(view.title.text).toBe('出席者名簿');
    // The org file's members were imported as the first roster.
    const zaimu = view.blocks.find((b: BlockJson) => b.block_id === 'roster.zaimu');
    expect(zaimu.label.text).toBe('財務課長');
    expect(zaimu.element).toMatchObject({ type: 'multi_users_select', initial_users: ['U0OLDCHIEF'] });
    expect(view.blocks.filter((b: BlockJson) => b.element?.type === 'multi_users_select')).toHaveLength(17);
    expect(t.fake.calls('usergroups.users.list')[0].args.usergroup).toBe(GROUP);

    // 人事異動: the old chief leaves 財務課, a newcomer takes it.
    const res = await submitView(t, view, { 'roster.zaimu': [NEWCOMER] }, SEC);
    expect(res.body.response_action).toBe('update');
    const notice = JSON.stringify(res.body.view.blocks);
    expect(notice).toContain(`追加: <@${NEWCOMER}>（財務課長）`);
    expect(notice).toContain('外した: <@U0OLDCHIEF>（財務課長）');

    const roster = t.app.db.repositories.roster;
    expect(await roster.sectionOf('slack', NEWCOMER)).toBe('zaimu');
    expect(await roster.sectionOf('slack', 'U0OLDCHIEF')).toBeNull();
    const history = await roster.history(10);
    expect(history.find((h) => h.userId === 'U0OLDCHIEF')).toMatchObject({
      assignedBy: 'org-file',
      removedBy: `slack:${SEC}`,
      removedAt: t.clock.now(),
    });
    expect(history.find((h) => h.userId === NEWCOMER)).toMatchObject({ assignedBy: `slack:${SEC}`, assignedAt: t.clock.now(), removedAt: null });

    // No restart: the newcomer marks 財務課長 present on a request; the old chief no longer can.
    const req = await fileSeedRequest(t, FILER);
    const message = () => currentMessage(t, req.channel, req.ts);
    await clickOn(t, { channel: req.channel, message: message(), actionId: 'meeting.present', user: NEWCOMER });
    await eventually(() =>
      expect(ephemeralsTo(t, NEWCOMER).map((c) => c.args.text)).toEqual([expect.stringContaining('「財務課長」の出席を登録しました')]),
    );
    await clickOn(t, { channel: req.channel, message: message(), actionId: 'meeting.present', user: 'U0OLDCHIEF' });
    const told = await t.fake.waitFor('chat.postEphemeral', (c) => c.args.user === 'U0OLDCHIEF');
    expect(told.args.text).toContain('名簿');

    // Moved on: the newcomer goes to 総務課; what was recorded for 財務課長 stays.
    const again = await openRoster(t, SEC);
    const moved = await submitView(t, again, { 'roster.zaimu': [], 'roster.somu': [NEWCOMER] }, SEC);
    expect(JSON.stringify(moved.body.view.blocks)).toContain(`追加: <@${NEWCOMER}>（総務課長）`);
    expect(await roster.sectionOf('slack', NEWCOMER)).toBe('somu');
    expect((await t.app.db.repositories.reviews.get(req.requestId, 'kacho'))!.review.attendance).toEqual(['zaimu']);
  });

  it('refuses a person in two sections and bots, changing nothing; only the secretariat may open it', async () => {
    t.fake.setUser('U0BOTLIKE', { is_bot: true });
    const view = await openRoster(t, LISTED);
    const twice = await submitView(t, view, { 'roster.zaimu': [NEWCOMER], 'roster.somu': [NEWCOMER] }, LISTED);
    expect(twice.body.response_action).toBe('errors');
    expect(twice.body.errors['roster.zaimu']).toContain('「総務課長」にも入っています');
    expect(twice.body.errors['roster.somu']).toContain('「財務課長」にも入っています');
    const bot = await submitView(t, view, { 'roster.koho': ['U0BOTLIKE'] }, LISTED);
    expect(bot.body.response_action).toBe('errors');
    expect(bot.body.errors['roster.koho']).toContain('ボット');
    expect((await t.app.db.repositories.roster.current('slack')).map((e) => [e.userId, e.sectionId])).toEqual([['U0OLDCHIEF', 'zaimu']]);

    expect(await refusedRoster(t, FILER)).toContain('庁議事務局だけです');
    // A hand-made submission by someone who is not the secretariat changes nothing.
    const forged = await submitView(t, view, { 'roster.koho': [FILER] }, FILER);
    expect(JSON.stringify(forged.body.view.blocks)).toContain('庁議事務局だけです');
    expect(await t.app.db.repositories.roster.sectionOf('slack', FILER)).toBeNull();
  });

  it('opens from the home tab, and pages a roster of more than 20 sections, saving each page', async () => {
    await t.stop();
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `sec${i + 1}`, name: `第${i + 1}課長` }));
    t = await startTestApp({
      now: '2009-04-10T01:00:00Z',
      org: { sections: many, secretariat: { slack: [LISTED], teams: [] }, members: { slack: {}, teams: {} } },
    });
    await send(t.url, eventCallback({ type: 'app_home_opened', user: LISTED, channel: 'D0LISTEDSEC', tab: 'home' }));
    const published = await t.fake.waitFor('views.publish', (c) => c.args.user_id === LISTED);
    const home = t.fake.view(published.response.view.id)!;
    const trigger = 'home-roster.1';
    await send(
      t.url,
      blockActions({ view: home, user: LISTED, trigger_id: trigger, actions: [{ action_id: 'home.roster', block_id: 'home.actions' }] }),
    );
    const opened = await t.fake.waitFor('views.open', (c) => c.args.trigger_id === trigger);
    const page1 = t.fake.view(opened.response.view.id)!;
    assertModalWithinLimits(page1);
    expect(page1.blocks.filter((b: BlockJson) => b.element?.type === 'multi_users_select')).toHaveLength(20);
    expect(page1.submit.text).toBe('保存して次へ');
    const next = await submitView(t, page1, { 'roster.sec1': ['U0P1'] }, LISTED);
    expect(next.body.response_action).toBe('update');
    const page2 = next.body.view;
    assertModalWithinLimits(page2);
    expect(page2.blocks.filter((b: BlockJson) => b.element?.type === 'multi_users_select').map((b: BlockJson) => b.block_id)).toEqual([
      'roster.sec21',
      'roster.sec22',
      'roster.sec23',
      'roster.sec24',
      'roster.sec25',
    ]);
    expect(JSON.stringify(page2.blocks)).toContain('前のページを保存しました（追加 1人・外した人 0人）');
    expect(page2.submit.text).toBe('保存');
    const done = await submitView(t, { ...page2, id: page1.id, hash: page1.hash }, { 'roster.sec25': ['U0P25'] }, LISTED);
    expect(JSON.stringify(done.body.view.blocks)).toContain('追加: <@U0P25>（第25課長）');
    expect((await t.app.db.repositories.roster.current('slack')).map((e) => [e.userId, e.sectionId])).toEqual([
      ['U0P1', 'sec1'],
      ['U0P25', 'sec25'],
    ]);
  });

  it("fails closed when the user group cannot be read: only the org file's list is the secretariat then", async () => {
    t.fake.setUsergroup(GROUP, { users: [SEC], disabled: true });
    expect(await refusedRoster(t, SEC)).toContain('ユーザーグループを読み取れなかった');
    // The bootstrap list still works (the city can repair the group from the app), and is told why only it counts.
    expect(JSON.stringify((await openRoster(t, LISTED)).blocks)).toContain('庁議事務局のユーザーグループを読み取れません');

    // Slack's answer is not kept when it failed: once readable again, the group counts.
    t.fake.setUsergroup(GROUP, { users: [SEC] });
    expect(JSON.stringify((await openRoster(t, SEC)).blocks)).not.toContain('読み取れません');
    // An install without usergroups:read is refused by Slack; the answer is kept a few minutes.
    t.fake.withoutScope('usergroups:read');
    await openRoster(t, SEC);
    t.clock.advance(6 * 60_000);
    expect(await refusedRoster(t, SEC)).toContain('usergroups:read');
  });
});
