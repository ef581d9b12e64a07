import type { DbClient } from './client';
import type { BlobStore } from './blobStore';
import type { Serial } from './serial';

/** A connected, migrated Prisma client of either provider. */
export interface OpenedClient {
  provider: 'sqlite' | 'postgresql';
  db: DbClient;
  serial: Serial;
  /** Attachment bytes through the driver (see blobStore.ts). */
  blobs: BlobStore;
  appliedMigrations: string[];
  disconnect(): Promise<void>;
}
