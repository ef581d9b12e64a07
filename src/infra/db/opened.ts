import type { DbClient } from './client';
import type { BlobStore } from './blobStore';
import type { Serial } from './serial';
import type { RawSql } from './rawSql';

/** A connected, migrated Prisma client of either provider. */
export interface OpenedClient {
  provider: 'sqlite' | 'postgresql';
  db: DbClient;
  serial: Serial;
  /** Plain SQL straight to the driver adapter the client runs on. */
  sql: RawSql;
  /** Attachment bytes through the driver (see blobStore.ts). */
  blobs: BlobStore;
  appliedMigrations: string[];
  disconnect(): Promise<void>;
}
