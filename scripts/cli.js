#!/usr/bin/env node
'use strict';
/**
 * npm run cli -- <command> …
 *
 * Runs the built CLI (dist/src/cli/main.js). It builds first only when something the
 * build reads is newer than the last build made here: a source file or folder under src/
 * (a folder's time changes when a file in it is added or removed), the Prisma schema,
 * a tsconfig or package.json. A full build takes many seconds; a check of the file times
 * takes a few milliseconds, so an unchanged tree starts at once.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const entry = path.join(root, 'dist', 'src', 'cli', 'main.js');
const stamp = path.join(root, 'dist', '.cli-built');
const inputs = ['src', 'prisma/schema.prisma', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The newest modification time (ms) of a file, or of a folder and everything in it. */
function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  let t = st.mtimeMs;
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, name)));
  }
  return t;
}

function builtAt() {
  try {
    return fs.existsSync(entry) ? fs.statSync(stamp).mtimeMs : 0;
  } catch {
    return 0;
  }
}

function build() {
  const started = Date.now();
  const npm = process.env.npm_execpath;
  // Under npm, reuse the npm that started us; else whichever npm is on PATH.
  const r = npm
    ? spawnSync(process.execPath, [npm, 'run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // The stamp's time is the build's start: a file saved during the build is newer.
  fs.writeFileSync(stamp, '');
  fs.utimesSync(stamp, new Date(started), new Date(started));
}

const sourcesAt = Math.max(...inputs.map((p) => newest(path.join(root, p))));
if (builtAt() < sourcesAt) build();

const { runCli } = require(entry);
void runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
