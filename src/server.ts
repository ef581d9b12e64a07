import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestService } from './app/requests';
import type { Clock } from './app/ports';
import type { AppConfig } from './infra/config';
import { openDatabase, type Database } from './infra/db';
import { createLogger, type Logger } from './infra/logger';
import { createSlackApp, type SlackOptions, type SlackRuntime } from './slack/app';
import { createSlackPublisher } from './slack/publisher';
import { systemClock } from './infra/clock';

export interface Running {
  url: string;
  port: number;
  db: Database;
  slack: SlackRuntime | null;
  server: Server;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * The composition root: database → use cases → platforms → one HTTP server on PORT
 * (/slack/events, /healthz).
 */
export async function startApp(
  config: AppConfig,
  opts: { clock?: Clock; logger?: Logger; slack?: SlackOptions } = {},
): Promise<Running> {
  const logger = opts.logger ?? createLogger(config.env.LOG_LEVEL);
  const clock = opts.clock ?? systemClock;
  let db: Database | null = null;
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      void (db ? db.ready() : Promise.resolve(false)).then(
        (ok: boolean) => send(res, ok ? 200 : 503, { status: ok ? 'ok' : 'starting' }),
        () => send(res, 503, { status: 'database unavailable' }),
      );
      return;
    }
    const handler = routes.get(path);
    if (handler && req.method === 'POST') return handler(req, res);
    send(res, 404, { error: 'not found' });
  });
  // Listen first so /healthz answers 503 while the database is being prepared.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.env.PORT, config.env.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  try {
    db = await openDatabase(config.env.DATABASE_URL);
  } catch (err) {
    server.close();
    throw err;
  }
  const repos = db.repositories;
  const service = createRequestService({ repos, org: config.org, clock });

  let slack: SlackRuntime | null = null;
  if (config.env.SLACK_BOT_TOKEN) {
    const publisher = createSlackPublisher({ org: config.org, posts: repos.posts, logger });
    slack = createSlackApp(config.env, { org: config.org, service, repos, publisher, clock, logger }, opts.slack);
    if (slack.receiver) routes.set('/slack/events', slack.receiver.requestListener);
    else await slack.app.start();
    logger.info(`Slack: ${slack.socketMode ? 'Socket Mode' : 'HTTP mode on /slack/events'}`);
  } else {
    logger.info('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see README, "Connect Slack").');
  }
  logger.info(`chogi listening on http://${config.env.HOST}:${port} (database: ${db.provider}, org: ${config.orgSource})`);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    slack,
    server,
    async close() {
      if (slack?.socketMode) await slack.app.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db!.close();
    },
  };
}
