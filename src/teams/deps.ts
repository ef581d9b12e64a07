import type { Clock, Repositories } from '../app/ports';
import type { RequestService } from '../app/requests';
import type { AgendaRequest } from '../domain/request';
import type { OrgConfig } from '../domain/org';
import type { Logger } from '../infra/logger';
import type { TeamsPublisher } from './publisher';

/** What the Teams handlers need; built once in the composition root. */
export interface TeamsDeps {
  org: OrgConfig;
  service: RequestService;
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  /** Called after a request changed through Teams (other platforms refresh their posts). */
  onUpdated?: (request: AgendaRequest) => Promise<void>;
}

export interface TeamsHandlerDeps extends TeamsDeps {
  publisher: TeamsPublisher;
}
