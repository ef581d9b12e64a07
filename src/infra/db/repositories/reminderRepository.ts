/**
 * Reminders: planned rows, claimed with leases, recorded when sent.
 *
 * Claiming is row-level and needs no in-process lock:
 * - PostgreSQL: one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)
 *   RETURNING id`; concurrent claimers skip each other's locked rows instead of waiting.
 * - SQLite: one conditional UPDATE of the candidates (the file has a single writer, so
 *   the statement is atomic across processes too), then the rows this claim's token won
 *   are read back.
 * Both scan the due rows through the (status, fireAt) index: the cost depends on how
 * many are due, not on how many lie in the future. Ties of fireAt go by id, which is a
 * random UUID: a backlog due at one instant is claimed spread over its channels, not
 * one channel's reminders after another's, so every channel's lane starts at once.
 *
 * Channel affinity: a due reminder is not claimed while another instance holds a live
 * lease (pending, leaseUntil >= now, a claim token not starting with this instance's
 * `${instanceId}/`) on a reminder of the same (platform, channelId). One instance's lane
 * then posts into a channel at a time, and two instances do not share Slack's 1 post/s
 * of a channel (each would get 429s). The instance holding the channel claims the rest
 * of it; when its leases end (sent, released, or lapsed after a crash) any instance may.
 * The check is one probe per due row through the (platform, channelId, status,
 * leaseUntil) index, so the scan stays independent of future rows. On PostgreSQL claims
 * take turns under an advisory lock, so each sees the leases of the claims before it.
 * Affinity only spaces posts: exactly-once still rests on the leases and row locks.
 */
import { randomUUID } from 'node:crypto';
import type { DeadlineState, PostedMessage, Reminder, ReminderRepository } from '../../../app/ports';
import type { AgendaRequest } from '../../../domain/request';
import { toPostedMessage, toRequest } from './rows';
import { REMINDER_ORIGINS, REMINDER_STATUSES } from '../../../domain/reminders';
import { type DbContext, isUniqueViolation, sqlOf } from '../client';
import { StoredDataError } from '../errors';
import { type Piece, statement, templateByCount, v, valuesList } from './sql';
import { visibleWhere } from './visibleSql';
import type { Reminder as ReminderRow } from '../../../generated/sqlite/client';

const PLATFORMS = ['slack', 'teams'] as const;
/** Arbitrary constant naming the claims' turn among the database's advisory locks (migrate.ts has another). */
const PG_CLAIM_LOCK_KEY = 4_213_779_027;

function oneOf<T extends string>(allowed: readonly T[], value: string, id: string, column: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new StoredDataError('Reminder', id, `${column} is ${JSON.stringify(value)}, not one of ${allowed.join(', ')}`);
}

function toReminder(row: ReminderRow): Reminder {
  return {
    id: row.id,
    requestId: row.requestId,
    deadline: row.deadline,
    dueDate: row.dueDate,
    leadDays: row.leadDays,
    fireAt: row.fireAt,
    status: oneOf(REMINDER_STATUSES, row.status, row.id, 'status'),
    origin: oneOf(REMINDER_ORIGINS, row.origin, row.id, 'origin'),
    platform: oneOf(PLATFORMS, row.platform, row.id, 'platform'),
    channelId: row.channelId,
    threadId: row.threadId,
    claimedBy: row.claimedBy,
    leaseUntil: row.leaseUntil,
    attempts: row.attempts,
    firstClaimedAt: row.firstClaimedAt,
    lastError: row.lastError,
    sentAt: row.sentAt,
    messageId: row.messageId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A Reminder row as a raw query returns it: integers may come as bigint, instants as text. */
type RawReminderRow = {
  [K in keyof ReminderRow]: ReminderRow[K] extends number
    ? number | bigint
    : ReminderRow[K] extends Date
      ? Date | string
      : ReminderRow[K] extends Date | null
        ? Date | string | null
        : ReminderRow[K];
};
const instant = (d: Date | string): Date => (d instanceof Date ? d : new Date(d));

/** A raw query's Reminder row in the model API's types, converted in place (a row is a fresh object of its query). */
function reminderRow(r: RawReminderRow): ReminderRow {
  const row = r as unknown as Record<keyof ReminderRow, unknown>;
  if (typeof r.leadDays !== 'number') row.leadDays = Number(r.leadDays);
  if (typeof r.attempts !== 'number') row.attempts = Number(r.attempts);
  if (!(r.fireAt instanceof Date)) row.fireAt = instant(r.fireAt);
  if (r.leaseUntil !== null && !(r.leaseUntil instanceof Date)) row.leaseUntil = instant(r.leaseUntil);
  if (r.firstClaimedAt !== null && !(r.firstClaimedAt instanceof Date)) row.firstClaimedAt = instant(r.firstClaimedAt);
  if (r.sentAt !== null && !(r.sentAt instanceof Date)) row.sentAt = instant(r.sentAt);
  if (!(r.createdAt instanceof Date)) row.createdAt = instant(r.createdAt);
  if (!(r.updatedAt instanceof Date)) row.updatedAt = instant(r.updatedAt);
  return r as ReminderRow;
}

const leaseFree = (now: Date) => ({ OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] });

/** One UPDATE moving `count` reminders to their channels, each with its own time (values: `moveValues`). */
function moveStatement(count: number, provider: 'sqlite' | 'postgresql') {
  // PostgreSQL types a CASE from its branches: untyped parameters would make it text.
  const instant: Piece[] = provider === 'postgresql' ? ['CAST(', v(null), ' AS TIMESTAMP(3))'] : [v(null)];
  const pieces: Piece[] = ['UPDATE "Reminder" SET "channelId" = CASE "id"'];
  for (let i = 0; i < count; i++) pieces.push(' WHEN ', v(null), ' THEN ', v(null));
  pieces.push(' END, "fireAt" = CASE "id"');
  for (let i = 0; i < count; i++) pieces.push(' WHEN ', v(null), ' THEN ', ...instant);
  pieces.push(' END, "threadId" = NULL, "updatedAt" = ', v(null), ' WHERE "id" IN (');
  for (let i = 0; i < count; i++) pieces.push(i === 0 ? '' : ', ', v(null));
  pieces.push(`) AND "status" = 'pending' AND "attempts" = 0 AND ("leaseUntil" IS NULL OR "leaseUntil" < `, v(null), ')');
  return pieces;
}

/** The bound values of `moveStatement`, in its order. */
function moveValues(moves: readonly { id: string; channelId: string; fireAt: Date }[], now: Date): unknown[] {
  const values: unknown[] = [];
  for (const m of moves) values.push(m.id, m.channelId);
  for (const m of moves) values.push(m.id, m.fireAt);
  values.push(now);
  for (const m of moves) values.push(m.id);
  values.push(now);
  return values;
}

const REMINDER_INSERT_COLUMNS = 13;

/** A multi-row INSERT of planned reminders (values: 13 a row, in the column order below). */
const insertStatement = templateByCount((rows) => [
  'INSERT INTO "Reminder" ("id", "requestId", "deadline", "dueDate", "leadDays", "fireAt", "status", "origin", "platform", "channelId", "attempts", "createdAt", "updatedAt") VALUES ',
  ...valuesList(Array.from({ length: rows }, () => new Array<unknown>(REMINDER_INSERT_COLUMNS).fill(null))),
  ' ON CONFLICT DO NOTHING RETURNING "id"',
]);

export function reminderRepository(ctx: DbContext, provider: 'sqlite' | 'postgresql'): ReminderRepository {
  const { db, serial } = ctx;
  // Plain SQL outside transactions goes straight to the driver adapter (rawSql.ts).
  const sql = sqlOf(ctx);
  const moveTemplate = templateByCount((count) => moveStatement(count, provider));
  async function claimPostgres(now: Date, token: string, prefix: string, leaseUntil: Date, limit: number): Promise<string[]> {
    // Claims take turns (a transaction-scoped advisory lock, then the UPDATE in a snapshot
    // taken after it): a claim sees the leases every claim before it committed, so two
    // instances starting together do not both take rows of one channel.
    const [, rows] = await db.$transaction([
      db.$executeRaw`SELECT pg_advisory_xact_lock(${PG_CLAIM_LOCK_KEY}::bigint)`,
      db.$queryRaw<{ id: string }[]>`
      UPDATE "Reminder"
         SET "claimedBy" = ${token}, "leaseUntil" = ${leaseUntil}, "attempts" = "attempts" + 1,
             "firstClaimedAt" = COALESCE("firstClaimedAt", ${now}), "updatedAt" = ${now}
       WHERE "id" IN (
             SELECT r."id" FROM "Reminder" r
              WHERE r."status" = 'pending' AND r."fireAt" <= ${now}
                AND (r."leaseUntil" IS NULL OR r."leaseUntil" < ${now})
                AND NOT EXISTS (
                      SELECT 1 FROM "Reminder" o
                       WHERE o."platform" = r."platform" AND o."channelId" = r."channelId"
                         AND o."status" = 'pending' AND o."leaseUntil" >= ${now}
                         AND substr(o."claimedBy", 1, length(${prefix})) <> ${prefix})
              ORDER BY r."fireAt", r."id"
              LIMIT ${limit}
                FOR UPDATE OF r SKIP LOCKED)
      RETURNING "id"`,
    ]);
    return rows.map((r) => r.id);
  }

  async function claimSqlite(now: Date, token: string, prefix: string, leaseUntil: Date, limit: number): Promise<string[]> {
    // Instants as Prisma stores them in SQLite (see markSentMany). The ids go back as
    // bound parameters: SQLite allows 999 per statement.
    const at = now.toISOString().replace('Z', '+00:00');
    const candidates = await sql.query<{ id: string }[]>`
      SELECT r."id" FROM "Reminder" r
       WHERE r."status" = 'pending' AND r."fireAt" <= ${at}
         AND (r."leaseUntil" IS NULL OR r."leaseUntil" < ${at})
         AND NOT EXISTS (
               SELECT 1 FROM "Reminder" o
                WHERE o."platform" = r."platform" AND o."channelId" = r."channelId"
                  AND o."status" = 'pending' AND o."leaseUntil" >= ${at}
                  AND substr(o."claimedBy", 1, length(${prefix})) <> ${prefix})
       ORDER BY r."fireAt", r."id"
       LIMIT ${Math.min(limit, 500)}`;
    if (candidates.length === 0) return [];
    const ids = candidates.map((c) => c.id);
    // The lease is checked again by the UPDATE itself: another process on the same file
    // may have claimed some of them since the SELECT (within one process, serial() keeps
    // the two statements together; across processes channel affinity is best effort).
    await db.reminder.updateMany({
      where: { id: { in: ids }, status: 'pending', ...leaseFree(now) },
      data: { claimedBy: token, leaseUntil, attempts: { increment: 1 }, updatedAt: now },
    });
    await db.reminder.updateMany({ where: { id: { in: ids }, claimedBy: token, firstClaimedAt: null }, data: { firstClaimedAt: now } });
    return ids;
  }

  return {
    // listFor and apply run on every filing and edit: plain SQL, the same on both databases.
    listFor: (requestId) =>
      serial(async () => {
        const rows = await sql.query<RawReminderRow[]>`
          SELECT * FROM "Reminder" WHERE "requestId" = ${requestId} ORDER BY "fireAt" ASC, "deadline" ASC`;
        return rows.map((r) => toReminder(reminderRow(r)));
      }),

    get: (id) =>
      serial(async () => {
        const row = await db.reminder.findUnique({ where: { id } });
        return row ? toReminder(row) : null;
      }),

    apply: (requestId, diff, now) =>
      serial(async () => {
        let inserted = 0;
        // One multi-row INSERT per 50 (13 bound values a row; SQLite allows 999). A row
        // planned concurrently (two edits in a row) is already there, which is what we want:
        // it conflicts on the unique key and is not counted.
        for (let i = 0; i < diff.insert.length; i += 50) {
          const chunk = diff.insert.slice(i, i + 50);
          const values: unknown[] = [];
          for (const p of chunk) {
            values.push(
              randomUUID(),
              requestId,
              p.deadline,
              p.dueDate,
              p.leadDays,
              p.fireAt,
              'pending',
              p.origin,
              p.platform,
              p.channelId,
              0,
              now,
              now,
            );
          }
          const ids = await sql.query<{ id: string }[]>(insertStatement(chunk.length), ...values);
          inserted += ids.length;
        }
        let cancelled =
          diff.cancel.length === 0
            ? 0
            : (
                await db.reminder.updateMany({
                  where: { id: { in: diff.cancel }, status: 'pending', ...leaseFree(now) },
                  data: { status: 'cancelled', updatedAt: now },
                })
              ).count;
        let revived = 0;
        for (const r of diff.revive) {
          revived += (
            await db.reminder.updateMany({
              where: { id: r.id, status: 'cancelled' },
              data: { status: 'pending', fireAt: r.fireAt, claimedBy: null, leaseUntil: null, updatedAt: now },
            })
          ).count;
        }
        let rescheduled = 0;
        for (const r of diff.reschedule) {
          rescheduled += (
            await db.reminder.updateMany({
              where: { id: r.id, status: 'pending', ...leaseFree(now) },
              data: { fireAt: r.fireAt, updatedAt: now },
            })
          ).count;
        }
        let moved = 0;
        const moves = diff.move ?? [];
        // Every filing moves its reminders once, from where they were planned to the
        // posted channel: one statement for all of them. Should one of them be planned
        // there meanwhile (the unique key), the whole statement changed nothing and each
        // is moved on its own below.
        if (moves.length > 0 && moves.length <= 100) {
          try {
            moved = await sql.execute(moveTemplate(moves.length), ...moveValues(moves, now));
            moves.length = 0;
          } catch (e) {
            if (!isUniqueViolation(e)) throw e;
          }
        }
        for (const m of moves) {
          const where = { id: m.id, status: 'pending', attempts: 0, ...leaseFree(now) };
          try {
            moved += (await db.reminder.updateMany({ where, data: { channelId: m.channelId, fireAt: m.fireAt, threadId: null, updatedAt: now } }))
              .count;
          } catch (e) {
            // Planned there meanwhile (a concurrent re-plan): this one is not needed any more.
            if (!isUniqueViolation(e)) throw e;
            cancelled += (await db.reminder.updateMany({ where, data: { status: 'cancelled', updatedAt: now } })).count;
          }
        }
        return { inserted, cancelled, revived, rescheduled, moved };
      }),

    claimDue: ({ now, instanceId, leaseUntil, limit }) =>
      serial(async () => {
        const prefix = `${instanceId}/`;
        const token = `${prefix}${randomUUID().slice(0, 8)}`;
        const ids =
          provider === 'postgresql'
            ? await claimPostgres(now, token, prefix, leaseUntil, limit)
            : await claimSqlite(now, token, prefix, leaseUntil, limit);
        if (ids.length === 0) return [];
        const rows = await db.reminder.findMany({ where: { id: { in: ids }, claimedBy: token }, orderBy: [{ fireAt: 'asc' }, { id: 'asc' }] });
        return rows.map(toReminder);
      }),

    renewLease: (id, claim, now, leaseUntil) =>
      serial(async () => {
        const r = await db.reminder.updateMany({ where: { id, claimedBy: claim, status: 'pending' }, data: { leaseUntil, updatedAt: now } });
        return r.count === 1;
      }),

    markSent: (id, claim, { messageId, threadId, now }) =>
      serial(async () => {
        const r = await db.reminder.updateMany({
          where: { id, claimedBy: claim, status: 'pending' },
          data: { status: 'sent', sentAt: now, messageId, threadId, leaseUntil: null, lastError: null, updatedAt: now },
        });
        return r.count === 1;
      }),

    markSentMany: (items, now) =>
      serial(async () => {
        const recorded: string[] = [];
        // One statement per 100 (SQLite allows 999 bound parameters). Instants go to SQLite
        // as text in the form Prisma stores them ('…+00:00'); PostgreSQL takes Dates.
        const at = provider === 'sqlite' ? now.toISOString().replace('Z', '+00:00') : now;
        for (let i = 0; i < items.length; i += 100) {
          const chunk = items.slice(i, i + 100);
          const parts: string[] = [
            'UPDATE "Reminder" SET "status" = \'sent\', "leaseUntil" = NULL, "lastError" = NULL, "sentAt" = ',
            ', "updatedAt" = ',
            ', "messageId" = CASE "id"',
          ];
          const values: unknown[] = [at, at];
          const add = (sqlAfter: string, value: unknown) => {
            values.push(value);
            parts.push(sqlAfter);
          };
          for (const it of chunk) {
            parts[parts.length - 1] += ' WHEN ';
            add(' THEN ', it.id);
            add('', it.messageId);
          }
          parts[parts.length - 1] += ' END, "threadId" = CASE "id"';
          for (const it of chunk) {
            parts[parts.length - 1] += ' WHEN ';
            add(' THEN ', it.id);
            add('', it.threadId);
          }
          parts[parts.length - 1] += ' END WHERE "status" = \'pending\' AND ("id", "claimedBy") IN (VALUES ';
          chunk.forEach((it, j) => {
            parts[parts.length - 1] += `${j === 0 ? '' : ', '}(`;
            add(', ', it.id);
            add(')', it.claim);
          });
          parts[parts.length - 1] += ') RETURNING "id"';
          const strings = Object.assign([...parts], { raw: [...parts] }) as unknown as TemplateStringsArray;
          const rows = await sql.query<{ id: string }[]>(strings, ...values);
          recorded.push(...rows.map((r) => r.id));
        }
        return recorded;
      }),

    contextsFor: (requestIds) =>
      serial(async () => {
        const out = new Map<string, { request: AgendaRequest; posts: PostedMessage[] }>();
        const ids = [...new Set(requestIds)];
        for (let i = 0; i < ids.length; i += 400) {
          const chunk = ids.slice(i, i + 400);
          const [requests, posts] = await Promise.all([
            db.request.findMany({ where: { id: { in: chunk } } }),
            db.postedMessage.findMany({ where: { requestId: { in: chunk } }, orderBy: [{ platform: 'asc' }, { channelId: 'asc' }] }),
          ]);
          for (const r of requests) out.set(r.id, { request: toRequest(r), posts: [] });
          for (const p of posts) out.get(p.requestId)?.posts.push(toPostedMessage(p));
        }
        return out;
      }),

    release: (id, claim, { fireAt, error, now }) =>
      serial(async () => {
        const r = await db.reminder.updateMany({
          where: { id, claimedBy: claim, status: 'pending' },
          data: { leaseUntil: null, lastError: error, updatedAt: now, ...(fireAt ? { fireAt } : {}) },
        });
        return r.count === 1;
      }),

    finish: (id, claim, status, now) =>
      serial(async () => {
        const r = await db.reminder.updateMany({
          where: { id, claimedBy: claim, status: 'pending' },
          data: { status, leaseUntil: null, updatedAt: now },
        });
        return r.count === 1;
      }),

    hasLaterDue: (r, now) =>
      serial(async () => {
        const later = await db.reminder.findFirst({
          where: {
            requestId: r.requestId,
            deadline: r.deadline,
            dueDate: r.dueDate,
            platform: r.platform,
            channelId: r.channelId,
            status: { in: ['pending', 'sent'] },
            fireAt: { gt: r.fireAt, lte: now },
          },
          select: { id: true },
        });
        return later !== null;
      }),

    supersededAmong: (rs, now) =>
      serial(async () => {
        if (rs.length === 0) return [];
        const latest = new Map<string, number>(); // deadline and target → latest due fireAt
        // By request (the leading column of the unique index), not by an OR of one
        // (requestId, deadline, dueDate) triple per reminder: SQLite plans a big OR poorly
        // and Prisma compiles it anew each time (a third of a second for 500). The rows of
        // other deadlines of those requests are read too, and ignored below.
        const requestIds = [...new Set(rs.map((r) => r.requestId))];
        for (let i = 0; i < requestIds.length; i += 400) {
          const due = await db.reminder.findMany({
            where: { requestId: { in: requestIds.slice(i, i + 400) }, status: { in: ['pending', 'sent'] }, fireAt: { lte: now } },
            select: { requestId: true, deadline: true, dueDate: true, platform: true, channelId: true, fireAt: true },
          });
          for (const d of due) {
            const k = `${d.requestId}|${d.deadline}|${d.dueDate}|${d.platform}|${d.channelId}`;
            latest.set(k, Math.max(latest.get(k) ?? 0, d.fireAt.getTime()));
          }
        }
        return rs
          .filter((r) => (latest.get(`${r.requestId}|${r.deadline}|${r.dueDate}|${r.platform}|${r.channelId}`) ?? 0) > r.fireAt.getTime())
          .map((r) => r.id);
      }),

    closeDeadline: ({ requestId, deadline, dueDate, status, now, before }) =>
      serial(async () => {
        const r = await db.reminder.updateMany({
          where: { requestId, deadline, dueDate, status: 'pending', ...leaseFree(now), ...(before ? { fireAt: { lt: before } } : {}) },
          data: { status, updatedAt: now },
        });
        return r.count;
      }),

    settle: (id, now) =>
      serial(async () => {
        const r = await db.reminder.updateMany({ where: { id, status: 'sent' }, data: { status: 'done', updatedAt: now } });
        return r.count === 1;
      }),

    schedule: (requestId, p, now) =>
      serial(async () => {
        const key = { requestId, deadline: p.deadline, dueDate: p.dueDate, leadDays: p.leadDays, platform: p.platform, channelId: p.channelId };
        const fields = {
          fireAt: p.fireAt,
          status: 'pending',
          origin: p.origin,
          claimedBy: null,
          leaseUntil: null,
          attempts: 0,
          firstClaimedAt: null,
          sentAt: null,
          messageId: null,
          lastError: null,
          updatedAt: now,
        };
        const row = await db.reminder.upsert({
          where: { requestId_deadline_dueDate_leadDays_platform_channelId: key },
          create: { ...key, ...fields, createdAt: now },
          update: fields,
        });
        return toReminder(row);
      }),

    dueBetween: ({ from, to, requestIds, limit }) =>
      serial(async () => {
        if (requestIds && requestIds.length === 0) return [];
        const where = {
          dueDate: { gte: from, lte: to },
          status: { in: ['pending', 'sent', 'done', 'snoozed'] },
          ...(requestIds ? { requestId: { in: requestIds.slice(0, 500) } } : {}),
        };
        const rows = await db.reminder.findMany({ where, orderBy: [{ dueDate: 'asc' }, { fireAt: 'asc' }], take: limit });
        return rows.map(toReminder);
      }),

    // The home's deadline lists: the deadlines are grouped, settled ones dropped, counted
    // and the first `limit` picked by the database (one pass over the reminders due in the
    // range); only those deadlines' reminders are read.
    openDeadlines: ({ from, to, filer, scope, order, limit }) =>
      serial(async () => {
        const dir = order === 'desc' ? 'DESC' : 'ASC';
        const due = (status: string): Piece[] => [
          'm."dueDate" >= ',
          v(from),
          ' AND m."dueDate" <= ',
          v(to),
          ` AND ${status} IN ('pending', 'sent', 'done', 'snoozed')`,
        ];
        // A person's deadlines start from their requests (the createdBy index, then each
        // request's reminders): SQLite takes CROSS JOIN as that order, PostgreSQL plans freely.
        // The secretariat's start from the reminders due in the range: along the (dueDate,
        // requestId, deadline, status, fireAt) index, which holds all the grouping reads
        // (SQLite, without statistics, would pass over it for the (status, fireAt) index,
        // every pending reminder, unless the status test cannot use an index).
        const source: Piece[] = filer
          ? [
              `FROM "Request" r CROSS JOIN "Reminder" m
              WHERE m."requestId" = r."id" AND r."status" = 'filed' AND r."createdByPlatform" = `,
              v(filer.platform),
              ' AND r."createdByUser" = ',
              v(filer.userId),
              ' AND ',
              ...visibleWhere(scope),
              ' AND ',
              ...due('m."status"'),
            ]
          : [
              'FROM "Reminder" m WHERE ',
              ...due(`(m."status" || '')`),
              scope ? ` AND m."requestId" IN (SELECT r."id" FROM "Request" r WHERE r."status" <> 'withdrawn' AND ` : '',
              ...(scope ? [...visibleWhere(scope), ')'] : [` AND m."requestId" NOT IN (SELECT "id" FROM "Request" WHERE "status" = 'withdrawn')`]),
            ];
        const keys = await db.$queryRaw<{ requestId: string; deadline: string; dueDate: string; total: number | bigint }[]>(
          ...statement([
            'SELECT m."requestId", m."deadline", m."dueDate", MIN(m."fireAt") AS "firstAt", COUNT(*) OVER () AS "total" ',
            ...source,
            ` GROUP BY m."requestId", m."deadline", m."dueDate"
             HAVING SUM(CASE WHEN m."status" = 'done' THEN 1 ELSE 0 END) = 0
              ORDER BY m."dueDate" ${dir}, "firstAt" ${dir}, m."requestId" ASC, m."deadline" ASC
              LIMIT ${Math.floor(limit)}`,
          ]),
        );
        if (!keys.length) return { items: [], total: 0 };
        const rows = await db.$queryRaw<RawReminderRow[]>(
          ...statement([
            'SELECT * FROM "Reminder" WHERE "requestId" IN (',
            ...[...new Set(keys.map((k) => k.requestId))].flatMap((id, i) => (i ? [', ', v(id)] : [v(id)])),
            ') AND "dueDate" >= ',
            v(from),
            ' AND "dueDate" <= ',
            v(to),
            ` AND "status" IN ('pending', 'sent', 'snoozed') ORDER BY "fireAt" ASC, "id" ASC`,
          ]),
        );
        // The soonest reminder of each deadline (the first in fireAt order), in the keys' order.
        const first = new Map<string, Reminder>();
        for (const raw of rows) {
          const r = toReminder(reminderRow(raw));
          const key = `${r.requestId}|${r.deadline}|${r.dueDate}`;
          if (!first.has(key)) first.set(key, r);
        }
        const items = keys.flatMap((k) => first.get(`${k.requestId}|${k.deadline}|${k.dueDate}`) ?? []);
        return { items, total: Number(keys[0].total) };
      }),

    pending: (limit) =>
      serial(async () =>
        (await db.reminder.findMany({ where: { status: 'pending' }, orderBy: [{ dueDate: 'asc' }, { fireAt: 'asc' }], take: limit })).map(toReminder),
      ),

    // The outlook reads two weeks of deadlines of every open request at once: one grouped
    // statement (the same text on both databases) instead of every reminder row through
    // the model API, which would hand back several rows per deadline (one per lead).
    deadlineStates: ({ from, to, unansweredFrom }) =>
      serial(async () => {
        const since = unansweredFrom ?? from;
        const rows = await db.$queryRaw<
          { requestId: string; deadline: string; dueDate: string; lastSentAt: unknown; done: unknown; snoozed: unknown }[]
        >`
          SELECT m."requestId", m."deadline", m."dueDate",
                 MAX(m."sentAt") AS "lastSentAt",
                 MAX(CASE WHEN m."status" = 'done' THEN 1 ELSE 0 END) AS "done",
                 MAX(CASE WHEN m."origin" = 'snooze' AND m."status" = 'pending' THEN 1 ELSE 0 END) AS "snoozed"
            FROM "Reminder" m
            JOIN "Request" r ON r."id" = m."requestId"
           WHERE m."dueDate" >= ${since} AND m."dueDate" <= ${to}
             AND m."status" <> 'cancelled'
             AND m."deadline" NOT LIKE 'meeting:%'
             AND r."status" <> 'withdrawn'
           GROUP BY m."requestId", m."deadline", m."dueDate"
          HAVING m."dueDate" >= ${from}
              OR (MAX(m."sentAt") IS NOT NULL
                  AND MAX(CASE WHEN m."status" = 'done' THEN 1 ELSE 0 END) = 0
                  AND MAX(CASE WHEN m."origin" = 'snooze' AND m."status" = 'pending' THEN 1 ELSE 0 END) = 0)`;
        return rows.map((r): DeadlineState => ({
          requestId: r.requestId,
          deadline: r.deadline,
          dueDate: r.dueDate,
          lastSentAt: instantOf(r.lastSentAt),
          done: Number(r.done) === 1,
          snoozed: Number(r.snoozed) === 1,
        }));
      }),

    requestIdsWithDeadline: (deadline, dueDates) =>
      serial(async () => {
        if (dueDates.length === 0) return [];
        const days: Piece[] = dueDates.flatMap((d, i) => (i === 0 ? [v(d)] : [', ', v(d)]));
        const rows = await db.$queryRaw<{ requestId: string }[]>(
          ...statement([
            'SELECT DISTINCT m."requestId" FROM "Reminder" m JOIN "Request" r ON r."id" = m."requestId" ',
            'WHERE m."dueDate" IN (',
            ...days,
            ') AND m."deadline" = ',
            v(deadline),
            ` AND m."status" <> 'cancelled' AND r."status" <> 'withdrawn'`,
          ]),
        );
        return rows.map((r) => r.requestId);
      }),
  };
}

/** An aggregated instant as the adapters hand it back: a Date, ISO text, or epoch milliseconds (SQLite). */
function instantOf(x: unknown): Date | null {
  if (x === null || x === undefined) return null;
  if (x instanceof Date) return x;
  if (typeof x === 'bigint' || typeof x === 'number') return new Date(Number(x));
  const d = new Date(String(x));
  return Number.isNaN(d.getTime()) ? null : d;
}
