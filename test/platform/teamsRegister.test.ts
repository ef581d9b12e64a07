import ExcelJS from 'exceljs';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { fileSeedInTeams } from '../support/teamsForm';
import { cardOf } from '../support/teamsMeeting';
import { cardText, elements, expectValidCard } from '../support/teamsCards';
import { messageActivity, postActivity, TeamsUser } from '../support/teamsActivities';

const SECRETARIAT = { id: '29:secretariat', aadObjectId: '00000000-0000-0000-0000-0000000000s1', name: '事務局' };
const personal = (from: { id: string; aadObjectId: string; name: string }) => ({
  id: `a:personal-${from.id}`,
  conversationType: 'personal',
  tenantId: 'tenant-1',
});

describe('台帳 in Teams: a signed, expiring link in the personal chat', () => {
  let t: TeamsTestApp;
  beforeEach(async () => {
    t = await startTeamsTestApp({
      now: '2026-11-24T01:00:00Z',
      org: { secretariat: { slack: [], teams: [SECRETARIAT.aadObjectId] } },
      env: { TEAMS_LOCAL_MODE: 'true', PUBLIC_URL: 'https://chogi.example.jp', LINK_SECRET: 'a-test-link-secret-0123456789' },
    });
  });
  afterEach(async () => t.stop());

  async function ask(text: string, from: { id: string; aadObjectId: string; name: string }, conversation = personal(from)) {
    const before = t.connector.calls('reply').length;
    const res = await postActivity(t.url, messageActivity(text, t.as({ from, conversation })));
    expect(res.status).toBe(200);
    const replies = t.connector.calls('reply');
    expect(replies.length).toBeGreaterThan(before);
    const card = cardOf(replies.at(-1)!);
    expectValidCard(card);
    return card;
  }

  const download = async (url: string) => {
    const u = new URL(url);
    return fetch(`${t.url}${u.pathname}${u.search}`);
  };

  it('gives the secretariat a link to every row; the link expires and cannot be altered; the filer gets the rows they may see; channels get no link', async () => {
    await fileSeedInTeams(t);
    const channelCard = await ask('台帳', SECRETARIAT, { id: '19:chogi-channel@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' });
    expect(cardText(channelCard)).toContain('個人チャット');
    expect(elements(channelCard).some((e) => e.type === 'Action.OpenUrl')).toBe(false);

    const card = await ask('台帳 R8', SECRETARIAT);
    expect(cardText(card)).toContain('令和8年度の庁議案件一覧（1件）をダウンロードできます（リンクは15分間有効です）。');
    const url = elements(card).find((e) => e.type === 'Action.OpenUrl').url as string;
    expect(url.startsWith('https://chogi.example.jp/register/2026.xlsx?')).toBe(true);
    const res = await download(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('庁議案件一覧_令和8年度.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets[0].getRow(3).getCell(3).value).toBe('(仮称)情報マネジメント推進計画の策定について(中間報告)');

    expect((await download(url.replace('2026.xlsx', '2025.xlsx'))).status).toBe(404);
    expect((await download(url.replace(/sig=[0-9a-f]/, 'sig=0'))).status).toBe(404);
    t.clock.advance(16 * 60_000);
    expect((await download(url)).status).toBe(404);

    // Anyone else gets what the visibility rule lets them see (its own tests cover who sees what).
    const filer = await ask('台帳', { ...TeamsUser });
    expect(cardText(filer)).toContain('（1件）');
    expect(cardText(await ask('台帳 平成99', SECRETARIAT))).toContain('「平成99」は年度として分かりません');
  });
});
