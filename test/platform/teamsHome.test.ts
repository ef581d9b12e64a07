import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeConnector } from '../support/fakeConnector';
import { startFakeGraph, type FakeGraph } from '../support/fakeGraph';
import { seedForm } from '../fixtures/seedForm';
import { eventually } from '../support/eventually';
import { cardProblems, cardText, elements, expectValidCard } from '../support/teamsCards';
import { messageActivity, postActivity, TeamsConversation, type ActivityOptions } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { actionSubmit, cardOf, teamsPerson } from '../support/teamsMeeting';
import type { ConnectorCall } from '../support/fakeConnector';

const filer = teamsPerson('home-filer', '申込 太郎');
const sec = teamsPerson('home-sec', '事務局 花子');
const newcomer = teamsPerson('home-new', '新任 次郎');
const personal = (p: { id: string }) => ({ id: `a:personal-${p.id}`, conversationType: 'personal', tenantId: 'tenant-1' });

describe('ホーム and 名簿 in Teams', () => {
  let t: TeamsTestApp;
  let graph: FakeGraph;
  beforeEach(async () => {
    // Graph tells who may sit for a section (the 名簿's check of the people picked).
    graph = await startFakeGraph({ calls: (kind) => t.connector.calls(kind) });
    graph.setUser(newcomer.aadObjectId, { userType: 'Member' });
    t = await startTeamsTestApp({
      now: '2009-04-10T01:00:00Z',
      org: { secretariat: { slack: [], teams: [sec.aadObjectId] }, members: { slack: {}, teams: {} } },
      teams: {
        graph: { clientId: 'chogi-app', clientSecret: 'client-secret-value', tenantId: 'tenant-1', graphUrl: graph.url, loginUrl: graph.url },
      },
    });
  });
  afterEach(async () => {
    await t.stop();
    await graph.close();
  });

  const as = (p: typeof filer, o: Partial<ActivityOptions> = {}) => t.as({ from: p, conversation: personal(p), ...o });

  async function say(p: typeof filer, text: string): Promise<ConnectorCall> {
    const before = t.connector.calls().length;
    const res = await postActivity(t.url, messageActivity(text, as(p)));
    expect(res.status).toBeLessThan(300);
    return t.connector.waitFor((c) => t.connector.calls().indexOf(c) >= before && (c.kind === 'reply' || c.kind === 'send'));
  }

  async function fileAsTeams() {
    const { request } = await t.app.db.repositories.requests.create({
      form: seedForm(),
      createdBy: { platform: 'teams', userId: filer.aadObjectId },
      origin: { platform: 'teams', channelId: TeamsConversation.id },
      draftId: null,
      now: t.clock.now(),
      fiscalYear: 2009,
      casePrefix: 'H21',
    });
    await t.app.reminders.replan(request);
    return request;
  }

  it("sends the person's desk in the personal chat and updates it in place when something changes", async () => {
    const request = await fileAsTeams();
    const home = await say(filer, 'ホーム');
    const card = cardOf(home)!;
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('期限が近いもの');
    expect(text).toContain('関係課長会議の資料提出期限（3営業日前）');
    expect(text).toContain(`${request.caseNo} `);
    expect(text).toContain('申込中・関係課長会議 平成21年4月16日');
    expect(text).toContain('今後の庁議');
    expect(text).not.toContain('庁議事務局');
    expect(
      elements(card)
        .filter((e) => e.type === 'Action.Submit')
        .map((e) => e.title),
    ).toEqual(expect.arrayContaining(['新規申込', '対応済み', '延期']));

    const secHome = await say(sec, 'ホーム');
    expect(cardText(cardOf(secHome)!)).toContain('次の会議と案件');
    expect(elements(cardOf(secHome)!).some((e) => e.type === 'Action.Submit' && e.title === '名簿')).toBe(true);

    // 対応済み on the filer's desk: the card is redrawn in place, and the secretariat's desk is updated too.
    const done = elements(card).find((e) => e.type === 'Action.Submit' && e.title === '対応済み');
    const before = t.connector.calls('update').length;
    await postActivity(t.url, actionSubmit(done.data, as(filer, { replyToId: home.id! })));
    await eventually(() => {
      const updates = t.connector.calls('update').slice(before);
      expect(updates.map((u) => u.activityId).sort()).toEqual([home.id, secHome.id].sort());
    });
    const reminder = (await t.app.db.repositories.reminders.get(done.data.reminderId))!;
    expect(reminder.status).toBe('done');

    // In a channel, ホーム points to the personal chat.
    const before2 = t.connector.calls().length;
    await postActivity(t.url, messageActivity('ホーム', t.as({ from: filer })));
    const reply = await t.connector.waitFor((c) => t.connector.calls().indexOf(c) >= before2 && c.kind === 'reply');
    expect(reply.body.text).toContain('個人チャット');
  });

  it('lets the secretariat keep the 名簿 with a people picker: two sections refused with the picks kept, applied at once, others may not open it', async () => {
    const rosterReply = await say(sec, '名簿');
    const card = cardOf(rosterReply)!;
    // The people picker is Teams' own extension of Input.ChoiceSet (documented for Teams
    // cards from 1.2, with `choices: []` filled from Graph); the adaptivecards library
    // knows `choices.data` only from 1.6, so it also wants a static choice in empty pickers.
    const teamsPicker = (p: string) => p.includes('"choices.data" is supported in version 1.6') || p.includes('must have at least one choice');
    expect(cardProblems(card).filter((p) => !teamsPicker(p))).toEqual([]);
    const picker = elements(card).find((e) => e.id === 'roster.zaimu');
    expect(picker).toMatchObject({
      type: 'Input.ChoiceSet',
      isMultiSelect: true,
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
    });
    const save = elements(card).find((e) => e.type === 'Action.Submit');

    // The same person in two sections: the card comes back with the picks and an error; nothing saved.
    await postActivity(
      t.url,
      actionSubmit(
        { ...save.data, 'roster.zaimu': newcomer.aadObjectId, 'roster.somu': newcomer.aadObjectId },
        as(sec, { replyToId: rosterReply.id! }),
      ),
    );
    const refused = await t.connector.waitFor((c) => c.kind === 'update' && c.activityId === rosterReply.id);
    expect(cardText(cardOf(refused)!)).toContain('「総務課長」にも入っています');
    expect(elements(cardOf(refused)!).find((e) => e.id === 'roster.zaimu').value).toBe(newcomer.aadObjectId);
    expect(await t.app.db.repositories.roster.sectionOf('teams', newcomer.aadObjectId)).toBeNull();

    const n = t.connector.calls('update').length;
    await postActivity(t.url, actionSubmit({ ...save.data, 'roster.zaimu': newcomer.aadObjectId }, as(sec, { replyToId: rosterReply.id! })));
    await eventually(() => expect(t.connector.calls('update').length).toBeGreaterThan(n));
    expect(cardText(cardOf(t.connector.calls('update').at(-1)!)!)).toContain('出席者名簿を保存しました（追加 1人・外した人 0人）');
    expect(await t.app.db.repositories.roster.sectionOf('teams', newcomer.aadObjectId)).toBe('zaimu');
    expect((await t.app.db.repositories.roster.history(5))[0]).toMatchObject({
      userId: newcomer.aadObjectId,
      assignedBy: `teams:${sec.aadObjectId}`,
    });

    // Only the secretariat may open it.
    const refusedOpen = await say(filer, '名簿');
    expect(refusedOpen.body.text).toContain('庁議事務局だけです');
  });

  it('refuses guests, disabled accounts and ids that are no user of the tenant (bots, other tenants) in the 名簿, and saves nothing when Graph cannot tell', async () => {
    const guest = teamsPerson('roster-guest', 'ゲスト');
    const disabled = teamsPerson('roster-disabled', '退職者');
    graph.setUser(guest.aadObjectId, { userType: 'Guest' });
    graph.setUser(disabled.aadObjectId, { accountEnabled: false });
    const bot = '28:0b1c2d3e-bot';
    const rosterReply = await say(sec, '名簿');
    const save = elements(cardOf(rosterReply)!).find((e) => e.type === 'Action.Submit');
    const submit = async (picks: Record<string, string>) => {
      const n = t.connector.calls().length;
      await postActivity(t.url, actionSubmit({ ...save.data, ...picks }, as(sec, { replyToId: rosterReply.id! })));
      return t.connector.waitFor((c) => t.connector.calls().indexOf(c) >= n && (c.kind === 'update' || c.kind === 'reply' || c.kind === 'send'));
    };

    const refused = await submit({ 'roster.zaimu': `${newcomer.aadObjectId},${guest.aadObjectId}`, 'roster.somu': `${disabled.aadObjectId},${bot}` });
    const text = cardText(cardOf(refused)!);
    expect(text).toContain('この欄の1人は登録できません（ボット、利用停止中のアカウント、ゲスト、外部の組織の人は出席者になれません）');
    expect(text).toContain('この欄の2人は登録できません');
    expect(elements(cardOf(refused)!).find((e) => e.id === 'roster.zaimu').value).toBe(`${newcomer.aadObjectId},${guest.aadObjectId}`);
    expect(await t.app.db.repositories.roster.current('teams')).toEqual([]);
    const asked = graph.requests((r) => r.method === 'GET' && r.path.startsWith('/v1.0/users/')).map((r) => r.path);
    expect(asked.sort()).toEqual(
      [newcomer, guest, disabled]
        .map((p) => `/v1.0/users/${p.aadObjectId}`)
        .concat(`/v1.0/users/${bot}`)
        .sort(),
    );

    // Consent withdrawn (403): refused with a message, nothing saved.
    graph.revoke('User.Read.All');
    const unchecked = await submit({ 'roster.zaimu': newcomer.aadObjectId });
    expect(unchecked.body.text).toContain('確認できなかったため、出席者名簿は保存していません');
    expect(unchecked.body.text).toContain('User.Read.All');
    expect(await t.app.db.repositories.roster.current('teams')).toEqual([]);
  });
});

describe('ホーム cards after a restart', () => {
  it('updates, from a new app instance on the same database, exactly the desk cards of the people a change concerns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chogi-teams-home-restart-'));
    const databaseUrl = `file:${join(dir, 'chogi.db')}`;
    const connector = await startFakeConnector();
    const org = { secretariat: { slack: [], teams: [sec.aadObjectId] }, members: { slack: {}, teams: {} } };
    const opened = new Map<string, ConnectorCall>();
    try {
      const first = await startTeamsTestApp({ now: '2009-04-10T01:00:00Z', org, databaseUrl, connector });
      const { request } = await first.app.db.repositories.requests.create({
        form: seedForm(),
        createdBy: { platform: 'teams', userId: filer.aadObjectId },
        origin: { platform: 'teams', channelId: TeamsConversation.id },
        draftId: null,
        now: first.clock.now(),
        fiscalYear: 2009,
        casePrefix: 'H21',
      });
      await first.app.reminders.replan(request);
      for (const p of [filer, sec, newcomer]) {
        const before = connector.calls().length;
        await postActivity(first.url, messageActivity('ホーム', first.as({ from: p, conversation: personal(p) })));
        opened.set(p.id, await connector.waitFor((c) => connector.calls().indexOf(c) >= before && (c.kind === 'reply' || c.kind === 'send')));
      }
      await first.stop();

      // Another instance (or this one restarted): 対応済み on the filer's card, sent by the first one.
      const second = await startTeamsTestApp({ now: '2009-04-10T02:00:00Z', org, databaseUrl, connector });
      try {
        const home = opened.get(filer.id)!;
        const done = elements(cardOf(home)!).find((e) => e.type === 'Action.Submit' && e.title === '対応済み');
        const before = connector.calls('update').length;
        await postActivity(second.url, actionSubmit(done.data, second.as({ from: filer, conversation: personal(filer), replyToId: home.id! })));
        const ids = [filer, sec].map((p) => opened.get(p.id)!.id);
        await eventually(() =>
          expect(
            new Set(
              connector
                .calls('update')
                .slice(before)
                .map((u) => u.activityId),
            ),
          ).toEqual(new Set(ids)),
        );
        await second.app.teams!.desks!.idle();
        expect(
          connector
            .calls('update')
            .slice(before)
            .some((u) => u.activityId === opened.get(newcomer.id)!.id),
        ).toBe(false);
        expect((await second.app.db.repositories.reminders.get(done.data.reminderId))!.status).toBe('done');
      } finally {
        await second.stop();
      }
    } finally {
      await connector.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
