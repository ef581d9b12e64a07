import type { OrgConfig } from '../domain/org';
import type { Actor, AgendaRequest, Conversation } from '../domain/request';
import { parseSearch, type SearchQuery } from '../domain/search';
import type { Repositories } from './ports';
import type { VisibleFilter } from './register';

/**
 * Matches looked at before the visibility rule, newest first: 100, then more (×4, up to
 * 1,600) while fewer than a page's worth are visible and older matches remain, so a
 * person who may see only some requests still finds last years' ones.
 */
const CANDIDATES = 100;
const MAX_CANDIDATES = 1600;
/** Results shown. */
export const SEARCH_SHOWN = 20;

export type SearchOutcome =
  | { ok: true; terms: string[]; items: AgendaRequest[]; more: boolean }
  | { ok: false; error: Exclude<SearchQuery, { ok: true }>['error'] }
  | { ok: false; error: 'denied'; reason: string };

/**
 * 検索 <語>: requests across every 年度 whose case number, title, 概要, 審議内容 or 所管
 * contains every word, newest first, only those the person may see (the visibility
 * service; without it, fail closed: only what the person filed).
 */
export function createSearch({ repos }: { repos: Pick<Repositories, 'requests'>; org?: OrgConfig }) {
  return {
    async search(actor: Actor, here: Conversation | null, text: string, visible?: VisibleFilter): Promise<SearchOutcome> {
      const q = parseSearch(text);
      if (!q.ok) return q;
      let found: AgendaRequest[] = [];
      for (let limit = CANDIDATES; ; limit *= 4) {
        const candidates = await repos.requests.search(q.terms, limit);
        if (visible) {
          const v = await visible(actor, here, candidates);
          if (!v.ok) return { ok: false, error: 'denied', reason: v.reason };
          found = v.items;
        } else {
          // Without the visibility rule wired, only what the person filed (fail closed).
          found = candidates.filter((r) => r.createdBy.platform === actor.platform && r.createdBy.userId === actor.userId);
        }
        if (found.length > SEARCH_SHOWN || candidates.length < limit || limit >= MAX_CANDIDATES) break;
      }
      return { ok: true, terms: q.terms, items: found.slice(0, SEARCH_SHOWN), more: found.length > SEARCH_SHOWN };
    },
  };
}

export type SearchService = ReturnType<typeof createSearch>;
