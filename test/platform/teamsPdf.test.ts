import { readPdf } from '../support/pdfRead';
import { seedRaw } from '../fixtures/seedRaw';
import { TeamsUser } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { fileSeedInTeams } from '../support/teamsForm';
import { buttonTitles, cardOf, currentRequestCard, expectAllCardsValid, pressSubmit, teamsPerson, type TeamsPerson } from '../support/teamsMeeting';
import { elements } from '../support/teamsCards';

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
    await fileSeedInTeams(t);
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    const [post] = await t.app.db.repositories.posts.listFor(request.id);
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
    expect(buttonTitles(r.card).slice(-3)).toEqual(['編集', '日程', 'PDF']);
    const { url, text } = await pressPdf(r.card);
    expect(text).toContain('案件 R8-001 の案件申込書（PDF）を用意しました。リンクは15分間有効です。');
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/pdf/request/[^?]+\\?exp=\\d+&sig=[0-9a-f]{40}$`));

    const res = await fetchLink(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="R8-001.pdf"');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const read = await readPdf(Buffer.from(await res.arrayBuffer()));
    expect(read.text).toContain(seedRaw().title);
    expect(read.text).toContain('R8-001');
  });

  it('refuses a tampered or expired link, and gives no link to someone who may not see the request', async () => {
    const r = await filed();
    const { url } = await pressPdf(r.card);
    const tampered = url!.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect((await fetchLink(tampered)).status).toBe(404);
    expect((await fetchLink(url!.replace(/exp=(\d+)/, (_m, e: string) => `exp=${Number(e) + 3600}`))).status).toBe(404);
    t.clock.advance(16 * 60_000);
    const expired = await fetchLink(url!);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toBe('このリンクは有効期限が切れています。Teams の申込書の「PDF」からもう一度開いてください。');

    const refused = await pressPdf(r.card, STRANGER);
    expect(refused.url).toBeUndefined();
    expect(refused.text).toBe('この案件は見つからないか、あなたには閲覧する権限がありません。');
    const secretariat = await pressPdf(r.card, SECRETARIAT);
    expect((await fetchLink(secretariat.url!)).status).toBe(200);
  });
});
