import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, defaultOrgFile, loadEnv, loadOrg } from '../../src/infra/config';
import { exampleOrgText, loadOrgText } from '../fixtures/council';

const fail = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration from the environment', () => {
  it('starts with nothing set: SQLite under ./data, port 3000, no platform', () => {
    expect(loadEnv({})).toMatchObject({ PORT: 3000, DATABASE_URL: 'file:./data/chogi.db', HOST: '0.0.0.0' });
  });

  it('names the variable and what is wrong, in one line', () => {
    expect(fail(() => loadEnv({ PORT: 'eighty' }))).toBe('PORT must be a port number (got "eighty")');
    expect(fail(() => loadEnv({ DATABASE_URL: 'mysql://x' }))).toBe('DATABASE_URL must start with file: (SQLite) or postgresql:// (got "mysql://x")');
    expect(fail(() => loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toBe(
      'SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
    expect(fail(() => loadEnv({ PUBLIC_URL: 'https://chogi.example.jp' }))).toBe('LINK_SECRET is required together with PUBLIC_URL (calendar links)');
  });

  it('never repeats a token or secret in its message', () => {
    const message = fail(() => loadEnv({ SLACK_BOT_TOKEN: 'xoxp-user-token-123' }));
    expect(message).toBe('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(message).not.toContain('123');
  });
});

describe('the organisation file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chogi-org-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('loads the built-in default: the seed city with 17 sections and 4 tiers', () => {
    const { org } = loadOrg(undefined);
    expect(org.sections).toHaveLength(17);
    expect(org.tiers.map((t) => t.name)).toEqual(['関係課長会議', '局経営会議', '政策調整会議', '政策会議']);
  });

  it('names the file, the entry and the problem', () => {
    const file = write(
      'bad.yaml',
      'organization: [{ name: 局, departments: [{ name: 部 }] }]\nsections: [{ id: A, name: 課長 }]\ntiers: [{ id: t, name: 会議 }]\n',
    );
    expect(fail(() => loadOrg(file))).toBe(`${file}: sections[0].id: lower-case letters, digits, "-" or "_", at most 32 characters`);
    const broken = write('broken.yaml', 'tiers: [');
    expect(fail(() => loadOrg(broken))).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML: `));
    expect(fail(() => loadOrg(join(dir, 'missing.yaml')))).toMatch(/^ORG_CONFIG: cannot read .*missing\.yaml/);
  });

  it('takes the secretariat channel and Teams conversation of the weekly 見通し, checking the Slack id', () => {
    const example = readFileSync(defaultOrgFile(), 'utf8');
    const good = write(
      'outlook.yaml',
      example.replace('  # channel: C0123ABCD\n', '  channel: C0SECRET1\n  teamsConversation: 19:abc@thread.tacv2\n'),
    );
    expect(loadOrg(good).org.secretariat).toMatchObject({ channel: 'C0SECRET1', teamsConversation: '19:abc@thread.tacv2' });
    expect(loadOrg(undefined).org.secretariat.channel).toBeUndefined();
    const bad = write('outlook-bad.yaml', example.replace('  # channel: C0123ABCD\n', '  channel: "#kikaku"\n'));
    expect(fail(() => loadOrg(bad))).toBe(`${bad}: secretariat.channel: must be a Slack channel id such as C0123ABCD`);
  });

  it('refuses a section whose 所管 is not in the directory', () => {
    const org = (owner: string) =>
      write(
        'owner.yaml',
        `organization: [{ name: 局, departments: [{ name: 部, units: [課] }] }]\nsections: [{ id: a, name: 課長, owner: ${owner} }]\ntiers: [{ id: t, name: 会議 }]\n`,
      );
    expect(loadOrg(org('{ bureau: 局, department: 部, unit: 課 }')).org.sections[0].owner).toEqual({ bureau: '局', department: '部', unit: '課' });
    expect(loadOrg(org('{ bureau: 局 }')).org.sections[0].owner).toEqual({ bureau: '局', department: '', unit: null });
    const file = org('{ bureau: 局, department: 部, unit: 係 }');
    expect(fail(() => loadOrg(file))).toBe(`${file}: sections[0].owner: "係" is not a 担当 of 局 部`);
    const other = org('{ bureau: 別の局 }');
    expect(fail(() => loadOrg(other))).toBe(`${other}: sections[0].owner: "別の局" is not a 局 of organization`);
  });
});

describe('the council calendar in the organisation file', () => {
  const message = (text: string): { file: string; message: string } => {
    try {
      const { file } = loadOrgText(text);
      throw new Error(`expected ${file} to be refused`);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const file = e.message.slice(0, e.message.indexOf(': '));
      return { file, message: e.message.slice(file.length + 2) };
    }
  };
  const edit = (from: string, to: string): string => {
    const text = exampleOrgText();
    if (!text.includes(from)) throw new Error(`example has no ${from}`);
    return text.replace(from, to);
  };

  it('is off in the built-in default and complete in the documented example', () => {
    expect(loadOrg(undefined).org.council).toBeUndefined();
    const { org } = loadOrgText(exampleOrgText());
    expect(org.council).toMatchObject({
      decidingTier: 'seisaku',
      billDeadline: { days: 10, in: 'business' },
      decisionBefore: { days: 5, in: 'business' },
      publicCommentDays: 30,
      publicCommentResults: { days: 10, in: 'business' },
      councilInfo: { days: 7, in: 'calendar' },
    });
    expect(org.council!.sessions.map((s) => s.name)).toEqual([
      '令和8年第1回定例会（2月）',
      '令和8年第2回定例会（6月）',
      '令和8年第3回定例会（9月）',
      '令和8年第4回定例会（12月）',
      '令和9年第1回定例会（2月）',
      '令和9年第2回定例会（6月）',
      '令和9年第3回定例会（9月）',
      '令和9年第4回定例会（12月）',
    ]);
  });

  it('a tier may have a 申込締切 (cutoff), warned by default', () => {
    const { org } = loadOrgText(edit("    time: '09:30'\n", "    time: '09:30'\n    cutoff: { businessDays: 3, time: '12:00' }\n"));
    expect(org.tiers[1].cutoff).toEqual({ businessDays: 3, time: '12:00', action: 'warn' });
  });

  it('public comment minimum defaults to 30 days and can be changed', () => {
    expect(loadOrgText(edit('  publicCommentDays: 30\n', '')).org.council!.publicCommentDays).toBe(30);
    expect(loadOrgText(edit('publicCommentDays: 30', 'publicCommentDays: 45')).org.council!.publicCommentDays).toBe(45);
  });

  it('stops the start naming the file, the entry and the problem', () => {
    const cases: [string, string, string][] = [
      ["opens: '2026-12-01'", "opens: '2026-12-32'", 'council.sessions[3].opens: must be a date written YYYY-MM-DD (e.g. 2026-12-24)'],
      ["closes: '2026-12-18'", "closes: '2026-11-18'", 'council.sessions[3].closes: 2026-11-18 is before opens (2026-12-01)'],
      ["notice: '2026-11-24'", "notice: '2026-12-24'", 'council.sessions[3].notice: 2026-12-24 is after opens (2026-12-01)'],
      ['decidingTier: seisaku', 'decidingTier: mayor', 'council.decidingTier: "mayor" is not a tier id of tiers'],
      [
        'billDeadline: { days: 10, in: business }',
        'billDeadline: { days: 10, in: weekdays }',
        'council.billDeadline.in: must be business or calendar',
      ],
      ['decisionBefore: { days: 5, in: business }', 'decisionBefore: { days: -5, in: business }', 'council.decisionBefore.days: must be 0 or more'],
      [
        'councilInfo: { days: 7, in: calendar }',
        'councilInfo: { days: 7.5, in: calendar }',
        'council.councilInfo.days: must be a whole number of days',
      ],
      ['publicCommentDays: 30', 'publicCommentDays: 0', 'council.publicCommentDays: must be 1 or more'],
      ['name: 令和9年第1回定例会（2月）', 'name: 令和8年第4回定例会（12月）', 'council.sessions[4].name: duplicate "令和8年第4回定例会（12月）"'],
      [
        "notice: '2027-02-09', opens: '2027-02-16'",
        "notice: '2026-12-09', opens: '2026-12-10'",
        'council.sessions[4].opens: 2026-12-10 is within "令和8年第4回定例会（12月）" (2026-12-01 to 2026-12-18)',
      ],
      ['month: 12 }', 'month: 13 }', 'council.sessions[7].month: must be a month 1–12'],
      [
        "    time: '09:30'\n",
        "    time: '09:30'\n    cutoff: { businessDays: 3, time: '25:00' }\n",
        'tiers[1].cutoff.time: must be a 24-hour time written HH:MM (e.g. 12:00)',
      ],
      [
        "    time: '09:30'\n",
        "    time: '09:30'\n    cutoff: { businessDays: 3, action: block }\n",
        'tiers[1].cutoff.action: must be refuse or warn',
      ],
      ["    time: '09:30'\n", "    time: '09:30'\n    cutoff: { businessDays: 31 }\n", 'tiers[1].cutoff.businessDays: must be at most 30'],
      ['  councilInfo: { days: 7, in: calendar }\n', '', 'council.councilInfo: Invalid input: expected object, received undefined'],
      [
        '  # teamsGroup: 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\n',
        '  teamsGroup: 庁議事務局\n',
        'secretariat.teamsGroup: an Entra group object id (a GUID such as 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0)',
      ],
    ];
    for (const [from, to, expected] of cases) {
      const r = message(edit(from, to));
      expect(r.file).toMatch(/org\.yaml$/);
      expect(r.message).toBe(expected);
    }
  });
});
