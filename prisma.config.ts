/**
 * Configuration of the Prisma CLI, which we use for `generate` (both clients) and
 * `migrate diff` (migration SQL, and the drift check of scripts/db/check-migrations.js).
 * Always pass it with --config (scripts/db/*.js do): without it, or with a schema error,
 * the CLI reports a misleading engine-download failure.
 *
 * Migrations are applied by src/infra/db/migrate.ts at application start, not by
 * `prisma migrate`, so the adapter below never touches a real database. `migrate diff`
 * opens it even to compare two schema files, so it must at least connect (an unopenable
 * file shows up as "External error id#0"): an in-memory SQLite database, for both
 * providers' schemas. `--from-migrations` replays SQLite migrations into another one.
 */
import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;

/**
 * The schema engine replays a migration file as one parameterless executeRaw, which
 * better-sqlite3 runs as one statement only: send those through executeScript (exec).
 */
function scriptAware(adapter: SqliteAdapter): SqliteAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  return adapter;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    const factory = new PrismaBetterSQLite3({ url: ':memory:' });
    return {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => scriptAware(await factory.connect()),
      connectToShadowDb: async () => scriptAware(await factory.connectToShadowDb()),
    };
  },
});
