/**
 * The bytes of attachments, read and written through the database driver itself. Prisma's
 * JS engine passes `Bytes` as base64 text through its query compiler: a 5 MB file took
 * 2–3 s to write and 1.5–2 s to read that way, against milliseconds here. Same table,
 * same transaction-free writes (a blob is immutable and keyed by its sha256).
 */
import BetterSqlite3 from 'better-sqlite3';
import { Pool } from 'pg';

export interface BlobStore {
  /** Stores the bytes under their sha256 unless already there. */
  put(sha256: string, bytes: Buffer, now: Date): Promise<void>;
  get(sha256: string): Promise<Buffer | null>;
  close(): Promise<void>;
}

/** A connection of its own on the SQLite file (WAL: readers never wait; a writer waits up to `timeoutMs`). */
export function sqliteBlobStore(file: string, timeoutMs: number): BlobStore {
  const db = new BetterSqlite3(file, { fileMustExist: true, timeout: timeoutMs });
  // Prisma's better-sqlite3 adapter writes DateTime as ISO 8601 with an explicit offset.
  const insert = db.prepare('INSERT OR IGNORE INTO "AttachmentBlob" ("sha256", "size", "bytes", "createdAt") VALUES (?, ?, ?, ?)');
  const select = db.prepare('SELECT "bytes" FROM "AttachmentBlob" WHERE "sha256" = ?');
  return {
    put: async (sha256, bytes, now) => void insert.run(sha256, bytes.length, bytes, now.toISOString().replace('Z', '+00:00')),
    get: async (sha256) => {
      const row = select.get(sha256) as { bytes: Buffer } | undefined;
      return row ? Buffer.from(row.bytes) : null;
    },
    close: async () => void db.close(),
  };
}

export function postgresBlobStore(url: string): BlobStore {
  const pool = new Pool({ connectionString: url, max: 3 });
  // An idle connection the server ends (a restart, a failover) is an 'error' event on the
  // pool: without a listener it would end the process. The next query connects anew.
  pool.on('error', () => undefined);
  return {
    put: async (sha256, bytes, now) =>
      void (await pool.query(
        'INSERT INTO "AttachmentBlob" ("sha256", "size", "bytes", "createdAt") VALUES ($1, $2, $3, $4) ON CONFLICT ("sha256") DO NOTHING',
        [sha256, bytes.length, bytes, now],
      )),
    get: async (sha256) => {
      const r = await pool.query<{ bytes: Buffer }>('SELECT "bytes" FROM "AttachmentBlob" WHERE "sha256" = $1', [sha256]);
      return r.rows[0]?.bytes ?? null;
    },
    close: () => pool.end(),
  };
}
