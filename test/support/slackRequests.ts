/**
 * Requests exactly as Slack sends them to the app's `/slack/events`: the same body
 * encodings, the same fields, signed with the signing secret. Factories default to the
 * test workspace (team T0001, user U0001, channel C0001) and mint unique trigger ids.
 */
import { createHmac } from 'node:crypto';
import { stringify } from 'node:querystring';
import type { BlockJson } from './blockKit';
import { findElement, stateFromView, withSlackIds, type Fill, type StateValues } from './viewState';
import { TEST_SIGNING_SECRET, Workspace } from './workspace';

export { stateFromView, withSlackIds, findElement, interactiveElements } from './viewState';
export type { Fill, FillValue, FillOptions, StateValues, ElementState } from './viewState';

export type FormContentType = 'application/x-www-form-urlencoded';
export type JsonContentType = 'application/json';

/** A request ready to sign and send; `payload` is what the app will parse out of `body`. */
export interface SlackRequest {
  contentType: FormContentType | JsonContentType;
  body: string;
  payload: BlockJson;
}

export type UserRef = string | { id: string; username?: string; name?: string; team_id?: string };

// ---------------------------------------------------------------- ids

let triggerSeq = 0;
let responseSeq = 0;
let actionTsSeq = 0;
let viewSeq = 0;
let responseUrlBase: string | undefined;

/** Unique per process, shaped like Slack's (`13 digits.10 digits.32 hex`). */
export function nextTriggerId(): string {
  triggerSeq += 1;
  return `7000000000${String(triggerSeq).padStart(3, '0')}.1000000001.${triggerSeq.toString(16).padStart(32, '0')}`;
}

/**
 * Where response_url points. `startFakeSlack()` sets it to the fake server so that
 * `respond()` calls are recorded there; before that it points at a closed local port.
 */
export function setResponseUrlBase(base: string | undefined): void {
  responseUrlBase = base;
}

/** A response_url like Slack's (`/commands/T…/…/…` or `/actions/T…/…/…`). */
export function responseUrl(kind: 'commands' | 'actions' = 'commands', teamId: string = Workspace.teamId): string {
  responseSeq += 1;
  const base = responseUrlBase ?? 'http://127.0.0.1:9';
  return `${base}/${kind}/${teamId}/${1000000000 + responseSeq}/${responseSeq.toString(36).padStart(24, 'x')}`;
}

function actionTs(): string {
  actionTsSeq += 1;
  return `${1700000000 + actionTsSeq}.${String(actionTsSeq).padStart(6, '0')}`;
}

// ---------------------------------------------------------------- encoders

function form(fields: Record<string, string>): SlackRequest {
  return { contentType: 'application/x-www-form-urlencoded', body: stringify(fields), payload: { ...fields } };
}

/** Any interaction payload, encoded as Slack sends one (`payload=<JSON>` in a form body; also for crafted and mutated payloads). */
export function interactive(payload: BlockJson): SlackRequest {
  return { contentType: 'application/x-www-form-urlencoded', body: stringify({ payload: JSON.stringify(payload) }), payload };
}

function json(payload: BlockJson): SlackRequest {
  return { contentType: 'application/json', body: JSON.stringify(payload), payload };
}

function userObject(user: UserRef | undefined, teamId: string): BlockJson {
  if (user === undefined) return { id: Workspace.userId, username: Workspace.userName, name: Workspace.userName, team_id: teamId };
  if (typeof user === 'string') return { id: user, username: `user-${user.toLowerCase()}`, name: `user-${user.toLowerCase()}`, team_id: teamId };
  const name = user.name ?? user.username ?? `user-${user.id.toLowerCase()}`;
  return { id: user.id, username: user.username ?? name, name, team_id: user.team_id ?? teamId };
}

function team(teamId: string): BlockJson {
  return { id: teamId, domain: Workspace.teamDomain };
}

// ---------------------------------------------------------------- slash commands

export interface SlashCommandFields {
  command: string;
  text: string;
  user_id: string;
  user_name: string;
  channel_id: string;
  channel_name: string;
  team_id: string;
  team_domain: string;
  api_app_id: string;
  trigger_id: string;
  response_url: string;
  enterprise_id: string;
  enterprise_name: string;
  is_enterprise_install: string;
  token: string;
}

/** A slash command, form-encoded with the fields (and order) Slack uses. */
export function slashCommand(fields: Partial<SlashCommandFields> = {}): SlackRequest {
  const teamId = fields.team_id ?? Workspace.teamId;
  const base: Record<string, string> = {
    token: Workspace.verificationToken,
    team_id: teamId,
    team_domain: Workspace.teamDomain,
    channel_id: Workspace.channelId,
    channel_name: Workspace.channelName,
    user_id: Workspace.userId,
    user_name: Workspace.userName,
    command: '/案件申込',
    text: '',
    api_app_id: Workspace.appId,
    is_enterprise_install: 'false',
    response_url: '',
    trigger_id: '',
  };
  const merged = { ...base, ...stripUndefined(fields) };
  if (!merged.response_url) merged.response_url = responseUrl('commands', teamId);
  if (!merged.trigger_id) merged.trigger_id = nextTriggerId();
  return form(merged);
}

function stripUndefined<T extends object>(o: T): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

// ---------------------------------------------------------------- views

/**
 * The state to send with a view: the view's own `state.values` when a test wrote them
 * and gave no fill, otherwise what Slack's client would build (a view fetched from the
 * fake holds empty state, as Slack's API answers do).
 */
function stateOf(view: BlockJson, fill: Fill | undefined, clientValidation: boolean): StateValues {
  const own = view.state?.values as StateValues | undefined;
  if (own && Object.keys(own).length > 0 && fill === undefined) return own;
  return stateFromView(view, fill ?? {}, { clientValidation });
}

/**
 * A view as Slack holds it: the app's view plus the fields Slack adds. A view taken from
 * the fake server (`fake.view(id)`) already has its id and hash; one taken from a recorded
 * call's args gets a fresh id.
 */
export function fullView(view: BlockJson, state?: StateValues): BlockJson {
  const v = withSlackIds(view);
  const id = v.id ?? `VREQ${String(++viewSeq).padStart(4, '0')}`;
  return {
    id,
    team_id: Workspace.teamId,
    type: 'modal',
    private_metadata: '',
    callback_id: '',
    hash: `${1700000000 + viewSeq}.req${viewSeq}`,
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    previous_view_id: null,
    root_view_id: id,
    app_id: Workspace.appId,
    external_id: '',
    app_installed_team_id: Workspace.teamId,
    bot_id: Workspace.botId,
    ...v,
    state: { values: state ?? v.state?.values ?? {} },
  };
}

export interface ViewSubmissionParams {
  /** The view being submitted: `fake.view(id)`, or a view the app sent. */
  view: BlockJson;
  /** What the person entered (see `stateFromView`). */
  fill?: Fill;
  /** Exact `state.values` to send instead of building them from the view and `fill`. */
  values?: StateValues;
  /** Skip the checks Slack's client makes (required fields, max_length…). */
  clientValidation?: boolean;
  user?: UserRef;
  team_id?: string;
  trigger_id?: string;
}

/**
 * The person presses Submit. Unless `view.state` is given, the state is built from the
 * view's initial values plus `fill`, as Slack's client would. Inputs with
 * `response_url_enabled` get `response_urls`, as Slack sends them.
 */
export function viewSubmission(p: ViewSubmissionParams): SlackRequest {
  const teamId = p.team_id ?? Workspace.teamId;
  const values = p.values ?? stateOf(p.view, p.fill, p.clientValidation ?? true);
  const view = fullView(p.view, values);
  return interactive({
    type: 'view_submission',
    team: team(teamId),
    user: userObject(p.user, teamId),
    api_app_id: Workspace.appId,
    token: Workspace.verificationToken,
    trigger_id: p.trigger_id ?? nextTriggerId(),
    view,
    response_urls: responseUrlsFor(view, values),
    is_enterprise_install: false,
    enterprise: null,
  });
}

function responseUrlsFor(view: BlockJson, values: StateValues): BlockJson[] {
  const urls: BlockJson[] = [];
  for (const block of view.blocks ?? []) {
    const el = block?.element;
    if (block?.type !== 'input' || !el?.response_url_enabled) continue;
    const state = values[block.block_id]?.[el.action_id];
    const channel = state?.selected_conversation ?? state?.selected_channel;
    if (channel) urls.push({ block_id: block.block_id, action_id: el.action_id, channel_id: channel, response_url: responseUrl('actions') });
  }
  return urls;
}

export interface ViewClosedParams {
  view: BlockJson;
  user?: UserRef;
  team_id?: string;
  is_cleared?: boolean;
}

/** The person closes a modal that has `notify_on_close: true`. */
export function viewClosed(p: ViewClosedParams): SlackRequest {
  const teamId = p.team_id ?? Workspace.teamId;
  const values = stateOf(p.view, undefined, false);
  return interactive({
    type: 'view_closed',
    team: team(teamId),
    user: userObject(p.user, teamId),
    api_app_id: Workspace.appId,
    token: Workspace.verificationToken,
    view: fullView(p.view, values),
    is_cleared: p.is_cleared ?? false,
    is_enterprise_install: false,
    enterprise: null,
  });
}

// ---------------------------------------------------------------- block actions

/** An action as the person triggers it; missing fields are read from the surface. */
export type ActionInput = { action_id: string; selected_option?: string | BlockJson } & BlockJson;

export interface MessageRef {
  ts: string;
  text?: string;
  blocks?: BlockJson[];
  thread_ts?: string;
}

export interface BlockActionsParams {
  actions: ActionInput[];
  /** The modal or home view the element is in. */
  view?: BlockJson;
  /** The message the element is in (with `channel`). */
  message?: MessageRef;
  channel?: string | { id: string; name: string };
  container?: BlockJson;
  user?: UserRef;
  team_id?: string;
  /** What is entered in the surface's other inputs at the time of the click. */
  fill?: Fill;
  trigger_id?: string;
  response_url?: string;
}

function channelObject(channel: BlockActionsParams['channel']): BlockJson {
  if (channel === undefined) return { id: Workspace.channelId, name: Workspace.channelName };
  if (typeof channel === 'string') return { id: channel, name: `channel-${channel.toLowerCase()}` };
  return channel;
}

function completeAction(a: ActionInput, surface: BlockJson | undefined): BlockJson {
  const ref = surface ? findElement(surface, a.action_id) : undefined;
  const el = ref?.element ?? {};
  const action: BlockJson = { type: el.type ?? 'button', block_id: ref?.blockId, ...a, action_ts: a.action_ts ?? actionTs() };
  if (action.type === 'button') {
    action.text ??= el.text ? { emoji: true, ...el.text } : undefined;
    action.value ??= el.value;
    if (el.style) action.style ??= el.style;
  }
  if (typeof action.selected_option === 'string') {
    const value = action.selected_option;
    const offered: BlockJson[] = el.options ?? (el.option_groups ?? []).flatMap((g: BlockJson) => g.options ?? []);
    const found = offered.find((o) => o.value === value);
    if (!found && el.type !== 'external_select') {
      throw new Error(`blockActions: "${a.action_id}" offers no option with value ${JSON.stringify(value)}`);
    }
    action.selected_option = found ?? { text: { type: 'plain_text', text: value, emoji: true }, value };
  }
  if (!action.block_id) throw new Error(`blockActions: give block_id for "${a.action_id}" (it is not in the given view/message)`);
  return action;
}

/** Fields of an action that are not part of the element's state. */
const ACTION_ONLY = new Set(['action_id', 'block_id', 'action_ts', 'text', 'placeholder', 'style', 'confirm']);

/** The state Slack sends with an action already holds the value just picked. */
function withActedValues(values: StateValues, actions: BlockJson[]): StateValues {
  const out: StateValues = JSON.parse(JSON.stringify(values));
  for (const a of actions) {
    if (a.type === 'button' || a.type === 'overflow' || !out[a.block_id]?.[a.action_id]) continue;
    out[a.block_id][a.action_id] = Object.fromEntries(Object.entries(a).filter(([k]) => !ACTION_ONLY.has(k)));
  }
  return out;
}

/** The person clicks a button or picks from a select in a view or a message. */
export function blockActions(p: BlockActionsParams): SlackRequest {
  const teamId = p.team_id ?? Workspace.teamId;
  const base: BlockJson = {
    type: 'block_actions',
    user: userObject(p.user, teamId),
    api_app_id: Workspace.appId,
    token: Workspace.verificationToken,
    trigger_id: p.trigger_id ?? nextTriggerId(),
    team: team(teamId),
    enterprise: null,
    is_enterprise_install: false,
  };
  if (p.view) {
    const state = stateOf(p.view, p.fill, false);
    const view = fullView(p.view, state);
    const actions = p.actions.map((a) => completeAction(a, view));
    return interactive({
      ...base,
      container: p.container ?? { type: 'view', view_id: view.id },
      view: { ...view, state: { values: withActedValues(state, actions) } },
      actions,
    });
  }
  const channel = channelObject(p.channel);
  const message = p.message ? withSlackIds(p.message) : undefined;
  const actions = p.actions.map((a) => completeAction(a, message));
  return interactive({
    ...base,
    container:
      p.container ??
      (message
        ? { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: false }
        : { type: 'message', channel_id: channel.id, is_ephemeral: false }),
    channel,
    ...(message
      ? {
          message: {
            type: 'message',
            user: Workspace.botUserId,
            bot_id: Workspace.botId,
            app_id: Workspace.appId,
            team: teamId,
            text: message.text ?? '',
            blocks: message.blocks ?? [],
            ts: message.ts,
            ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
          },
          state: { values: withActedValues(stateOf(message, p.fill, false), actions) },
        }
      : {}),
    response_url: p.response_url ?? responseUrl('actions', teamId),
    actions,
  });
}

// ---------------------------------------------------------------- options (external selects)

export interface BlockSuggestionParams {
  action_id: string;
  /** What the person has typed so far. */
  value: string;
  view: BlockJson;
  block_id?: string;
  user?: UserRef;
  team_id?: string;
}

/** An external select asks the app for options while the person types. */
export function blockSuggestion(p: BlockSuggestionParams): SlackRequest {
  const teamId = p.team_id ?? Workspace.teamId;
  const view = fullView(p.view, stateOf(p.view, undefined, false));
  const blockId = p.block_id ?? findElement(view, p.action_id)?.blockId;
  if (!blockId) throw new Error(`blockSuggestion: "${p.action_id}" is not in the view; give block_id`);
  return interactive({
    type: 'block_suggestion',
    user: userObject(p.user, teamId),
    container: { type: 'view', view_id: view.id },
    api_app_id: Workspace.appId,
    token: Workspace.verificationToken,
    action_id: p.action_id,
    block_id: blockId,
    value: p.value,
    team: team(teamId),
    enterprise: null,
    is_enterprise_install: false,
    view,
  });
}

// ---------------------------------------------------------------- Events API

let eventSeq = 0;

/** An Events API delivery (`event_callback`), JSON-encoded as Slack sends it. */
export function eventCallback(event: BlockJson, p: { team_id?: string; event_id?: string; event_time?: number } = {}): SlackRequest {
  eventSeq += 1;
  const teamId = p.team_id ?? Workspace.teamId;
  return json({
    token: Workspace.verificationToken,
    team_id: teamId,
    context_team_id: teamId,
    api_app_id: Workspace.appId,
    event,
    type: 'event_callback',
    event_id: p.event_id ?? `Ev${String(eventSeq).padStart(9, '0')}`,
    event_time: p.event_time ?? 1700000000 + eventSeq,
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: Workspace.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

// ---------------------------------------------------------------- signing and sending

/** `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`, as Slack signs requests. */
export function signature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SendOptions {
  /** Defaults to TEST_SIGNING_SECRET. */
  secret?: string;
  /** Sign with a secret the app does not know. */
  wrongSecret?: boolean;
  /** Sign with a timestamp six minutes old (Bolt allows five). */
  oldTimestamp?: boolean;
  /** Unix seconds to sign with; overrides `oldTimestamp`. */
  timestamp?: number;
  /** Slack's redelivery headers. */
  retryNum?: number;
  retryReason?: 'http_timeout' | 'http_error' | 'too_many_requests' | 'unknown_error' | string;
  /** Defaults to `/slack/events`. */
  path?: string;
  headers?: Record<string, string>;
}

export interface SlackResponse {
  status: number;
  /** Parsed JSON when the app answered JSON, otherwise the text ('' for a bare ack). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON or text, read loosely by the tests
  body: any;
  headers: Record<string, string>;
}

/** Signs `req` and POSTs it to the app as Slack would. */
export async function send(appBaseUrl: string, req: SlackRequest, opts: SendOptions = {}): Promise<SlackResponse> {
  const secret = opts.wrongSecret ? `not-${opts.secret ?? TEST_SIGNING_SECRET}` : (opts.secret ?? TEST_SIGNING_SECRET);
  const now = Math.floor(Date.now() / 1000);
  const timestamp = opts.timestamp ?? (opts.oldTimestamp ? now - 6 * 60 : now);
  const headers: Record<string, string> = {
    // Bolt compares the content type exactly: no `; charset=…`, as Slack sends it.
    'content-type': req.contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature(secret, timestamp, req.body),
    ...(opts.retryNum !== undefined ? { 'x-slack-retry-num': String(opts.retryNum) } : {}),
    ...(opts.retryReason !== undefined ? { 'x-slack-retry-reason': opts.retryReason } : {}),
    ...opts.headers,
  };
  const url = new URL(opts.path ?? '/slack/events', appBaseUrl).toString();
  const res = await fetch(url, { method: 'POST', headers, body: req.body });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: res.status,
    body: isJson && text ? JSON.parse(text) : text,
    headers: Object.fromEntries(res.headers.entries()),
  };
}
