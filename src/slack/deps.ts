import type { Clock, Repositories } from '../app/ports';
import type { RequestService } from '../app/requests';
import type { OrgConfig } from '../domain/org';
import type { Logger } from '../infra/logger';
import type { SlackPublisher } from './publisher';

/** What the Slack listeners need; built once in the composition root. */
export interface SlackDeps {
  org: OrgConfig;
  service: RequestService;
  repos: Repositories;
  publisher: SlackPublisher;
  clock: Clock;
  logger: Logger;
}
