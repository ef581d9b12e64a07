import type { SlackRoutes } from '../router';
import { searchOwners } from '../../domain/org';
import type { SlackDeps } from '../deps';
import { ActionId } from '../ids';
import { clip } from '../mrkdwn';

/** 所管 search: the org directory, filtered by what the person types (100 at most). */
export function registerOptions(app: SlackRoutes, deps: SlackDeps): void {
  app.options(ActionId.owner, async ({ options, ack }) => {
    const hits = searchOwners(deps.org, String(options.value ?? ''), 100);
    await ack({ options: hits.map((o) => ({ text: { type: 'plain_text' as const, text: clip(o.label, 75) }, value: o.key })) });
  });
}
