import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../generated/sqlite/client';
import type { OpenedClient } from './opened';
import { loadMigrations, migrateSqlite, migrationsDir } from './migrate';
import { serialQueue } from './serial';
import { AdapterHandle, rawSql } from './rawSql';
import { sqliteBlobStore } from './blobStore';
import { keepPreparedStatements } from './statementCache';
import { directSql } from './sqliteDirect';

/** Waits this long for another process's write lock (e.g. a second instance) instead of failing. */
const BUSY_TIMEOUT_MS = 10_000;

export async function openSqlite(file: string): Promise<OpenedClient> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Also switches the file to WAL (a property of the file, kept by later connections).
  const appliedMigrations = migrateSqlite(file, loadMigrations(migrationsDir('sqlite')));
  const handle = new AdapterHandle(new PrismaBetterSQLite3({ url: file, timeout: BUSY_TIMEOUT_MS }));
  // The client connects (through the same adapter) on its first model query, not here.
  const client = new PrismaClient({ adapter: handle });
  await handle.open();
  // The same statements run again and again (every opinion, every filing): compiled once.
  const statements = keepPreparedStatements(handle.adapter);
  const blobs = sqliteBlobStore(file, BUSY_TIMEOUT_MS);
  return {
    provider: 'sqlite',
    db: client,
    serial: serialQueue(),
    // RawSql's statements run on those kept statements, past the adapter's row mapping.
    sql: rawSql(handle, client, statements && directSql(statements, handle.adapter)),
    blobs,
    appliedMigrations,
    disconnect: async () => {
      await blobs.close();
      await client.$disconnect();
      await handle.close();
    },
  };
}
