import type { MeetingHistoryEntry, ReviewRepository } from '../../../app/ports';
import type { Answer, EntryStatus, Opinion, Review } from '../../../domain/meeting';
import type { Actor } from '../../../domain/request';
import { type AnswerRow, type DbContext, type DbTx, type OpinionRow, type ReviewRow, TX_OPTIONS, sqlOf } from '../client';
import { StoredDataError } from '../errors';
import { encodeChanges } from '../formCodec';
import { randomUUID } from 'node:crypto';
import { type Piece, statement, typedRow, v } from './sql';
import type { RawSql } from '../rawSql';

/**
 * Meetings in the database. Numbers (opinions per request and tier, answers per
 * opinion) are taken with `UPDATE … SET seq = seq + 1 … RETURNING` in the same
 * transaction as the insert: the row lock (PostgreSQL) or write lock (SQLite) makes
 * concurrent submissions queue for the counter, and a rolled-back insert gives its
 * number back, so numbers have no gaps and no duplicates.
 *
 * Numbering an opinion and reading a meeting are plain SQL (the same on SQLite and
 * PostgreSQL): 100 opinions submitted at once queue for one SQLite connection, and
 * through Prisma's model API every statement cost about 1 ms of compiling (README).
 */

const PLATFORMS = ['slack', 'teams'] as const;
const STATUSES = ['active', 'withdrawn'] as const satisfies readonly EntryStatus[];

function oneOf<T extends string>(allowed: readonly T[], value: string, table: string, id: string, column: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new StoredDataError(table, id, `${column} is ${JSON.stringify(value)}, not one of ${allowed.join(', ')}`);
}

function stringList(json: string, table: string, id: string, column: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch {
    // reported below
  }
  throw new StoredDataError(table, id, `${column} is not a JSON list of strings`);
}

const actor = (platform: string, userId: string, table: string, id: string): Actor => ({
  platform: oneOf(PLATFORMS, platform, table, id, 'authorPlatform'),
  userId,
});

function toReview(row: ReviewRow): Review {
  const id = `${row.requestId}/${row.tierId}`;
  return {
    requestId: row.requestId,
    tierId: row.tierId,
    meetingLabel: row.meetingLabel,
    result: row.result,
    followUps: stringList(row.followUps, 'Review', id, 'followUps'),
    attendance: row.attendance === null ? null : stringList(row.attendance, 'Review', id, 'attendance'),
    opinionSeq: row.opinionSeq,
    closedAt: row.closedAt,
    closedBy: row.closedBy,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

function toAnswer(row: AnswerRow): Answer {
  return {
    id: row.id,
    opinionId: row.opinionId,
    seq: row.seq,
    text: row.text,
    author: actor(row.authorPlatform, row.authorUser, 'Answer', row.id),
    status: oneOf(STATUSES, row.status, 'Answer', row.id, 'status'),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toOpinion(row: OpinionRow & { answers?: AnswerRow[] }): Opinion {
  return {
    id: row.id,
    requestId: row.requestId,
    tierId: row.tierId,
    seq: row.seq,
    sectionId: row.sectionId,
    text: row.text,
    tags: stringList(row.tags, 'Opinion', row.id, 'tags'),
    author: actor(row.authorPlatform, row.authorUser, 'Opinion', row.id),
    status: oneOf(STATUSES, row.status, 'Opinion', row.id, 'status'),
    answers: (row.answers ?? []).map(toAnswer),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

// SQLite hands integers back as bigint, PostgreSQL as number.
const num = (v: number | bigint) => Number(v);

const reviewRow = (r: Record<string, unknown>) => typedRow<ReviewRow>(r, ['opinionSeq', 'version'], ['closedAt', 'updatedAt']);
const opinionRow = (r: Record<string, unknown>) => typedRow<OpinionRow>(r, ['seq', 'answerSeq'], ['createdAt', 'updatedAt']);
const answerRow = (r: Record<string, unknown>) => typedRow<AnswerRow>(r, ['seq'], ['createdAt', 'updatedAt']);

/** Opinions with their answers, by seq: two plain queries (a meeting's whole list is read on every refresh). */
async function opinionsWithAnswers(sql: RawSql, opinions: OpinionRow[]): Promise<Opinion[]> {
  if (opinions.length === 0) return [];
  const byOpinion = new Map<string, AnswerRow[]>(opinions.map((o) => [o.id, []]));
  const ids = opinions.map((o) => o.id);
  // In slices: SQLite allows a bounded number of bound parameters per statement.
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const rows = await sql.query<Record<string, unknown>[]>(
      ...statement([
        'SELECT * FROM "Answer" WHERE "opinionId" IN (',
        ...slice.flatMap((id, j) => (j === 0 ? [v(id)] : [', ', v(id)])),
        ') ORDER BY "seq" ASC',
      ]),
    );
    for (const r of rows) byOpinion.get(String(r.opinionId))?.push(answerRow(r));
  }
  return opinions.map((o) => toOpinion({ ...o, answers: byOpinion.get(o.id) }));
}

/** Appends a history entry to the request's history, bumping its version (as every entry does). */
export async function writeHistory(tx: DbTx, requestId: string, entry: MeetingHistoryEntry, now: Date): Promise<number | null> {
  if (entry.changes.length === 0) return null;
  const rows = await tx.$queryRaw<{ version: number | bigint }[]>`
    UPDATE "Request" SET "version" = "version" + 1 WHERE "id" = ${requestId} RETURNING "version"`;
  if (rows.length === 0) return null;
  await tx.$executeRaw`
    INSERT INTO "RequestChange" ("id", "requestId", "version", "actorPlatform", "actorUser", "at", "kind", "changes")
    VALUES (${randomUUID()}, ${requestId}, ${num(rows[0].version)}, ${entry.actor.platform}, ${entry.actor.userId}, ${now}, 'updated', ${encodeChanges(entry.changes)})`;
  return num(rows[0].version);
}

const OPTIMISTIC_TRIES = 20;

export function reviewRepository(ctx: DbContext): ReviewRepository {
  const { db, serial } = ctx;
  // Plain SQL outside transactions goes straight to the driver adapter (rawSql.ts).
  const sql = sqlOf(ctx);
  const key = (requestId: string, tierId: string) => ({ requestId_tierId: { requestId, tierId } });

  /**
   * Makes sure the review row exists before anything is numbered against it. Outside a
   * transaction: a concurrent creator wins and ours fails harmlessly on the primary key.
   */
  async function ensureReview(requestId: string, tierId: string, now: Date): Promise<void> {
    // One plain statement on every opinion: a row already there (or created concurrently) is kept.
    await sql.execute`
      INSERT INTO "Review" ("requestId", "tierId", "meetingLabel", "result", "followUps", "opinionSeq", "version", "updatedAt")
      VALUES (${requestId}, ${tierId}, '', '', '[]', 0, 1, ${now})
      ON CONFLICT ("requestId", "tierId") DO NOTHING`;
  }

  async function reviewOf(requestId: string, tierId: string): Promise<ReviewRow | null> {
    const [row] = await sql.query<Record<string, unknown>[]>`SELECT * FROM "Review" WHERE "requestId" = ${requestId} AND "tierId" = ${tierId}`;
    return row ? reviewRow(row) : null;
  }

  /** Read, change, write back if nobody wrote meanwhile (version guard); retried. */
  async function changeReview(
    requestId: string,
    tierId: string,
    now: Date,
    change: (r: Review) => Partial<Pick<ReviewRow, 'attendance' | 'meetingLabel' | 'result' | 'followUps'>>,
    history?: (before: Review) => MeetingHistoryEntry | null,
  ): Promise<Review> {
    await ensureReview(requestId, tierId, now);
    for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
      const row = await db.review.findUniqueOrThrow({ where: key(requestId, tierId) });
      const before = toReview(row);
      const done = await db.$transaction(async (tx) => {
        const { count } = await tx.review.updateMany({
          where: { requestId, tierId, version: row.version },
          data: { ...change(before), version: row.version + 1, updatedAt: now },
        });
        if (count === 0) return false;
        const entry = history?.(before);
        if (entry) await writeHistory(tx, requestId, entry, now);
        return true;
      }, TX_OPTIONS);
      if (done) return toReview(await db.review.findUniqueOrThrow({ where: key(requestId, tierId) }));
    }
    throw new Error(`review ${requestId}/${tierId}: too many concurrent changes`);
  }

  return {
    get: (requestId, tierId) =>
      serial(async () => {
        const row = await reviewOf(requestId, tierId);
        if (!row) return null;
        const opinions = await sql.query<Record<string, unknown>[]>`
          SELECT * FROM "Opinion" WHERE "requestId" = ${requestId} AND "tierId" = ${tierId} ORDER BY "seq" ASC`;
        return { review: toReview(row), opinions: await opinionsWithAnswers(sql, opinions.map(opinionRow)) };
      }),

    listForMany: (requestIds) =>
      serial(async () => {
        const out = new Map<string, Review[]>(requestIds.map((id) => [id, []]));
        for (let i = 0; i < requestIds.length; i += 500) {
          const rows = await db.review.findMany({ where: { requestId: { in: requestIds.slice(i, i + 500) } } });
          for (const row of rows) out.get(row.requestId)?.push(toReview(row));
        }
        return out;
      }),

    // On every home opening: plain SQL, the count in the database.
    unanswered: (requestIds, limit) =>
      serial(async () => {
        if (requestIds && requestIds.length === 0) return { items: [], total: 0 };
        const ids = requestIds ? [...new Set(requestIds.slice(0, 500))] : null;
        const where: Piece[] = [
          `FROM "Opinion" o JOIN "Request" r ON r."id" = o."requestId"
          WHERE o."status" = 'active' AND r."status" = 'filed'
            AND NOT EXISTS (SELECT 1 FROM "Answer" a WHERE a."opinionId" = o."id" AND a."status" = 'active')`,
          ...(ids ? [' AND o."requestId" IN (', ...ids.flatMap((id, i) => (i ? [', ', v(id)] : [v(id)])), ')'] : []),
        ];
        const [rows, [count]] = await Promise.all([
          db.$queryRaw<Record<string, unknown>[]>(
            ...statement(['SELECT o.* ', ...where, ` ORDER BY o."createdAt" ASC, o."seq" ASC LIMIT ${Math.floor(limit)}`]),
          ),
          db.$queryRaw<{ n: number | bigint }[]>(...statement(['SELECT COUNT(*) AS "n" ', ...where])),
        ]);
        return { items: rows.map((r) => toOpinion(opinionRow(r))), total: Number(count.n) };
      }),

    listFor: (requestId) =>
      serial(async () => {
        const rows = await sql.query<Record<string, unknown>[]>`SELECT * FROM "Review" WHERE "requestId" = ${requestId} ORDER BY "tierId" ASC`;
        return rows.map((r) => toReview(reviewRow(r)));
      }),

    getOpinion: (id) =>
      serial(async () => {
        const [row] = await sql.query<Record<string, unknown>[]>`SELECT * FROM "Opinion" WHERE "id" = ${id}`;
        return row ? ((await opinionsWithAnswers(sql, [opinionRow(row)]))[0] ?? null) : null;
      }),

    // Two plain statements in one transaction on the driver adapter (no interactive
    // transaction of the client, no separate "does the review exist" read): the first
    // creates the review row or moves its counter, the second inserts the opinion with the
    // counter's new value.
    addOpinion: (input) =>
      serial(async () => {
        // The secretariat may add to a closed meeting; anyone else only while it is open.
        const open = input.allowClosed ? '' : ' WHERE "Review"."closedAt" IS NULL';
        const stillOpen = input.allowClosed ? '' : ' AND "closedAt" IS NULL';
        const inserted = await sql.transaction(async (tx) => {
          await tx.execute(
            ...statement([
              'INSERT INTO "Review" ("requestId", "tierId", "meetingLabel", "result", "followUps", "opinionSeq", "version", "updatedAt") VALUES (',
              v(input.requestId),
              ', ',
              v(input.tierId),
              ", '', '', '[]', 1, 1, ",
              v(input.now),
              `) ON CONFLICT ("requestId", "tierId") DO UPDATE SET "opinionSeq" = "Review"."opinionSeq" + 1${open}`,
            ]),
          );
          return tx.query<Record<string, unknown>[]>(
            ...statement([
              'INSERT INTO "Opinion" ("id", "requestId", "tierId", "seq", "sectionId", "text", "tags", "authorPlatform", "authorUser", "status", "answerSeq", "createdAt", "updatedAt") SELECT ',
              v(randomUUID()),
              ', "requestId", "tierId", "opinionSeq", ',
              v(input.sectionId),
              ', ',
              v(input.text),
              ', ',
              v(JSON.stringify(input.tags)),
              ', ',
              v(input.author.platform),
              ', ',
              v(input.author.userId),
              ", 'active', 0, ",
              v(input.now),
              ', ',
              v(input.now),
              ' FROM "Review" WHERE "requestId" = ',
              v(input.requestId),
              ' AND "tierId" = ',
              v(input.tierId),
              `${stillOpen} RETURNING *`,
            ]),
          );
        });
        // Closed: the counter did not move and the same condition inserted nothing. (A number
        // taken twice could not be stored: (requestId, tierId, seq) is unique.)
        if (inserted.length === 0) return { ok: false as const, reason: 'closed' as const };
        return { ok: true as const, opinion: toOpinion(opinionRow(inserted[0])) };
      }),

    updateOpinion: (id, patch, history, now) =>
      serial(async () => {
        const row = await db.$transaction(async (tx) => {
          const before = await tx.opinion.findUnique({ where: { id } });
          if (!before) return null;
          await tx.opinion.update({
            where: { id },
            data: {
              ...(patch.text !== undefined ? { text: patch.text } : {}),
              ...(patch.sectionId !== undefined ? { sectionId: patch.sectionId } : {}),
              ...(patch.tags !== undefined ? { tags: JSON.stringify(patch.tags) } : {}),
              ...(patch.status !== undefined ? { status: patch.status } : {}),
              updatedAt: now,
            },
          });
          await writeHistory(tx, before.requestId, history, now);
          return tx.opinion.findUniqueOrThrow({ where: { id }, include: { answers: { orderBy: { seq: 'asc' } } } });
        }, TX_OPTIONS);
        return row ? toOpinion(row) : null;
      }),

    addAnswer: (opinionId, input) =>
      serial(async () => {
        const row = await db.$transaction(async (tx) => {
          const rows = await tx.$queryRaw<{ answerSeq: number | bigint }[]>`
            UPDATE "Opinion" SET "answerSeq" = "answerSeq" + 1 WHERE "id" = ${opinionId} RETURNING "answerSeq"`;
          if (rows.length === 0) return null;
          return tx.answer.create({
            data: {
              opinionId,
              seq: num(rows[0].answerSeq),
              text: input.text,
              authorPlatform: input.author.platform,
              authorUser: input.author.userId,
              status: 'active',
              createdAt: input.now,
              updatedAt: input.now,
            },
          });
        }, TX_OPTIONS);
        return row ? toAnswer(row) : null;
      }),

    updateAnswer: (id, patch, history, now) =>
      serial(async () => {
        const row = await db.$transaction(async (tx) => {
          const before = await tx.answer.findUnique({ where: { id }, include: { opinion: { select: { requestId: true } } } });
          if (!before) return null;
          const after = await tx.answer.update({
            where: { id },
            data: {
              ...(patch.text !== undefined ? { text: patch.text } : {}),
              ...(patch.status !== undefined ? { status: patch.status } : {}),
              updatedAt: now,
            },
          });
          await writeHistory(tx, before.opinion.requestId, history, now);
          return after;
        }, TX_OPTIONS);
        return row ? toAnswer(row) : null;
      }),

    saveAttendance: (requestId, tierId, sectionIds, history, now) =>
      serial(() =>
        changeReview(
          requestId,
          tierId,
          now,
          () => ({ attendance: JSON.stringify(sectionIds) }),
          () => history,
        ),
      ),

    markPresent: (requestId, tierId, sectionId, now) =>
      serial(() =>
        changeReview(requestId, tierId, now, (r) => {
          const present = r.attendance ?? [];
          return { attendance: JSON.stringify(present.includes(sectionId) ? present : [...present, sectionId]) };
        }),
      ),

    saveResult: (requestId, tierId, input, now) =>
      serial(() =>
        changeReview(requestId, tierId, now, () => ({
          meetingLabel: input.meetingLabel,
          result: input.result,
          followUps: JSON.stringify(input.followUps),
        })),
      ),

    close: (requestId, tierId, by, now) =>
      serial(async () => {
        await ensureReview(requestId, tierId, now);
        const { count } = await db.review.updateMany({
          where: { requestId, tierId, closedAt: null },
          data: { closedAt: now, closedBy: by, version: { increment: 1 }, updatedAt: now },
        });
        return count === 1;
      }),
  };
}
