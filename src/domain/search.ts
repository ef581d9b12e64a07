import { ownerLabel } from './org';
import type { RequestForm } from './request';

/**
 * Search over requests: case number, title, 概要, 審議内容(論点), 所管. Japanese has no
 * spaces, so a word matches anywhere inside the text (マネジメント finds
 * 情報マネジメント推進計画); text and query are folded the same way (NFKC: full-width
 * letters and digits, half-width kana; lower case).
 */
export const SearchLimits = { minChars: 2, maxChars: 100, maxTerms: 5 } as const;

export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** What search matches for a request, as stored beside it. */
export function searchTextOf(caseNo: string, form: Pick<RequestForm, 'title' | 'summary' | 'points' | 'owner'>): string {
  return foldForSearch([caseNo, form.title, form.summary, form.points, ownerLabel(form.owner)].join('\n'));
}

export type SearchQuery = { ok: true; terms: string[] } | { ok: false; error: 'empty' | 'too_short' | 'too_long' | 'too_many' };

/** A typed query: words separated by spaces, all of which must match. */
export function parseSearch(text: string): SearchQuery {
  const folded = foldForSearch(text).trim();
  if (folded === '') return { ok: false, error: 'empty' };
  if ([...folded].length > SearchLimits.maxChars) return { ok: false, error: 'too_long' };
  const terms = [...new Set(folded.split(/\s+/).filter(Boolean))];
  if (terms.length > SearchLimits.maxTerms) return { ok: false, error: 'too_many' };
  if (terms.some((t) => [...t].length < SearchLimits.minChars)) return { ok: false, error: 'too_short' };
  return { ok: true, terms };
}
