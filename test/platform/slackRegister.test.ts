import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { fileMinimalInSlack } from '../support/modal';
import { send, slashCommand } from '../support/slackRequests';
import { Workspace } from '../support/workspace';

const SECRETARIAT = 'U0SECRET';
const OTHER = 'U0OTHER';

async function command(t: TestApp, text: string, user: string): Promise<string> {
  const before = t.fake.calls('response_url').length;
  const res = await send(t.url, slashCommand({ text, user_id: user }));
  expect(res.status).toBe(200);
  return String((await t.fake.waitFor('response_url', () => t.fake.calls('response_url').length > before, 10_000)).args.text);
}

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

describe('/案件申込 台帳 in Slack', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: '2026-11-24T01:00:00Z', org: { secretariat: { slack: [SECRETARIAT], teams: [] } } });
  });
  afterEach(async () => t.stop());

  it('sends the secretariat every row of the 年度 as an .xlsx in a DM; others only the rows they may see; an unknown 年度 is named', async () => {
    // OTHER is not in the channel the first request is posted in.
    t.fake.setChannel(Workspace.channelId, { members: [Workspace.userId, SECRETARIAT] });
    await fileMinimalInSlack(t, { title: '申込者Aの案件' });
    await t.fake.waitFor('chat.postMessage');
    const before = t.fake.calls('chat.postMessage').length;
    await fileMinimalInSlack(t, { title: '他課の案件', user: OTHER, channel: 'C0OTHER' });
    await t.fake.waitFor('chat.postMessage', () => t.fake.calls('chat.postMessage').length > before);

    expect(await command(t, '台帳 R8', SECRETARIAT)).toBe('令和8年度の庁議案件一覧（2件）をダイレクトメッセージでお送りしました。');
    const [file] = t.fake.files();
    expect(file).toMatchObject({ filename: '庁議案件一覧_令和8年度.xlsx', channel: `D${SECRETARIAT.slice(1)}`, title: '令和8年度 庁議案件一覧' });
    // The file went where the DM text is, as a thread of it.
    const dm = t.fake.calls('chat.postMessage').find((c) => c.args.channel === SECRETARIAT)!;
    expect(dm.args.text).toBe('令和8年度の庁議案件一覧（2件）です。');
    expect(file.thread_ts).toBe(dm.response.ts);
    expect(t.fake.calls('upload')).toHaveLength(1);
    const ws = await workbook(file.bytes!);
    expect(ws.getCell('A1').value).toBe('令和8年度 庁議案件一覧');
    expect([ws.getRow(3).getCell(3).value, ws.getRow(4).getCell(3).value]).toEqual(['申込者Aの案件', '他課の案件']);
    expect(ws.getRow(3).getCell(2).value).toBeInstanceOf(Date);

    // The visibility rule: OTHER sees their own request, not the one posted where they are not.
    expect(await command(t, '台帳', OTHER)).toBe('令和8年度の庁議案件一覧（1件）をダイレクトメッセージでお送りしました。');
    await eventually(() => expect(t.fake.files()).toHaveLength(2));
    const mine = await workbook(t.fake.files()[1].bytes!);
    expect(mine.rowCount).toBe(3);
    expect(mine.getRow(3).getCell(3).value).toBe('他課の案件');

    expect(await command(t, '台帳 R99', SECRETARIAT)).toBe(
      '「R99」は年度として分かりません。例: R8、令和8年度、H21、2026（今年度より先の年度は指定できません）。',
    );
    expect(await command(t, '台帳 平成99', SECRETARIAT)).toContain('「平成99」は年度として分かりません');
    expect(await command(t, '台帳 R7', Workspace.userId)).toBe('令和7年度の案件はありません（あなたが閲覧できる範囲）。');
    expect(t.fake.files()).toHaveLength(2);
  });
});
