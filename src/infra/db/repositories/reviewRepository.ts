import type { MeetingHistoryEntry, ReviewRepository } from '../../../app/ports';
import type { Answer, EntryStatus, Opinion, Review } from '../../../domain/meeting';
import type { Actor } from '../../../domain/request';
import { type AnswerRow, type DbContext, type DbTx, isUniqueViolation, type OpinionRow, type ReviewRow, TX_OPTIONS } from '../client';
import { StoredDataError } from '../errors';
import { encodeChanges } from '../formCodec';

/**
 * Meetings in the database. Numbers (opinions per request and tier, answers per
 * opinion) are taken with `UPDATE … SET seq = seq + 1 … RETURNING` in the same
 * transaction as the insert: the row lock (PostgreSQL) or write lock (SQLite) makes
 * concurrent submissions queue for the counter, and a rolled-back insert gives its
 * number back, so numbers have no gaps and no duplicates.
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

/** Appends a history entry to the request's history, bumping its version (as every entry does). */
async function writeHistory(tx: DbTx, requestId: string, entry: MeetingHistoryEntry, now: Date): Promise<void> {
  if (entry.changes.length === 0) return;
  const rows = await tx.$queryRaw<{ version: number | bigint }[]>`
    UPDATE "Request" SET "version" = "version" + 1 WHERE "id" = ${requestId} RETURNING "version"`;
  if (rows.length === 0) return;
  await tx.requestChange.create({
    data: {
      requestId,
      version: num(rows[0].version),
      actorPlatform: entry.actor.platform,
      actorUser: entry.actor.userId,
      at: now,
      kind: 'updated',
      changes: encodeChanges(entry.changes),
    },
  });
}

const OPTIMISTIC_TRIES = 20;

export function reviewRepository({ db, serial }: DbContext): ReviewRepository {
  const key = (requestId: string, tierId: string) => ({ requestId_tierId: { requestId, tierId } });

  /**
   * Makes sure the review row exists before anything is numbered against it. Outside a
   * transaction: a concurrent creator wins and ours fails harmlessly on the primary key.
   */
  async function ensureReview(requestId: string, tierId: string, now: Date): Promise<void> {
    if (await db.review.findUnique({ where: key(requestId, tierId), select: { version: true } })) return;
    try {
      await db.review.create({ data: { requestId, tierId, updatedAt: now } });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }

  /** Read, change, write back if nobody wrote meanwhile (version guard); retried. */
  async function changeReview(requestId: string, tierId: string, now: Date, change: (r: Review) => Partial<Pick<ReviewRow, 'attendance' | 'meetingLabel' | 'result' | 'followUps'>>, history?: (before: Review) => MeetingHistoryEntry | null): Promise<Review> {
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
        const row = await db.review.findUnique({ where: key(requestId, tierId) });
        if (!row) return null;
        const opinions = await db.opinion.findMany({
          where: { requestId, tierId },
          orderBy: { seq: 'asc' },
          include: { answers: { orderBy: { seq: 'asc' } } },
        });
        return { review: toReview(row), opinions: opinions.map(toOpinion) };
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

    unanswered: (requestIds, limit) =>
      serial(async () => {
        if (requestIds && requestIds.length === 0) return { items: [], total: 0 };
        const where = {
          status: 'active',
          answers: { none: { status: 'active' } },
          review: { request: { status: 'filed' } },
          ...(requestIds ? { requestId: { in: requestIds.slice(0, 500) } } : {}),
        };
        const [rows, total] = await Promise.all([
          db.opinion.findMany({ where, orderBy: [{ createdAt: 'asc' }, { seq: 'asc' }], take: limit }),
          db.opinion.count({ where }),
        ]);
        return { items: rows.map((r) => toOpinion(r)), total };
      }),

    listFor: (requestId) => serial(async () => (await db.review.findMany({ where: { requestId } })).map(toReview)),

    getOpinion: (id) =>
      serial(async () => {
        const row = await db.opinion.findUnique({ where: { id }, include: { answers: { orderBy: { seq: 'asc' } } } });
        return row ? toOpinion(row) : null;
      }),

    addOpinion: (input) =>
      serial(async () => {
        await ensureReview(input.requestId, input.tierId, input.now);
        const row = await db.$transaction(async (tx) => {
          // The counter only moves while the meeting is open (unless the secretariat adds):
          // closing and numbering are decided by the same row, in one statement.
          const rows = input.allowClosed
            ? await tx.$queryRaw<{ opinionSeq: number | bigint }[]>`
                UPDATE "Review" SET "opinionSeq" = "opinionSeq" + 1
                 WHERE "requestId" = ${input.requestId} AND "tierId" = ${input.tierId}
                RETURNING "opinionSeq"`
            : await tx.$queryRaw<{ opinionSeq: number | bigint }[]>`
                UPDATE "Review" SET "opinionSeq" = "opinionSeq" + 1
                 WHERE "requestId" = ${input.requestId} AND "tierId" = ${input.tierId} AND "closedAt" IS NULL
                RETURNING "opinionSeq"`;
          if (rows.length === 0) return null;
          return tx.opinion.create({
            data: {
              requestId: input.requestId,
              tierId: input.tierId,
              seq: num(rows[0].opinionSeq),
              sectionId: input.sectionId,
              text: input.text,
              tags: JSON.stringify(input.tags),
              authorPlatform: input.author.platform,
              authorUser: input.author.userId,
              status: 'active',
              createdAt: input.now,
              updatedAt: input.now,
            },
          });
        }, TX_OPTIONS);
        return row ? { ok: true as const, opinion: toOpinion(row) } : { ok: false as const, reason: 'closed' as const };
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
        changeReview(requestId, tierId, now, () => ({ attendance: JSON.stringify(sectionIds) }), () => history),
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
