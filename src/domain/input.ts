/**
 * Text as it comes in from a person, on any platform: normalised once, here, before
 * anything is validated, stored or posted; and the form's own size limits checked
 * before a draft is written, so a crafted payload cannot fill the database.
 */
import { codePointLength } from './codePoints';
import { DomainError } from './errors';
import { Limits, type RawRequestForm } from './requestForm';
import type { OrgConfig } from './org';

/**
 * Removed from typed text:
 * - C0/C1 control characters other than tab and newline (NUL, ESC…), and DEL;
 * - bidi embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069), which
 *   can make a title read differently from what it is (「…txt.exe」 shown as 「…exe.txt」);
 * - lone surrogates, which are not text and make JSON, databases and Slack refuse it.
 */
const UNWANTED =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The one normalisation of typed text, for Slack and Teams alike: NFC, CRLF → LF, unwanted characters removed. */
export function normalizeText(s: string): string {
  // Surrogates first: String.prototype.normalize keeps a lone surrogate as it is.
  return s.replace(/\r\n?/g, '\n').replace(UNWANTED, '').normalize('NFC');
}

/** Every string in a JSON-like value normalised; other values kept. */
export function normalizeDeep<T>(value: T): T {
  if (typeof value === 'string') return normalizeText(value) as T;
  if (Array.isArray(value)) return value.map((v) => normalizeDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeDeep(v);
    return out as T;
  }
  return value;
}

/** The longest value a form field may hold (in characters): the form's own limits. */
const FIELD_MAX: Partial<Record<keyof RawRequestForm, number>> = {
  filedOn: 40,
  title: Limits.title,
  owner: 200,
  summary: Limits.summary,
  points: Limits.points,
  ordinance: 20,
  ordinanceDetail: Limits.ordinanceDetail,
  councilSession: Limits.councilSession,
  publicComment: 20,
  publicCommentPeriod: Limits.period,
  councilInfoKind: 40,
  councilInfoPeriod: Limits.period,
  remarks: Limits.remarks,
};
const DATE_MAX = 40;
const ROW_MAX: Record<string, number> = {
  party: Limits.rowName,
  item: Limits.rowText,
  status: Limits.rowText,
  date: DATE_MAX,
  meeting: Limits.rowName,
  content: Limits.rowText,
};

const chars = codePointLength;
const COORDINATION_COLUMNS: readonly string[] = ['party', 'item', 'status'];
const HISTORY_COLUMNS: readonly string[] = ['date', 'meeting', 'content'];

function tooLarge(field: string, max: number): DomainError {
  return new DomainError('input.too_large', { field, max });
}

/**
 * What a form page sent, normalised and checked against the form's limits before it
 * is merged into a draft. A value no form element could have sent (longer than the
 * field allows, more rows than the table has, a tier the org does not have, not a
 * string) is refused as a whole: nothing of it is stored.
 */
export function cleanFormPatch(org: OrgConfig, patch: Partial<RawRequestForm>): Partial<RawRequestForm> {
  const out: Record<string, unknown> = {};
  // Keys and values read in place: the entries' pairs would be thrown away at once.
  for (const key of Object.keys(patch) as (keyof RawRequestForm)[]) {
    const value: unknown = patch[key];
    if (value === undefined) continue;
    if (key === 'desiredDates') {
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw tooLarge(key, 0);
      const dates: Record<string, string> = {};
      for (const tier of Object.keys(value)) {
        const v: unknown = (value as Record<string, unknown>)[tier];
        if (!org.tiers.some((t) => t.id === tier)) throw tooLarge(key, org.tiers.length);
        if (typeof v !== 'string' || chars(v) > DATE_MAX) throw tooLarge(key, DATE_MAX);
        dates[tier] = normalizeText(v);
      }
      out.desiredDates = dates;
    } else if (key === 'desiredDateOther') {
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw tooLarge(key, 0);
      const picked: Record<string, boolean> = {};
      for (const tier of Object.keys(value)) {
        const v: unknown = (value as Record<string, unknown>)[tier];
        if (!org.tiers.some((t) => t.id === tier) || typeof v !== 'boolean') throw tooLarge(key, org.tiers.length);
        picked[tier] = v;
      }
      out.desiredDateOther = picked;
    } else if (key === 'coordination' || key === 'history') {
      const maxRows = key === 'coordination' ? Limits.coordinationRows : Limits.historyRows;
      if (!Array.isArray(value) || value.length > maxRows) throw tooLarge(key, maxRows);
      const columns = key === 'coordination' ? COORDINATION_COLUMNS : HISTORY_COLUMNS;
      out[key] = value.map((row: unknown) => {
        if (!row || typeof row !== 'object') throw tooLarge(key, maxRows);
        const clean: Record<string, string> = key === 'coordination' ? { party: '', item: '', status: '' } : { date: '', meeting: '', content: '' };
        for (const col of Object.keys(row)) {
          const v: unknown = (row as Record<string, unknown>)[col];
          const max = ROW_MAX[col];
          if (max === undefined || !columns.includes(col)) continue;
          if (typeof v !== 'string' || chars(v) > max) throw tooLarge(col, max);
          clean[col] = normalizeText(v);
        }
        return clean;
      });
    } else {
      const max = FIELD_MAX[key];
      if (max === undefined) continue; // not a field of the form
      if (typeof value !== 'string' || chars(value) > max) throw tooLarge(key, max);
      out[key] = normalizeText(value);
    }
  }
  return out as Partial<RawRequestForm>;
}

/** One typed text of a meeting form (opinion, answer, result), normalised and bounded. */
export function cleanText(field: string, value: string, max: number): string {
  if (chars(value) > max) throw tooLarge(field, max);
  return normalizeText(value);
}
