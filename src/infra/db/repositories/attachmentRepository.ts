import { createHash, randomUUID } from 'node:crypto';
import type { AttachmentRepository, NewAttachment } from '../../../app/ports';
import type { Attachment } from '../../../domain/attachment';
import type { Actor } from '../../../domain/request';
import { type AttachmentRow, type DbContext, TX_OPTIONS, sqlOf } from '../client';
import { StoredDataError } from '../errors';
import { writeHistory } from './reviewRepository';
import type { BlobStore } from '../blobStore';
import { typedRow } from './sql';

const PLATFORMS = ['slack', 'teams'] as const;

function platformOf(value: string, id: string, column: string): Actor['platform'] {
  if ((PLATFORMS as readonly string[]).includes(value)) return value as Actor['platform'];
  throw new StoredDataError('Attachment', id, `${column} is ${JSON.stringify(value)}, not one of ${PLATFORMS.join(', ')}`);
}

/** removedBy is stored as `platform:userId`. */
const actorKey = (a: Actor) => `${a.platform}:${a.userId}`;

function toAttachment(row: AttachmentRow): Attachment {
  if (row.kind !== 'file' && row.kind !== 'link') throw new StoredDataError('Attachment', row.id, `kind is ${JSON.stringify(row.kind)}`);
  let removedBy: Actor | null = null;
  if (row.removedBy !== null) {
    const at = row.removedBy.indexOf(':');
    removedBy = { platform: platformOf(row.removedBy.slice(0, at), row.id, 'removedBy'), userId: row.removedBy.slice(at + 1) };
  }
  return {
    id: row.id,
    requestId: row.requestId,
    kind: row.kind,
    name: row.name,
    size: row.size,
    mime: row.mime,
    sha256: row.sha256,
    url: row.url,
    addedBy: { platform: platformOf(row.addedByPlatform, row.id, 'addedByPlatform'), userId: row.addedByUser },
    addedAt: row.addedAt,
    removedAt: row.removedAt,
    removedBy,
  };
}

/** What the history keeps of an attachment (never its bytes). */
const summary = (a: { name: string; size: number; mime: string; sha256: string | null; url: string | null }) =>
  a.url ? { name: a.name, url: a.url } : { name: a.name, size: a.size, mime: a.mime, sha256: a.sha256 };

export function attachmentRepository(ctx: DbContext, blobs: BlobStore): AttachmentRepository {
  const { db, serial } = ctx;
  // Plain SQL outside transactions goes straight to the driver adapter (rawSql.ts).
  const sql = sqlOf(ctx);
  /** The blob row once per content; a concurrent writer of the same bytes wins harmlessly. */
  const ensureBlob = (sha256: string, bytes: Buffer, now: Date) => blobs.put(sha256, bytes, now);

  return {
    add: (input: NewAttachment) =>
      serial(async () => {
        if (!(await db.request.findUnique({ where: { id: input.requestId }, select: { id: true } }))) return null;
        let sha256: string | null = null;
        let size = 0;
        if (input.kind === 'file' && input.bytes) {
          sha256 = createHash('sha256').update(input.bytes).digest('hex');
          size = input.bytes.length;
          // Outside the transaction: a blob without an attachment is harmless, and the
          // bytes are not held in a long transaction.
          await ensureBlob(sha256, input.bytes, input.now);
        } else if (input.kind === 'file') {
          const blob = input.sha256 ? await db.attachmentBlob.findUnique({ where: { sha256: input.sha256 }, select: { size: true } }) : null;
          if (!blob) throw new Error('a file attachment needs its bytes or the sha256 of stored bytes');
          sha256 = input.sha256!;
          size = blob.size;
        } else if (!input.url) throw new Error('a link attachment needs its url');
        const id = randomUUID();
        const name = input.name;
        const url = input.kind === 'link' ? input.url! : null;
        const row = await db.$transaction(async (tx) => {
          // The history entry's version is the attachment's position: the order given.
          const position = await writeHistory(
            tx,
            input.requestId,
            {
              actor: input.addedBy,
              changes: [{ field: `attachment.${id}`, old: null, new: summary({ name, size, mime: input.mime, sha256, url }) }],
            },
            input.now,
          );
          return tx.attachment.create({
            data: {
              id,
              requestId: input.requestId,
              kind: input.kind,
              name,
              size,
              mime: input.mime,
              sha256,
              url,
              addedByPlatform: input.addedBy.platform,
              addedByUser: input.addedBy.userId,
              addedAt: input.now,
              position: position ?? 0,
            },
          });
        }, TX_OPTIONS);
        return toAttachment(row);
      }),

    get: (id) =>
      serial(async () => {
        const row = await db.attachment.findUnique({ where: { id } });
        return row ? toAttachment(row) : null;
      }),

    // Read on every filing, post and refresh: plain SQL.
    listFor: (requestId) =>
      serial(async () =>
        (
          await sql.query<Record<string, unknown>[]>`
            SELECT * FROM "Attachment" WHERE "requestId" = ${requestId} AND "removedAt" IS NULL ORDER BY "position" ASC, "id" ASC`
        ).map((r) => toAttachment(typedRow<AttachmentRow>(r, ['size', 'position'], ['addedAt', 'removedAt']))),
      ),

    listAllFor: (requestId) =>
      serial(async () => (await db.attachment.findMany({ where: { requestId }, orderBy: [{ position: 'asc' }, { id: 'asc' }] })).map(toAttachment)),

    content: (id) =>
      serial(async () => {
        const row = await db.attachment.findUnique({ where: { id }, select: { sha256: true } });
        return row?.sha256 ? blobs.get(row.sha256) : null;
      }),

    putBlob: (bytes, now) =>
      serial(async () => {
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        await ensureBlob(sha256, bytes, now);
        return sha256;
      }),

    blob: (sha256) =>
      serial(async () => {
        return blobs.get(sha256);
      }),

    remove: (id, by, now) =>
      serial(async () =>
        db.$transaction(async (tx) => {
          const { count } = await tx.attachment.updateMany({ where: { id, removedAt: null }, data: { removedAt: now, removedBy: actorKey(by) } });
          if (count === 0) return null;
          const row = await tx.attachment.findUniqueOrThrow({ where: { id } });
          await writeHistory(tx, row.requestId, { actor: by, changes: [{ field: `attachment.${row.id}`, old: summary(row), new: null }] }, now);
          return toAttachment(row);
        }, TX_OPTIONS),
      ),
  };
}
