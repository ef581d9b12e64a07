/**
 * A meeting day's agenda in Teams: posted once in the tier's Teams conversation
 * (`teamsConversation`), from the agenda hour, as in the tier's Slack channel.
 */
import { eventually } from '../support/eventually';
import { fileMinimalInSlack } from '../support/modal';
import { cardText, expectValidCard } from '../support/teamsCards';
import { messageActivity, postActivity } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { cardBytes, CARD_MAX_BYTES } from '../../src/teams/cards/card';
import { agendaCard } from '../../src/teams/cards/messages';
import { loadOrg } from '../../src/infra/config';

const KYOKU_TEAMS = '19:kyoku-channel@thread.tacv2';
const tiers = loadOrg(undefined).org.tiers.map((t) => (t.id === 'kyoku' ? { ...t, teamsConversation: KYOKU_TEAMS } : t));

async function fileInSlack(t: TeamsTestApp, kyoku: string, title: string) {
  const request = await fileMinimalInSlack(t, { title, basics: { 'desiredDates.kyoku': kyoku } });
  await eventually(async () => expect(await t.app.db.repositories.posts.listFor(request.id)).toHaveLength(1));
  return request;
}

describe("a meeting day's agenda in Teams", () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    // Tuesday 2026-11-24, 10:00 in Tokyo.
    t = await startTeamsTestApp({ org: { tiers } });
  });
  afterEach(async () => t.stop());

  it("posts it once in the tier's Teams conversation from the agenda hour, user text as text", async () => {
    const a = await fileInSlack(t, 'R8.11.30', '(仮称)第一の案件');
    const b = await fileInSlack(t, 'R8.11.30', '**第二の案件** <at>全員</at>');
    // The bot was installed in the tier's channel (its conversation reference is stored).
    await postActivity(t.url, {
      ...messageActivity('ヘルプ', t.as({ conversation: { id: KYOKU_TEAMS, conversationType: 'channel', tenantId: 'tenant-1' } })),
    });
    await t.connector.waitFor((c) => c.kind === 'reply');

    t.clock.set('2026-11-29T22:00:00Z'); // Monday 07:00 in Tokyo: before the agenda hour (8)
    expect(await t.app.postDueAgendas()).toBe(0);
    t.clock.set('2026-11-29T23:00:00Z');
    expect(await t.app.postDueAgendas()).toBe(1);
    const sent = await t.connector.waitFor((c) => c.kind === 'send');
    expect(sent.conversationId).toBe(KYOKU_TEAMS);
    const card = sent.body.attachments[0].content;
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('本日の議題　局経営会議　令和8年11月30日(月) 09:30');
    // One TextRun per part (cardText puts each on its line): number, case, title, owner.
    expect(text).toContain(`1. \n${a.caseNo}\n　(仮称)第一の案件\n（企画財政局 企画部 情報政策担当）`);
    expect(text).toContain(`2. \n${b.caseNo}\n　**第二の案件** <at>全員</at>\n`);
    expect(JSON.stringify(card)).not.toContain('"type":"TextBlock","text":"**');
    expect(text).toContain('案件 2件');
    // Once: a second round (or another instance) posts nothing more.
    expect(await t.app.postDueAgendas()).toBe(0);
    expect(t.connector.calls('send')).toHaveLength(1);
  });

  it('keeps the agenda for a later round when the bot does not know the conversation yet', async () => {
    await fileInSlack(t, 'R8.11.30', '(仮称)待つ案件');
    t.clock.set('2026-11-29T23:00:00Z');
    expect(await t.app.postDueAgendas()).toBe(0);
    expect(t.connector.calls('send')).toHaveLength(0);
    await postActivity(
      t.url,
      messageActivity('ヘルプ', t.as({ conversation: { id: KYOKU_TEAMS, conversationType: 'channel', tenantId: 'tenant-1' } })),
    );
    await t.connector.waitFor((c) => c.kind === 'reply');
    expect(await t.app.postDueAgendas()).toBe(1);
    expect(cardText((await t.connector.waitFor((c) => c.kind === 'send')).body.attachments[0].content)).toContain('(仮称)待つ案件');
  });

  it('stays under the Teams size limit with a very long agenda, saying how many it left out', () => {
    const items = Array.from({ length: 400 }, (_, i) => ({
      caseNo: `R8-${String(i + 1).padStart(3, '0')}`,
      title: '長い案件名'.repeat(40),
      owner: '企画財政局 企画部 情報政策担当',
    }));
    const card = agendaCard({ day: '令和8年11月30日(月) 09:30', tier: '局経営会議', adHoc: false, items });
    expectValidCard(card);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    expect(cardText(card)).toMatch(/ほか \d+件/);
    expect(cardText(card)).toContain('案件 400件');
  });
});
