#!/usr/bin/env node
'use strict';
/**
 * npm run db:migration -- <name>
 *
 * Writes the SQL that takes a database from prisma/schema.prisma as committed at git HEAD
 * (or from nothing, when HEAD has none) to the working prisma/schema.prisma, for both
 * providers:
 *   prisma/migrations/sqlite/<UTC timestamp>_<name>/migration.sql
 *   prisma/migrations/postgres/<UTC timestamp>_<name>/migration.sql
 * With `prisma migrate diff … --script`, which needs no database. Review the SQL before
 * committing (renames come out as drop + add). src/infra/db/migrate.ts applies it at start.
 *
 * One migration per commit: it refuses to run while a migration folder exists that HEAD
 * does not have, since HEAD's schema would not include it (delete that folder to redo it).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { derivePostgresSchema, SOURCE } = require('./derive-postgres-schema');
const { prismaOrThrow, root } = require('./prisma-cli');

const MIGRATIONS = path.join(root, 'prisma', 'migrations');
const PROVIDERS = [
  { dir: 'sqlite', provider: 'sqlite', schema: (text) => text },
  { dir: 'postgres', provider: 'postgresql', schema: derivePostgresSchema },
];
const EMPTY = '-- This is an empty migration.';

function git(args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** prisma/schema.prisma at HEAD, or null when there is no such commit or file. */
function committedSchema() {
  try {
    return git(['show', `HEAD:${path.relative(root, SOURCE).split(path.sep).join('/')}`]);
  } catch {
    return null;
  }
}

function uncommittedMigrations() {
  let committed = '';
  try {
    committed = git(['ls-tree', '-r', '--name-only', 'HEAD', '--', 'prisma/migrations']);
  } catch {
    // no HEAD yet: nothing is committed
  }
  const found = [];
  for (const p of PROVIDERS) {
    const dir = path.join(MIGRATIONS, p.dir);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const name = entry.name;
      if (!committed.includes(`prisma/migrations/${p.dir}/${name}/`)) found.push(`prisma/migrations/${p.dir}/${name}`);
    }
  }
  return found;
}

function timestamp(d = new Date()) {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // 20260416093000
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('usage: npm run db:migration -- <name>   (lower case, digits, underscores: add_opinions)');
  }
  const pending = uncommittedMigrations();
  if (pending.length > 0) {
    throw new Error(
      `uncommitted migration folders exist: ${pending.join(', ')}\n` + 'Commit them first, or delete them to regenerate from the HEAD schema.',
    );
  }

  const before = committedSchema();
  const after = fs.readFileSync(SOURCE, 'utf8');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chogi-migration-'));
  try {
    const results = await Promise.all(
      PROVIDERS.map(async (p) => {
        const to = path.join(tmp, `${p.dir}.new.prisma`);
        fs.writeFileSync(to, p.schema(after));
        const from = ['--from-empty'];
        if (before !== null) {
          const old = path.join(tmp, `${p.dir}.old.prisma`);
          fs.writeFileSync(old, p.schema(before));
          from.splice(0, 1, '--from-schema-datamodel', old);
        }
        const { stdout } = await prismaOrThrow(['migrate', 'diff', ...from, '--to-schema-datamodel', to, '--script']);
        return { p, sql: stdout.trim() + '\n' };
      }),
    );
    if (results.every((r) => r.sql.trim() === '' || r.sql.trim() === EMPTY)) {
      console.log(`No schema changes since ${before === null ? 'an empty database' : 'HEAD'}: nothing written.`);
      return;
    }
    const folder = `${timestamp()}_${name}`;
    for (const { p, sql } of results) {
      // Lets `prisma migrate diff --from-migrations` read the folder (scripts/db/check-migrations.js).
      const lock = path.join(MIGRATIONS, p.dir, 'migration_lock.toml');
      if (!fs.existsSync(lock)) fs.writeFileSync(lock, `provider = "${p.provider}"\n`);
      const dir = path.join(MIGRATIONS, p.dir, folder);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
      console.log(`wrote ${path.relative(root, path.join(dir, 'migration.sql'))}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
