import type { App, ReceiverEvent } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { domainMessages } from '../../domain/text.ja';
import type { SlackDeps } from '../deps';
import { parseStateValues } from '../formState';
import { ActionId, CallbackId, Commands, DesiredDateAction } from '../ids';
import { noticeModal } from '../views/notice';

/**
 * The edge of the Slack adapter: every interaction payload is parsed with zod before
 * any listener sees it. A payload that does not have the shape our views and commands
 * produce is answered at once (ack, and a message for the person where Slack shows
 * one), logged with what was wrong, and goes no further: nothing is read or written.
 * A payload for an id no listener handles is acked too, so Slack never waits 3 s.
 */

// The schemas name only what is checked and strip the rest (zod's default): the parse is
// a check, the listeners get Bolt's body, and copying every payload's unknown keys (a
// view echoes all its blocks) was a large part of what a filing allocated.
const id = z.string().min(1).max(255);
const short = z.string().max(255);
const user = z.object({ id });

const view = z.object({
  id,
  hash: short.optional(),
  callback_id: short,
  private_metadata: z.string().max(3000).optional(),
  state: z.object({
    values: z.unknown().superRefine((values, ctx) => {
      const parsed = parseStateValues(values);
      if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: issue.path } as never);
    }),
  }),
});

const action = z.object({
  action_id: short,
  block_id: short.optional(),
  type: short,
  value: z.string().max(2000).optional(),
  selected_option: z.object({ value: z.string().max(2000) }).nullish(),
  selected_conversation: short.nullish(),
});

const command = z.object({
  command: short,
  text: z.string().max(4000),
  user_id: id,
  channel_id: id,
  trigger_id: id,
  response_url: z.url().max(1000),
});

const blockActions = z.object({
  type: z.literal('block_actions'),
  user,
  trigger_id: short.optional(),
  actions: z.array(action).min(1).max(25),
  channel: z.object({ id }).optional(),
  container: z.object({ channel_id: short.optional(), message_ts: short.optional() }).optional(),
  message: z.object({ ts: short, thread_ts: short.optional() }).optional(),
  view: view.optional(),
  response_url: z.url().max(1000).optional(),
});

const viewPayload = z.object({ type: z.enum(['view_submission', 'view_closed']), user, view });
const suggestion = z.object({ type: z.literal('block_suggestion'), user, action_id: short, value: z.string().max(200) });

/** What each button or menu carries, beyond the common shape, for the listener that reads it. */
const DESIRED_DATE = 'desiredDates.*';

const actionNeeds: Record<string, z.ZodType> = {
  [DESIRED_DATE]: z.object({ selected_option: z.object({ value: z.string().max(20) }).nullish() }),
  [ActionId.reminderSnooze]: z.object({ selected_option: z.object({ value: z.string().regex(/^[^:]{1,100}:\d{1,3}$/) }) }),
  [ActionId.postTo]: z.object({ selected_conversation: id, block_id: short }),
};

/** Buttons on a message whose listeners answer through the response_url. */
const answersByResponseUrl = new Set<string>([
  ActionId.edit,
  ActionId.repost,
  ActionId.postTo,
  ActionId.schedule,
  ActionId.reminderDone,
  ActionId.reminderSnooze,
]);

const knownActions = new Set<string>(Object.values(ActionId));

/**
 * Row buttons on the home tab carry a suffix, since action ids are unique within a view
 * (reminder.done.3, home.all.mine): they are the action they extend.
 */
function baseActionId(id: string): string {
  if (knownActions.has(id)) return id;
  const cut = id.replace(/\.[a-z0-9]+$/, '');
  return knownActions.has(cut) ? cut : id;
}
const knownViews = new Set<string>([...Object.values(CallbackId).map((c) => `view_submission:${c}`), `view_closed:${CallbackId.requestForm}`]);
const knownCommands = new Set<string>(Commands);

type Kind = 'command' | 'action' | 'view' | 'options' | 'event' | 'unknown';

/** The kind of payload, decided the way Bolt decides which listeners it goes to. */
function kindOf(body: Record<string, unknown>): Kind {
  if (body.event !== undefined) return 'event';
  if (body.command !== undefined) return 'command';
  if (body.name !== undefined || body.type === 'block_suggestion') return 'options';
  if (body.actions !== undefined || body.type === 'dialog_submission') return 'action';
  if (body.type === 'view_submission' || body.type === 'view_closed') return 'view';
  return 'unknown';
}

/** A short account of what was wrong, for the log (never the person's text itself). */
function issuesOf(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

type Ack = (response?: never) => Promise<void>;

/**
 * Where Slack's response_urls point: Slack's own hosts, or the Web API's origin when
 * SLACK_API_URL points elsewhere (GovSlack, a proxy, the tests' fake). The app posts
 * its answers there, so a URL anywhere else is refused rather than followed.
 */
function responseUrlAllowed(url: string, client: WebClient): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' && /(^|\.)slack(-gov)?\.com$/.test(u.hostname)) return true;
    return u.origin === new URL(client.slackApiUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Checks one payload; true when it may go on to the listeners. Otherwise it has been
 * answered (acked) here, the person told where Slack lets us, and the refusal logged.
 */
export async function checkAtEdge(deps: SlackDeps, client: WebClient, raw: unknown, ackFn: (response?: unknown) => Promise<void>): Promise<boolean> {
  const ack = ackFn as Ack & ((response?: unknown) => Promise<void>);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    deps.logger.warn('refused Slack payload', { kind: 'unknown', why: 'not an object' });
    await ack();
    return false;
  }
  const body = raw as Record<string, unknown>;
  const kind = kindOf(body);
  if (kind === 'event') return true; // Bolt acks events itself
  const userId = (() => {
    const u = (body.user as { id?: unknown } | undefined)?.id ?? body.user_id;
    return typeof u === 'string' ? u.slice(0, 30) : undefined;
  })();

  const refuse = async (issues: string[], where: Record<string, unknown>): Promise<false> => {
    await refusal(issues, where);
    return false;
  };
  const refusal = async (issues: string[], where: Record<string, unknown>): Promise<void> => {
    deps.logger.warn('refused Slack payload', { kind, issues, user: userId, ...where });
    const text = domainMessages['input.malformed'];
    if (kind === 'command') return void (await ack({ response_type: 'ephemeral', text }));
    if (kind === 'options') return void (await ack({ options: [] }));
    if (kind === 'view' && body.type === 'view_submission') return void (await ack({ response_action: 'update', view: noticeModal(text) }));
    await ack();
    // A button on a message: tell the person in that channel, when the ids are readable.
    const channel = (body.channel as { id?: unknown } | undefined)?.id;
    if (kind === 'action' && userId && typeof channel === 'string' && /^[CGD][A-Z0-9]{1,30}$/.test(channel)) {
      await deps.publisher
        .tell(client, { channel, user: userId, text })
        .catch((e: unknown) => deps.logger.warn('could not tell the person', { error: String(e) }));
    }
  };
  const unhandled = async (where: Record<string, unknown>): Promise<false> => {
    deps.logger.info('unhandled Slack payload', { kind, user: userId, ...where });
    await ack(kind === 'options' ? { options: [] } : undefined);
    return false;
  };

  if (kind === 'unknown') return unhandled({ type: String(body.type).slice(0, 40) });
  const responseUrl = body.response_url;
  if (typeof responseUrl === 'string' && !responseUrlAllowed(responseUrl, client)) {
    return refuse(['response_url: not a Slack URL'], {});
  }
  if (kind === 'command') {
    const p = command.safeParse(body);
    if (!p.success) return refuse(issuesOf(p.error), { command: String(body.command).slice(0, 30) });
    if (!knownCommands.has(p.data.command)) return unhandled({ command: p.data.command.slice(0, 30) });
    return true;
  }
  if (kind === 'action') {
    const p = blockActions.safeParse(body);
    if (!p.success) return refuse(issuesOf(p.error), {});
    const first = p.data.actions[0];
    // A tier's 審議希望日 choice is named by its tier (desiredDates.<tier id>): one listener for all.
    const actionId = DesiredDateAction.test(first.action_id) ? DESIRED_DATE : baseActionId(first.action_id);
    if (!knownActions.has(actionId) && actionId !== DESIRED_DATE) return unhandled({ actionId: first.action_id.slice(0, 60) });
    // On the home tab (a view) there is no message to answer through: the home is re-published instead.
    if (answersByResponseUrl.has(actionId) && p.data.response_url === undefined && p.data.view === undefined) {
      return refuse(['response_url: required for a button on a message'], { actionId: first.action_id });
    }
    const needs = actionNeeds[actionId]?.safeParse(first);
    if (needs && !needs.success) return refuse(issuesOf(needs.error), { actionId: first.action_id });
    return true;
  }
  if (kind === 'view') {
    const p = viewPayload.safeParse(body);
    if (!p.success) {
      return refuse(issuesOf(p.error), { callbackId: String((body.view as { callback_id?: unknown } | undefined)?.callback_id ?? '').slice(0, 60) });
    }
    if (!knownViews.has(`${p.data.type}:${p.data.view.callback_id}`)) {
      return unhandled({ callbackId: p.data.view.callback_id.slice(0, 60), type: p.data.type });
    }
    return true;
  }
  const p = suggestion.safeParse(body);
  if (!p.success) return refuse(issuesOf(p.error), {});
  if (p.data.action_id !== ActionId.owner) return unhandled({ actionId: p.data.action_id.slice(0, 60) });
  return true;
}

/**
 * Runs every payload through checkAtEdge before Bolt: Bolt itself drops a payload whose
 * type it cannot tell without acking it (Slack then shows an error after 3 s), and
 * routes by fields (`actions`, `name`) a listener's types take for granted.
 */
export function registerEdge(app: App, deps: SlackDeps): void {
  const process = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    let pass: boolean;
    try {
      pass = await checkAtEdge(deps, app.client, event.body, event.ack);
    } catch (err) {
      deps.logger.error('Slack payload check failed', { error: String(err) });
      return;
    }
    if (pass) await process(event);
  };
}
