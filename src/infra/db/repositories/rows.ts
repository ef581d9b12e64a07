/** Prisma rows → domain values. Nothing here leaves src/infra/db as a row. */
import type { Draft, PostedMessage } from '../../../app/ports';
import type { AgendaRequest, ChangeEntry, RequestForm, RequestStatus } from '../../../domain/request';
import type { DraftRow, PostedMessageRow, RequestChangeRow, RequestRow } from '../client';
import { StoredDataError } from '../errors';
import { decodeChanges, decodeForm } from '../formCodec';

type Platform = 'slack' | 'teams';

function oneOf<T extends string>(allowed: readonly T[], value: string, table: string, id: string, column: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new StoredDataError(table, id, `${column} is ${JSON.stringify(value)}, not one of ${allowed.join(', ')}`);
}

const PLATFORMS = ['slack', 'teams'] as const satisfies readonly Platform[];
const REQUEST_STATUSES = ['filed', 'withdrawn'] as const satisfies readonly RequestStatus[];
const CHANGE_KINDS = ['created', 'updated', 'withdrawn', 'restored'] as const satisfies readonly ChangeEntry['kind'][];
const DRAFT_STATUSES = ['open', 'submitted'] as const satisfies readonly Draft['status'][];

/** A Request row as a raw query returns it: integers may come as bigint, instants as text. */
export type RawRequestRow = {
  [K in keyof RequestRow]: RequestRow[K] extends number ? number | bigint : RequestRow[K] extends Date ? Date | string : RequestRow[K];
};

const instant = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const int = (v: number | bigint): number => (typeof v === 'number' ? v : Number(v));

/**
 * A raw query's Request row in the model API's types, converted in place: a row is a
 * fresh object of its query, and most cells already have these types (a copy of the
 * whole row per read was most of what reading a request allocated here).
 */
export function requestRow(r: RawRequestRow): RequestRow {
  const row = r as unknown as Record<keyof RequestRow, unknown>;
  if (typeof r.fiscalYear !== 'number') row.fiscalYear = int(r.fiscalYear);
  if (typeof r.seq !== 'number') row.seq = int(r.seq);
  if (typeof r.version !== 'number') row.version = int(r.version);
  if (!(r.createdAt instanceof Date)) row.createdAt = instant(r.createdAt);
  if (!(r.updatedAt instanceof Date)) row.updatedAt = instant(r.updatedAt);
  return r as RequestRow;
}

export function toRequest(row: RequestRow): AgendaRequest {
  return requestWithForm(row, decodeForm(row.form, row.id));
}

/** A row's request with its form already decoded (a row just written from that form). */
export function requestWithForm(row: RequestRow, form: RequestForm): AgendaRequest {
  const id = row.id;
  return {
    id,
    caseNo: row.caseNo,
    fiscalYear: row.fiscalYear,
    seq: row.seq,
    version: row.version,
    status: oneOf(REQUEST_STATUSES, row.status, 'Request', id, 'status'),
    form,
    createdBy: { platform: oneOf(PLATFORMS, row.createdByPlatform, 'Request', id, 'createdByPlatform'), userId: row.createdByUser },
    origin: { platform: oneOf(PLATFORMS, row.originPlatform, 'Request', id, 'originPlatform'), channelId: row.originChannel },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toChangeEntry(row: RequestChangeRow): ChangeEntry {
  const id = row.id;
  return {
    id,
    requestId: row.requestId,
    actor: { platform: oneOf(PLATFORMS, row.actorPlatform, 'RequestChange', id, 'actorPlatform'), userId: row.actorUser },
    at: row.at,
    kind: oneOf(CHANGE_KINDS, row.kind, 'RequestChange', id, 'kind'),
    changes: decodeChanges(row.changes, id),
  };
}

export function toDraft(row: DraftRow): Draft {
  const id = row.id;
  let data: unknown;
  try {
    data = JSON.parse(row.data);
  } catch (e) {
    throw new StoredDataError('Draft', id, `data is not JSON (${(e as Error).message})`);
  }
  return {
    id,
    actor: { platform: oneOf(PLATFORMS, row.actorPlatform, 'Draft', id, 'actorPlatform'), userId: row.actorUser },
    conversation: {
      platform: oneOf(PLATFORMS, row.conversationPlatform, 'Draft', id, 'conversationPlatform'),
      channelId: row.conversationChannel,
    },
    requestId: row.requestId,
    baseVersion: row.baseVersion,
    data,
    status: oneOf(DRAFT_STATUSES, row.status, 'Draft', id, 'status'),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toPostedMessage(row: PostedMessageRow): PostedMessage {
  const id = `${row.requestId}/${row.platform}/${row.channelId}`;
  return {
    requestId: row.requestId,
    platform: oneOf(PLATFORMS, row.platform, 'PostedMessage', id, 'platform'),
    channelId: row.channelId,
    messageId: row.messageId,
    permalink: row.permalink,
  };
}
