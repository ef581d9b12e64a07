import { WebClient } from '@slack/web-api';
import type { Reminder } from '../../src/app/ports';
import type { AgendaRequest } from '../../src/domain/request';
import { reminderMetadata } from '../../src/slack/reminderMessage';
import { startTestApp, type TestApp } from '../support/app';
import { assertMessageWithinLimits, type BlockJson } from '../support/blockKit';
import { eventually } from '../support/eventually';
import type { FakeCall } from '../support/fakeSlack';
import { ModalDriver } from '../support/modal';
import { blockActions, send, slashCommand } from '../support/slackRequests';
import { TEST_BOT_TOKEN, Workspace } from '../support/workspace';
import { seedRaw } from '../fixtures/seedRaw';

// Tuesday 24 November 2026, 10:00 in Tokyo.
const FILED_AT = '2026-11-24T01:00:00Z';
/** 09:00 in Tokyo on a day: the configured post hour. */
const nineJst = (isoDay: string) => `${isoDay}T00:00:00.000Z`;

type Dates = { publicCommentPeriod?: string; councilSession?: string; kacho?: string };

/** Files a request through the modal, as a person does, and waits for its message. */
async function file(
  t: TestApp,
  dates: Dates = {},
  user: string = Workspace.userId,
): Promise<{ request: AgendaRequest; ts: string; blocks: BlockJson[] }> {
  const raw = seedRaw();
  const before = t.fake.calls('chat.postMessage').length;
  const m = await ModalDriver.open(t, { user });
  await m.submit({
    filedOn: '令和8年11月24日',
    title: '<!channel> 情報マネジメント推進計画 & 策定',
    owner: raw.owner,
    summary: raw.summary,
    'desiredDates.kacho': dates.kacho ?? 'R8.12.10',
  });
  await m.submit({
    ordinance: 'none',
    publicComment: 'planned',
    publicCommentPeriod: dates.publicCommentPeriod ?? '令和8年12月',
    councilSession: dates.councilSession ?? '12月定例会',
  });
  await m.submit({});
  const post = await t.fake.waitFor('chat.postMessage', () => t.fake.calls('chat.postMessage').length > before);
  const [request] = await t.app.db.repositories.requests.listRecent(1);
  await eventually(async () => expect(await t.app.db.repositories.posts.listFor(request.id)).toHaveLength(1));
  return { request, ts: post.response.ts, blocks: post.args.blocks };
}

const reminderPosts = (t: TestApp): FakeCall[] => t.fake.calls('chat.postMessage').filter((c) => c.args.metadata?.event_type === 'chogi_reminder');
const reminderIdOf = (c: FakeCall): string => c.args.metadata.event_payload.reminder_id;

async function rows(t: TestApp, requestId: string): Promise<Reminder[]> {
  return t.app.db.repositories.reminders.listFor(requestId);
}
const brief = (rs: Reminder[]) => rs.map((r) => `${r.deadline} ${r.dueDate} ${r.leadDays} ${r.status}`);

describe('deadline reminders in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({
      now: FILED_AT,
      env: { SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0' },
      org: { secretariat: { slack: ['U0SECRET'], teams: [] } },
    });
  });
  afterEach(async () => t.stop());

  it('posts the most recent missed reminder at once when filed close to a deadline, in the request thread, once', async () => {
    const filed = await file(t);

    // Filed 7 days before 12/1: the 30- and 14-day reminders are not planned at all.
    expect(brief(await rows(t, filed.request.id))).toEqual([
      'councilSession 2026-12-01 7 pending',
      'publicComment 2026-12-01 7 pending',
      'councilSession 2026-12-01 1 pending',
      'publicComment 2026-12-01 1 pending',
      'materials:kacho 2026-12-07 2 pending',
      'materials:kacho 2026-12-07 0 pending',
      'meeting:kacho 2026-12-10 0 pending',
    ]);

    const stats = await t.app.reminders.dispatchDue();

    expect(stats).toMatchObject({ posted: 2, skipped: 0, failed: 0 });
    const posts = reminderPosts(t);
    expect(posts).toHaveLength(2);
    const pc = posts.find((c) => JSON.stringify(c.args.blocks).includes('パブリックコメント'))!;
    expect(pc.args).toMatchObject({ channel: Workspace.channelId, thread_ts: filed.ts });
    expect(pc.args.metadata).toEqual(reminderMetadata(reminderIdOf(pc)));
    assertMessageWithinLimits(pc.args.blocks, pc.args.text);
    const shown = JSON.stringify(pc.args.blocks);
    expect(shown).toContain(`<@${Workspace.userId}>`);
    expect(shown).toContain('令和8年12月（令和8年12月1日（火）から起算）');
    expect(shown).toContain('あと5営業日');
    expect(shown).toContain('対応済み');
    expect(shown).toContain('3日後に再通知');
    // The title was typed with a channel ping and an ampersand: shown as text.
    expect(shown).toContain('&lt;!channel&gt; 情報マネジメント推進計画 &amp; 策定');
    expect(shown).not.toContain('<!channel>');

    expect((await t.app.reminders.dispatchDue()).posted).toBe(0);
    t.clock.set(nineJst('2026-11-30'));
    expect((await t.app.reminders.dispatchDue()).posted).toBe(2);
    expect(JSON.stringify(reminderPosts(t)[3].args.blocks)).toContain('あと1営業日');
    expect([...t.fake.remindersPosted().values()].every((n) => n === 1)).toBe(true);
    const sent = (await rows(t, filed.request.id)).filter((r) => r.status === 'sent');
    expect(sent).toHaveLength(4);
    expect(sent.every((r) => r.threadId === filed.ts && r.messageId)).toBe(true);
  });

  it('catches up after downtime with the latest reminder of each deadline only', async () => {
    const filed = await file(t);

    // Nobody dispatched from filing until Monday 12/7, 10:00.
    t.clock.set('2026-12-07T01:00:00Z');
    const stats = await t.app.reminders.dispatchDue();

    expect(stats).toMatchObject({ posted: 3, skipped: 3 });
    expect(brief(await rows(t, filed.request.id))).toEqual([
      'councilSession 2026-12-01 7 skipped',
      'publicComment 2026-12-01 7 skipped',
      'councilSession 2026-12-01 1 sent',
      'publicComment 2026-12-01 1 sent',
      'materials:kacho 2026-12-07 2 skipped',
      'materials:kacho 2026-12-07 0 sent',
      'meeting:kacho 2026-12-10 0 pending',
    ]);
    const texts = reminderPosts(t).map((c) => JSON.stringify(c.args.blocks));
    expect(texts.find((s) => s.includes('パブリックコメント'))).toContain('期限を4営業日過ぎています');
    expect(texts.find((s) => s.includes('資料提出期限'))).toContain('本日が期限です');
    expect((await t.app.reminders.dispatchDue()).posted).toBe(0);
  });

  it('re-plans when the request is edited: pending reminders of the old date are cancelled, sent ones kept', async () => {
    const filed = await file(t);
    await t.app.reminders.dispatchDue();

    const before = t.fake.calls('views.open').length;
    await send(
      t.url,
      blockActions({ actions: [{ action_id: 'request.edit' }], message: { ts: filed.ts, blocks: filed.blocks }, channel: Workspace.channelId }),
    );
    const open = await t.fake.waitFor('views.open', () => t.fake.calls('views.open').length > before);
    const m = new ModalDriver(t, t.fake.view(open.response.view.id)!);
    await m.submit({});
    await m.submit({ publicCommentPeriod: '令和9年2月' });
    await m.submit({});
    await t.fake.waitFor('chat.update');

    const pc = (await rows(t, filed.request.id)).filter((r) => r.deadline === 'publicComment');
    expect(brief(pc)).toEqual([
      'publicComment 2026-12-01 7 sent',
      'publicComment 2026-12-01 1 cancelled',
      'publicComment 2027-02-01 30 pending',
      'publicComment 2027-02-01 14 pending',
      'publicComment 2027-02-01 7 pending',
      'publicComment 2027-02-01 1 pending',
    ]);
    // 30 days before 2/1 is 1/2, inside the year-end closure: posted on Monday 12/28.
    expect(pc[2].fireAt.toISOString()).toBe(nineJst('2026-12-28'));
    t.clock.set(nineJst('2026-11-30'));
    await t.app.reminders.dispatchDue();
    expect(reminderPosts(t).filter((c) => JSON.stringify(c.args.blocks).includes('パブリックコメント'))).toHaveLength(1);
  });

  it('stops a deadline with 対応済み and brings it back later with 延期, for the owner only', async () => {
    const filed = await file(t);
    await t.app.reminders.dispatchDue();
    const [cs, pc] = ['議会上程時期', 'パブリックコメント'].map((w) => reminderPosts(t).find((c) => JSON.stringify(c.args.blocks).includes(w))!);
    const message = (c: FakeCall) => ({ ts: c.response.ts, blocks: c.args.blocks, thread_ts: filed.ts });

    const stranger = await send(t.url, blockActions({ actions: [{ action_id: 'reminder.done' }], message: message(pc), user: 'U0OTHER' }));
    expect(stranger.status).toBe(200);
    const refused = await t.fake.waitFor('response_url');
    expect(refused.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(brief(await rows(t, filed.request.id))).toContain('publicComment 2026-12-01 1 pending');

    await send(t.url, blockActions({ actions: [{ action_id: 'reminder.done' }], message: message(pc) }));
    const done = await t.fake.waitFor('response_url', (c) => c.args.replace_original === true);
    expect(JSON.stringify(done.args.blocks)).toContain('対応済みにしました');
    expect(JSON.stringify(done.args.blocks)).not.toContain('reminder.done');
    expect(brief(await rows(t, filed.request.id))).toContain('publicComment 2026-12-01 1 done');

    // 延期 3 days on Tuesday: back on Friday 11/27; the 11/30 reminder stays.
    await send(t.url, blockActions({ actions: [{ action_id: 'reminder.snooze', selected_option: `${reminderIdOf(cs)}:3` }], message: message(cs) }));
    const snoozed = await t.fake.waitFor('response_url', (c) => JSON.stringify(c.args.blocks ?? '').includes('延期しました'));
    expect(JSON.stringify(snoozed.args.blocks)).toContain('令和8年11月27日（金）');
    const cs27 = (await rows(t, filed.request.id)).find((r) => r.deadline === 'councilSession' && r.origin === 'snooze')!;
    expect(cs27).toMatchObject({ status: 'pending', leadDays: 4, fireAt: new Date(nineJst('2026-11-27')) });

    t.clock.set(nineJst('2026-11-27'));
    await t.app.reminders.dispatchDue();
    t.clock.set(nineJst('2026-11-30'));
    await t.app.reminders.dispatchDue();
    const later = reminderPosts(t)
      .slice(2)
      .map((c) => JSON.stringify(c.args.blocks));
    expect(later).toHaveLength(2);
    expect(later.every((s) => s.includes('議会上程時期'))).toBe(true);
  });

  it('lists the coming deadlines with /案件申込 期限', async () => {
    const filed = await file(t);
    const res = await send(t.url, slashCommand({ text: '期限' }));
    expect(res.status).toBe(200);
    const answer = await t.fake.waitFor('response_url');
    expect(answer.args.response_type).toBe('ephemeral');
    const text: string = answer.args.text;
    expect(text).toContain('今後の期限（4件）');
    expect(text).toContain(filed.request.caseNo);
    expect(text.indexOf('パブリックコメント')).toBeLessThan(text.indexOf('資料提出期限'));
    expect(text).toContain('令和8年12月10日（木）');
    expect(text).not.toContain('<!channel>');
  });

  it('waits out a 429 in that channel only, and loses nothing', async () => {
    const { request } = await t.app.db.repositories.requests.create({
      form: (await file(t)).request.form,
      createdBy: { platform: 'slack', userId: Workspace.userId },
      origin: { platform: 'slack', channelId: 'C0OTHER' },
      draftId: null,
      now: new Date(FILED_AT),
      fiscalYear: 2026,
      casePrefix: 'R8',
    });
    await t.app.db.repositories.posts.save({
      requestId: request.id,
      platform: 'slack',
      channelId: 'C0OTHER',
      messageId: '1790000000.000100',
      permalink: null,
    });
    await t.app.reminders.replan(request);
    t.fake.rateLimitNext('chat.postMessage', 1);

    const stats = await t.app.reminders.dispatchDue();

    expect(stats).toMatchObject({ posted: 4, rateLimited: 1, failed: 0 });
    const calls = t.fake.calls('chat.postMessage').filter((c) => c.args.metadata);
    const limited = calls.find((c) => c.status === 429)!;
    const retried = calls.find((c) => c.status === 200 && reminderIdOf(c) === reminderIdOf(limited))!;
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(950);
    const otherChannel = calls.filter((c) => c.status === 200 && c.args.channel !== limited.args.channel);
    expect(otherChannel).toHaveLength(2);
    expect(otherChannel.every((c) => c.at < retried.at)).toBe(true);
    expect([...t.fake.remindersPosted().values()]).toEqual([1, 1, 1, 1]);
  });

  it('does not post again what a crashed instance posted but never recorded', async () => {
    const filed = await file(t);
    const repo = t.app.db.repositories.reminders;
    // Another instance claims the due reminders, posts one, and dies before recording it.
    const now = new Date(FILED_AT);
    const claimed = await repo.claimDue({ now, instanceId: 'crashed', leaseUntil: new Date(now.getTime() + 60_000), limit: 10 });
    expect(claimed).toHaveLength(2);
    const client = new WebClient(TEST_BOT_TOKEN, { slackApiUrl: t.fake.url });
    const posted = await client.chat.postMessage({
      channel: Workspace.channelId,
      thread_ts: filed.ts,
      text: '期限のお知らせです。',
      metadata: reminderMetadata(claimed[0].id),
    });

    expect((await t.app.reminders.dispatchDue()).posted).toBe(0); // still leased
    t.clock.advance(61_000);
    const stats = await t.app.reminders.dispatchDue();

    expect(stats).toMatchObject({ posted: 1, recovered: 1 });
    expect(t.fake.calls('conversations.replies').every((c) => c.args.include_all_metadata === true || c.args.include_all_metadata === 'true')).toBe(
      true,
    );
    expect(await repo.get(claimed[0].id)).toMatchObject({ status: 'sent', messageId: posted.ts, attempts: 2 });
    expect([...t.fake.remindersPosted().values()]).toEqual([1, 1]);
  });
});
