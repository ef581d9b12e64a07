#!/usr/bin/env node
'use strict';
/**
 * npm run db:check
 *
 * Fails when the committed SQLite migrations do not produce prisma/schema.prisma, i.e.
 * the schema was edited and `npm run db:migration -- <name>` was not run. Replays the
 * migrations into an in-memory SQLite database (see prisma.config.ts); no server needed.
 * The PostgreSQL migrations are written by the same script from the same schemas.
 */
const path = require('node:path');
const { SOURCE } = require('./derive-postgres-schema');
const { prisma, root } = require('./prisma-cli');

/**
 * Objects migrations create by hand that Prisma cannot model: the SQLite FTS5 search
 * index ("RequestFts" and the shadow tables FTS5 makes for it). A diff that only drops
 * those is no drift.
 */
const HAND_MADE = /^RequestFts(_(config|content|data|docsize|idx))?$/;

function onlyHandMade(sql) {
  const statements = sql
    .split(';')
    .map((s) => s.replace(/--[^\n]*/g, '').trim())
    .filter((s) => s !== '' && !/^PRAGMA /i.test(s));
  return (
    statements.length > 0 &&
    statements.every((s) => {
      const m = /^DROP TABLE "([^"]+)"$/i.exec(s);
      return m !== null && HAND_MADE.test(m[1]);
    })
  );
}

async function check() {
  const result = await prisma([
    'migrate',
    'diff',
    '--from-migrations',
    path.join('prisma', 'migrations', 'sqlite'),
    '--to-schema-datamodel',
    path.relative(root, SOURCE),
    '--script',
    '--exit-code',
  ]);
  if (result.code === 0) return { ok: true, message: 'migrations match prisma/schema.prisma' };
  if (result.code === 2 && onlyHandMade(result.stdout))
    return { ok: true, message: 'migrations match prisma/schema.prisma (plus the hand-made search index)' };
  if (result.code === 2) {
    return {
      ok: false,
      message:
        'prisma/schema.prisma has changes no migration covers; run `npm run db:migration -- <name>`.\n' +
        `Missing SQL (SQLite):\n${result.stdout.trim()}`,
    };
  }
  throw new Error(`prisma migrate diff failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
}

module.exports = { check };

if (require.main === module) {
  check().then(
    (r) => {
      (r.ok ? console.log : console.error)(r.message);
      process.exit(r.ok ? 0 : 1);
    },
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
