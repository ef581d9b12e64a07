import type { AgendaRequest } from '../domain/request';
import type { SlackDeps } from './deps';

/** Permalinks of requests' Slack messages (null where a request was never posted in Slack). */
export async function slackLinks(deps: Pick<SlackDeps, 'repos'>, requests: AgendaRequest[]): Promise<Map<string, string | null>> {
  const links = new Map<string, string | null>();
  for (const r of requests) {
    if (links.has(r.id)) continue;
    const post = (await deps.repos.posts.listFor(r.id)).find((p) => p.platform === 'slack');
    links.set(r.id, post?.permalink ?? null);
  }
  return links;
}
