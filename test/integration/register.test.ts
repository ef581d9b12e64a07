import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../../src/cli/main';
import { WAREKI_FORMAT } from '../../src/app/register';
import { parseFiscalYear } from '../../src/domain/jpdate';
import { openDatabase } from '../../src/infra/db';
import { seedForm } from '../fixtures/seedForm';

async function cli(args: string[], env: Record<string, string>) {
  const out: Buffer[] = [];
  let stderr = '';
  const code = await runCli(args, {
    env,
    stdout: { write: (d: string | Uint8Array) => out.push(Buffer.from(d)) },
    stderr: { write: (s: string | Uint8Array) => (stderr += String(s)) },
    now: () => new Date('2026-11-24T01:00:00Z'),
  });
  return { code, stdout: Buffer.concat(out), stderr };
}

describe('年度 names', () => {
  it('reads R8, 令和8年度, 令和元年度, H21, 平成31年度, 2026 and full-width digits; refuses unknown and future ones', () => {
    const latest = 2026;
    expect(['R8', 'r8', '令和8年度', '令和８', '2026', '2026年度'].map((t) => parseFiscalYear(t, latest))).toEqual([
      2026, 2026, 2026, 2026, 2026, 2026,
    ]);
    expect(parseFiscalYear('令和元年度', latest)).toBe(2019);
    expect(parseFiscalYear('平成31年度', latest)).toBe(2019);
    expect(parseFiscalYear('H21', latest)).toBe(2009);
    expect(parseFiscalYear('S63', latest)).toBe(1988);
    for (const bad of ['R99', '平成99', 'H32', 'R0', '来年度', '', '2027']) expect(parseFiscalYear(bad, latest)).toBeNull();
  });
});

describe('npm run cli -- register', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chogi-register-'));
    env = { DATABASE_URL: `file:${join(dir, 'chogi.db')}` };
    const db = await openDatabase(env.DATABASE_URL);
    try {
      const actor = { platform: 'slack' as const, userId: 'U0ALICE' };
      const file = (title: string, fiscalYear: number, casePrefix: string) =>
        db.repositories.requests.create({
          form: { ...seedForm(), title },
          createdBy: actor,
          origin: { platform: 'slack', channelId: 'C1' },
          draftId: null,
          now: new Date('2026-11-20T01:00:00Z'),
          fiscalYear,
          casePrefix,
        });
      const a = (await file('(仮称)情報マネジメント推進計画の策定について(中間報告)', 2026, 'R8')).request;
      const b = (await file('市民会館の改修, "第2期"について', 2026, 'R8')).request;
      await file('前年度の案件', 2025, 'R7');
      await db.repositories.reviews.saveResult(
        a.id,
        'kacho',
        { meetingLabel: '第3回検討会議', result: '原案を上部庁議へ付議する', followUps: [] },
        new Date(),
      );
      await db.repositories.requests.setStatus(b.id, {
        status: 'withdrawn',
        kind: 'withdrawn',
        expectedVersion: 1,
        actor,
        changes: [],
        now: new Date(),
      });
    } finally {
      await db.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the .xlsx alone on stdout: merged title, Japanese headers, one row per request, real 和暦 dates, print setup', async () => {
    const r = await cli(['register', '--year', 'R8'], env);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.subarray(0, 2).toString()).toBe('PK'); // a zip: nothing else was printed
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.stdout as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('令和8年度')!;
    expect(ws).toBeDefined();
    expect(ws.getCell('A1').value).toBe('令和8年度 庁議案件一覧');
    expect(ws.getCell('A1').isMerged).toBe(true);
    const headers = (ws.getRow(2).values as unknown[]).slice(1);
    expect(headers).toEqual([
      '案件番号',
      '申込日',
      '案件名',
      '所管（局）',
      '所管（部）',
      '所管（担当）',
      '関係課長会議 審議希望日',
      '関係課長会議 結果',
      '局経営会議 審議希望日',
      '局経営会議 結果',
      '政策調整会議 審議希望日',
      '政策調整会議 結果',
      '政策会議 審議希望日',
      '政策会議 結果',
      'パブリックコメント',
      '議会への情報提供',
      '議会上程時期',
      '状況',
    ]);
    expect(ws.rowCount).toBe(4);
    const row = (n: number) => ws.getRow(n);
    expect(row(3).getCell(1).value).toBe('R8-001');
    expect(row(3).getCell(2).value).toEqual(new Date(Date.UTC(2009, 4, 14)));
    expect(row(3).getCell(2).numFmt).toBe(WAREKI_FORMAT);
    expect(row(3).getCell(7).value).toEqual(new Date(Date.UTC(2009, 3, 16)));
    expect(row(3).getCell(7).numFmt).toBe(WAREKI_FORMAT);
    expect(row(3).getCell(8).value).toBe('原案を上部庁議へ付議する');
    expect(row(3).getCell(15).value).toBe('実施あり（平成21年12月）');
    expect(row(3).getCell(18).value).toBe('審議中（局経営会議）');
    expect(row(4).getCell(3).value).toBe('市民会館の改修, "第2期"について');
    expect(row(4).getCell(18).value).toBe('取り下げ');
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '2:2' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBeTruthy();
  });

  it('writes CSV as UTF-8 with a BOM, quoted where needed', async () => {
    const r = await cli(['register', '--year', '令和8年度', '--csv'], env);
    expect(r.code).toBe(0);
    expect([...r.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = r.stdout.toString('utf8').slice(1).split('\r\n');
    expect(lines[0].split(',')[0]).toBe('案件番号');
    expect(lines[1]).toMatch(/^R8-001,平成21年5月14日,\(仮称\)情報マネジメント推進計画の策定について\(中間報告\),/);
    expect(lines[2]).toContain('"市民会館の改修, ""第2期""について"');
    expect(lines).toHaveLength(4); // two rows and the final CRLF
  });

  it('says clearly when the 年度 is unknown, and writes nothing', async () => {
    for (const year of ['R99', '平成99']) {
      const r = await cli(['register', '--year', year], env);
      expect(r.code).toBe(2);
      expect(r.stdout.length).toBe(0);
      expect(r.stderr).toContain(`「${year}」は年度として分かりません`);
    }
  });
});
