/**
 * Issue 5: where the reminders of a request go when it is not posted where it was filed
 * (refused in a Slack Connect channel), when it is posted later, and when it is posted
 * on both platforms.
 */
import type { Reminder } from '../../src/app/ports';
import { FILING_GRACE_MS } from '../../src/app/reminders';
import { reminderMetadata } from '../../src/slack/reminderMessage';
import { startTestApp, type TestApp } from '../support/app';
import type { BlockJson } from '../support/blockKit';
import type { FakeCall } from '../support/fakeSlack';
import { ModalDriver } from '../support/modal';
import { blockActions, send } from '../support/slackRequests';
import { Workspace } from '../support/workspace';
import { seedRaw } from '../fixtures/seedRaw';

// Tuesday 24 November 2026, 10:00 in Tokyo: 7 days before the 12/1 public comment.
const FILED_AT = '2026-11-24T01:00:00Z';

async function fileFrom(t: TestApp, channel: string): Promise<void> {
  const raw = seedRaw();
  const m = await ModalDriver.open(t, { channel });
  await m.submit({ filedOn: '令和8年11月24日', title: raw.title, owner: raw.owner, summary: raw.summary, 'desiredDates.kacho': 'R8.12.10' });
  await m.submit({ ordinance: 'none', publicComment: 'planned', publicCommentPeriod: '令和8年12月', councilSession: '' });
  await m.submit({});
}

const reminderPosts = (t: TestApp): FakeCall[] => t.fake.calls('chat.postMessage').filter((c) => c.args.metadata?.event_type === 'chogi_reminder');
const pendingWhere = (rs: Reminder[]) => [...new Set(rs.filter((r) => r.status === 'pending').map((r) => `${r.platform}:${r.channelId}`))];

describe('reminders of a request not posted where it was filed', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: FILED_AT, env: { SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0' } });
  });
  afterEach(async () => t.stop());

  it('go to the filer by DM, after a grace to pick a channel, never into the Slack Connect channel; then follow the request to the channel picked', async () => {
    t.fake.setChannel('C0EXT', { is_ext_shared: true });
    await fileFrom(t, 'C0EXT');
    const eph = await t.fake.waitFor('chat.postEphemeral');
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    const repo = t.app.db.repositories.reminders;
    expect(pendingWhere(await repo.listFor(request.id))).toEqual([`slack:${Workspace.userId}`]);

    // The missed 7-day reminder waits for the filer to pick a channel.
    expect((await t.app.reminders.dispatchDue()).posted).toBe(0);
    t.clock.advance(FILING_GRACE_MS);
    expect((await t.app.reminders.dispatchDue()).posted).toBe(1);
    const [dm] = reminderPosts(t);
    expect(dm.args.channel).toBe(Workspace.userId);
    expect(dm.response.channel).toMatch(/^D/);
    expect(dm.args.metadata).toEqual(reminderMetadata(dm.args.metadata.event_payload.reminder_id));
    expect(JSON.stringify(dm.args.blocks)).toContain('パブリックコメント');
    expect(t.fake.calls('chat.postMessage').some((c) => c.args.channel === 'C0EXT')).toBe(false);

    // The filer picks an internal channel after all: the pending reminders move there.
    const select = (eph.args.blocks as BlockJson[])[1];
    await send(
      t.url,
      blockActions({
        actions: [{ action_id: 'request.post_to', block_id: select.block_id, type: 'conversations_select', selected_conversation: 'C0INTERNAL' }],
        container: { type: 'message', message_ts: eph.response.message_ts, channel_id: 'C0EXT', is_ephemeral: true },
        channel: 'C0EXT',
      }),
    );
    const post = await t.fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C0INTERNAL' && !c.args.metadata);
    let rows: Reminder[] = [];
    for (let i = 0; i < 50 && pendingWhere(rows).join() !== 'slack:C0INTERNAL'; i++) {
      rows = await repo.listFor(request.id);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(pendingWhere(rows)).toEqual(['slack:C0INTERNAL']);
    expect(rows.filter((r) => r.status === 'sent').map((r) => r.channelId)).toEqual([Workspace.userId]);

    // Nothing is posted again at once; the next one goes to the request's thread there.
    expect((await t.app.reminders.dispatchDue()).posted).toBe(0);
    t.clock.set('2026-11-30T00:00:00Z');
    expect((await t.app.reminders.dispatchDue()).posted).toBe(1);
    const next = reminderPosts(t)[1];
    expect(next.args).toMatchObject({ channel: 'C0INTERNAL', thread_ts: post.response.ts });
    expect([...t.fake.remindersPosted().values()].every((n) => n === 1)).toBe(true);
  });

  it('go where the request is posted when it is posted right after filing (nothing to the DM)', async () => {
    await fileFrom(t, Workspace.channelId);
    await t.fake.waitFor('chat.postMessage');
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    let rows: Reminder[] = [];
    for (let i = 0; i < 50 && pendingWhere(rows).join() !== `slack:${Workspace.channelId}`; i++) {
      rows = await t.app.db.repositories.reminders.listFor(request.id);
      await new Promise((r) => setTimeout(r, 20));
    }
    // Moved, not cancelled and made anew.
    expect(rows.every((r) => r.channelId === Workspace.channelId && r.status === 'pending')).toBe(true);
    expect((await t.app.reminders.dispatchDue()).posted).toBe(1);
    expect(reminderPosts(t)[0].args.channel).toBe(Workspace.channelId);
  });

  it('reach both platforms when the request is posted on Slack and in Teams', async () => {
    await fileFrom(t, Workspace.channelId);
    await t.fake.waitFor('chat.postMessage');
    const { request } = await t.app.db.repositories.requests.create({
      form: (await t.app.db.repositories.requests.listRecent(1))[0].form,
      createdBy: { platform: 'slack', userId: Workspace.userId },
      origin: { platform: 'slack', channelId: 'C0BOTH' },
      draftId: null,
      now: new Date(FILED_AT),
      fiscalYear: 2026,
      casePrefix: 'R8',
    });
    const posts = t.app.db.repositories.posts;
    await posts.save({ requestId: request.id, platform: 'slack', channelId: 'C0BOTH', messageId: '1795000000.000100', permalink: null });
    await posts.save({ requestId: request.id, platform: 'teams', channelId: '19:kacho@thread.tacv2', messageId: '1:abc', permalink: null });
    await posts.save({ requestId: request.id, platform: 'teams', channelId: '19:other@thread.tacv2', messageId: '1:def', permalink: null });
    await t.app.reminders.replan(request);

    const rows = await t.app.db.repositories.reminders.listFor(request.id);
    const slack = rows.filter((r) => r.platform === 'slack');
    const teams = rows.filter((r) => r.platform === 'teams');
    expect(slack.length).toBeGreaterThan(0);
    expect(slack.every((r) => r.channelId === 'C0BOTH')).toBe(true);
    // One target per platform: its first post there.
    expect(new Set(teams.map((r) => r.channelId))).toEqual(new Set([teams[0].channelId]));
    expect(teams.map((r) => `${r.deadline} ${r.dueDate} ${r.leadDays} ${r.status}`)).toEqual(
      slack.map((r) => `${r.deadline} ${r.dueDate} ${r.leadDays} ${r.status}`),
    );
  });
});
