import { App, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Env } from '../infra/config';
import type { SlackDeps } from './deps';
import { registerActions } from './listeners/actions';
import { registerAttachments } from './listeners/attachments';
import { registerCommands } from './listeners/command';
import { createRouter } from './router';
import { LeanWebClient } from './leanClient';
import { registerEdge } from './listeners/edge';
import { registerFormViews } from './listeners/formViews';
import { registerMeeting } from './listeners/meeting';
import { registerOptions } from './listeners/options';
import { registerDateChoice } from './listeners/dateChoice';
import { registerSchedule } from './listeners/schedule';
import { registerReminderActions } from './listeners/reminderActions';
import { registerDocuments } from './listeners/documents';
import { registerRecord } from './listeners/record';
import { registerRoster } from './listeners/roster';
import { createSlackDesk, registerHome, type SlackDesk } from './listeners/home';
import { SlackReceiver } from './receiver';

export interface SlackRuntime {
  app: App;
  /** Set in HTTP mode: the server routes /slack/events to it. */
  receiver: SlackReceiver | null;
  socketMode: boolean;
  /** The home tabs (null when no desk service is wired). */
  homes: SlackDesk | null;
}

const levels = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;

/** Wires every listener to a Bolt app: HTTP mode by default, Socket Mode with an app token. */
/** Overrides for embedding (tests: a quiet logger, fast retries). */
export interface SlackOptions {
  clientOptions?: WebClientOptions;
  logger?: BoltLogger;
}

export function createSlackApp(env: Env, given: SlackDeps, options: SlackOptions = {}): SlackRuntime {
  const deps: SlackDeps = { ...given };
  const clientOptions: WebClientOptions = {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/` } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...options.clientOptions,
  };
  const logLevel = levels[env.LOG_LEVEL];
  const logger = options.logger;
  let app: App;
  let receiver: SlackReceiver | null = null;
  if (env.SLACK_APP_TOKEN) {
    app = new App({ token: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN, socketMode: true, clientOptions, logLevel, logger });
  } else {
    // Acks are sent as soon as a listener calls ack(); slow work continues after.
    receiver = new SlackReceiver({ signingSecret: env.SLACK_SIGNING_SECRET!, log: deps.logger, logger });
    app = new App({ token: env.SLACK_BOT_TOKEN, receiver, clientOptions, logLevel, logger });
  }
  // Bolt acks as soon as a listener calls ack() and the listener goes on (posting,
  // recording the post): the whole chain is tracked so a stop waits for it.
  const inflight = deps.inflight;
  if (inflight) app.use(async ({ next }) => inflight.track(next()));
  app.error(async (err) => {
    deps.logger.error('unhandled Slack listener error', { error: err.message, code: (err as { code?: string }).code });
  });
  // First: every payload is parsed here before a listener sees it.
  registerEdge(app, deps);
  // The listeners are found by one lookup (router.ts), installed as the last middleware.
  const lean = new Map<string, LeanWebClient>();
  const router = createRouter({
    client: (given, context) => {
      if (!given.token) return given;
      const key = `${given.token}\n${context.teamId ?? ''}`;
      let c = lean.get(key);
      if (!c) {
        c = new LeanWebClient(given.token, { ...clientOptions, ...(context.teamId ? { teamId: context.teamId } : {}) });
        lean.set(key, c);
      }
      return c;
    },
  });
  const routes = router.routes;
  registerCommands(routes, deps);
  registerFormViews(routes, deps);
  registerActions(routes, deps);
  registerOptions(routes, deps);
  registerSchedule(routes, deps);
  registerDateChoice(routes, deps);
  registerReminderActions(routes, deps);
  registerMeeting(routes, deps);
  registerAttachments(routes, deps);
  registerDocuments(routes, deps);
  registerRecord(routes, deps);
  let homes: SlackDesk | null = null;
  if (deps.desk) {
    homes = createSlackDesk(deps, deps.desk, () => app.client);
    deps.homes = homes;
    registerHome(routes, deps, deps.desk, homes);
  }
  registerRoster(routes, deps);
  app.use(router.middleware);
  return { app, receiver, socketMode: !!env.SLACK_APP_TOKEN, homes };
}
