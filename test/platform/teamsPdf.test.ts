import { readPdf } from '../support/pdfRead';
import { seedRaw } from '../fixtures/seedRaw';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { postedSeedInTeams } from '../support/teamsForm';
import { buttonTitles, cardOf, currentRequestCard, expectAllCardsValid, pressSubmit, teamsPerson, type TeamsPerson } from '../support/teamsMeeting';
import { cardText, elements } from '../support/teamsCards';
import { eventually } from '../support/eventually';
import { fileMinimalInSlack } from '../support/modal';
import { messageActivity, postActivity, TeamsConversation, TeamsUser } from '../support/teamsActivities';
import { loadOrg } from '../../src/infra/config';

const PUBLIC_URL = 'https://chogi.example.jp';
const STRANGER = teamsPerson('stranger', '他課の職員');
const SECRETARIAT = teamsPerson('secretariat', '事務局');
const WAIT = 20_000;

describe('the 案件申込書 PDF in Teams', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({
      org: { secretariat: { slack: [], teams: [SECRETARIAT.aadObjectId] } },
      env: { TEAMS_LOCAL_MODE: 'true', PUBLIC_URL, LINK_SECRET: 'a-test-secret-of-some-length' },
    });
  });
  afterEach(async () => {
    expectAllCardsValid(t);
    await t.stop();
  });

  async function filed() {
    const { request, post } = await postedSeedInTeams(t);
    return { request, card: currentRequestCard(t, post.messageId) };
  }

  /** Presses 「PDF」 as `who` and returns the bot's answer: the link card's URL, or its text. */
  async function pressPdf(card: unknown, who: TeamsPerson = TeamsUser) {
    const before = t.connector.calls().length;
    await pressSubmit(t, card, 'PDF', t.as({ from: who }));
    const answer = await t.connector.waitFor((c) => t.connector.calls().indexOf(c) >= before && (c.kind === 'send' || c.kind === 'reply'), WAIT);
    const c = cardOf(answer);
    const open = c ? elements(c).find((e) => e.type === 'Action.OpenUrl') : undefined;
    return { url: open?.url as string | undefined, text: (answer.body?.text as string | undefined) ?? (c ? JSON.stringify(c) : '') };
  }

  const fetchLink = (url: string) => fetch(`${t.url}${url.slice(PUBLIC_URL.length)}`);

  it('「PDF」 answers the filer with a signed link that downloads the form as an attachment', async () => {
    const r = await filed();
    expect(buttonTitles(r.card).slice(-5)).toEqual(['編集', '日程', 'PDF', '履歴', '取り下げ']);
    const { url, text } = await pressPdf(r.card);
    expect(text).toContain('案件 R8-001 の案件申込書（PDF）を用意しました。リンクは15分間有効です。');
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/pdf/request/[^?]+\\?exp=\\d+&sig=[0-9a-f]{40}$`));

    const res = await fetchLink(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="R8-001.pdf"; filename*=UTF-8''R8-001.pdf`);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const read = await readPdf(Buffer.from(await res.arrayBuffer()));
    expect(read.text).toContain(seedRaw().title);
    expect(read.text).toContain('R8-001');
  });

  it('refuses a tampered or expired link, and gives no link to someone the rule cannot clear', async () => {
    const r = await filed();
    // The stranger is not a member of the channel (the directory cannot place them there): no link.
    t.connector.setMembers(TeamsConversation.id, [
      { id: TeamsUser.id, aadObjectId: TeamsUser.aadObjectId },
      { id: SECRETARIAT.id, aadObjectId: SECRETARIAT.aadObjectId },
    ]);
    const { url } = await pressPdf(r.card);
    const tampered = url!.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect((await fetchLink(tampered)).status).toBe(404);
    expect((await fetchLink(url!.replace(/exp=(\d+)/, (_m, e: string) => `exp=${Number(e) + 3600}`))).status).toBe(404);
    t.clock.advance(16 * 60_000);
    expect((await fetchLink(url!)).status).toBe(404);

    const refused = await pressPdf(r.card, STRANGER);
    expect(refused.url).toBeUndefined();
    expect(refused.text).toBe('閲覧権限を確認できなかったため、表示していません。しばらくしてからもう一度お試しください。');
    const secretariat = await pressPdf(r.card, SECRETARIAT);
    expect((await fetchLink(secretariat.url!)).status).toBe(200);
  });
});

describe('the 庁議資料 in Teams', () => {
  const KYOKU_TEAMS = '19:kyoku-channel@thread.tacv2';
  let t: TeamsTestApp;
  beforeEach(async () => {
    // Monday 2026-12-07, 07:00 in Tokyo: before the agenda hour.
    t = await startTeamsTestApp({
      now: '2026-12-06T22:00:00Z',
      org: {
        secretariat: { slack: [], teams: [SECRETARIAT.aadObjectId] },
        tiers: loadOrg(undefined).org.tiers.map((tier) => (tier.id === 'kyoku' ? { ...tier, teamsConversation: KYOKU_TEAMS } : tier)),
      },
      env: { TEAMS_LOCAL_MODE: 'true', PUBLIC_URL, LINK_SECRET: 'a-test-secret-of-some-length', SCHEDULER: 'off' },
    });
  });
  afterEach(async () => {
    expectAllCardsValid(t);
    await t.stop();
  });

  it('「庁議資料」 on the agenda answers with a link to the packet of the items the presser may see', async () => {
    const mine = await fileMinimalInSlack(t, { basics: { 'desiredDates.kyoku': 'R8.12.7' } });
    await eventually(async () => expect(await t.app.db.repositories.posts.listFor(mine.id)).toHaveLength(1));
    const kyoku = { conversation: { id: KYOKU_TEAMS, conversationType: 'channel', tenantId: 'tenant-1' } };
    // The bot was installed in the tier's channel (its conversation reference is stored).
    await postActivity(t.url, { ...messageActivity('ヘルプ', t.as(kyoku)) });
    await t.connector.waitFor((c) => c.kind === 'reply');
    t.clock.set('2026-12-07T00:00:00Z');
    expect(await t.app.postDueAgendas()).toBe(1);
    const agenda = cardOf(await t.connector.waitFor((c) => c.conversationId === KYOKU_TEAMS && c.kind === 'send'))!;
    expect(buttonTitles(agenda)).toEqual(['庁議資料']);

    const before = t.connector.calls().length;
    await pressSubmit(t, agenda, '庁議資料', t.as({ ...kyoku, from: SECRETARIAT }));
    const answer = await t.connector.waitFor((c) => t.connector.calls().indexOf(c) >= before && (c.kind === 'send' || c.kind === 'reply'), WAIT);
    const url = elements(cardOf(answer)!).find((e) => e.type === 'Action.OpenUrl')!.url as string;
    expect(url).toBe(
      `${PUBLIC_URL}/pdf/packet/kyoku/2026-12-07?items=${mine.id}&hidden=0&exp=${url.match(/exp=(\d+)/)![1]}&sig=${url.match(/sig=([0-9a-f]{40})$/)![1]}`,
    );
    expect(cardText(cardOf(answer)!)).toContain('局経営会議の庁議資料（あなたが閲覧できる案件 1件）を用意しました。リンクは15分間有効です。');
    const res = await fetch(`${t.url}${url.slice(PUBLIC_URL.length)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="shiryo-kyoku-20261207.pdf"/);
    const read = await readPdf(Buffer.from(await res.arrayBuffer()));
    expect(read.outline).toEqual(['庁議資料', `1. R8-001 ${seedRaw().title}`]);

    // The items are signed: a link with other items does not hold.
    const forged = url.replace(`items=${mine.id}`, `items=${mine.id},other-request`);
    expect((await fetch(`${t.url}${forged.slice(PUBLIC_URL.length)}`)).status).toBe(404);
  });
});
