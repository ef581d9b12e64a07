import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlockJson } from '../support/blockKit';
import { assertHomeWithinLimits, assertModalWithinLimits } from '../support/blockKit';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { clickOn, currentMessage, fileSeedRequest, submitView, threadPosts, type PostedRequest } from '../support/meetingDriver';
import { blockActions, eventCallback, send } from '../support/slackRequests';
import { seedForm } from '../fixtures/seedForm';
import type { FakeCall } from '../support/fakeSlack';

const FILER = 'U0001';
const SEC = 'U0SEC';
const OTHER = 'U0OTHER';
const MEMBER = 'U0ZAIMU';

const text = (blocks: BlockJson[]) => JSON.stringify(blocks);
const publishesTo = (t: TestApp, user: string): FakeCall[] => t.fake.calls('views.publish').filter((c) => c.args.user_id === user);

async function openHome(t: TestApp, user: string): Promise<BlockJson> {
  const before = publishesTo(t, user).length;
  const res = await send(
    t.url,
    eventCallback({ type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home', event_ts: '1700000000.000100' }),
  );
  expect(res.status).toBe(200);
  const call = await t.fake.waitFor('views.publish', () => publishesTo(t, user).length > before);
  const published = publishesTo(t, user)[before];
  if (!published.response.ok) throw new Error(JSON.stringify(published.response));
  assertHomeWithinLimits(published.args.view);
  void call;
  return t.fake.view(published.response.view.id)!;
}

describe("the home tab in Slack: each person's desk", () => {
  let t: TestApp;
  let req: PostedRequest;
  beforeEach(async () => {
    t = await startTestApp({
      now: '2009-04-10T01:00:00Z',
      org: { secretariat: { slack: [SEC], teams: [] }, members: { slack: { [MEMBER]: 'zaimu' }, teams: {} } },
    });
    req = await fileSeedRequest(t, FILER);
  });
  afterEach(() => t.stop());

  it("shows the filer what they owe and when, their request's tier and next meeting, and the coming meetings", async () => {
    const home = await openHome(t, FILER);
    const all = text(home.blocks);
    expect(home.blocks[0]).toMatchObject({ type: 'header', text: { text: '庁議ボット' } });
    expect(all).toContain('本日 平成21年4月10日（金）');
    // 期限が近いもの: the 関係課長会議's materials (3 business days before H21.4.16) first, with the reminder's own buttons.
    const firstDeadline = home.blocks.find((b: BlockJson) => b.type === 'section' && String(b.text.text).includes('資料提出期限'));
    expect(firstDeadline.text.text).toContain('関係課長会議の資料提出期限（3営業日前）*：平成21年4月13日（月）');
    expect(firstDeadline.text.text).toContain('（あと1営業日）');
    const buttons = home.blocks.filter((b: BlockJson) => b.type === 'actions' && String(b.block_id).startsWith('home.reminder.'));
    expect(buttons.length).toBeGreaterThan(1);
    expect(buttons[0].elements.map((e: BlockJson) => e.action_id)).toEqual(['reminder.done.0', 'reminder.snooze.0']);
    // あなたの申込: case number, title (linked to its post), status, current tier and its date.
    const [stored] = await t.app.db.repositories.requests.listRecent(1);
    expect(all).toContain(`*${stored.caseNo}*`);
    expect(all).toContain('申込中・関係課長会議 平成21年4月16日');
    expect(all).toContain(currentMessage(t, req.channel, req.ts).ts.replace('.', ''));
    // 今後の庁議: meetings of the next four weeks with their item counts; no secretariat part.
    expect(all).toContain('関係課長会議　案件 1件');
    expect(all).toContain('局経営会議　案件 0件');
    expect(all).not.toContain('庁議事務局');
    expect(home.blocks.find((b: BlockJson) => b.block_id === 'home.actions').elements.map((e: BlockJson) => e.text.text)).toEqual(['新規申込']);

    // Someone who may not see the request (not in its channel, another 所管) sees neither it nor its deadlines, and counts without it.
    t.fake.setChannel(req.channel, { members: [FILER, SEC, MEMBER] });
    const other = text((await openHome(t, OTHER)).blocks);
    expect(other).not.toContain(stored.caseNo);
    expect(other).toContain('関係課長会議　案件 0件');
  });

  it("gives the secretariat the next meetings' items, unanswered opinions, meetings without a record, overdue deadlines", async () => {
    // An opinion at the 関係課長会議, not answered yet.
    const { trigger } = await clickOn(t, {
      channel: req.channel,
      message: currentMessage(t, req.channel, req.ts),
      actionId: 'opinion.add',
      user: MEMBER,
    });
    const view = t.fake.view((await t.fake.waitFor('views.open', (c) => c.args.trigger_id === trigger)).response.view.id)!;
    expect((await submitView(t, view, { 'opinion.text': '成果指標を明確にすること', 'opinion.section': 'zaimu' }, MEMBER)).body).toEqual({
      response_action: 'clear',
    });
    await t.fake.waitFor('chat.postMessage', () => threadPosts(t, req.ts).length > 0);

    const filer = text((await openHome(t, FILER)).blocks);
    expect(filer).toContain('回答待ちの意見 1件');

    const home = await openHome(t, SEC);
    const all = text(home.blocks);
    expect(home.blocks.find((b: BlockJson) => b.block_id === 'home.actions').elements.map((e: BlockJson) => e.text.text)).toEqual([
      '新規申込',
      '名簿',
    ]);
    expect(all).toContain('次の会議と案件');
    expect(all).toContain('*平成21年4月16日（木）　関係課長会議*（案件 1件）');
    expect(all).toContain('関係課長会議 ○(1) 成果指標を明確にすること');
    expect(all).toContain('出席・結果が未記録の会議*（0件）');

    // Two weeks later the meeting was held with nothing recorded, and its materials deadline passed unsettled.
    t.clock.advance(14 * 86_400_000);
    const later = text((await openHome(t, SEC)).blocks);
    expect(later).toContain('平成21年4月16日（木）　関係課長会議');
    expect(later).toContain('— 出席未登録・結果未記録');
    expect(later).toMatch(/期限を過ぎたもの\*（[1-9]/);
    expect(later).toContain('（期限を');
  });

  it('re-publishes on a change for exactly the people concerned, and settles a deadline from the home', async () => {
    await openHome(t, FILER);
    await openHome(t, SEC);
    await openHome(t, OTHER);
    const count = () => [FILER, SEC, OTHER].map((u) => publishesTo(t, u).length);
    const before = count();
    await clickOn(t, { channel: req.channel, message: currentMessage(t, req.channel, req.ts), actionId: 'meeting.present', user: MEMBER });
    await eventually(() => expect(count().slice(0, 2)).toEqual([before[0] + 1, before[1] + 1]));
    expect(count()[2]).toBe(before[2]);
    // MEMBER never opened the home: nothing is published for them.
    expect(publishesTo(t, MEMBER)).toHaveLength(0);

    // 対応済み on the home: the deadline is settled and the home re-published without it.
    const home = t.fake.view(publishesTo(t, FILER).at(-1)!.response.view.id)!;
    const row = home.blocks.find((b: BlockJson) => b.type === 'actions' && String(b.block_id).startsWith('home.reminder.'));
    const reminderId = row.elements[0].value as string;
    const settled = (await t.app.db.repositories.reminders.get(reminderId))!;
    const n = publishesTo(t, FILER).length;
    const res = await send(
      t.url,
      blockActions({ view: home, user: FILER, actions: [{ action_id: row.elements[0].action_id, block_id: row.block_id, value: reminderId }] }),
    );
    expect(res.status).toBe(200);
    await eventually(() => expect(publishesTo(t, FILER).length).toBeGreaterThan(n));
    const after = t.fake.view(publishesTo(t, FILER).at(-1)!.response.view.id)!;
    expect(text(after.blocks)).not.toContain(`"${reminderId}"`);
    const stored = await t.app.db.repositories.reminders.listFor(settled.requestId);
    expect(stored.filter((r) => r.deadline === settled.deadline && r.dueDate === settled.dueDate).every((r) => r.status !== 'pending')).toBe(true);
  });

  it('opens the form from 「新規申込」 and shows a full list from 「すべて表示」', async () => {
    const home = await openHome(t, FILER);
    const trigger = 'home-new-trigger.1';
    await send(t.url, blockActions({ view: home, user: FILER, trigger_id: trigger, actions: [{ action_id: 'home.new', block_id: 'home.actions' }] }));
    const opened = await t.fake.waitFor('views.open', (c) => c.args.trigger_id === trigger);
    expect(opened.response.ok).toBe(true);
    expect(opened.args.view.callback_id).toBe('request.form');
    // The draft belongs to the person's DM with the app, where the request will be posted.
    const draftId = JSON.parse(opened.args.view.private_metadata).d;
    await eventually(async () =>
      expect((await t.app.db.repositories.drafts.get(draftId))?.conversation).toEqual({ platform: 'slack', channelId: 'D0001' }),
    );
  });

  it('stays within Block Kit limits with 200 open requests, and lists all of one kind in 「すべて表示」', async () => {
    const repos = t.app.db.repositories;
    for (let i = 0; i < 200; i++) {
      const form = seedForm();
      form.title = `案件その${i + 1}　<b>&amp;</b>${'長い件名'.repeat(30)}`;
      const { request } = await repos.requests.create({
        form,
        createdBy: { platform: 'slack', userId: FILER },
        origin: { platform: 'slack', channelId: 'C0001' },
        draftId: null,
        now: t.clock.now(),
        fiscalYear: 2009,
        casePrefix: 'H21',
      });
      await t.app.reminders.replan(request);
    }
    // The filer's deadlines come from all 201 of their requests, not only the 10 listed.
    const filerHome = text((await openHome(t, FILER)).blocks);
    expect(Number(/期限が近いもの\*（(\d+)件中10件）/.exec(filerHome)?.[1])).toBeGreaterThan(200);
    for (const [user, list, count] of [
      [FILER, 'mine', '（201件中10件）'],
      [SEC, 'deadlines', '件中10件）'],
    ] as const) {
      const home = await openHome(t, user);
      expect(home.blocks.length).toBeLessThanOrEqual(100);
      const all = text(home.blocks);
      expect(all).not.toContain('<b>');
      expect(all).toContain(count);
      const more = home.blocks.find((b: BlockJson) => b.block_id === `home.all.${list}`);
      expect(more.elements[0].text.text).toBe('すべて表示');
      const trigger = `home-all-${user}.1`;
      await send(
        t.url,
        blockActions({
          view: home,
          user,
          trigger_id: trigger,
          actions: [{ action_id: `home.all.${list}`, block_id: `home.all.${list}`, value: list }],
        }),
      );
      const shown = await t.fake.waitFor('views.open', (c) => c.args.trigger_id === trigger);
      expect(shown.response.ok).toBe(true);
      assertModalWithinLimits(shown.args.view);
      expect(text(shown.args.view.blocks).match(/H21-\d{3}/g)!.length).toBeGreaterThan(10);
    }
  });
});

describe('the home tab after a restart', () => {
  it('re-publishes, from a new app instance on the same database, exactly the homes of the people a change concerns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chogi-home-restart-'));
    const databaseUrl = `file:${join(dir, 'chogi.db')}`;
    const org = { secretariat: { slack: [SEC], teams: [] }, members: { slack: { [MEMBER]: 'zaimu' }, teams: {} } };
    try {
      const first = await startTestApp({ now: '2009-04-10T01:00:00Z', org, databaseUrl });
      await fileSeedRequest(first, FILER);
      await openHome(first, FILER);
      await openHome(first, SEC);
      await openHome(first, OTHER);
      await first.stop();

      // Another instance (or this one restarted): it never saw anyone open a home.
      const second = await startTestApp({ now: '2009-04-10T02:00:00Z', org, databaseUrl });
      try {
        await fileSeedRequest(second, FILER);
        await eventually(() => expect([FILER, SEC].every((u) => publishesTo(second, u).length > 0)).toBe(true));
        await second.app.settled();
        await second.app.slack!.homes!.idle();
        const published = [FILER, SEC].map((u) => publishesTo(second, u).length);
        expect(publishesTo(second, OTHER)).toHaveLength(0);
        expect(publishesTo(second, MEMBER)).toHaveLength(0);
        // The home still knows the person's DM with the app (「新規申込」 files there).
        expect(JSON.parse(publishesTo(second, FILER)[0].args.view.private_metadata)).toEqual({ c: `D${FILER.slice(1)}` });

        // A home not opened for 30 days is not re-published any more.
        second.clock.advance(31 * 24 * 60 * 60_000);
        await openHome(second, OTHER);
        await fileSeedRequest(second, OTHER);
        await eventually(() => expect(publishesTo(second, OTHER).length).toBeGreaterThan(1));
        await second.app.settled();
        await second.app.slack!.homes!.idle();
        expect([FILER, SEC].map((u) => publishesTo(second, u).length)).toEqual(published);
        expect((await second.app.db.repositories.homeViewers.get('slack', SEC)) === null).toBe(true);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
