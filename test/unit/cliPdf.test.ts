import { closeSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDocument } from '../../src/cli/binaryOut';
import { runCli } from '../../src/cli/main';
import { openDatabase, type Database } from '../../src/infra/db';
import { seedForm } from '../fixtures/seedForm';
import { sqliteTestDatabase, type TestDatabase } from '../integration/support/databases';
import { readPdf } from '../support/pdfRead';

/** Runs the CLI as `npm run cli -- … > file.pdf` would: stdout as bytes, stderr as text. */
async function cli(args: string[], env: Record<string, string>) {
  const out: Buffer[] = [];
  let stderr = '';
  const code = await runCli(args, {
    env,
    stdout: { write: (d: string | Uint8Array) => out.push(Buffer.from(d)) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout: Buffer.concat(out), stderr };
}

describe('npm run cli -- pdf / packet', () => {
  let target: TestDatabase;
  let db: Database;
  let env: Record<string, string>;
  beforeAll(async () => {
    target = await sqliteTestDatabase();
    db = await openDatabase(target.url);
    env = { DATABASE_URL: target.url };
    await db.repositories.requests.create({
      form: seedForm(),
      createdBy: { platform: 'slack', userId: 'UFILER' },
      origin: { platform: 'slack', channelId: 'CSEED' },
      draftId: null,
      now: new Date('2009-05-14T01:00:00Z'),
      fiscalYear: 2009,
      casePrefix: 'H21',
    });
  });
  afterAll(async () => {
    await db.close();
    await target.drop();
  });

  it('writes the PDF and nothing else to stdout, and a status line to stderr', async () => {
    const r = await cli(['pdf', 'h21-001'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.subarray(0, 5).toString()).toBe('%PDF-');
    expect(r.stdout.subarray(-6).toString()).toMatch(/%%EOF\s*$/);
    expect(r.stderr).toBe(`H21-001 ${seedForm().title}: ${r.stdout.length} bytes\n`);
    const read = await readPdf(r.stdout);
    expect(read.text).toContain('H21-001');
    expect(read.text).toContain(seedForm().title);
    // The current tier's record is printed blank, ready to be filled in at the meeting.
    expect(read.text).toContain('関係課長会議結果等（未記録）');
  });

  it('writes the meeting packet for a tier and day', async () => {
    const r = await cli(['packet', '--tier', '局経営会議', '--date', '2009-05-18'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^局経営会議 2009-05-18: 1 items, \d+ bytes\n$/);
    const read = await readPdf(r.stdout);
    expect(read.pageText[0]).toContain('庁議資料局経営会議平成21年5月18日(月)');
    expect(read.pageText[0]).toContain('H21-001');
    expect(read.outline).toEqual(['庁議資料', `1. H21-001 ${seedForm().title}`]);
  });

  it('refuses an unknown case number or tier, and a missing --date, with exit code 2 and nothing on stdout', async () => {
    for (const [args, message] of [
      [['pdf', 'R8-999'], 'chogi: no request "R8-999"\n'],
      [['pdf'], 'chogi: a case number is required (e.g. npm run cli -- pdf R8-001 > R8-001.pdf)\n'],
      [['packet', '--tier', '局経営会議'], 'chogi: --date is required (e.g. --date 2026-12-07)\n'],
      [['packet', '--tier', '市長会議', '--date', '2026-12-07'], /^chogi: unknown tier "市長会議"/],
    ] as const) {
      const r = await cli([...args], env);
      expect(r.code).toBe(2);
      expect(r.stdout.length).toBe(0);
      if (typeof message === 'string') expect(r.stderr).toBe(message);
      else expect(r.stderr).toMatch(message);
    }
  });
});

describe('the PDF on stdout redirected to a file', () => {
  const pdf = Buffer.from('%PDF-1.7\n...\n%%EOF\n');

  function redirected(before: string): string {
    const file = join(mkdtempSync(join(tmpdir(), 'chogi-out-')), 'out.pdf');
    const fd = openSync(file, 'w');
    if (before) writeSync(fd, before);
    writeDocument(pdf, fd);
    closeSync(fd);
    return readFileSync(file, 'latin1');
  }

  it('drops the banner npm printed into the file first, so the file is the PDF alone', () => {
    expect(redirected('\n> chogi@0.1.0 cli\n> npm run build --silent && node dist/src/cli/main.js pdf R8-001\n\n')).toBe(pdf.toString('latin1'));
    expect(redirected('')).toBe(pdf.toString('latin1'));
  });

  it('keeps anything else the file held', () => {
    expect(redirected('my notes\n')).toBe(`my notes\n${pdf.toString('latin1')}`);
  });
});
