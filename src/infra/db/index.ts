/**
 * The database: SQLite (a file; the default, `file:./data/chogi.db`) or PostgreSQL,
 * chosen by URL, migrated on open. Only domain types leave this module.
 */
import type { Repositories } from '../../app/ports';
import type { OpenedClient } from './opened';
import { attachmentRepository } from './repositories/attachmentRepository';
import { conversationRepository } from './repositories/conversationRepository';
import { deliveryRepository } from './repositories/deliveryRepository';
import { feedKeyRepository } from './repositories/feedKeyRepository';
import { homeViewerRepository } from './repositories/homeViewerRepository';
import { draftRepository } from './repositories/draftRepository';
import { postRepository } from './repositories/postRepository';
import { reminderRepository } from './repositories/reminderRepository';
import { requestRepository } from './repositories/requestRepository';
import { reviewRepository } from './repositories/reviewRepository';
import { rosterRepository } from './repositories/rosterRepository';
import { parseDatabaseUrl } from './url';

export { StoredDataError } from './errors';

export interface Database {
  provider: 'sqlite' | 'postgresql';
  repositories: Repositories;
  /** Migrations applied while opening (empty when the schema was already current). */
  appliedMigrations: string[];
  /** A cheap round trip (SELECT 1): false when the database does not answer. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(databaseUrl: string): Promise<Database> {
  const target = parseDatabaseUrl(databaseUrl);
  // Each provider's client and driver are loaded only when used.
  const opened: OpenedClient =
    target.provider === 'sqlite'
      ? await (await import('./sqlite')).openSqlite(target.file)
      : await (await import('./postgres')).openPostgres(target.url);
  const { db, serial, sql } = opened;
  let closing: Promise<void> | null = null;
  return {
    provider: opened.provider,
    repositories: {
      requests: requestRepository({ db, serial, sql }, opened.provider),
      drafts: draftRepository({ db, serial, sql }),
      posts: postRepository({ db, serial, sql }),
      deliveries: deliveryRepository({ db, serial, sql }),
      feedKeys: feedKeyRepository({ db, serial, sql }),
      conversations: conversationRepository({ db, serial, sql }),
      reminders: reminderRepository({ db, serial, sql }, opened.provider),
      reviews: reviewRepository({ db, serial, sql }),
      attachments: attachmentRepository({ db, serial, sql }, opened.blobs),
      roster: rosterRepository({ db, serial, sql }),
      homeViewers: homeViewerRepository({ db, serial, sql }),
    },
    appliedMigrations: opened.appliedMigrations,
    async ready() {
      try {
        await serial(() => sql.query`SELECT 1`);
        return true;
      } catch {
        return false;
      }
    },
    close() {
      closing ??= opened.disconnect();
      return closing;
    },
  };
}
