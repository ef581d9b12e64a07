import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateRawSync, inflateSync } from 'node:zlib';

const root = resolve(__dirname, '../..');
const APP_ID = '11111111-2222-3333-4444-555555555555';

/** The entries of a zip (deflate or stored), read from its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    out.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLen + extra + comment;
  }
  return out;
}

/** Width, height and RGBA pixels of the PNGs the script writes (8-bit RGBA, filter 0). */
function pngPixels(buf: Buffer): { w: number; h: number; px: number[][] } {
  const w = buf.readUInt32BE(16);
  const h = buf.readUInt32BE(20);
  let at = 8;
  const idat: Buffer[] = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.subarray(at + 4, at + 8).toString('ascii');
    if (type === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const px: number[][] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.push([...raw.subarray(y * (w * 4 + 1) + 1 + x * 4, y * (w * 4 + 1) + 5 + x * 4)]);
  return { w, h, px };
}

describe('npm run teams:package', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'chogi-teams-pkg-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('builds a Teams app package with the app id substituted, the command list and both icons', () => {
    execFileSync(process.execPath, [join(root, 'scripts/teams-package.js')], {
      cwd,
      env: { PATH: process.env.PATH, MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: 'chogi.example.lg.jp' },
    });
    const files = unzip(readFileSync(join(root, 'dist/teams/chogi-teams.zip')));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest.$schema).toMatch(/teams\/v1\.\d+\/MicrosoftTeams\.schema\.json$/);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'] });
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual([
      '案件申込',
      '一覧',
      '日程',
      '期限',
      '別紙資料',
      'ホーム',
      '見通し',
      '名簿',
      'ヘルプ',
    ]);
    // Reminders' crash-recovery check reads the conversation's messages through Graph (resource-specific consent).
    expect(manifest.webApplicationInfo.id).toBe(APP_ID);
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([
      { name: 'ChannelMessage.Read.Group', type: 'Application' },
      { name: 'ChatMessage.Read.Chat', type: 'Application' },
    ]);
    expect(manifest.validDomains).toEqual(['chogi.example.lg.jp']);
    expect(JSON.stringify(manifest)).not.toContain('${');

    const color = pngPixels(files.get('color.png')!);
    expect([color.w, color.h]).toEqual([192, 192]);
    const outline = pngPixels(files.get('outline.png')!);
    expect([outline.w, outline.h]).toEqual([32, 32]);
    // Outline: white on transparent, nothing else.
    expect(outline.px.every(([r, g, b, a]) => a === 0 || (r === 255 && g === 255 && b === 255 && a === 255))).toBe(true);
    expect(outline.px.some(([, , , a]) => a === 255)).toBe(true);
  });

  it('refuses to build without MICROSOFT_APP_ID, naming it', () => {
    mkdirSync(join(cwd, 'x'));
    copyFileSync(join(root, 'manifests/teams/manifest.json'), join(cwd, 'x/manifest.json'));
    expect(() =>
      execFileSync(process.execPath, [join(root, 'scripts/teams-package.js')], { cwd, env: { PATH: process.env.PATH }, stdio: 'pipe' }),
    ).toThrow(/MICROSOFT_APP_ID must be set/);
  });
});
