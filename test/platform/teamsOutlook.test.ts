/**
 * 見通し in Teams: the message `見通し` answers with one Adaptive Card (risks first, under
 * Teams' size limit), and the week's outlook goes to the secretariat's Teams conversation
 * once, on the week's first business day from the agenda hour.
 */
import { jpDay } from '../../src/domain/jpdate';
import { cardBytes, CARD_MAX_BYTES } from '../../src/teams/cards/card';
import { form, outlookOrg, store } from '../support/outlookSeed';
import { cardText, expectValidCard } from '../support/teamsCards';
import { messageActivity, postActivity, TeamsUser } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';

const SECRETARIAT_TEAMS = '19:secretariat@thread.tacv2';
const org = () => ({ ...outlookOrg({ teams: [TeamsUser.aadObjectId], teamsConversation: SECRETARIAT_TEAMS }) });

describe('見通し in Teams', () => {
  let t: TeamsTestApp;
  afterEach(async () => t.stop());

  it('answers 見通し with one card: the risks first with why, then meetings and deadlines', async () => {
    t = await startTeamsTestApp({ now: '2026-11-26T01:00:00Z', org: org() }); // Thursday 10:00 in Tokyo
    const late = await store(
      t.app,
      t.clock.now(),
      form('(仮称)締切後の案件', { desiredDates: { kacho: null, kyoku: jpDay(2026, 11, 30), chosei: null, seisaku: null } }),
    );
    const plan = await store(t.app, t.clock.now(), form('(仮称)12月議会の案件', { councilSession: '令和8年第4回定例会' }));
    await postActivity(t.url, messageActivity('見通し', t.as()));
    const reply = await t.connector.waitFor((c) => c.kind === 'reply');
    const card = reply.body.attachments[0].content;
    expectValidCard(card);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    const text = cardText(card);
    expect(text).toContain('見通し（令和8年11月26日(木)〜令和8年12月9日(水)）');
    expect(text).toContain('要注意 2件');
    expect(text.indexOf(plan.caseNo)).toBeLessThan(text.indexOf(late.caseNo));
    expect(text.indexOf(late.caseNo)).toBeLessThan(text.indexOf('会議 '));
    expect(text).toContain('令和8年第4回定例会（12月）の議案提出期限（令和8年11月16日(月)）を過ぎています。');
    expect(text).toContain('局経営会議（令和8年11月30日(月)）の申込締切（令和8年11月25日(水) 12:00）を過ぎてから申し込まれています');
    expect(text).toContain('局経営会議（令和8年12月7日(月)）の申込締切');
  });

  it('shows anyone else only the requests they may see, and says so', async () => {
    t = await startTeamsTestApp({ now: '2026-11-26T01:00:00Z', org: org() });
    const late = await store(
      t.app,
      t.clock.now(),
      form('(仮称)締切後の案件', { desiredDates: { kacho: null, kyoku: jpDay(2026, 11, 30), chosei: null, seisaku: null } }),
    );
    const outsider = { id: '29:outsider', aadObjectId: '00000000-0000-0000-0000-0000000000b2', name: '他課職員' };
    await postActivity(
      t.url,
      messageActivity(
        '見通し',
        t.as({ from: outsider, conversation: { id: `a:personal-${outsider.aadObjectId}`, conversationType: 'personal', tenantId: 'tenant-1' } }),
      ),
    );
    const card = (await t.connector.waitFor((c) => c.kind === 'reply')).body.attachments[0].content;
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('あなたが閲覧できる案件だけを表示しています');
    expect(text).toContain('要注意 0件');
    expect(text).not.toContain(late.caseNo);
    // The calendar stays: the meetings and the org's own cut-offs.
    expect(text).toContain('局経営会議（令和8年12月7日(月)）の申込締切');
  });

  it('posts the week’s outlook once in the secretariat’s Teams conversation on Monday from the agenda hour', async () => {
    t = await startTeamsTestApp({ now: '2026-11-29T22:00:00Z', org: org() }); // Monday 07:00 in Tokyo
    // The bot was added to the secretariat's channel (its conversation reference is stored).
    await postActivity(
      t.url,
      messageActivity('ヘルプ', t.as({ conversation: { id: SECRETARIAT_TEAMS, conversationType: 'channel', tenantId: 'tenant-1' } })),
    );
    await t.connector.waitFor((c) => c.kind === 'reply');
    expect(await t.app.postDueOutlook()).toBe(0);
    t.clock.set('2026-11-29T23:00:00Z');
    const before = t.connector.calls('send').length;
    // One post in the secretariat's Slack channel, one in its Teams conversation.
    expect(await t.app.postDueOutlook()).toBe(2);
    const sent = await t.connector.waitFor((c) => c.kind === 'send');
    expect(sent.conversationId).toBe(SECRETARIAT_TEAMS);
    const card = sent.body.attachments[0].content;
    expectValidCard(card);
    expect(cardText(card)).toContain('今週の見通し　見通し（令和8年11月30日(月)〜令和8年12月13日(日)）');
    expect(await t.app.postDueOutlook()).toBe(0);
    expect(t.connector.calls('send')).toHaveLength(before + 1);
  });
});
