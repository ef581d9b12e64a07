/**
 * Issue 6, "done when": a Teams conversation receives its reminders. A request filed
 * through the Teams dialog gets its reminders as proactive cards in the request card's
 * thread, exactly once (two dispatch runs, two instances, 429, crash recovery through
 * Microsoft Graph), and 対応済み / 延期 / 期限 / 日程 work from Teams.
 */
import type { AgendaRequest } from '../../src/domain/request';
import { REMINDER_MARKER, reminderCard, reminderMarker, reminderSettledCard } from '../../src/teams/cards/reminderCard';
import { deadlinesCard, scheduleCard } from '../../src/teams/cards/messages';
import { seedRaw } from '../fixtures/seedRaw';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import type { ConnectorCall } from '../support/fakeConnector';
import { startFakeConnector, type FakeConnector } from '../support/fakeConnector';
import { FAKE_GRAPH_TOKEN, startFakeGraph, type FakeGraph } from '../support/fakeGraph';
import { conversationUpdate, messageActivity, postActivity, TeamsConversation, TeamsUser, type ActivityOptions } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { cardText, elements, expectValidCard } from '../support/teamsCards';
import { fileSeedInTeams } from '../support/teamsForm';
import { postgresTestDatabase, type TestDatabase } from '../integration/support/databases';
import { silentLogger } from '../../src/infra/logger';
import { outcomeOfError } from '../../src/teams/reminders';

// Tuesday 24 November 2026, 10:00 in Tokyo (the test app's clock).
const nineJst = (isoDay: string) => `${isoDay}T00:00:00.000Z`;
const SECRETARY = { id: '29:secretary', aadObjectId: '00000000-0000-0000-0000-0000000000s1', name: '事務局 花子' };
const STRANGER = { id: '29:stranger', aadObjectId: '00000000-0000-0000-0000-0000000000b2', name: '他課 次郎' };
const TEAM = { id: '19:team-general@thread.tacv2', aadGroupId: 'b7f1c4c2-0000-4000-8000-000000000001' };

/** The seed form with deadlines close to the test clock: public comment 12月, information to the council 12/1, 課長会議 12/10. */
function rawForm() {
  return {
    ...seedRaw(),
    filedOn: '令和8年11月24日',
    desiredDates: { kacho: 'R8.12.10', kyoku: '', chosei: '', seisaku: '' },
    publicCommentPeriod: '令和8年12月',
    councilInfoKind: '資料提供',
    councilInfoPeriod: '令和8年12月1日',
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const cardOf = (c: ConnectorCall): any => c.body?.attachments?.[0]?.content;
/** The reminder a connector call posted (the marker in its card), or null. */
const reminderIdOf = (c: ConnectorCall): string | null => {
  const marked = elements(cardOf(c) ?? {}).find((e) => typeof e.id === 'string' && e.id.startsWith(REMINDER_MARKER));
  return marked ? marked.id.slice(REMINDER_MARKER.length) : null;
};
const reminderPosts = (connector: FakeConnector) => connector.calls().filter((c) => c.kind === 'send' && reminderIdOf(c) !== null);
const postedOnce = (connector: FakeConnector) => {
  const n = new Map<string, number>();
  for (const c of reminderPosts(connector).filter((x) => x.status === 200)) n.set(reminderIdOf(c)!, (n.get(reminderIdOf(c)!) ?? 0) + 1);
  return n;
};

/** Files the request through the Teams dialog; returns it and its card's activity id. */
async function file(t: TeamsTestApp, as: Partial<ActivityOptions> = {}): Promise<{ request: AgendaRequest; cardId: string }> {
  await fileSeedInTeams(t, rawForm(), TeamsUser, as.conversation);
  const [request] = await t.app.db.repositories.requests.listRecent(1);
  let cardId = '';
  await eventually(async () => {
    const post = (await t.app.db.repositories.posts.listFor(request.id)).find((p) => p.platform === 'teams');
    expect(post).toBeDefined();
    cardId = post!.messageId;
  });
  return { request, cardId };
}

/** What Teams sends when a button of a card is pressed (Action.Submit): a message with `value`, no text. */
function submitActivity(
  t: TeamsTestApp,
  value: Record<string, unknown>,
  o: { from: ActivityOptions['from']; conversationId: string; replyToId: string },
) {
  const a = messageActivity('', t.as({ from: o.from, conversation: { ...TeamsConversation, id: o.conversationId }, replyToId: o.replyToId }));
  delete a.text;
  return { ...a, value };
}

describe('deadline reminders in Teams', () => {
  let t: TeamsTestApp;
  let graph: FakeGraph;
  const graphSettings = () => ({
    clientId: 'chogi-app',
    clientSecret: 'client-secret-value',
    tenantId: 'tenant-1',
    graphUrl: graph.url,
    loginUrl: graph.url,
  });

  beforeEach(async () => {
    // Graph is configured explicitly: local mode (no credentials) would have none. It
    // lists what the fake connector received.
    graph = await startFakeGraph({ calls: (kind) => t.connector.calls(kind) });
    t = await startTeamsTestApp({
      env: { TEAMS_LOCAL_MODE: 'true', SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0' },
      org: { secretariat: { slack: [], teams: [SECRETARY.aadObjectId] } },
      teams: { graph: graphSettings() },
    });
  });
  afterEach(async () => {
    await t.stop();
    await graph.close();
  });

  it("posts a request's reminders as cards in its Teams thread when due, exactly once", async () => {
    const { request, cardId } = await file(t);
    expect(request.origin).toEqual({ platform: 'teams', channelId: TeamsConversation.id });
    const rows = await t.app.db.repositories.reminders.listFor(request.id);
    expect(rows.every((r) => r.platform === 'teams' && r.channelId === TeamsConversation.id)).toBe(true);

    const stats = await t.app.reminders.dispatchDue();

    expect(stats).toMatchObject({ posted: 2, failed: 0 });
    const posts = reminderPosts(t.connector);
    expect(posts).toHaveLength(2);
    const thread = `${TeamsConversation.id};messageid=${cardId}`;
    expect(posts.every((c) => c.conversationId === thread)).toBe(true);
    const pc = posts.find((c) => cardText(cardOf(c)).includes('パブリックコメント'))!;
    const card = cardOf(pc);
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('期限のお知らせです。');
    expect(text).toContain('令和8年12月（令和8年12月1日（火）から起算）');
    expect(text).toContain('あと5営業日');
    expect(text).toContain(request.caseNo);
    expect(pc.body.summary).toContain('パブリックコメント');
    // The filer is mentioned by the Entra object id.
    expect(text).toContain('<at>申込者</at>');
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>申込者</at>', mentioned: { id: TeamsUser.aadObjectId, name: '申込者' } }]);
    const buttons = elements(card).filter((e) => e.type === 'Action.Submit');
    expect(buttons.map((b) => b.title)).toEqual(['対応済み', '延期']);
    expect(buttons[0].data).toEqual({ verb: 'reminder.done', reminderId: reminderIdOf(pc) });
    expect(
      elements(card)
        .find((e) => e.type === 'Input.ChoiceSet')
        .choices.map((c: { value: string }) => c.value),
    ).toEqual(['1', '3', '7']);

    expect((await t.app.reminders.dispatchDue()).posted).toBe(0);
    t.clock.set(nineJst('2026-11-30'));
    expect((await t.app.reminders.dispatchDue()).posted).toBe(2);
    expect((await t.app.reminders.dispatchDue()).posted).toBe(0);
    expect([...postedOnce(t.connector).values()]).toEqual([1, 1, 1, 1]);
    const sent = (await t.app.db.repositories.reminders.listFor(request.id)).filter((r) => r.status === 'sent');
    expect(sent).toHaveLength(4);
    expect(sent.every((r) => r.threadId === cardId && r.messageId)).toBe(true);
    // Nothing was checked in Graph: no reminder had been claimed before.
    expect(graph.requests()).toHaveLength(0);
  });

  it('stays in the thread a request was filed from, and looks there after a crash', async () => {
    const inThread = { ...TeamsConversation, id: `${TeamsConversation.id};messageid=root-1` };
    const { request, cardId } = await file(t, { conversation: inThread });
    expect(request.origin.channelId).toBe(inThread.id);
    await postActivity(t.url, {
      ...messageActivity('ヘルプ', t.as({ conversation: inThread })),
      channelData: { tenant: { id: 'tenant-1' }, team: TEAM },
    });
    const now = t.clock.now();
    await t.app.db.repositories.reminders.claimDue({ now, instanceId: 'crashed', leaseUntil: new Date(now.getTime() + 60_000), limit: 10 });
    t.clock.advance(61_000);

    expect(await t.app.reminders.dispatchDue()).toMatchObject({ posted: 2, recovered: 0 });

    // The card is a reply in thread root-1: the reminders go there too, not under the card.
    expect(cardId).not.toBe('root-1');
    expect(reminderPosts(t.connector).map((c) => c.conversationId)).toEqual([inThread.id, inThread.id]);
    expect(graph.requests((r) => r.method === 'GET').map((r) => r.path)).toEqual([
      `/v1.0/teams/${TEAM.aadGroupId}/channels/${TeamsConversation.id}/messages/root-1/replies`,
      `/v1.0/teams/${TEAM.aadGroupId}/channels/${TeamsConversation.id}/messages/root-1/replies`,
    ]);
  });

  it('posts into a group chat itself (chats have no threads)', async () => {
    const chat = { id: '19:group-chat@thread.v2', conversationType: 'groupChat', tenantId: 'tenant-1' };
    const { request } = await file(t, { conversation: chat });
    expect(request.origin.channelId).toBe(chat.id);
    expect((await t.app.reminders.dispatchDue()).posted).toBe(2);
    expect(reminderPosts(t.connector).map((c) => c.conversationId)).toEqual([chat.id, chat.id]);
  });

  it('waits out a 429 with its Retry-After and loses nothing', async () => {
    await file(t);
    t.connector.failNext(429, 1, { 'retry-after': '1' });
    const started = Date.now();

    const stats = await t.app.reminders.dispatchDue();

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(stats).toMatchObject({ posted: 2, rateLimited: 1, failed: 0 });
    const calls = reminderPosts(t.connector);
    // One 429 answered, not retried by the SDK behind the dispatcher's back: three calls in all.
    expect(calls.map((c) => c.status).sort()).toEqual([200, 200, 429]);
    const limited = calls.find((c) => c.status === 429)!;
    const retried = calls.find((c) => c.status === 200 && reminderIdOf(c) === reminderIdOf(limited))!;
    expect(calls.indexOf(retried)).toBeGreaterThan(calls.indexOf(limited));
    expect([...postedOnce(t.connector).values()]).toEqual([1, 1]);
  });

  it('gives a post back when the bot was removed (403), and posts it on a later run', async () => {
    const { request } = await file(t);
    t.connector.failNext(403, 2);
    expect(await t.app.reminders.dispatchDue()).toMatchObject({ posted: 0, failed: 2 });
    const rows = await t.app.db.repositories.reminders.listFor(request.id);
    expect(rows.filter((r) => r.lastError?.includes('403'))).toHaveLength(2);
    t.clock.advance(61_000);
    // Claimed before: asked of Graph first (nothing there), then posted.
    expect(await t.app.reminders.dispatchDue()).toMatchObject({ posted: 2, recovered: 0 });
    expect([...postedOnce(t.connector).values()]).toEqual([1, 1]);
  });

  it('does not post again what a crashed instance posted but never recorded (found through Graph)', async () => {
    const { request, cardId } = await file(t);
    // A channel activity carries the team; Graph finds the channel by its group id.
    await postActivity(t.url, { ...messageActivity('ヘルプ', t.as()), channelData: { tenant: { id: 'tenant-1' }, team: TEAM } });
    const stored = await t.app.db.repositories.conversations.get('teams', TeamsConversation.id);
    expect(stored?.reference).toMatchObject({ teamsTeam: TEAM });

    const repo = t.app.db.repositories.reminders;
    const now = t.clock.now();
    const claimed = await repo.claimDue({ now, instanceId: 'crashed', leaseUntil: new Date(now.getTime() + 60_000), limit: 10 });
    expect(claimed).toHaveLength(2);
    // The crashed instance had posted the first one (its card carries the marker) and died.
    const thread = `${TeamsConversation.id};messageid=${cardId}`;
    const crashed = await fetch(`${t.connector.url}v3/conversations/${encodeURIComponent(thread)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Container', id: reminderMarker(claimed[0].id), items: [] }] },
          },
        ],
      }),
    }).then((r) => r.json() as Promise<{ id: string }>);

    expect((await t.app.reminders.dispatchDue()).posted).toBe(0); // still leased
    t.clock.advance(61_000);
    const stats = await t.app.reminders.dispatchDue();

    expect(stats).toMatchObject({ posted: 1, recovered: 1, failed: 0 });
    expect(await repo.get(claimed[0].id)).toMatchObject({ status: 'sent', messageId: crashed.id, attempts: 2 });
    expect(await repo.get(claimed[1].id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect([...postedOnce(t.connector).values()]).toEqual([1, 1]);
    // Asked with an app-only token, in the thread of the request card.
    const token = graph.requests((r) => r.method === 'POST');
    expect(token[0]).toMatchObject({ path: '/tenant-1/oauth2/v2.0/token' });
    expect(token[0].form).toMatchObject({ grant_type: 'client_credentials', client_id: 'chogi-app', scope: 'https://graph.microsoft.com/.default' });
    const lists = graph.requests((r) => r.method === 'GET');
    expect(lists.length).toBe(2);
    expect(lists.every((r) => r.authorization === `Bearer ${FAKE_GRAPH_TOKEN}`)).toBe(true);
    expect(lists[0].path).toBe(`/v1.0/teams/${TEAM.aadGroupId}/channels/${TeamsConversation.id}/messages/${cardId}/replies`);
    void request;
  });

  it("asks the Bot Connector for the team's group id when Teams did not send it", async () => {
    const { cardId } = await file(t);
    await postActivity(t.url, { ...messageActivity('ヘルプ', t.as()), channelData: { tenant: { id: 'tenant-1' }, team: { id: TEAM.id } } });
    const now = t.clock.now();
    await t.app.db.repositories.reminders.claimDue({ now, instanceId: 'crashed', leaseUntil: new Date(now.getTime() + 60_000), limit: 10 });
    t.clock.advance(61_000);
    expect(await t.app.reminders.dispatchDue()).toMatchObject({ posted: 2, recovered: 0 });
    expect(graph.requests((r) => r.method === 'GET')[0].path).toBe(
      `/v1.0/teams/group-of-${TEAM.id}/channels/${TeamsConversation.id}/messages/${cardId}/replies`,
    );
  });

  it('never posts blind when Graph cannot be asked: the claim lapses and the check is made again', async () => {
    await file(t);
    await postActivity(t.url, { ...messageActivity('ヘルプ', t.as()), channelData: { tenant: { id: 'tenant-1' }, team: TEAM } });
    const now = t.clock.now();
    await t.app.db.repositories.reminders.claimDue({ now, instanceId: 'crashed', leaseUntil: new Date(now.getTime() + 60_000), limit: 10 });
    t.clock.advance(61_000);
    graph.failNext(503, 2);

    expect(await t.app.reminders.dispatchDue()).toMatchObject({ posted: 0, failed: 2 });
    expect(reminderPosts(t.connector)).toHaveLength(0);

    t.clock.advance(121_000); // the lease lapses
    expect(await t.app.reminders.dispatchDue()).toMatchObject({ posted: 2 });
    expect([...postedOnce(t.connector).values()]).toEqual([1, 1]);
  });

  it('settles a reminder with 対応済み and 延期 from Teams, for the filer and the secretariat only', async () => {
    const { request, cardId } = await file(t);
    await t.app.reminders.dispatchDue();
    const [cs, pc] = ['議会への情報提供', 'パブリックコメント'].map((w) => reminderPosts(t.connector).find((c) => cardText(cardOf(c)).includes(w))!);
    const thread = `${TeamsConversation.id};messageid=${cardId}`;
    const brief = async () =>
      (await t.app.db.repositories.reminders.listFor(request.id)).map((r) => `${r.deadline} ${r.dueDate} ${r.leadDays} ${r.status}`);

    // Someone else: refused, told why, the card stays as it is.
    const refused = await postActivity(
      t.url,
      submitActivity(t, { verb: 'reminder.done', reminderId: reminderIdOf(pc) }, { from: STRANGER, conversationId: thread, replyToId: pc.id! }),
    );
    expect(refused.status).toBe(200);
    const told = await t.connector.waitFor((c) => c.kind === 'reply' && typeof c.body?.text === 'string');
    expect(told.body.text).toMatch(/申込者|庁議事務局/);
    expect(t.connector.calls('update')).toHaveLength(0);
    expect(await brief()).toContain('publicComment 2026-12-01 1 pending');

    // The filer: 対応済み; the card is updated in place, without buttons.
    await postActivity(
      t.url,
      submitActivity(
        t,
        { verb: 'reminder.done', reminderId: reminderIdOf(pc), snoozeDays: '3' },
        { from: TeamsUser, conversationId: thread, replyToId: pc.id! },
      ),
    );
    const done = await t.connector.waitFor((c) => c.kind === 'update' && c.activityId === pc.id);
    expect(done.conversationId).toBe(thread);
    expectValidCard(cardOf(done));
    expect(cardText(cardOf(done))).toContain(`${TeamsUser.name}さんが対応済みにしました`);
    expect(elements(cardOf(done)).filter((e) => e.type === 'Action.Submit')).toHaveLength(0);
    expect(reminderIdOf(done)).toBe(reminderIdOf(pc));
    expect(await brief()).toContain('publicComment 2026-12-01 1 done');

    // The secretariat: 延期 3 days on Tuesday → Friday 11/27.
    await postActivity(
      t.url,
      submitActivity(
        t,
        { verb: 'reminder.snooze', reminderId: reminderIdOf(cs), snoozeDays: '3' },
        { from: SECRETARY, conversationId: thread, replyToId: cs.id! },
      ),
    );
    const snoozed = await t.connector.waitFor((c) => c.kind === 'update' && c.activityId === cs.id);
    expectValidCard(cardOf(snoozed));
    expect(cardText(cardOf(snoozed))).toContain('令和8年11月27日（金） に改めてお知らせします');
    const back = (await t.app.db.repositories.reminders.listFor(request.id)).find((r) => r.deadline === 'councilInfo' && r.origin === 'snooze')!;
    expect(back).toMatchObject({ status: 'pending', fireAt: new Date(nineJst('2026-11-27')) });

    t.clock.set(nineJst('2026-11-27'));
    await t.app.reminders.dispatchDue();
    t.clock.set(nineJst('2026-11-30'));
    await t.app.reminders.dispatchDue();
    const later = reminderPosts(t.connector)
      .slice(2)
      .map((c) => cardText(cardOf(c)));
    expect(later).toHaveLength(2);
    expect(later.every((s) => s.includes('議会への情報提供'))).toBe(true);
  });

  it('stores the conversation reference when the bot is installed (conversationUpdate), with the team', async () => {
    const conversation = { id: '19:new-channel@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' };
    const res = await postActivity(t.url, { ...conversationUpdate(t.as({ conversation })), channelData: { tenant: { id: 'tenant-1' }, team: TEAM } });
    expect(res.status).toBe(200);
    const ref = await t.app.db.repositories.conversations.get('teams', conversation.id);
    expect(ref?.reference).toMatchObject({
      serviceUrl: t.connector.url,
      conversation: { id: conversation.id, conversationType: 'channel' },
      teamsTeam: TEAM,
    });
  });

  it('answers 期限 and 日程 with cards', async () => {
    const { request } = await file(t);
    t.connector.reset();

    await postActivity(t.url, messageActivity('期限', t.as()));
    const deadlines = await t.connector.waitFor((c) => c.kind === 'reply');
    const dc = cardOf(deadlines);
    expectValidCard(dc);
    const dt = cardText(dc);
    expect(dt).toContain('今後の期限（4件）');
    expect(dt).toContain(request.caseNo);
    expect(dt.indexOf('パブリックコメント')).toBeLessThan(dt.indexOf('資料提出期限'));
    expect(dt).toContain('令和8年12月10日（木）');

    t.connector.reset();
    await postActivity(t.url, messageActivity('日程', t.as({ mention: true } as never)));
    const schedule = await t.connector.waitFor((c) => c.kind === 'reply');
    const sc = cardOf(schedule);
    expectValidCard(sc);
    const st = cardText(sc);
    expect(st).toContain('今後の会議と案件（4週間）');
    expect(st).toMatch(/令和8年12月10日\(木\)[^\n]* 関係課長会議/);
    expect(st).toContain(request.caseNo);

    t.connector.reset();
    await postActivity(t.url, messageActivity('ヘルプ', t.as()));
    const help = cardText(cardOf(await t.connector.waitFor((c) => c.kind === 'reply')));
    expect(help).toContain('**日程**');
    expect(help).toContain('**期限**');
  });
});

describe("the Bot Connector's answers as the dispatcher reads them", () => {
  const headers = (retryAfter?: string) => ({ get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) });
  it.each([
    ['429 with Retry-After seconds', { statusCode: 429, response: { headers: headers('3') } }, { kind: 'rate_limited', retryAfterMs: 3000 }],
    ['429 without Retry-After', { statusCode: 429, response: { headers: headers() } }, { kind: 'rate_limited', retryAfterMs: 1000 }],
    ['403 (bot removed)', { statusCode: 403, code: 'BotNotInConversationRoster' }, { kind: 'failed', uncertain: false }],
    ['404 (conversation gone)', { statusCode: 404, code: 'ConversationNotFound' }, { kind: 'failed', uncertain: false }],
    ['408', { statusCode: 408 }, { kind: 'failed', uncertain: true }],
    ['502', { statusCode: 502 }, { kind: 'failed', uncertain: true }],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), { kind: 'failed', uncertain: true }],
  ])('%s', (_name, err, expected) => {
    expect(outcomeOfError(err)).toMatchObject(expected);
  });

  it('reads a Retry-After given as an HTTP date', () => {
    const at = new Date(Date.now() + 5000).toUTCString();
    const o = outcomeOfError({ statusCode: 429, response: { headers: headers(at) } });
    expect(o.kind === 'rate_limited' && o.retryAfterMs).toBeGreaterThan(3000);
  });
});

describe('reminder, 期限 and 日程 cards', () => {
  const nasty = '**至急** <at>全員</at> [こちら](https://evil.example) _計画_';
  const view = {
    reminderId: 'r1',
    requestId: 'q1',
    caseNo: 'R8-001',
    title: nasty,
    owner: { platform: 'slack' as const, userId: 'U1' },
    deadline: 'councilSession' as const,
    label: `議会上程時期（${nasty}）`,
    due: '令和8年12月1日（火）',
    businessDaysLeft: -2,
    snoozeDays: [1, 3, 7] as const,
  };

  it('shows user text as text, never as Markdown or a mention', () => {
    for (const c of [
      reminderCard(view),
      reminderSettledCard(view, `${nasty}さんが対応済みにしました。`),
      deadlinesCard([{ view, nextReminder: '令和8年11月30日（月）' }]),
    ]) {
      expectValidCard(c);
      const blocks = elements(c).filter((e) => e.type === 'TextBlock');
      expect(blocks.some((b) => b.text.includes('<at>全員') || b.text.includes('**至急') || b.text.includes('[こちら]'))).toBe(false);
      expect(elements(c).some((e) => e.type === 'TextRun' && e.text.includes(nasty))).toBe(true);
    }
    // A Slack filer is not mentioned in Teams.
    expect(JSON.stringify(reminderCard(view))).not.toContain('"mention"');
    expect(cardText(reminderCard(view))).toContain('期限を2営業日過ぎています');
  });

  it('keeps a long 日程 under the Teams size limit, saying what it left out', () => {
    const meetings = Array.from({ length: 60 }, (_, i) => ({
      day: `令和8年12月${(i % 28) + 1}日(火)`,
      tier: '関係課長会議',
      adHoc: i % 5 === 0,
      items: Array.from({ length: 20 }, (_, j) => ({ caseNo: `R8-${100 + j}`, title: 'あ'.repeat(200), owner: '企画財政局 企画部 情報政策担当' })),
    }));
    const c = scheduleCard(meetings, [{ tier: '関係課長会議', url: 'https://chogi.example.jp/calendar/tier/kacho.ics?sig=x' }]);
    expectValidCard(c);
    expect(cardText(c)).toMatch(/ほか \d+件の会議は省略しました。/);
    expect(elements(c).some((e) => e.type === 'Action.OpenUrl')).toBe(true);
  });
});

describe('Teams reminders in local mode (no Microsoft Graph)', () => {
  it('posts a reminder claimed before again without checking, and says so (at-least-once on crash recovery)', async () => {
    const warnings: string[] = [];
    const t = await startTeamsTestApp({
      env: { TEAMS_LOCAL_MODE: 'true', SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0' },
      logger: { ...silentLogger, warn: (msg) => void warnings.push(msg) },
    });
    try {
      await file(t);
      const now = t.clock.now();
      await t.app.db.repositories.reminders.claimDue({ now, instanceId: 'crashed', leaseUntil: new Date(now.getTime() + 60_000), limit: 10 });
      t.clock.advance(61_000);
      expect(await t.app.reminders.dispatchDue()).toMatchObject({ posted: 2, recovered: 0, failed: 0 });
      expect(warnings.filter((w) => w.includes('no Microsoft Graph'))).toHaveLength(2);
    } finally {
      await t.stop();
    }
  });
});

describe('Teams reminders with two instances on one PostgreSQL database', () => {
  let pg: TestDatabase;
  let connector: FakeConnector;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    pg = await postgresTestDatabase();
    connector = await startFakeConnector();
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await connector?.close();
    await pg?.drop();
  });

  it('posts each reminder once when both dispatch at the same time', async () => {
    const instance = async (name: string) => {
      const a = await startTestApp({
        databaseUrl: pg.url,
        env: { TEAMS_LOCAL_MODE: 'true', SCHEDULER: 'off', REMINDER_CHANNEL_INTERVAL_MS: '0', INSTANCE_ID: name },
      });
      apps.push(a);
      return a;
    };
    const [a, b] = [await instance('a'), await instance('b')];
    const t = { ...a, connector, as: (o: Partial<ActivityOptions> = {}) => ({ serviceUrl: connector.url, ...o }) } as TeamsTestApp;
    // Several requests, filed in Teams through instance a.
    for (let i = 0; i < 3; i++) await fileSeedInTeams(t, { ...rawForm(), title: `案件 ${i}` });
    t.clock.set(nineJst('2026-11-30'));
    b.clock.set(nineJst('2026-11-30'));

    const [sa, sb] = await Promise.all([a.app.reminders.dispatchDue(), b.app.reminders.dispatchDue()]);
    await Promise.all([a.app.reminders.dispatchDue(), b.app.reminders.dispatchDue()]);

    const posted = postedOnce(connector);
    expect(posted.size).toBeGreaterThanOrEqual(6);
    expect(sa.posted + sb.posted).toBe(posted.size);
    expect([...posted.values()].every((n) => n === 1)).toBe(true);
  });
});
