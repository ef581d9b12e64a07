import type { AgendaRequest } from '../domain/request';
import type { SlackDeps } from './deps';

/** Permalinks of requests' Slack messages (null where a request was never posted in Slack). */
export async function slackLinks(deps: Pick<SlackDeps, 'repos'>, requests: AgendaRequest[]): Promise<Map<string, string | null>> {
  const links = new Map<string, string | null>();
  const posts = await deps.repos.posts.listForMany([...new Set(requests.map((r) => r.id))]);
  for (const [id, list] of posts) links.set(id, list.find((p) => p.platform === 'slack')?.permalink ?? null);
  return links;
}
