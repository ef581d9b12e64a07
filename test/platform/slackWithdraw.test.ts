import { startTestApp, type TestApp } from '../support/app';
import { assertMessageWithinLimits, type BlockJson } from '../support/blockKit';
import { eventually } from '../support/eventually';
import { clickOn, currentMessage, openFrom, submitView, unescapeMrkdwn } from '../support/meetingDriver';
import { ModalDriver } from '../support/modal';
import { send, slashCommand } from '../support/slackRequests';
import { Workspace } from '../support/workspace';
import { seedRaw } from '../fixtures/seedRaw';

const SECRETARIAT = 'U0SECRET';
const STRANGER = 'U0OTHER';

const texts = (blocks: BlockJson[]) => unescapeMrkdwn(JSON.stringify(blocks));
const actionIds = (blocks: BlockJson[]) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements as BlockJson[]).map((e) => e.action_id as string));

/** Files a request for the 局経営会議 of Monday R8.11.30 with a public comment, and its post. */
async function fileDated(t: TestApp) {
  const m = await ModalDriver.open(t);
  const raw = seedRaw();
  await m.submitConfirming({ title: raw.title, owner: raw.owner, summary: raw.summary, 'desiredDates.kyoku': 'R8.11.30' });
  await m.submit({ ordinance: 'none', publicComment: 'planned', publicCommentPeriod: '令和9年2月' });
  await m.submit({});
  const post = await t.fake.waitFor('chat.postMessage');
  const [request] = await t.app.db.repositories.requests.listRecent(1);
  await eventually(async () => expect(await t.app.db.repositories.posts.listFor(request.id)).toHaveLength(1));
  return { request, channel: post.response.channel as string, ts: post.response.ts as string };
}

async function lastResponse(t: TestApp, before: number): Promise<string> {
  const call = await t.fake.waitFor('response_url', () => t.fake.calls('response_url').length > before);
  return String(call.args.text);
}

/** What the person was told next: the meeting buttons answer by ephemeral, the others through response_url. */
async function nextTold(t: TestApp, act: () => Promise<unknown>): Promise<string> {
  const seen = new Set([...t.fake.calls('response_url'), ...t.fake.calls('chat.postEphemeral')]);
  await act();
  let text = '';
  await eventually(() => {
    const fresh = [...t.fake.calls('response_url'), ...t.fake.calls('chat.postEphemeral')].filter((c) => !seen.has(c));
    expect(fresh).toHaveLength(1);
    text = String(fresh[0].args.text);
  });
  return text;
}

describe('withdrawing a request in Slack (取り下げ), its undo and its history', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: '2026-11-24T01:00:00Z', org: { secretariat: { slack: [SECRETARIAT], teams: [] } } });
  });
  afterEach(async () => t.stop());

  it('withdraws with a reason: message, reminders, agenda and edits follow; the secretariat undoes it; 履歴 shows both', async () => {
    const filed = await fileDated(t);
    const repos = t.app.db.repositories;
    const message = () => currentMessage(t, filed.channel, filed.ts);
    expect(texts(message().blocks)).toContain('状況　申込中');
    const pending = async () => (await repos.reminders.listFor(filed.request.id)).filter((r) => r.status === 'pending');
    expect((await pending()).length).toBeGreaterThan(0);
    expect((await repos.requests.listByTierDate('kyoku', '2026-11-30', '2026-11-30')).map((x) => x.request.id)).toEqual([filed.request.id]);

    // Someone else may not withdraw it: told why, no modal.
    let before = t.fake.calls('response_url').length;
    await clickOn(t, { channel: filed.channel, message: message(), actionId: 'request.withdraw', user: STRANGER, value: filed.request.id });
    expect(await lastResponse(t, before)).toBe('案件を取り下げられるのは、申込者と庁議事務局だけです。');

    // The filer: a modal asking for the reason; an empty reason is refused under the input.
    const modal = await openFrom(t, {
      channel: filed.channel,
      message: message(),
      actionId: 'request.withdraw',
      user: Workspace.userId,
      value: filed.request.id,
    });
    expect(modal.title.text).toBe('案件の取り下げ');
    expect((await submitView(t, modal, { withdrawReason: '  ' }, Workspace.userId)).body).toEqual({
      response_action: 'errors',
      errors: { withdrawReason: '取り下げの理由を入力してください。' },
    });
    expect((await repos.requests.get(filed.request.id))!.status).toBe('filed');
    expect((await submitView(t, modal, { withdrawReason: '国の制度改正を待つため' }, Workspace.userId)).body).toEqual({ response_action: 'clear' });

    const update = await t.fake.waitFor('chat.update');
    assertMessageWithinLimits(update.args.blocks, update.args.text);
    expect(texts(message().blocks)).toContain('【取り下げ】庁議 案件申込書');
    expect(texts(message().blocks)).toContain('状況　取り下げ');
    // The record stays: its 履歴 and its PDF; nothing else but the undo.
    expect(actionIds(message().blocks)).toEqual(['request.history', 'request.pdf', 'request.restore']);
    expect((await repos.requests.get(filed.request.id))!.status).toBe('withdrawn');
    await eventually(async () => expect(await pending()).toEqual([]));
    expect(await repos.requests.listByTierDate('kyoku', '2026-11-30', '2026-11-30')).toEqual([]);
    before = t.fake.calls('response_url').length;
    await send(t.url, slashCommand({ text: '日程' }));
    expect(await lastResponse(t, before)).not.toContain(filed.request.caseNo);

    // Acted upon from an old copy of the message: refused, nothing changed.
    const old = { ts: filed.ts, blocks: t.fake.calls('chat.postMessage')[0].args.blocks as BlockJson[] };
    const version = (await repos.requests.get(filed.request.id))!.version;
    for (const actionId of ['request.edit', 'request.schedule', 'opinion.add']) {
      const told = await nextTold(t, () =>
        clickOn(t, { channel: filed.channel, message: old, actionId, user: Workspace.userId, value: filed.request.id }),
      );
      expect(told).toContain('この案件は取り下げられているため、変更できません');
    }
    expect((await repos.requests.get(filed.request.id))!.version).toBe(version);
    expect(t.fake.calls('views.open').filter((c) => c.response.ok)).toHaveLength(2); // the form and the withdrawal only

    // Only the secretariat undoes it; the reminders come back.
    before = t.fake.calls('response_url').length;
    await clickOn(t, { channel: filed.channel, message: message(), actionId: 'request.restore', user: Workspace.userId, value: filed.request.id });
    expect(await lastResponse(t, before)).toBe('取り下げを取り消せるのは庁議事務局だけです。');
    before = t.fake.calls('response_url').length;
    await clickOn(t, { channel: filed.channel, message: message(), actionId: 'request.restore', user: SECRETARIAT, value: filed.request.id });
    expect(await lastResponse(t, before)).toBe(`案件 ${filed.request.caseNo} の取り下げを取り消しました。`);
    await eventually(() => expect(texts(message().blocks)).toContain('状況　申込中'));
    expect(texts(message().blocks)).not.toContain('【取り下げ】');
    expect((await pending()).length).toBeGreaterThan(0);
    expect(await repos.requests.listByTierDate('kyoku', '2026-11-30', '2026-11-30')).toHaveLength(1);

    // 履歴: newest first, who and why.
    const history = await openFrom(t, {
      channel: filed.channel,
      message: message(),
      actionId: 'request.history',
      user: STRANGER,
      value: filed.request.id,
    });
    expect(history.title.text).toBe(`履歴 ${filed.request.caseNo}`);
    const entries = (history.blocks as BlockJson[])
      .filter((b) => b.type === 'section')
      .slice(1)
      .map((b) => unescapeMrkdwn(String(b.text.text)));
    expect(entries).toEqual([
      `令和8年11月24日 10:00　<@${SECRETARIAT}>\n• 取り下げを取り消しました`,
      `令和8年11月24日 10:00　<@${Workspace.userId}>\n• 取り下げました（理由: 国の制度改正を待つため）`,
      `令和8年11月24日 10:00　<@${Workspace.userId}>\n• 申込を受け付けました`,
    ]);
    const kinds = (await repos.requests.history(filed.request.id)).map((h) => h.kind);
    expect(kinds).toEqual(['created', 'withdrawn', 'restored']);
  });

  it('pages a long history within Block Kit limits, newest first, and says every field changed', async () => {
    const filed = await fileDated(t);
    const repos = t.app.db.repositories;
    let current = (await repos.requests.get(filed.request.id))!;
    for (let i = 1; i <= 20; i++) {
      t.clock.advance(60_000);
      const form = { ...current.form, remarks: `備考${i}`, summary: `${'長い概要'.repeat(200)}${i}` };
      const r = await repos.requests.update(current.id, {
        form,
        expectedVersion: current.version,
        actor: { platform: 'slack', userId: Workspace.userId },
        changes: [
          { field: 'remarks', old: current.form.remarks, new: form.remarks },
          { field: 'summary', old: current.form.summary, new: form.summary },
        ],
        now: t.clock.now(),
      });
      if (!r.ok) throw new Error('update failed');
      current = r.request;
    }
    const first = await openFrom(t, {
      channel: filed.channel,
      message: currentMessage(t, filed.channel, filed.ts),
      actionId: 'request.history',
      user: Workspace.userId,
      value: filed.request.id,
    });
    const body = (v: BlockJson) => unescapeMrkdwn(JSON.stringify(v.blocks));
    expect(body(first)).toContain('1/2ページ（全21件、新しい順）');
    expect(body(first)).toContain('備考: 備考19 → 備考20');
    expect(body(first)).not.toContain('申込を受け付けました');
    expect(actionIds(first.blocks)).toEqual(['request.history.older']);
    const m = new ModalDriver(t, first);
    await m.click('request.history.older');
    expect(body(m.view)).toContain('2/2ページ（全21件、新しい順）');
    expect(body(m.view)).toContain('申込を受け付けました');
    expect(body(m.view)).toContain('備考: （空欄） → 備考1');
    expect(actionIds(m.view.blocks)).toEqual(['request.history.newer']);
  });
});
