import { createServer, type Server } from 'node:http';
import { calendarRoute, createHttpRoutes } from './http/routes';
import { cachedDirectory, createVisibility, type VisibilityDeps } from './app/visibility';
import { createListings } from './app/listings';
import { createSlackDirectory } from './slack/directory';
import type { AddressInfo } from 'node:net';
import { createFollowing } from './app/following';
import { createMeetingService } from './app/meetings';
import { createRequestService } from './app/requests';
import type { Clock } from './app/ports';
import type { AppConfig } from './infra/config';
import { openDatabase, type Database } from './infra/db';
import { createLogger, type Logger } from './infra/logger';
import { createSlackApp, type SlackOptions, type SlackRuntime } from './slack/app';
import { createSlackPublisher } from './slack/publisher';
import { systemClock } from './infra/clock';
import { hostname } from 'node:os';
import { createReminderService, type DispatchOptions, type ReminderDeps, type ReminderService } from './app/reminders';
import { startScheduler } from './infra/scheduler';
import { createAgendaService } from './app/agenda';
import { createRegister } from './app/register';
import { createSearch } from './app/search';
import { createRegisterLinks, type RegisterLinks } from './app/registerLinks';
import { registerRoute } from './http/downloads';
import { visibleFilter } from './app/register';
import { createCalendarFeeds, type CalendarFeeds } from './app/calendarFeeds';
import { attachmentLinks, createAttachmentService, createFileLinks, type FileLinks } from './app/attachments';
import { fileRoute } from './http/files';
import { createAgendaPoster } from './slack/agendaPoster';
import { createSlackReminderNotifier, reminderClient } from './slack/reminders';
import type { TeamsOptions, TeamsRuntime } from './teams/app';
import { teamsEnabled, teamsTenants } from './infra/config';
import { createDocumentService } from './app/documents';
import { createDocumentLinks, type DocumentLinks } from './app/documentLinks';
import { pdfRoute } from './http/documentRoutes';
import { createInFlight } from './infra/inflight';
import { createRoleService, type RoleService, type SecretariatGroup } from './app/roles';
import { slackSecretariatGroup } from './slack/usergroup';
import { createDesk } from './app/desk';
import type { AgendaRequest } from './domain/request';
import { createOutlookService } from './app/outlook';
import { createOutlookPoster } from './slack/outlookPoster';

/** How long a stop waits for requests in flight to finish their work and records. */
export const STOP_GRACE_MS = 10_000;

export interface Running {
  url: string;
  port: number;
  db: Database;
  slack: SlackRuntime | null;
  /** Deadline reminders: re-planning, dispatchDue() (tests call it directly with SCHEDULER=off). */
  reminders: ReminderService;
  teams: TeamsRuntime | null;
  /** 庁議事務局 and the 出席者名簿 (org file lists, the Slack user group, the roster in the database). */
  roles: RoleService;
  server: Server;
  /** Posts today's meeting agendas that are due and not yet posted (the loop calls it too). */
  postDueAgendas(): Promise<number>;
  /** Posts the week's 見通し in the secretariat's channel when due and not yet posted (the loop calls it too). */
  postDueOutlook(): Promise<number>;
  /** Resolves when no request is in flight, the work listeners do after their ack included. */
  settled(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The composition root: database → use cases → platforms → one HTTP server on PORT
 * (/slack/events, /api/messages, /healthz).
 */
export async function startApp(
  config: AppConfig,
  opts: { clock?: Clock; logger?: Logger; slack?: SlackOptions; teams?: TeamsOptions; reminders?: Partial<DispatchOptions> } = {},
): Promise<Running> {
  const logger = opts.logger ?? createLogger(config.env.LOG_LEVEL);
  const clock = opts.clock ?? systemClock;
  let db: Database | null = null;
  let feeds: CalendarFeeds | null = null;
  const inflight = createInFlight();
  let stopping = false;
  const http = createHttpRoutes({ ready: () => (db ? db.ready() : false), logger, inflight, stopping: () => stopping });
  const server = createServer(http.handle);
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
  // ---- roles: the org file bootstraps, the user group and the 名簿 in the database answer ----
  let slackRef: SlackRuntime | null = null;
  const groups: SecretariatGroup[] = [];
  const usergroup = config.org.secretariat.slackUsergroup;
  if (usergroup && config.env.SLACK_BOT_TOKEN) {
    groups.push(
      slackSecretariatGroup(() => {
        if (!slackRef) throw new Error('Slack is not started yet');
        return slackRef.app.client;
      }, usergroup),
    );
  }
  /** The Teams 名簿's check of the people picked (Graph users: guests, disabled, unknown ids refused). */
  async function teamsRosterCheck() {
    const { createGraphClient, graphSettingsFrom } = await import('./teams/reminders');
    const { teamsNotPeople } = await import('./teams/entraGroup');
    const settings = opts.teams?.graph !== undefined ? opts.teams.graph : graphSettingsFrom(config.env);
    const client = settings ? createGraphClient({ ...settings, timeoutMs: settings.timeoutMs ?? 5000 }) : null;
    return teamsNotPeople(client, settings?.tenantId ?? teamsTenants(config.env)[0]);
  }
  // 庁議事務局 as an Entra group: read with the app-only Graph token the Teams side uses.
  const teamsGroup = config.org.secretariat.teamsGroup;
  if (teamsGroup) {
    const { createGraphClient, graphSettingsFrom } = await import('./teams/reminders');
    const graphSettings = opts.teams?.graph !== undefined ? opts.teams.graph : graphSettingsFrom(config.env);
    if (!graphSettings)
      logger.warn('secretariat.teamsGroup is set but Microsoft Graph is not configured: only secretariat.teams counts in Teams', {
        group: teamsGroup,
      });
    // A group read answers within a Teams turn: a few seconds, not the 30 s of a reminder check.
    const client = graphSettings ? createGraphClient({ ...graphSettings, timeoutMs: graphSettings.timeoutMs ?? 5000 }) : null;
    const { teamsSecretariatGroup } = await import('./teams/entraGroup');
    groups.push(teamsSecretariatGroup(client, teamsGroup, graphSettings?.tenantId ?? teamsTenants(config.env)[0]));
  }
  const roles = createRoleService({ org: config.org, roster: repos.roster, clock, logger, groups });
  const imported = await roles.importOrgMembers();
  if (imported > 0) logger.info(`出席者名簿: ${imported} people imported from the org file's members (edit them in the app from now on)`);
  // Who may see what (one rule for every listing, export and link): each platform adds
  // its directory when it starts; a platform without one is asked nothing.
  const directories: VisibilityDeps['directories'] = {};
  const visibility = createVisibility({ repos, roles: roles.roles, directories, org: config.org, logger });
  const lookupTtl = config.env.VISIBILITY_CACHE_SECONDS * 1000;
  // ---- reminders (issue 5): planned on every save, posted by the loop below ----
  const botToken = config.env.SLACK_BOT_TOKEN;
  // Teams' notifier is added below once its adapter exists (the service reads this record at each post).
  const reminderNotifiers: ReminderDeps['notifiers'] = {};
  const reminders = createReminderService({
    repos,
    org: config.org,
    clock,
    logger,
    roles,
    notifiers: Object.assign(
      reminderNotifiers,
      botToken
        ? { slack: createSlackReminderNotifier(reminderClient(botToken, { slackApiUrl: config.env.SLACK_API_URL, logger: opts.slack?.logger })) }
        : {},
    ),
    dispatch: {
      instanceId: config.env.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
      channelIntervalMs: config.env.REMINDER_CHANNEL_INTERVAL_MS,
      ...opts.reminders,
    },
  });
  // The desks (home tab, Teams ホーム) of the people a change concerns are re-published.
  const deskWatchers: ((request: AgendaRequest) => void)[] = [];
  const touched = (request: AgendaRequest) => {
    for (const w of deskWatchers) w(request);
  };
  const requestSaved = async (request: Parameters<typeof reminders.replan>[0]) => {
    touched(request);
    // A failed re-plan must not fail the filing; the next save or restart plans again.
    await reminders.replan(request).catch((err: unknown) => logger.error('reminder re-plan failed', { requestId: request.id, error: String(err) }));
  };
  // ---- end reminders ----
  const service = createRequestService({ repos, org: config.org, clock, roles, events: { requestSaved } });
  // Meeting calendars (issue 3): agendas of meeting days, the coming schedule.
  const agenda = createAgendaService({ repos, org: config.org, clock });
  let sharedCheck: Parameters<typeof createAgendaPoster>[0]['sharedCheck'];
  const checkShared: NonNullable<typeof sharedCheck> = (client, channel) => (sharedCheck ? sharedCheck(client, channel) : Promise.resolve('unknown'));
  const agendaPoster = createAgendaPoster({
    agenda,
    repos,
    org: config.org,
    clock,
    logger,
    sharedCheck: checkShared,
  });
  if (config.env.PUBLIC_URL && config.env.LINK_SECRET) {
    feeds = createCalendarFeeds({ repos, org: config.org, clock, secret: config.env.LINK_SECRET, publicUrl: config.env.PUBLIC_URL, visibility });
    http.get('/calendar/', calendarRoute(feeds));
  }
  // 別紙資料: files and links on a request, served through signed, expiring links.
  const attachments = createAttachmentService({
    repos,
    org: config.org,
    clock,
    logger,
    roles,
    // The 別紙資料 reminder before a cut-off is planned only while there is none.
    onChanged: async (requestId) => {
      const request = await repos.requests.get(requestId);
      if (request) await reminders.replan(request);
    },
  });
  const fileLinks: FileLinks | null =
    config.env.PUBLIC_URL && config.env.LINK_SECRET
      ? createFileLinks({ secret: config.env.LINK_SECRET, publicUrl: config.env.PUBLIC_URL, clock })
      : null;
  if (fileLinks) http.get('/files/', fileRoute(fileLinks, attachments));
  const attachmentList = attachmentLinks(attachments, fileLinks);
  // Meeting day (issue 4): attendance, opinions, answers, minutes.
  const meetings = createMeetingService({ repos, org: config.org, clock, roles, onChanged: touched });
  const listings = createListings({ repos, agenda, reminders, visibility });
  // The 案件申込書 PDF and the meeting's 庁議資料, for people who may see the requests.
  const documents = createDocumentService({ repos, org: config.org, clock, meetings, visibility, attachments: repos.attachments });
  // Signed, expiring PDF links (Teams), with the calendar links' PUBLIC_URL and LINK_SECRET.
  const documentLinks: DocumentLinks | null =
    config.env.PUBLIC_URL && config.env.LINK_SECRET
      ? createDocumentLinks({ secret: config.env.LINK_SECRET, publicUrl: config.env.PUBLIC_URL, clock })
      : null;
  if (documentLinks) http.get('/pdf/', pdfRoute({ links: documentLinks, documents, org: config.org }));
  // The 年度 register (台帳): Excel by DM in Slack, a signed link in Teams, CSV from the CLI.
  const register = createRegister({ repos, org: config.org, clock });
  const search = createSearch({ repos, org: config.org });
  let registerLinks: RegisterLinks | null = null;
  if (config.env.PUBLIC_URL && config.env.LINK_SECRET) {
    const links = createRegisterLinks({
      register,
      org: config.org,
      clock,
      secret: config.env.LINK_SECRET,
      publicUrl: config.env.PUBLIC_URL,
      visible: () => visibleFilter(visibility),
    });
    registerLinks = links;
    http.get('/register/', registerRoute(links));
  }
  // Each person's desk (Slack home tab, Teams ホーム), through the visibility rule.
  const desk = createDesk({ repos, org: config.org, clock, agenda, visibility, groupProblems: roles.groupProblems });
  // 見通し: the coming two weeks, risks first (on demand, and weekly in the secretariat's channel).
  const outlook = createOutlookService({ repos, org: config.org, clock, agenda, visibility });
  const outlookPoster = createOutlookPoster({ outlook, repos, org: config.org, clock, logger, sharedCheck: checkShared });
  // A request followed on both platforms when a tier links a Slack channel and a Teams conversation.
  const following = createFollowing({ org: config.org, posts: repos.posts, logger });

  let slack: SlackRuntime | null = null;
  if (config.env.SLACK_BOT_TOKEN) {
    const publisher = createSlackPublisher({
      org: config.org,
      posts: repos.posts,
      logger,
      meetingSummary: (r) => meetings.summary(r),
      status: (r) => meetings.status(r),
      ...(feeds ? { calendarLink: feeds.requestLink } : {}),
      attachments: attachmentList,
      onPosted: async (request, channel) => {
        await following.posted(request, { platform: 'slack', channelId: channel });
        await requestSaved(request); // its reminders go where it is posted now (issue 5)
      },
      onChanged: (request) => following.changed(request, 'slack'),
    });
    slack = createSlackApp(
      config.env,
      {
        org: config.org,
        service,
        agenda,
        feeds,
        repos,
        publisher,
        clock,
        logger,
        reminders,
        meetings,
        visibility,
        listings,
        inflight,
        attachments,
        attachmentList,
        documents,
        register,
        search,
        roles,
        desk,
        outlook,
      },
      opts.slack,
    );
    slackRef = slack;
    const homes = slack.homes;
    if (homes) deskWatchers.push((request) => homes.changed(request));
    const client = slack.app.client;
    sharedCheck = publisher.isExternallyShared;
    directories.slack = cachedDirectory(createSlackDirectory(client, config.org), clock, lookupTtl);
    following.attach('slack', {
      post: async (request, channel) => (await publisher.post(client, request, channel)).kind === 'posted',
      refresh: async (request) => void (await publisher.refreshHere(client, request)),
    });
    if (slack.receiver) http.post('/slack/events', slack.receiver.requestListener);
    else await slack.app.start();
    logger.info(`Slack: ${slack.socketMode ? 'Socket Mode' : 'HTTP mode on /slack/events'}`);
  } else {
    logger.info('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see README, "Connect Slack").');
  }
  // ---- Teams: /api/messages on the same server --------------------------------
  let teams: TeamsRuntime | null = null;
  let teamsAgendaPoster: (() => Promise<number>) | null = null;
  let teamsOutlookPoster: (() => Promise<number>) | null = null;
  if (teamsEnabled(config.env)) {
    // botbuilder and teams-ai are large: a Slack-only city does not load them.
    const { createTeamsApp } = await import('./teams/app');
    teams = createTeamsApp(
      config.env,
      {
        org: config.org,
        service,
        meetings,
        repos,
        clock,
        logger,
        // A request changed in Teams is also updated where it was posted in Slack.
        onUpdated: (request) => following.changed(request, 'teams'),
        onPosted: async (request, conversationId) => {
          await following.posted(request, { platform: 'teams', channelId: conversationId });
          await requestSaved(request); // its reminders go where it is posted now (issue 5)
        },
        reminders,
        agenda,
        feeds,
        visibility,
        directories,
        listings,
        attachments,
        attachmentList,
        documents,
        documentLinks,
        register,
        registerLinks,
        search,
        roles,
        desk,
        outlook,
        notPeople: await teamsRosterCheck(),
      },
      opts.teams,
    );
    const teamsDesks = teams.desks;
    if (teamsDesks) deskWatchers.push((request) => teamsDesks.changed(request));
    // Reminders of requests filed in Teams: proactive cards in their conversations (issue 6).
    const { createTeamsReminderNotifier, graphSettingsFrom } = await import('./teams/reminders');
    reminderNotifiers.teams = createTeamsReminderNotifier({
      adapter: teams.adapter,
      appId: config.env.MICROSOFT_APP_ID ?? '',
      conversations: repos.conversations,
      logger,
      graph: opts.teams?.graph !== undefined ? opts.teams.graph : graphSettingsFrom(config.env),
    });
    const teamsPublisher = teams.publisher;
    const { createTeamsAgendaPoster } = await import('./teams/agendaPoster');
    teamsAgendaPoster = createTeamsAgendaPoster({ agenda, repos, org: config.org, clock, logger, publisher: teamsPublisher });
    const { createTeamsOutlookPoster } = await import('./teams/outlookPoster');
    teamsOutlookPoster = createTeamsOutlookPoster({ outlook, repos, org: config.org, clock, logger, publisher: teamsPublisher });
    following.attach('teams', {
      post: (request, conversationId) => teamsPublisher.postTo(request, conversationId),
      refresh: async (request) => void (await teamsPublisher.refresh(request)),
    });
    http.post('/api/messages', teams.requestListener);
    logger.info(
      teams.localMode
        ? 'Teams: LOCAL MODE on /api/messages (no authentication, loopback only; for the Microsoft 365 Agents Playground)'
        : `Teams: /api/messages (Bot Framework authentication, ${config.env.MICROSOFT_APP_TYPE})`,
    );
  } else {
    logger.info(
      'Teams is not configured: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or TEAMS_LOCAL_MODE=true on this machine (see README, "Connect Microsoft Teams").',
    );
  }
  // ---- end Teams ------------------------------------------------------------------
  logger.info(`chogi listening on http://${config.env.HOST}:${port} (database: ${db.provider}, org: ${config.orgSource})`);
  /** Today's agendas not yet posted, in the tiers' Slack channels and Teams conversations (once each). */
  const postDueAgendas = async (): Promise<number> =>
    (slack ? await agendaPoster(slack.app.client) : 0) + (teamsAgendaPoster ? await teamsAgendaPoster() : 0);
  /** The week's 見通し, in the secretariat's Slack channel and Teams conversation (once a week each). */
  const postDueOutlook = async (): Promise<number> =>
    (slack ? await outlookPoster(slack.app.client) : 0) + (teamsOutlookPoster ? await teamsOutlookPoster() : 0);
  const scheduler =
    config.env.SCHEDULER === 'on'
      ? startScheduler({
          run: async () => {
            await reminders.dispatchDue();
            await postDueAgendas();
            await postDueOutlook();
          },
          intervalMs: config.env.SCHEDULER_INTERVAL_MS,
          logger,
        })
      : null;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    slack,
    reminders,
    teams,
    roles,
    server,
    postDueAgendas,
    postDueOutlook,
    settled: (timeoutMs = STOP_GRACE_MS) => inflight.drain(timeoutMs),
    async close() {
      // No new connections, new requests on open ones refused; what was accepted (a post
      // Slack already answered, its record) finishes, bounded, before the database closes.
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (slack?.socketMode) await slack.app.stop();
      // The dispatch is told to stop before the loop is waited for: a run in progress ends
      // only then (otherwise SIGTERM waited until every due reminder was posted, at 1/s per channel).
      const [drained] = await Promise.all([inflight.drain(STOP_GRACE_MS), reminders.stop(), scheduler?.stop()]);
      if (!drained) logger.warn('stopping with work still in flight', { inFlight: inflight.size, graceMs: STOP_GRACE_MS });
      server.closeAllConnections();
      await closed;
      await db!.close();
    },
  };
}
