import type { RequestRepository, UpdateResult } from '../../../app/ports';
import { isoDay } from '../../../domain/jpdate';
import type { Actor, AgendaRequest, ChangeEntry, RequestForm } from '../../../domain/request';
import { randomUUID } from 'node:crypto';
import { type DbContext, type DbTx, isUniqueViolation, type RequestRow, TX_OPTIONS, sqlOf } from '../client';
import { encodeChanges, encodeForm, encodedForm } from '../formCodec';
import { type RawRequestRow, requestRow, requestWithForm, toChangeEntry, toRequest } from './rows';
import { type Piece, statement, templateByCount, v, valuesList } from './sql';
import { visibleWhere } from './visibleSql';
import type { RawSql } from '../rawSql';
import { searchTextOf } from '../../../domain/search';

/** `?, ?, …` for an IN list (never empty: callers return early). */
const inList = (values: readonly string[]): Piece[] => values.flatMap((x, i) => (i ? [', ', v(x)] : [v(x)]));

/** `t."tierId" IN (…) AND t."date" BETWEEN from AND to` on RequestTierDate t (its (tierId, date) index). */
const tierDays = (tierIds: readonly string[], from: string, to: string): Piece[] => [
  't."tierId" IN (',
  ...inList(tierIds),
  ') AND t."date" >= ',
  v(from),
  ' AND t."date" <= ',
  v(to),
];

/** The form's 所管 as the Request row keeps it, for the visibility rule in SQL (visibleSql.ts). */
const ownerColumns = (form: RequestForm) => ({
  ownerBureau: form.owner.bureau,
  ownerDepartment: form.owner.department,
  ownerUnit: form.owner.unit,
});

/** A multi-row INSERT of a request's tier dates (values: requestId, tierId, date a row). */
const tierDatesInsert = templateByCount((rows) => [
  'INSERT INTO "RequestTierDate" ("requestId", "tierId", "date") VALUES ',
  ...valuesList(Array.from({ length: rows }, () => [null, null, null])),
]);

/** Plain SQL inside a transaction: the adapter's own (filing) or Prisma's (an edit, with its model calls). */
type TxSql = Pick<RawSql, 'query' | 'execute'>;

const prismaTx = (tx: DbTx): TxSql => ({
  query: <T>(strings: TemplateStringsArray, ...values: unknown[]) => tx.$queryRaw<T>(strings, ...values),
  execute: (strings: TemplateStringsArray, ...values: unknown[]) => tx.$executeRaw(strings, ...values),
});

async function writeTierDates(tx: TxSql, requestId: string, form: RequestForm): Promise<void> {
  await tx.execute`DELETE FROM "RequestTierDate" WHERE "requestId" = ${requestId}`;
  // One row per tier with a desired date, for the meeting-day agenda lookup.
  const values: unknown[] = [];
  for (const [tierId, day] of Object.entries(form.desiredDates)) if (day) values.push(requestId, tierId, isoDay(day));
  if (values.length > 0) await tx.execute(tierDatesInsert(values.length / 3), ...values);
}

async function writeChange(
  tx: TxSql,
  c: { requestId: string; version: number; actor: Actor; at: Date; kind: 'created' | 'updated'; changes: string },
): Promise<void> {
  await tx.execute`
    INSERT INTO "RequestChange" ("id", "requestId", "version", "actorPlatform", "actorUser", "at", "kind", "changes")
    VALUES (${randomUUID()}, ${c.requestId}, ${c.version}, ${c.actor.platform}, ${c.actor.userId}, ${c.at}, ${c.kind}, ${c.changes})`;
}

/** Thrown inside the filing transaction to roll it back (and give the case number back). */
class DraftAlreadyFiled extends Error {}

/**
 * Takes the next case number of a 年度. The upsert locks the counter row until the
 * transaction ends (PostgreSQL row lock; SQLite write lock), so concurrent filings get
 * consecutive numbers, and a rolled-back filing gives its number back.
 */
async function nextSeq(tx: TxSql, fiscalYear: number): Promise<number> {
  const rows = await tx.query<{ last: number | bigint }[]>`
    INSERT INTO "CaseCounter" ("fiscalYear", "last") VALUES (${fiscalYear}, 1)
    ON CONFLICT ("fiscalYear") DO UPDATE SET "last" = "CaseCounter"."last" + 1
    RETURNING "last"`;
  // SQLite returns a bigint (the adapter reads integers as such), PostgreSQL a number.
  return Number(rows[0].last);
}

export function caseNo(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(3, '0')}`;
}

/** A term as a LIKE pattern: anywhere in the text, its own % _ \ taken literally. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** A term as an FTS5 phrase (the trigram tokenizer matches it anywhere, 3 characters or more). */
const ftsPhrase = (term: string) => `"${term.replace(/"/g, '""')}"`;
/** FTS rowids are fiscalYear * FTS_KEY + seq (see the request_search migration). */
const FTS_KEY = 1_000_000;

/**
 * Filing and reading requests are on every filing's and every meeting's path, so their
 * statements are plain SQL (the same text on SQLite and PostgreSQL): through Prisma's
 * model API each statement cost about 1 ms of CPU and tens of kilobytes of garbage, most
 * of it compiling the query anew (see README, Benchmarks). Instants are bound as Dates.
 */
export function requestRepository(ctx: DbContext, provider: 'sqlite' | 'postgresql' = 'sqlite'): RequestRepository {
  const { db, serial } = ctx;
  // Plain SQL outside transactions goes straight to the driver adapter (rawSql.ts).
  const sql = sqlOf(ctx);
  async function bySourceDraft(draftId: string): Promise<AgendaRequest | null> {
    const [row] = await sql.query<RawRequestRow[]>`SELECT * FROM "Request" WHERE "sourceDraftId" = ${draftId}`;
    return row ? toRequest(requestRow(row)) : null;
  }

  return {
    create: (input) =>
      serial(async () => {
        if (input.draftId) {
          const existing = await bySourceDraft(input.draftId);
          if (existing) return { request: existing, duplicate: true };
        }
        // The form as stored, and as reading it back would give it (decoded once, here).
        const { text: form, form: storedForm } = encodedForm(input.form);
        try {
          // On the driver adapter: the filing's five statements without the client's pipeline.
          const row = await sql.transaction(async (tx) => {
            const seq = await nextSeq(tx, input.fiscalYear);
            const created: RequestRow = {
              id: randomUUID(),
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
              sourceDraftId: input.draftId ?? null,
              createdAt: input.now,
              updatedAt: input.now,
              searchText: searchTextOf(caseNo(input.casePrefix, seq), input.form),
              ...ownerColumns(input.form),
            };
            // A draft filed meanwhile (another instance, PostgreSQL) conflicts on
            // sourceDraftId: no row comes back, and the rollback returns the case number.
            const inserted = await tx.query<{ id: string }[]>`
              INSERT INTO "Request" ("id", "caseNo", "fiscalYear", "seq", "version", "status", "title", "form",
                                     "createdByPlatform", "createdByUser", "originPlatform", "originChannel",
                                     "sourceDraftId", "createdAt", "updatedAt", "searchText",
                                     "ownerBureau", "ownerDepartment", "ownerUnit")
              VALUES (${created.id}, ${created.caseNo}, ${created.fiscalYear}, ${seq}, 1, 'filed', ${created.title}, ${form},
                      ${created.createdByPlatform}, ${created.createdByUser}, ${created.originPlatform}, ${created.originChannel},
                      ${created.sourceDraftId}, ${input.now}, ${input.now}, ${created.searchText},
                      ${created.ownerBureau}, ${created.ownerDepartment}, ${created.ownerUnit})
              ON CONFLICT DO NOTHING
              RETURNING "id"`;
            if (inserted.length === 0) {
              if (input.draftId) throw new DraftAlreadyFiled();
              throw new Error(`case number ${created.caseNo} is taken, though the counter gave it out`);
            }
            await writeTierDates(tx, created.id, input.form);
            await writeChange(tx, {
              requestId: created.id,
              version: 1,
              actor: input.createdBy,
              at: input.now,
              kind: 'created',
              changes: encodeChanges(input.changes ?? []),
            });
            return created;
          });
          return { request: requestWithForm(row, storedForm), duplicate: false };
        } catch (e) {
          // Filed from the same draft by someone else meanwhile (PostgreSQL): theirs stands,
          // and our rolled-back transaction gave the case number back.
          if (input.draftId && (e instanceof DraftAlreadyFiled || isUniqueViolation(e))) {
            const existing = await bySourceDraft(input.draftId);
            if (existing) return { request: existing, duplicate: true };
          }
          throw e;
        }
      }),

    get: (id) =>
      serial(async () => {
        const [row] = await sql.query<RawRequestRow[]>`SELECT * FROM "Request" WHERE "id" = ${id}`;
        return row ? toRequest(requestRow(row)) : null;
      }),

    getByCaseNo: (caseNo) =>
      serial(async () => {
        const [row] = await sql.query<RawRequestRow[]>`SELECT * FROM "Request" WHERE "caseNo" = ${caseNo}`;
        return row ? toRequest(requestRow(row)) : null;
      }),

    // The meeting-day agenda reads this once per tier: one plain SQL join (the same text on
    // SQLite and PostgreSQL) instead of the model API's findMany + include, whose query
    // compilation cost more CPU per call than the indexed read itself.
    listByTierDate: (tierId, from, to, limit) =>
      serial(async () => {
        const rows = await sql.query<(RawRequestRow & { tierDate: string })[]>(
          ...statement([
            `SELECT r.*, t."date" AS "tierDate"
               FROM "RequestTierDate" t
               JOIN "Request" r ON r."id" = t."requestId"
              WHERE t."tierId" = `,
            v(tierId),
            ' AND t."date" >= ',
            v(from),
            ' AND t."date" <= ',
            v(to),
            ` AND r."status" <> 'withdrawn'
              ORDER BY t."date" ASC, r."fiscalYear" ASC, r."seq" ASC`,
            limit === undefined ? '' : ` LIMIT ${Math.floor(limit)}`,
          ]),
        );
        return rows
          .map((r) => ({ date: r.tierDate, request: toRequest(requestRow(r)) }))
          .sort((a, b) => a.date.localeCompare(b.date) || a.request.fiscalYear - b.request.fiscalYear || a.request.seq - b.request.seq);
      }),

    getMany: (ids) =>
      serial(async () => {
        const out: AgendaRequest[] = [];
        const unique = [...new Set(ids)];
        for (let i = 0; i < unique.length; i += 500) {
          const chunk = unique.slice(i, i + 500);
          const rows = await sql.query<RawRequestRow[]>(
            ...statement(['SELECT * FROM "Request" WHERE "id" IN (', ...chunk.flatMap((id, j) => (j === 0 ? [v(id)] : [', ', v(id)])), ')']),
          );
          for (const r of rows) out.push(toRequest(requestRow(r)));
        }
        return out;
      }),

    dateChanges: (ids) =>
      serial(async () => {
        const out: ChangeEntry[] = [];
        const unique = [...new Set(ids)];
        for (let i = 0; i < unique.length; i += 500) {
          const rows = await db.requestChange.findMany({
            where: { requestId: { in: unique.slice(i, i + 500) }, changes: { contains: '"desiredDates"' } },
            orderBy: [{ at: 'asc' }, { version: 'asc' }],
          });
          for (const r of rows) out.push(toChangeEntry(r));
        }
        return out.sort((a, b) => a.at.getTime() - b.at.getTime());
      }),

    // Every tier of a day in one statement: on PostgreSQL each statement is a round trip,
    // and the agenda of one day asked each tier in turn.
    listByTiersDate: (tierIds, from, to) =>
      serial(async () => {
        if (tierIds.length === 0) return [];
        const rows = await sql.query<(RawRequestRow & { tierId: string; tierDate: string })[]>(
          ...statement([
            'SELECT r.*, t."tierId" AS "tierId", t."date" AS "tierDate" FROM "RequestTierDate" t JOIN "Request" r ON r."id" = t."requestId" WHERE ',
            ...tierDays(tierIds, from, to),
            ` AND r."status" <> 'withdrawn' ORDER BY t."date" ASC, r."fiscalYear" ASC, r."seq" ASC`,
          ]),
        );
        // A request on two tiers' agendas that day is one request: decoded once.
        const decoded = new Map<string, AgendaRequest>();
        return rows
          .map((r) => {
            let request = decoded.get(r.id);
            if (!request) decoded.set(r.id, (request = toRequest(requestRow(r))));
            return { tierId: r.tierId, date: r.tierDate, request };
          })
          .sort((a, b) => a.date.localeCompare(b.date) || a.request.fiscalYear - b.request.fiscalYear || a.request.seq - b.request.seq);
      }),

    listFiledBy: (actor, limit) =>
      serial(async () => {
        // Every home opening: plain SQL along the (createdByPlatform, createdByUser, createdAt) index.
        const [rows, [count]] = await Promise.all([
          db.$queryRaw<RawRequestRow[]>(
            ...statement([
              'SELECT * FROM "Request" WHERE "createdByPlatform" = ',
              v(actor.platform),
              ' AND "createdByUser" = ',
              v(actor.userId),
              ` ORDER BY "createdAt" DESC, "fiscalYear" DESC, "seq" DESC LIMIT ${Math.floor(limit)}`,
            ]),
          ),
          db.$queryRaw<{ n: number | bigint }[]>`
            SELECT COUNT(*) AS "n" FROM "Request" WHERE "createdByPlatform" = ${actor.platform} AND "createdByUser" = ${actor.userId}`,
        ]);
        return { items: rows.map((r) => toRequest(requestRow(r))), total: Number(count.n) };
      }),

    // The home's counts: aggregated here, so an opening reads a row per meeting, not its requests.
    meetingCounts: ({ tierIds, from, to, scope }) =>
      serial(async () => {
        if (!tierIds.length) return [];
        const rows = await db.$queryRaw<{ tierId: string; date: string; n: number | bigint }[]>(
          ...statement([
            // Every meeting day with requests comes back (as the agenda lists it), with
            // the number the scope lets through, possibly 0.
            'SELECT t."tierId", t."date", SUM(CASE WHEN ',
            ...visibleWhere(scope),
            ` THEN 1 ELSE 0 END) AS "n"
               FROM "RequestTierDate" t
               JOIN "Request" r ON r."id" = t."requestId"
              WHERE `,
            ...tierDays(tierIds, from, to),
            ` AND r."status" <> 'withdrawn' GROUP BY t."tierId", t."date"`,
          ]),
        );
        return rows.map((r) => ({ tierId: r.tierId, date: r.date, count: Number(r.n) }));
      }),

    scheduledChannels: ({ tierIds, from, to, platform }) =>
      serial(async () => {
        if (!tierIds.length) return [];
        const rows = await db.$queryRaw<{ channelId: string }[]>(
          ...statement([
            `SELECT DISTINCT p."channelId"
               FROM "RequestTierDate" t
               JOIN "PostedMessage" p ON p."requestId" = t."requestId"
              WHERE `,
            ...tierDays(tierIds, from, to),
            ' AND p."platform" = ',
            v(platform),
          ]),
        );
        return rows.map((r) => r.channelId);
      }),

    unrecorded: ({ tierIds, from, to, limit }) =>
      serial(async () => {
        if (!tierIds.length) return { items: [], total: 0 };
        const where: Piece[] = [
          `FROM "RequestTierDate" t
           JOIN "Request" r ON r."id" = t."requestId"
           LEFT JOIN "Review" w ON w."requestId" = t."requestId" AND w."tierId" = t."tierId"
          WHERE `,
          ...tierDays(tierIds, from, to),
          ` AND r."status" <> 'withdrawn' AND (w."requestId" IS NULL OR w."attendance" IS NULL OR w."result" = '')`,
        ];
        const tierOrder: Piece[] = ['CASE t."tierId"'];
        tierIds.forEach((id, i) => tierOrder.push(' WHEN ', v(id), ` THEN ${i}`));
        tierOrder.push(' END');
        const [rows, [count]] = await Promise.all([
          db.$queryRaw<(RawRequestRow & { tierDate: string; tierOf: string; noAttendance: unknown; noResult: unknown })[]>(
            ...statement([
              `SELECT r.*, t."date" AS "tierDate", t."tierId" AS "tierOf",
                      CASE WHEN w."requestId" IS NULL OR w."attendance" IS NULL THEN 1 ELSE 0 END AS "noAttendance",
                      CASE WHEN w."requestId" IS NULL OR w."result" = '' THEN 1 ELSE 0 END AS "noResult" `,
              ...where,
              ' ORDER BY t."date" DESC, ',
              ...tierOrder,
              `, r."fiscalYear" ASC, r."seq" ASC LIMIT ${Math.floor(limit)}`,
            ]),
          ),
          db.$queryRaw<{ n: number | bigint }[]>(...statement(['SELECT COUNT(*) AS "n" ', ...where])),
        ]);
        return {
          // toRequest reads the Request columns only: the extra ones need not be split off.
          items: rows.map((r) => ({
            date: r.tierDate,
            tierId: r.tierOf,
            request: toRequest(requestRow(r)),
            missingAttendance: Number(r.noAttendance) === 1,
            missingResult: Number(r.noResult) === 1,
          })),
          total: Number(count.n),
        };
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
          const current = await tx.request.findUnique({ where: { id }, select: { caseNo: true } });
          if (!current) return { ok: false, reason: 'not_found' };
          const { count } = await tx.request.updateMany({
            where: { id, version: input.expectedVersion },
            data: {
              form,
              title: input.form.title,
              version,
              updatedAt: input.now,
              searchText: searchTextOf(current.caseNo, input.form),
              ...ownerColumns(input.form),
            },
          });
          if (count === 0) {
            const exists = await tx.request.findUnique({ where: { id }, select: { id: true } });
            return { ok: false, reason: exists ? 'stale' : 'not_found' };
          }
          await writeTierDates(prismaTx(tx), id, input.form);
          await writeChange(prismaTx(tx), { requestId: id, version, actor: input.actor, at: input.now, kind: 'updated', changes });
          const row = await tx.request.findUniqueOrThrow({ where: { id } });
          return { ok: true, request: toRequest(row) };
        }, TX_OPTIONS),
      );
    },

    setStatus: (id, input) =>
      serial(() =>
        db.$transaction(async (tx): Promise<UpdateResult> => {
          const version = input.expectedVersion + 1;
          const { count } = await tx.request.updateMany({
            where: { id, version: input.expectedVersion },
            data: { status: input.status, version, updatedAt: input.now },
          });
          if (count === 0) {
            const exists = await tx.request.findUnique({ where: { id }, select: { id: true } });
            return { ok: false, reason: exists ? 'stale' : 'not_found' };
          }
          await tx.requestChange.create({
            data: {
              requestId: id,
              version,
              actorPlatform: input.actor.platform,
              actorUser: input.actor.userId,
              at: input.now,
              kind: input.kind,
              changes: encodeChanges(input.changes),
            },
          });
          const row = await tx.request.findUniqueOrThrow({ where: { id } });
          return { ok: true, request: toRequest(row) };
        }, TX_OPTIONS),
      ),

    search: (terms, limit) =>
      serial(async () => {
        if (terms.length === 0) return [];
        let ids: { id: string }[];
        if (provider === 'postgresql') {
          // Each ILIKE is answered by the pg_trgm GIN index (2-character terms: by a scan).
          const where = terms.map((_t, i) => `"searchText" LIKE $${i + 1}`).join(' AND ');
          ids = await db.$queryRawUnsafe<{ id: string }[]>(
            `SELECT "id" FROM "Request" WHERE ${where} ORDER BY "fiscalYear" DESC, "seq" DESC LIMIT ${Math.floor(limit)}`,
            ...terms.map(likePattern),
          );
        } else {
          const long = terms.filter((t) => [...t].length >= 3);
          const short = terms.filter((t) => [...t].length < 3);
          const likes = short.map(() => `r."searchText" LIKE ? ESCAPE '\\'`);
          if (long.length > 0) {
            // The trigram index finds the rows; FTS5 walks them newest first (rowid order).
            ids = await db.$queryRawUnsafe<{ id: string }[]>(
              `SELECT r."id" FROM "RequestFts" f JOIN "Request" r ON r."fiscalYear" = f."rowid" / ${FTS_KEY} AND r."seq" = f."rowid" % ${FTS_KEY}
                WHERE "RequestFts" MATCH ?${likes.map((l) => ` AND ${l}`).join('')}
                ORDER BY f."rowid" DESC LIMIT ${Math.floor(limit)}`,
              long.map(ftsPhrase).join(' '),
              ...short.map(likePattern),
            );
          } else {
            // Shorter than a trigram: a scan, newest first along the (fiscalYear, seq) index.
            ids = await db.$queryRawUnsafe<{ id: string }[]>(
              `SELECT r."id" FROM "Request" r WHERE ${likes.join(' AND ')} ORDER BY r."fiscalYear" DESC, r."seq" DESC LIMIT ${Math.floor(limit)}`,
              ...short.map(likePattern),
            );
          }
        }
        if (ids.length === 0) return [];
        const rows = await db.request.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.flatMap(({ id }) => (byId.has(id) ? [toRequest(byId.get(id)!)] : []));
      }),

    listByFiscalYear: (fiscalYear) =>
      serial(async () => (await db.request.findMany({ where: { fiscalYear }, orderBy: { seq: 'asc' } })).map(toRequest)),

    history: (id) =>
      serial(async () => {
        const rows = await db.requestChange.findMany({ where: { requestId: id }, orderBy: { version: 'asc' } });
        return rows.map(toChangeEntry);
      }),
  };
}
