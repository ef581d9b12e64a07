#!/usr/bin/env node
/**
 * npm run teams:package — builds dist/teams/chogi-teams.zip, the Teams app package to
 * sideload or upload to the org's app catalog: manifests/teams/manifest.json with
 * ${VARIABLES} substituted from the environment (or .env), plus the two icons.
 *
 *   MICROSOFT_APP_ID      the bot's app id (required; also the Teams app id)
 *   BOT_DOMAIN            host name the bot is reached at, e.g. chogi.example.lg.jp (validDomains)
 *   TEAMS_DEVELOPER_NAME  publisher shown in Teams (default: chogi)
 *   TEAMS_DEVELOPER_URL   https page about the app (default: https://BOT_DOMAIN/)
 *
 * The icons (color 192×192, outline 32×32 white on transparent) are drawn here and
 * written to manifests/teams/ when missing (`--icons` redraws them). No dependency:
 * PNG and ZIP are written with node's zlib.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.resolve(__dirname, '..');
const dir = path.join(root, 'manifests', 'teams');
const out = path.join(root, 'dist', 'teams', 'chogi-teams.zip');

// ---- CRC32 (PNG chunks and ZIP entries) -------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---- PNG ----------------------------------------------------------------------------
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The glyph: a sheet of paper (the 申込書) with a folded corner and three lines of
 * text, in unit coordinates 0..1. Returns whether (u, v) is ink.
 */
function sheet(u, v, stroke) {
  const L = 0.24,
    R = 0.76,
    T = 0.14,
    B = 0.86,
    fold = 0.16;
  const inside = u >= L && u <= R && v >= T && v <= B && !(u > R - fold && v < T + fold && u - (R - fold) > v - T);
  if (!inside) return false;
  const border =
    u < L + stroke ||
    u > R - stroke ||
    v < T + stroke ||
    v > B - stroke ||
    (u > R - fold - stroke / 2 && v < T + fold + stroke / 2 && Math.abs(u - (R - fold) - (v - T)) < stroke);
  const line = [0.42, 0.56, 0.7].some((y) => Math.abs(v - y) < stroke / 1.5) && u > L + 0.1 && u < R - 0.1;
  return { border, line };
}

function colorIcon() {
  const bg = [0x1f, 0x4e, 0x79, 255];
  return png(192, (x, y) => {
    const s = sheet((x + 0.5) / 192, (y + 0.5) / 192, 0.035);
    if (!s) return bg;
    if (s.line) return [0x1f, 0x4e, 0x79, 255];
    return [255, 255, 255, 255];
  });
}

function outlineIcon() {
  // Teams requires white on a transparent background, nothing else.
  return png(32, (x, y) => {
    const s = sheet((x + 0.5) / 32, (y + 0.5) / 32, 0.075);
    return s && (s.border || s.line) ? [255, 255, 255, 255] : [255, 255, 255, 0];
  });
}

// ---- ZIP (deflate, no dependency) ----------------------------------------------------
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const time = ((12 << 11) | (0 << 5)) & 0xffff; // 12:00, fixed: the package is reproducible
  const date = (((2026 - 1980) << 9) | (1 << 5) | 1) & 0xffff;
  for (const { name, data } of files) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, deflated);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// ---- the package ----------------------------------------------------------------------
function fail(message) {
  process.stderr.write(`teams:package: ${message}\n`);
  process.exit(1);
}

function substitute(text, env) {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name) => {
    if (env[name] === undefined) fail(`${name} is not set (used in manifests/teams/manifest.json)`);
    return JSON.stringify(env[name]).slice(1, -1);
  });
}

function main() {
  if (fs.existsSync(path.join(process.cwd(), '.env')) && process.loadEnvFile) process.loadEnvFile('.env');
  const icons = { 'color.png': colorIcon, 'outline.png': outlineIcon };
  for (const [name, draw] of Object.entries(icons)) {
    const file = path.join(dir, name);
    if (process.argv.includes('--icons') || !fs.existsSync(file)) fs.writeFileSync(file, draw());
  }
  if (process.argv.includes('--icons-only')) return;

  const appId = (process.env.MICROSOFT_APP_ID || '').trim();
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(appId)) {
    fail("MICROSOFT_APP_ID must be set to the bot's Microsoft app id (a GUID)");
  }
  const domain = (process.env.BOT_DOMAIN || '')
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  const developerUrl = (process.env.TEAMS_DEVELOPER_URL || (domain ? `https://${domain}/` : '')).trim();
  if (!/^https:\/\//.test(developerUrl)) fail('set BOT_DOMAIN (the host the bot is reached at) or TEAMS_DEVELOPER_URL (an https URL)');
  const env = {
    MICROSOFT_APP_ID: appId,
    BOT_DOMAIN: domain,
    TEAMS_DEVELOPER_NAME: (process.env.TEAMS_DEVELOPER_NAME || 'chogi').trim(),
    TEAMS_DEVELOPER_URL: developerUrl,
  };
  const manifest = JSON.parse(substitute(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'), env));
  // validDomains lists only real hosts (a bot-only app may have none).
  manifest.validDomains = (manifest.validDomains || []).filter((d) => d);
  const files = [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8') },
    { name: 'color.png', data: fs.readFileSync(path.join(dir, 'color.png')) },
    { name: 'outline.png', data: fs.readFileSync(path.join(dir, 'outline.png')) },
  ];
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip(files));
  process.stdout.write(`${path.relative(process.cwd(), out)}: manifest ${manifest.manifestVersion}, app id ${appId}\n`);
}

if (require.main === module) main();
module.exports = { crc32, png, zip, colorIcon, outlineIcon, substitute };
