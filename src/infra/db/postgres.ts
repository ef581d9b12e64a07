import { PrismaPg } from '@prisma/adapter-pg';
import { postgresBlobStore } from './blobStore';
import { Client } from 'pg';
import { PrismaClient } from '../../generated/postgres/client';
import type { DbClient } from './client';
import type { OpenedClient } from './opened';
import { loadMigrations, migratePostgres, migrationsDir } from './migrate';
import { concurrent } from './serial';
import { AdapterHandle, rawSql } from './rawSql';

export async function openPostgres(url: string): Promise<OpenedClient> {
  const migrator = new Client({ connectionString: url });
  await migrator.connect();
  let appliedMigrations: string[];
  try {
    appliedMigrations = await migratePostgres(migrator, loadMigrations(migrationsDir('postgresql')));
  } finally {
    await migrator.end();
  }
  const handle = new AdapterHandle(new PrismaPg({ connectionString: url }));
  // The client connects (through the same adapter) on its first model query, not here.
  const client = new PrismaClient({ adapter: handle });
  await handle.open();
  const blobs = postgresBlobStore(url);
  return {
    provider: 'postgresql',
    blobs,
    // Same models as the SQLite client (see client.ts).
    db: client as unknown as DbClient,
    serial: concurrent,
    sql: rawSql(handle, client),
    appliedMigrations,
    disconnect: async () => {
      await blobs.close();
      await client.$disconnect();
      await handle.close();
    },
  };
}
