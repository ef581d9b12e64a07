import type { RequestRepository, UpdateResult } from '../../../app/ports';
import { isoDay } from '../../../domain/jpdate';
import type { AgendaRequest, RequestForm } from '../../../domain/request';
import { type DbContext, type DbTx, isUniqueViolation, TX_OPTIONS } from '../client';
import { encodeChanges, encodeForm } from '../formCodec';
import { toChangeEntry, toRequest } from './rows';

/** One row per tier with a desired date, for the meeting-day agenda lookup. */
function tierDateRows(requestId: string, form: RequestForm) {
  return Object.entries(form.desiredDates).flatMap(([tierId, day]) =>
    day ? [{ requestId, tierId, date: isoDay(day) }] : [],
  );
}

async function writeTierDates(tx: DbTx, requestId: string, form: RequestForm): Promise<void> {
  await tx.requestTierDate.deleteMany({ where: { requestId } });
  const rows = tierDateRows(requestId, form);
  if (rows.length > 0) await tx.requestTierDate.createMany({ data: rows });
}

/**
 * Takes the next case number of a 年度. The upsert locks the counter row until the
 * transaction ends (PostgreSQL row lock; SQLite write lock), so concurrent filings get
 * consecutive numbers, and a rolled-back filing gives its number back.
 */
async function nextSeq(tx: DbTx, fiscalYear: number): Promise<number> {
  const rows = await tx.$queryRaw<{ last: number | bigint }[]>`
    INSERT INTO "CaseCounter" ("fiscalYear", "last") VALUES (${fiscalYear}, 1)
    ON CONFLICT ("fiscalYear") DO UPDATE SET "last" = "CaseCounter"."last" + 1
    RETURNING "last"`;
  // SQLite returns a bigint (the adapter reads integers as such), PostgreSQL a number.
  return Number(rows[0].last);
}

export function caseNo(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(3, '0')}`;
}

export function requestRepository({ db, serial }: DbContext): RequestRepository {
  async function bySourceDraft(draftId: string): Promise<AgendaRequest | null> {
    const row = await db.request.findUnique({ where: { sourceDraftId: draftId } });
    return row ? toRequest(row) : null;
  }

  return {
    create: (input) =>
      serial(async () => {
        if (input.draftId) {
          const existing = await bySourceDraft(input.draftId);
          if (existing) return { request: existing, duplicate: true };
        }
        const form = encodeForm(input.form);
        try {
          const row = await db.$transaction(async (tx) => {
            const seq = await nextSeq(tx, input.fiscalYear);
            const created = await tx.request.create({
              data: {
                caseNo: caseNo(input.casePrefix, seq),
                fiscalYear: input.fiscalYear,
                seq,
                version: 1,
                status: 'filed',
                title: input.form.title,
                form,
                createdByPlatform: input.createdBy.platform,
                createdByUser: input.createdBy.userId,
                originPlatform: input.origin.platform,
                originChannel: input.origin.channelId,
                sourceDraftId: input.draftId,
                createdAt: input.now,
                updatedAt: input.now,
              },
            });
            await writeTierDates(tx, created.id, input.form);
            await tx.requestChange.create({
              data: {
                requestId: created.id,
                version: 1,
                actorPlatform: input.createdBy.platform,
                actorUser: input.createdBy.userId,
                at: input.now,
                kind: 'created',
                changes: encodeChanges([]),
              },
            });
            return created;
          }, TX_OPTIONS);
          return { request: toRequest(row), duplicate: false };
        } catch (e) {
          // Filed from the same draft by someone else meanwhile (PostgreSQL): theirs stands,
          // and our rolled-back transaction gave the case number back.
          if (input.draftId && isUniqueViolation(e)) {
            const existing = await bySourceDraft(input.draftId);
            if (existing) return { request: existing, duplicate: true };
          }
          throw e;
        }
      }),

    get: (id) =>
      serial(async () => {
        const row = await db.request.findUnique({ where: { id } });
        return row ? toRequest(row) : null;
      }),

    listByTierDate: (tierId, from, to) =>
      serial(async () => {
        const rows = await db.requestTierDate.findMany({
          where: { tierId, date: { gte: from, lte: to } },
          include: { request: true },
          orderBy: [{ date: 'asc' }],
        });
        return rows
          .filter((r) => r.request.status !== 'withdrawn')
          .map((r) => ({ date: r.date, request: toRequest(r.request) }))
          .sort((a, b) => a.date.localeCompare(b.date) || a.request.fiscalYear - b.request.fiscalYear || a.request.seq - b.request.seq);
      }),

    listFiledBy: (actor, limit) =>
      serial(async () => {
        const where = { createdByPlatform: actor.platform, createdByUser: actor.userId };
        const [rows, total] = await Promise.all([
          db.request.findMany({ where, orderBy: [{ createdAt: 'desc' }, { fiscalYear: 'desc' }, { seq: 'desc' }], take: limit }),
          db.request.count({ where }),
        ]);
        return { items: rows.map(toRequest), total };
      }),

    listRecent: (limit) =>
      serial(async () => {
        const rows = await db.request.findMany({
          orderBy: [{ createdAt: 'desc' }, { fiscalYear: 'desc' }, { seq: 'desc' }],
          take: limit,
        });
        return rows.map(toRequest);
      }),

    update: (id, input) => {
      const form = encodeForm(input.form);
      const changes = encodeChanges(input.changes);
      return serial(() =>
        db.$transaction(async (tx): Promise<UpdateResult> => {
          const version = input.expectedVersion + 1;
          // Only if nobody changed it since it was read: the row's version is the guard.
          const { count } = await tx.request.updateMany({
            where: { id, version: input.expectedVersion },
            data: { form, title: input.form.title, version, updatedAt: input.now },
          });
          if (count === 0) {
            const exists = await tx.request.findUnique({ where: { id }, select: { id: true } });
            return { ok: false, reason: exists ? 'stale' : 'not_found' };
          }
          await writeTierDates(tx, id, input.form);
          await tx.requestChange.create({
            data: {
              requestId: id,
              version,
              actorPlatform: input.actor.platform,
              actorUser: input.actor.userId,
              at: input.now,
              kind: 'updated',
              changes,
            },
          });
          const row = await tx.request.findUniqueOrThrow({ where: { id } });
          return { ok: true, request: toRequest(row) };
        }, TX_OPTIONS),
      );
    },

    history: (id) =>
      serial(async () => {
        const rows = await db.requestChange.findMany({ where: { requestId: id }, orderBy: { version: 'asc' } });
        return rows.map(toChangeEntry);
      }),
  };
}
