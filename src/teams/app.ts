import { Application } from '@microsoft/teams-ai';
import { ChogiTeamsAdapter } from './adapter';
import type { ConfigurationBotFrameworkAuthenticationOptions, TurnContext } from 'botbuilder';
import { ActivityTypes, TurnContext as Turn, type Activity } from 'botbuilder';
import { cachedDirectory } from '../app/visibility';
import { teamsTenants } from '../infra/config';
import { createTeamsDirectory } from './directory';
import { T } from './strings';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { baseConversationId } from '../app/following';
import type { Env } from '../infra/config';
import type { TeamsDeps, TeamsHandlerDeps } from './deps';
import { registerAttachments } from './handlers/attachments';
import { registerDialog } from './handlers/dialog';
import { registerMeeting } from './handlers/meeting';
import { registerMessages } from './handlers/messages';
import { registerReminderActions } from './handlers/reminders';
import { registerSchedule } from './handlers/schedule';
import { registerDocuments } from './handlers/documents';
import { registerRecord } from './handlers/record';
import { createTeamsDesk, registerDesk, type TeamsDesk } from './handlers/desk';
import { teamOf, type GraphSettings } from './reminders';
import { checkTeamsActivity } from './edge';
import { messagesListener } from './http';
import { createTeamsPublisher, type TeamsPublisher } from './publisher';

/** Overrides for embedding (tests point token validation at a local OpenID server). */
export interface TeamsOptions {
  auth?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  /** Microsoft Graph for the reminders' crash-recovery check (default: from MICROSOFT_APP_*; tests: a fake Graph in local mode). */
  graph?: GraphSettings | null;
}

export interface TeamsRuntime {
  app: Application;
  adapter: ChogiTeamsAdapter;
  publisher: TeamsPublisher;
  localMode: boolean;
  /** ホーム cards (null when no desk service is wired). */
  desks: TeamsDesk | null;
  /** The `/api/messages` route. */
  requestListener: (req: IncomingMessage, res: ServerResponse) => void;
}

/** The tenant an activity comes from (conversation.tenantId, else channelData.tenant.id). */
function tenantOf(activity: Activity): string | undefined {
  const data = activity.channelData as { tenant?: { id?: string } } | undefined;
  return activity.conversation?.tenantId ?? data?.tenant?.id;
}

/**
 * Why an activity is not served, or null: another channel than Teams (the emulator too
 * in local mode), a tenant not served, a person without an Entra object id (every action
 * needs a role: filer, secretariat, member of a section). Installation events pass.
 */
export function refusalOf(activity: Activity, a: { tenants: readonly string[]; localMode: boolean }): 'channel' | 'tenant' | 'identity' | null {
  const channels = a.localMode ? ['msteams', 'emulator'] : ['msteams'];
  if (!channels.includes(activity.channelId ?? '')) return 'channel';
  if (a.tenants.length > 0 && !a.tenants.includes(tenantOf(activity) ?? '')) return 'tenant';
  if (activity.type === ActivityTypes.ConversationUpdate || activity.type === ActivityTypes.InstallationUpdate) return null;
  if (!activity.from?.aadObjectId) return 'identity';
  return null;
}

/**
 * The teams-ai application: with MICROSOFT_APP_ID, Bot Framework tokens are validated
 * (ConfigurationBotFrameworkAuthentication); in local mode (no credentials, loopback
 * only) activities are accepted unauthenticated and replies go to their serviceUrl.
 */
export function createTeamsApp(env: Env, deps: TeamsDeps, options: TeamsOptions = {}): TeamsRuntime {
  const appId = env.MICROSOFT_APP_ID ?? '';
  const auth: ConfigurationBotFrameworkAuthenticationOptions = env.MICROSOFT_APP_ID
    ? {
        MicrosoftAppId: env.MICROSOFT_APP_ID,
        MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD,
        MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID,
        MicrosoftAppType: env.MICROSOFT_APP_TYPE,
        ...options.auth,
      }
    : { MicrosoftAppId: '', ...options.auth };
  const adapter = new ChogiTeamsAdapter(auth);
  const app = new Application({
    adapter,
    botAppId: appId,
    startTypingTimer: false,
    longRunningMessages: false,
    removeRecipientMention: true,
  });
  const publisher = createTeamsPublisher({
    adapter,
    appId,
    org: deps.org,
    posts: deps.repos.posts,
    conversations: deps.repos.conversations,
    logger: deps.logger,
    meetingSummary: (r) => deps.meetings.summary(r),
    attachments: deps.attachmentList,
    status: (r) => deps.meetings.status(r),
  });
  const handlerDeps: TeamsHandlerDeps = { ...deps, publisher, desks: null };
  deps.directories.teams = cachedDirectory(
    createTeamsDirectory({ adapter, appId, conversations: deps.repos.conversations, tenants: teamsTenants(env) }),
    deps.clock,
    env.VISIBILITY_CACHE_SECONDS * 1000,
  );
  const deskService = deps.desk;
  const desks = deskService ? createTeamsDesk({ ...handlerDeps, desk: deskService }, adapter, appId) : null;
  handlerDeps.desks = desks;

  // Who may talk to chogi at all: Teams (the emulator in local mode), the tenants served,
  // a person with an Entra identity. Anything else is answered with why and not processed.
  const tenants = teamsTenants(env);
  app.turn('beforeTurn', async (context: TurnContext) => {
    const refusal = refusalOf(context.activity, { tenants, localMode: env.TEAMS_LOCAL_MODE });
    if (!refusal) return true;
    deps.logger.warn('Teams: activity refused', { reason: refusal, channelId: context.activity.channelId, type: context.activity.type });
    if (refusal === 'channel') return false; // not Teams: nobody there to read a Japanese note
    if (context.activity.type === ActivityTypes.Message || context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity(refusal === 'tenant' ? T.denied.external_user : T.denied.no_identity).catch(() => undefined);
    }
    return false;
  });
  // Every conversation the bot hears from can be reached later (card updates, reminders).
  app.turn('beforeTurn', async (context: TurnContext) => {
    const id = context.activity.conversation?.id;
    if (id) {
      // With the team (channelData.team): Graph finds a channel's messages by its team (reminders).
      const reference = { ...Turn.getConversationReference(context.activity), ...teamOf(context.activity) };
      // A channel thread (`19:…@thread.tacv2;messageid=…`) also makes its channel reachable:
      // that is the id an org file links to a tier (teamsConversation).
      const base = baseConversationId(id);
      const refs =
        base === id
          ? [{ id, reference }]
          : [
              { id, reference },
              { id: base, reference: { ...reference, activityId: undefined, conversation: { ...reference.conversation, id: base } } },
            ];
      for (const r of refs) {
        await deps.repos.conversations
          .save({ platform: 'teams', conversationId: r.id, reference: r.reference, updatedAt: deps.clock.now() })
          .catch((err: unknown) => deps.logger.warn('Teams: saving the conversation reference failed', { error: (err as Error).message }));
      }
    }
    return true;
  });
  // Before the message handler: 議事録 is an Action.Submit (a message activity with `value`).
  registerMeeting(app, handlerDeps);
  registerReminderActions(app, handlerDeps); // 対応済み / 延期: Action.Submit, before the message handler too
  registerSchedule(app, handlerDeps); // 日程 on a posted request: the 審議希望日 dialog
  registerAttachments(app, handlerDeps); // files sent in personal chat, and 別紙資料: before the message handler
  registerDocuments(app, handlerDeps); // PDF: Action.Submit, before the message handler too
  registerRecord(app, handlerDeps); // 取り下げ, its undo and 履歴: dialogs on a posted request
  if (desks && deskService) registerDesk(app, { ...handlerDeps, desk: deskService }, desks); // ホーム and 名簿 buttons
  registerMessages(app, handlerDeps);
  registerDialog(app, handlerDeps);
  app.error(async (_context, err) => {
    deps.logger.error('unhandled Teams handler error', { error: err.message });
  });

  const requestListener = messagesListener({
    adapter,
    logic: async (context) => {
      // Every activity is checked (and a card's cleared inputs put back) before any handler.
      if (!(await checkTeamsActivity(context, deps.logger))) return;
      await app.run(context);
    },
    localMode: env.TEAMS_LOCAL_MODE,
    logger: deps.logger,
  });
  return { app, adapter, publisher, localMode: env.TEAMS_LOCAL_MODE, desks, requestListener };
}
