'use strict';
/**
 * Runs the local Prisma CLI (no npx: faster and quiet) with our config. Offline-safe:
 * telemetry and update checks are switched off.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const CONFIG = path.join(root, 'prisma.config.ts');

/**
 * @param {string[]} args arguments after `prisma`; --config is added
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function prisma(args) {
  const cli = require.resolve('prisma/build/index.js', { paths: [root] });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, '--config', CONFIG], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like prisma(), but throws with the CLI's output when it fails. */
async function prismaOrThrow(args) {
  const result = await prisma(args);
  if (result.code !== 0) {
    throw new Error(`prisma ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
  }
  return result;
}

module.exports = { prisma, prismaOrThrow, root };
