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

async function check() {
  const result = await prisma([
    'migrate', 'diff',
    '--from-migrations', path.join('prisma', 'migrations', 'sqlite'),
    '--to-schema-datamodel', path.relative(root, SOURCE),
    '--script', '--exit-code',
  ]);
  if (result.code === 0) return { ok: true, message: 'migrations match prisma/schema.prisma' };
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
