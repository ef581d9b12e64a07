import type { DbClient } from './client';
import type { Serial } from './serial';

/** A connected, migrated Prisma client of either provider. */
export interface OpenedClient {
  provider: 'sqlite' | 'postgresql';
  db: DbClient;
  serial: Serial;
  appliedMigrations: string[];
  disconnect(): Promise<void>;
}
