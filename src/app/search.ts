import type { OrgConfig } from '../domain/org';
import type { Actor, AgendaRequest, Conversation } from '../domain/request';
import { parseSearch, type SearchQuery } from '../domain/search';
import type { Repositories } from './ports';
import type { VisibleFilter } from './register';

/** Matches looked at per search before the visibility rule; the newest ones win. */
const CANDIDATES = 100;
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
      let found = await repos.requests.search(q.terms, CANDIDATES);
      if (visible) {
        const v = await visible(actor, here, found);
        if (!v.ok) return { ok: false, error: 'denied', reason: v.reason };
        found = v.items;
      } else {
        // Without the visibility rule wired, only what the person filed (fail closed).
        found = found.filter((r) => r.createdBy.platform === actor.platform && r.createdBy.userId === actor.userId);
      }
      return { ok: true, terms: q.terms, items: found.slice(0, SEARCH_SHOWN), more: found.length > SEARCH_SHOWN };
    },
  };
}

export type SearchService = ReturnType<typeof createSearch>;
