import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadEnv, loadOrg } from '../../src/infra/config';

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
    const file = write('bad.yaml', 'organization: [{ name: 局, departments: [{ name: 部 }] }]\nsections: [{ id: A, name: 課長 }]\ntiers: [{ id: t, name: 会議 }]\n');
    expect(fail(() => loadOrg(file))).toBe(`${file}: sections[0].id: lower-case letters, digits, "-" or "_", at most 32 characters`);
    const broken = write('broken.yaml', 'tiers: [');
    expect(fail(() => loadOrg(broken))).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML: `));
    expect(fail(() => loadOrg(join(dir, 'missing.yaml')))).toMatch(/^ORG_CONFIG: cannot read .*missing\.yaml/);
  });

  it('refuses a section whose 所管 is not in the directory', () => {
    const org = (owner: string) =>
      write('owner.yaml', `organization: [{ name: 局, departments: [{ name: 部, units: [課] }] }]\nsections: [{ id: a, name: 課長, owner: ${owner} }]\ntiers: [{ id: t, name: 会議 }]\n`);
    expect(loadOrg(org('{ bureau: 局, department: 部, unit: 課 }')).org.sections[0].owner).toEqual({ bureau: '局', department: '部', unit: '課' });
    expect(loadOrg(org('{ bureau: 局 }')).org.sections[0].owner).toEqual({ bureau: '局', department: '', unit: null });
    const file = org('{ bureau: 局, department: 部, unit: 係 }');
    expect(fail(() => loadOrg(file))).toBe(`${file}: sections[0].owner: "係" is not a 担当 of 局 部`);
    const other = org('{ bureau: 別の局 }');
    expect(fail(() => loadOrg(other))).toBe(`${other}: sections[0].owner: "別の局" is not a 局 of organization`);
  });
});
