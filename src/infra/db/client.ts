/**
 * One type for both generated Prisma clients, so each repository is written once.
 *
 * prisma/postgres/schema.prisma is derived from prisma/schema.prisma with the models
 * untouched, so the two clients have the same model API; TypeScript cannot see that
 * through their generic signatures, so the PostgreSQL client is cast once (postgres.ts),
 * and the row types are checked equal below.
 */
import type * as S from '../../generated/sqlite/client';
import type * as P from '../../generated/postgres/client';
import type { Serial } from './serial';
import { clientRawSql, type RawSql } from './rawSql';

type ModelName =
  | 'request'
  | 'requestTierDate'
  | 'requestChange'
  | 'caseCounter'
  | 'draft'
  | 'postedMessage'
  | 'delivery'
  | 'conversationRef'
  | 'review'
  | 'opinion'
  | 'answer'
  | 'reminder'
  | 'attachment'
  | 'attachmentBlob'
  | 'feedKey'
  | 'rosterAssignment'
  | 'homeViewer';

/** The part of a Prisma client the repositories use (typed by the SQLite client). */
export type DbClient = Pick<S.PrismaClient, ModelName | '$queryRaw' | '$queryRawUnsafe' | '$executeRaw' | '$transaction'>;
export type DbTx = S.Prisma.TransactionClient;

export type RequestRow = S.Request;
export type RequestChangeRow = S.RequestChange;
export type DraftRow = S.Draft;
export type PostedMessageRow = S.PostedMessage;
export type ReviewRow = S.Review;
export type OpinionRow = S.Opinion;
export type AnswerRow = S.Answer;
export type AttachmentRow = S.Attachment;

/** What every repository is built from. */
export interface DbContext {
  db: DbClient;
  /** Every repository call runs through this (see serial.ts). */
  serial: Serial;
  /** Plain SQL outside transactions, straight to the driver adapter (rawSql.ts); else through `db`. */
  sql?: RawSql;
}

/** The context's plain-SQL runner, or the client's own raw path. */
export function sqlOf(ctx: DbContext): RawSql {
  return ctx.sql ?? clientRawSql(ctx.db);
}

/** Interactive transactions: generous limits; a PostgreSQL create may queue for the case counter row. */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

/**
 * A unique constraint violation, from either adapter: P2002 from the model API; from a raw
 * statement, P2010 with the adapter's own classification of the driver's error.
 */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, meta } = e as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  if (code === 'P2002') return true;
  return code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation';
}

// Compile-time guard: the row types of both clients are the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rowsMatch: [
  Same<S.Request, P.Request>,
  Same<S.RequestTierDate, P.RequestTierDate>,
  Same<S.RequestChange, P.RequestChange>,
  Same<S.CaseCounter, P.CaseCounter>,
  Same<S.Draft, P.Draft>,
  Same<S.PostedMessage, P.PostedMessage>,
  Same<S.Delivery, P.Delivery>,
  Same<S.ConversationRef, P.ConversationRef>,
  Same<S.Review, P.Review>,
  Same<S.Opinion, P.Opinion>,
  Same<S.Answer, P.Answer>,
  Same<S.Reminder, P.Reminder>,
  Same<S.Attachment, P.Attachment>,
  Same<S.AttachmentBlob, P.AttachmentBlob>,
  Same<S.RosterAssignment, P.RosterAssignment>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void rowsMatch;
