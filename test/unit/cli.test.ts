import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { defaultOrgFile } from '../../src/infra/config';

/** Runs the CLI as `npm run cli -- …` would, capturing what it prints. */
async function cli(args: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args.split(' ').filter(Boolean), {
    env,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    now: () => new Date('2026-12-04T15:30:00Z'), // already 12/5 (Sat) in Tokyo
  });
  return { code, stdout, stderr, lines: stdout.split('\n').filter(Boolean) };
}

describe('npm run cli -- meetings', () => {
  it('prints the next meeting days of a tier by name: ISO date, then 和暦 with weekday', async () => {
    const r = await cli('meetings --tier 政策調整会議 --from 2026-12-01 --count 3');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.lines).toEqual(['2026-12-02  令和8年12月2日(水)', '2026-12-16  令和8年12月16日(水)', '2027-01-06  令和9年1月6日(水)']);
  });

  it('accepts the tier id and notes holiday moves', async () => {
    const r = await cli('meetings --tier kyoku --from 2026-04-27 --count 3');
    expect(r.lines).toEqual([
      '2026-04-27  令和8年4月27日(月)',
      '2026-05-07  令和8年5月7日(木)  （5月4日(月)がみどりの日のため移動）',
      '2026-05-11  令和8年5月11日(月)',
    ]);
  });

  it('names the 国民の休日 and the year-end closure, with the year when it differs', async () => {
    const silver = await cli('meetings --tier 局経営会議 --from 2026-09-21 --count 1');
    expect(silver.lines).toEqual(['2026-09-24  令和8年9月24日(木)  （9月21日(月)が敬老の日のため移動）']);
    const dir = mkdtempSync(join(tmpdir(), 'chogi-cli-'));
    const file = join(dir, 'org.yaml');
    writeFileSync(file, readFileSync(defaultOrgFile(), 'utf8').replace('rrule: FREQ=WEEKLY;BYDAY=MO', 'rrule: FREQ=WEEKLY;BYDAY=TU'));
    const yearEnd = await cli('meetings --tier kyoku --from 2027-01-02 --count 1', { ORG_CONFIG: file });
    expect(yearEnd.lines).toEqual(['2027-01-04  令和9年1月4日(月)  （2026年12月29日(火)が年末年始の閉庁日のため移動）']);
  });

  it('starts from today in Tokyo when --from is left out, and shows 10 dates by default', async () => {
    const r = await cli('meetings --tier kyoku');
    expect(r.lines).toHaveLength(10);
    expect(r.lines[0]).toBe('2026-12-07  令和8年12月7日(月)');
  });

  it('reads --from in 和暦 too', async () => {
    const r = await cli('meetings --tier seisaku --from R8.12.11 --count 1');
    expect(r.lines).toEqual(['2026-12-24  令和8年12月24日(木)']);
  });

  it('says so on stderr when a tier has no regular days', async () => {
    const r = await cli('meetings --tier 関係課長会議 --count 5');
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/関係課長会議: no regular meeting days/);
  });

  it('prints usage for --help', async () => {
    for (const args of ['--help', 'meetings --help']) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/npm run cli -- meetings --tier NAME/);
    }
  });

  it.each([
    [
      'meetings --tier 市長会議',
      /^chogi: unknown tier "市長会議"; valid tiers: 関係課長会議 \(kacho\), 局経営会議 \(kyoku\), 政策調整会議 \(chosei\), 政策会議 \(seisaku\)\n$/,
    ],
    ['meetings --tier kyoku --from 2026-02-30', /^chogi: --from: "2026-02-30" is not a date/],
    ['meetings --tier kyoku --from 2026-12', /^chogi: --from: "2026-12" is not a date/],
    ['meetings --tier kyoku --count 0', /^chogi: --count: "0" must be a whole number from 1 to 1000\n$/],
    ['meetings --tier kyoku --count 1001', /^chogi: --count: "1001" must be/],
    ['meetings --tier kyoku --count 2.5', /^chogi: --count: "2.5" must be/],
    ['meetings --count 3', /^chogi: --tier is required/],
    ['meetings --tier kyoku --verbose', /^chogi: Unknown option '--verbose'/],
    ['meetings --tier', /^chogi: Option '--tier <value>' argument missing/],
    ['schedule', /^chogi: unknown command "schedule"/],
  ])('exits 2 with one line on stderr for %j', async (args, message) => {
    const r = await cli(args);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 2 naming the file and entry when the configuration is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chogi-cli-'));
    const file = join(dir, 'org.yaml');
    writeFileSync(file, readFileSync(defaultOrgFile(), 'utf8').replace('rrule: FREQ=MONTHLY;BYDAY=1WE,3WE', 'rrule: FREQ=MONTHLY;BYDAY=1WED'));
    const r = await cli('meetings --tier kyoku', { ORG_CONFIG: file });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `chogi: ${file}: tiers[2].rrule: BYDAY value "1WED" is not a weekday (MO TU WE TH FR SA SU, optionally numbered: 1WE, -1FR)\n`,
    );
    const missing = await cli('meetings --tier kyoku', { ORG_CONFIG: join(dir, 'nope.yaml') });
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/^chogi: ORG_CONFIG: cannot read .*nope\.yaml/);
  });

  it('prints usage on stderr and exits 2 without a command', async () => {
    const r = await cli('');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/使い方/);
  });
});
