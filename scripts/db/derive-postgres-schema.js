#!/usr/bin/env node
'use strict';
/**
 * Derives prisma/postgres/schema.prisma from prisma/schema.prisma (the one we edit):
 * only the datasource provider and url and the generator output change. The models are
 * copied as they are, so both generated clients have the same model API.
 *
 *   node scripts/db/derive-postgres-schema.js      writes prisma/postgres/schema.prisma
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const SOURCE = path.join(root, 'prisma', 'schema.prisma');
const TARGET = path.join(root, 'prisma', 'postgres', 'schema.prisma');

/** [what the SQLite schema must say, what the PostgreSQL one says instead] */
const SWAPS = [
  [/^(\s*provider\s*=\s*)"sqlite"/m, '$1"postgresql"', 'datasource provider = "sqlite"'],
  // A literal url, never used: connections are made through the driver adapters.
  [/^(\s*url\s*=\s*)"file:[^"]*"/m, '$1"postgresql://localhost:5432/chogi"', 'datasource url = "file:…"'],
  [/^(\s*output\s*=\s*)"\.\.\/src\/generated\/sqlite"/m, '$1"../../src/generated/postgres"', 'generator output = "../src/generated/sqlite"'],
];

/** @param {string} sqliteSchema @returns {string} */
function derivePostgresSchema(sqliteSchema) {
  let text = sqliteSchema;
  for (const [pattern, replacement, expected] of SWAPS) {
    const global = new RegExp(pattern.source, 'gm');
    const count = (text.match(global) || []).length;
    if (count !== 1) {
      throw new Error(`prisma/schema.prisma: expected exactly one line like ${expected}, found ${count}`);
    }
    text = text.replace(pattern, replacement);
  }
  return '// GENERATED from prisma/schema.prisma by scripts/db/derive-postgres-schema.js. Do not edit.\n' + text;
}

function main() {
  const derived = derivePostgresSchema(fs.readFileSync(SOURCE, 'utf8'));
  fs.mkdirSync(path.dirname(TARGET), { recursive: true });
  const current = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, 'utf8') : null;
  if (current !== derived) fs.writeFileSync(TARGET, derived);
}

module.exports = { derivePostgresSchema, SOURCE, TARGET };

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
