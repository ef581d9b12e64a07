#!/usr/bin/env node
'use strict';
/**
 * npm run db:generate [-- --force]
 *
 * Derives prisma/postgres/schema.prisma and generates both Prisma clients
 * (src/generated/sqlite, src/generated/postgres) in parallel. A client whose schema and
 * Prisma version are unchanged since its last generation is skipped (a stamp file in its
 * folder), so this is cheap enough for prestart/pretest. Works offline.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { derivePostgresSchema, SOURCE, TARGET } = require('./derive-postgres-schema');
const { prismaOrThrow, root } = require('./prisma-cli');

const STAMP = '.chogi-generated';

const clients = [
  { name: 'sqlite', schema: SOURCE, out: path.join(root, 'src', 'generated', 'sqlite') },
  { name: 'postgres', schema: TARGET, out: path.join(root, 'src', 'generated', 'postgres') },
];

function fingerprint(schemaText) {
  const versions = ['prisma', '@prisma/client'].map((p) => require(require.resolve(`${p}/package.json`, { paths: [root] })).version);
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([schemaText, versions]))
    .digest('hex');
}

function readStamp(dir) {
  try {
    return fs.readFileSync(path.join(dir, STAMP), 'utf8').trim();
  } catch {
    return null;
  }
}

async function main() {
  const force = process.argv.includes('--force');
  const started = Date.now();

  const derived = derivePostgresSchema(fs.readFileSync(SOURCE, 'utf8'));
  fs.mkdirSync(path.dirname(TARGET), { recursive: true });
  if (!fs.existsSync(TARGET) || fs.readFileSync(TARGET, 'utf8') !== derived) fs.writeFileSync(TARGET, derived);

  const jobs = clients.map(async (c) => {
    const print = fingerprint(fs.readFileSync(c.schema, 'utf8'));
    const upToDate = readStamp(c.out) === print && fs.existsSync(path.join(c.out, 'client.ts'));
    if (upToDate && !force) return `${c.name}: up to date`;
    // A stale stamp must not survive a failed generation.
    fs.rmSync(path.join(c.out, STAMP), { force: true });
    await prismaOrThrow(['generate', '--schema', path.relative(root, c.schema)]);
    fs.writeFileSync(path.join(c.out, STAMP), print + '\n');
    return `${c.name}: generated`;
  });
  const results = await Promise.all(jobs);
  console.log(`db:generate ${results.join(', ')} (${Date.now() - started} ms)`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
