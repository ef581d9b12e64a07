import type { BlockJson } from '../support/blockKit';
import { assertMessageWithinLimits, assertModalWithinLimits } from '../support/blockKit';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { ModalDriver } from '../support/modal';
import { blockActions, send, slashCommand, viewSubmission } from '../support/slackRequests';
import { Workspace } from '../support/workspace';
import { seedRaw } from '../fixtures/seedRaw';
import { loadOrg } from '../../src/infra/config';

const baseOrg = loadOrg(undefined).org;
// Each tier posts its agenda in a channel of its own.
const tiers = baseOrg.tiers.map((t) => ({ ...t, channel: `C0${t.id.toUpperCase()}` }));

/** Files a request for the given 審議希望日 through the modal; returns it and its message. */
async function file(t: TestApp, dates: Record<string, string>, title = seedRaw().title) {
  const m = await ModalDriver.open(t);
  const raw = seedRaw();
  const fill: Record<string, string> = { title, owner: raw.owner, summary: raw.summary };
  for (const [tier, d] of Object.entries(dates)) fill[`desiredDates.${tier}`] = d;
  const p1 = await m.submit(fill);
  expect(p1.body.response_action).toBe('update');
  await m.submit({ ordinance: 'none', publicComment: 'none' });
  await m.submit({});
  const before = t.fake.calls('chat.postMessage').length;
  const post = await t.fake.waitFor('chat.postMessage', () => t.fake.calls('chat.postMessage').length > before);
  const [request] = await t.app.db.repositories.requests.listRecent(1);
  await eventually(async () => expect(await t.app.db.repositories.posts.listFor(request.id)).toHaveLength(1));
  return { request, ts: post.response.ts as string, blocks: post.args.blocks as BlockJson[] };
}

describe('meeting calendars in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    // Tuesday 2026-11-24, 10:00 in Tokyo.
    t = await startTestApp({ now: '2026-11-24T01:00:00Z', org: { tiers } });
  });
  afterEach(async () => t.stop());

  it('refuses a closed day and asks to confirm a day off the regular calendar', async () => {
    const m = await ModalDriver.open(t);
    const raw = seedRaw();
    const fill = { title: raw.title, owner: raw.owner, summary: raw.summary, 'desiredDates.kyoku': 'R8.11.29' };
    let res = await m.submit(fill);
    expect(res.body.errors).toEqual({ 'desiredDates.kyoku': '閉庁日（土日・祝日・年末年始）です。開庁日を入力してください。' });
    res = await m.submit({ ...fill, 'desiredDates.kyoku': 'R8.12.1' });
    // Monday 11/23 is 勤労感謝の日: that week's 局経営会議 moved to today, Tuesday 11/24.
    expect(res.body.errors['desiredDates.kyoku']).toBe(
      '局経営会議の定例日ではありません（次回以降の定例日: 令和8年11月24日(火)、令和8年11月30日(月)、令和8年12月7日(月)）。このままでよければ、もう一度送信してください。',
    );
    res = await m.submit({ ...fill, 'desiredDates.kyoku': 'R8.12.1' });
    expect(res.body.response_action).toBe('update');
  });

  it('refuses an irregular day outright for a tier that holds no ad-hoc meetings', async () => {
    const m = await ModalDriver.open(t);
    const raw = seedRaw();
    // 政策会議: 2nd and 4th Thursday, adHoc: false in the example org file.
    const res = await m.submit({ title: raw.title, owner: raw.owner, summary: raw.summary, 'desiredDates.seisaku': '2026-12-01' });
    expect(res.body.errors['desiredDates.seisaku']).toMatch(
      /^政策会議の定例日ではありません（次回以降の定例日: 令和8年11月26日\(木\)、令和8年12月10日\(木\)/,
    );
    expect(res.body.errors['desiredDates.seisaku']).not.toContain('もう一度');
  });

  it('changes the dates from 「日程」 and updates the posted request in place', async () => {
    const filed = await file(t, { kyoku: 'R8.11.30' });
    const before = t.fake.calls('views.open').length;
    await send(
      t.url,
      blockActions({ actions: [{ action_id: 'request.schedule' }], message: { ts: filed.ts, blocks: filed.blocks }, channel: Workspace.channelId }),
    );
    const open = await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
    const view = t.fake.view(open.response.view.id)!;
    assertModalWithinLimits(view);
    expect(view.title.text).toBe('審議希望日の変更');
    // The kept 11/30 is among the open meetings, so it is shown chosen; the person picks 12/7 and 12/16.
    const kyoku = (view.blocks as BlockJson[]).find((b) => b.block_id === 'desiredDates.kyoku')!;
    expect(kyoku.element.initial_option.value).toBe('2026-11-30');
    const res = await send(t.url, viewSubmission({ view, fill: { 'desiredDates.kyoku': '2026-12-07', 'desiredDates.chosei': '2026-12-16' } }));
    expect(res.body).toEqual({ response_action: 'clear' });
    const update = await t.fake.waitFor('chat.update');
    expect(update.args.ts).toBe(filed.ts);
    const text = JSON.stringify(update.args.blocks);
    expect(text).toContain('局経営会議　令和8年12月7日');
    expect(text).toContain('政策調整会議　令和8年12月16日');
    const stored = (await t.app.db.repositories.requests.get(filed.request.id))!;
    expect(stored.form.desiredDates.kyoku).toEqual({ precision: 'day', year: 2026, month: 12, day: 7 });
    const history = await t.app.db.repositories.requests.history(filed.request.id);
    expect(history.at(-1)!.changes.map((c) => c.field)).toEqual(['desiredDates']);
  });

  it("posts each meeting day's agenda once, in its tier's channel, from the agenda hour", async () => {
    const a = await file(t, { kyoku: 'R8.11.30' }, '(仮称)第一の案件');
    const b = await file(t, { kyoku: 'R8.11.30', chosei: 'R8.12.2' }, '(仮称)第二の案件 <!channel>');
    await file(t, { kyoku: 'R8.12.7' }, '翌週の案件');

    t.clock.set('2026-11-29T23:00:00Z'); // Monday 08:00 in Tokyo is 23:00 UTC on Sunday
    t.clock.advance(-60 * 60 * 1000); // 07:00: before the agenda hour (8)
    expect(await t.app.postDueAgendas()).toBe(0);
    t.clock.advance(60 * 60 * 1000);
    expect(await t.app.postDueAgendas()).toBe(1);
    const post = t.fake.last('chat.postMessage');
    expect(post.args.channel).toBe('C0KYOKU');
    assertMessageWithinLimits(post.args.blocks, post.args.text);
    expect(post.args.blocks[0].text.text).toBe('本日の議題　局経営会議　令和8年11月30日(月) 09:30');
    const items = post.args.blocks[1].text.text as string;
    expect(items.split('\n')).toEqual([
      `1. *${a.request.caseNo}*　<https://example.slack.com/archives/C0001/p${a.ts.replace('.', '')}|(仮称)第一の案件>　（企画財政局 企画部 情報政策担当）`,
      `2. *${b.request.caseNo}*　<https://example.slack.com/archives/C0001/p${b.ts.replace('.', '')}|(仮称)第二の案件 &lt;!channel&gt;>　（企画財政局 企画部 情報政策担当）`,
    ]);
    expect(await t.app.postDueAgendas()).toBe(0);
  });

  it('shows the coming meetings and their items with /案件申込 日程', async () => {
    await file(t, { kyoku: 'R8.11.30' }, '(仮称)日程の案件');
    await send(t.url, slashCommand({ text: '日程' }));
    const res = await t.fake.waitFor('response_url');
    const text = res.args.text as string;
    expect(text).toContain('*令和8年11月26日(木) 政策会議*\n　（案件なし）');
    expect(text).toMatch(/\*令和8年11月30日\(月\) 局経営会議\*\n1\. \*R8-001\*　<https:\/\/example\.slack\.com[^|]+\|\(仮称\)日程の案件>/);
  });

  it('offers signed .ics files for a request and for each tier', async () => {
    await t.stop();
    t = await startTestApp({
      now: '2026-11-24T01:00:00Z',
      org: { tiers },
      env: { PUBLIC_URL: 'https://chogi.example.jp', LINK_SECRET: 'a-long-enough-secret-for-links' },
    });
    const filed = await file(t, { kacho: 'R8.11.27', kyoku: 'R8.11.30' }, '(仮称)カレンダーの案件');
    const button = filed.blocks.find((b) => b.block_id === 'request.actions')!.elements.find((e: BlockJson) => e.action_id === 'request.calendar');
    expect(button.text.text).toBe('カレンダー (.ics)');
    const url = new URL(button.url);
    expect(url.origin).toBe('https://chogi.example.jp');
    const res = await fetch(`${t.url}${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const ics = await res.text();
    expect(ics.split('\r\n')).toEqual(
      expect.arrayContaining(['BEGIN:VCALENDAR', 'DTSTART;TZID=Asia/Tokyo:20261127T133000', 'DTSTART;TZID=Asia/Tokyo:20261130T093000']),
    );
    expect(ics).toContain('SUMMARY:関係課長会議: R8-001 (仮称)カレンダーの案件');
    expect((await fetch(`${t.url}${url.pathname.replace(/[0-9a-f]{32}\.ics$/, `${'0'.repeat(32)}.ics`)}`)).status).toBe(404);
    // Expired: the link works for calendarLinks.days (30), then never again.
    t.clock.advance(31 * 86400_000);
    expect((await fetch(`${t.url}${url.pathname}`)).status).toBe(404);
    t.clock.advance(-31 * 86400_000);

    await send(t.url, slashCommand({ text: '日程' }));
    const list = String((await t.fake.waitFor('response_url')).args.text);
    const tierUrl = new URL(
      /<(https:\/\/chogi\.example\.jp\/calendar\/tier\/kyoku\/slack%3AU0001\/0\/\d+\/[0-9a-f]{32}\.ics)\|局経営会議>/.exec(list)![1],
    );
    const tierRes = await fetch(`${t.url}${tierUrl.pathname}`);
    expect(tierRes.headers.get('content-disposition')).toMatch(/^attachment; /);
    const tierIcs = await tierRes.text();
    expect(tierIcs).toContain('DTSTART;TZID=Asia/Tokyo:20261130T093000');
    expect(tierIcs).toContain('DESCRIPTION:R8-001 (仮称)カレンダーの案件');
    // Every regular meeting of the coming year is in it: 局経営会議 meets weekly.
    expect(tierIcs.match(/BEGIN:VEVENT/g)!.length).toBeGreaterThanOrEqual(50);
  });
});
