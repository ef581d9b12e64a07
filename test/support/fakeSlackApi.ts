/**
 * The workspace state behind the fake Slack server and its Web API methods: channels,
 * users, messages, and views with ids and hashes. Answers follow Slack's documented
 * responses and error codes; a method whose scopes are granted (test/support/slackScopes.ts)
 * but whose answer is not modelled here answers `{ ok: true }`.
 */
import { messageBlocksViolations, slackErrorMessage, viewViolations, type BlockJson, type Violation } from './blockKit';
import type { ConversationKind } from './slackScopes';
import { withSlackIds } from './viewState';
import { Workspace } from './workspace';

/** A file as the fake holds it after files.getUploadURLExternal, the upload and files.completeUploadExternal. */
export interface FakeFile {
  id: string;
  filename: string;
  length: number;
  bytes: Buffer | null;
  title?: string;
  /** Where files.completeUploadExternal shared it. */
  channel?: string;
  thread_ts?: string;
  initial_comment?: string;
}
/** Slack refuses a home view over 250 KB (views.publish). */
const HOME_VIEW_MAX_BYTES = 250 * 1024;

/** How a test describes a channel; unspecified fields get a public channel's values. */
export interface ChannelProps {
  name?: string;
  is_private?: boolean;
  is_ext_shared?: boolean;
  is_shared?: boolean;
  is_org_shared?: boolean;
  is_archived?: boolean;
  /** Whether the bot is in the channel (default true). Posting when false → `not_in_channel`. */
  is_member?: boolean;
  /** The channel does not exist (or the bot cannot see it) → `channel_not_found`. */
  notFound?: boolean;
  /**
   * Who is in the channel (users.conversations answers from it). Unset = every user,
   * as in a small workspace's public channel; a DM D… always holds its own user.
   */
  members?: string[];
  [extra: string]: unknown;
}

/** How a test describes a user; unspecified fields get an ordinary member's values. */
export interface UserProps {
  name?: string;
  real_name?: string;
  display_name?: string;
  email?: string;
  is_bot?: boolean;
  deleted?: boolean;
  is_restricted?: boolean;
  is_stranger?: boolean;
  tz?: string;
  /** → `user_not_found`. */
  notFound?: boolean;
  [extra: string]: unknown;
}

/** A file uploaded through files.getUploadURLExternal → upload URL → files.completeUploadExternal. */

/** A view as the fake stores it: the app's view plus id, hash and Slack's fields. */
export type StoredView = BlockJson & { id: string; hash: string };

const BASE_TS = 1700000000;

function fail(error: string, extra: BlockJson = {}): BlockJson {
  return { ok: false, error, ...extra };
}

function invalid(violations: Violation[] | string[], error = 'invalid_arguments'): BlockJson {
  const messages = violations.map((v) => (typeof v === 'string' ? v : slackErrorMessage(v)));
  return fail(error, { response_metadata: { messages } });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export class FakeWorkspace {
  private channels = new Map<string, ChannelProps>();
  private users = new Map<string, UserProps>();
  private views = new Map<string, StoredView>();
  private homeViews = new Map<string, string>();
  private messages = new Map<string, BlockJson>();
  private deleted = new Set<string>();
  private usedTriggers = new Set<string>();
  private files = new Map<string, FakeFile>();
  private fileSeq = 0;
  /** Origin of the fake server, for upload URLs (set once it listens). */
  origin = 'http://127.0.0.1';
  private usergroups = new Map<string, { users: string[]; disabled?: boolean }>();
  private lastViewId: string | undefined;
  // Counters never reset, so ids stay unique across tests sharing one fake.
  private viewSeq = 0;
  private tsSeq = 0;
  private hashSeq = 0;

  reset(): void {
    this.channels.clear();
    this.users.clear();
    this.views.clear();
    this.homeViews.clear();
    this.messages.clear();
    this.deleted.clear();
    this.usedTriggers.clear();
    this.files.clear();
    this.usergroups.clear();
    this.lastViewId = undefined;
  }

  /** Files uploaded and shared, oldest first. */
  sharedFiles(): FakeFile[] {
    return [...this.files.values()].filter((f) => f.channel !== undefined);
  }

  /** The bytes POSTed to an upload URL (multipart with one file part, or the raw body). False = no such upload. */
  receiveUpload(fileId: string, bytes: Buffer): boolean {
    const f = this.files.get(fileId);
    if (!f || f.bytes) return false;
    f.bytes = bytes;
    return true;
  }

  /** A user group (S…) and its members; `disabled` as after usergroups.disable. */
  setUsergroup(id: string, props: { users: string[]; disabled?: boolean }): void {
    this.usergroups.set(id, props);
  }

  setChannel(id: string, props: ChannelProps): void {
    this.channels.set(id, { ...this.channels.get(id), ...props });
  }

  setUser(id: string, props: UserProps): void {
    this.users.set(id, { ...this.users.get(id), ...props });
  }

  view(id: string): StoredView | undefined {
    const v = this.views.get(id);
    return v ? (JSON.parse(JSON.stringify(v)) as StoredView) : undefined;
  }

  lastView(): StoredView | undefined {
    return this.lastViewId ? this.view(this.lastViewId) : undefined;
  }

  message(channel: string, ts: string): BlockJson | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  nextTs(): string {
    this.tsSeq += 1;
    const micros = this.tsSeq * 100;
    return `${BASE_TS + Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  private nextHash(): string {
    this.hashSeq += 1;
    return `${BASE_TS + this.hashSeq}.${((this.hashSeq * 2654435761) >>> 0).toString(16).padStart(8, '0')}`;
  }

  /** The kind of conversation an id names, as Slack's scope families split them. */
  conversationKind(channel: string): ConversationKind {
    const id = this.channelId(channel) ?? '';
    const p = this.channels.get(id) ?? {};
    if (id.startsWith('D')) return 'im';
    if (p.is_mpim === true) return 'mpim';
    if (id.startsWith('G') || p.is_private === true) return 'private';
    return 'public';
  }

  handle(method: string, args: BlockJson): BlockJson {
    const handler = this.methods[method];
    return handler ? handler(args) : { ok: true };
  }

  private readonly methods: Record<string, (args: BlockJson) => BlockJson> = {
    'auth.test': () => ({
      ok: true,
      url: `https://${Workspace.teamDomain}.slack.com/`,
      team: Workspace.teamName,
      user: Workspace.botName,
      team_id: Workspace.teamId,
      user_id: Workspace.botUserId,
      bot_id: Workspace.botId,
      is_enterprise_install: false,
    }),
    'chat.postMessage': (a) => this.postMessage(a),
    'chat.update': (a) => this.updateMessage(a),
    'chat.postEphemeral': (a) => this.postEphemeral(a),
    'chat.getPermalink': (a) => this.permalink(a),
    'chat.delete': (a) => {
      const channel = this.channelId(a.channel);
      if (!channel || this.channelInfo(channel) === undefined) return fail('channel_not_found');
      if (!str(a.ts)) return fail('message_not_found');
      this.messages.delete(`${channel}/${a.ts}`);
      this.deleted.add(`${channel}/${a.ts}`);
      return { ok: true, channel, ts: a.ts };
    },
    'conversations.info': (a) => {
      const info = str(a.channel) ? this.channelInfo(a.channel) : undefined;
      return info ? { ok: true, channel: info } : fail('channel_not_found');
    },
    'conversations.join': (a) => {
      const info = str(a.channel) ? this.channelInfo(a.channel) : undefined;
      if (!info) return fail('channel_not_found');
      if (info.is_archived) return fail('is_archived');
      this.setChannel(a.channel, { is_member: true });
      return { ok: true, channel: this.channelInfo(a.channel) };
    },
    // The DM with one user (users=U…): its id, D + the user id's rest, as channelId() maps it.
    'conversations.open': (a) => {
      const users = str(a.users) ? a.users.split(',') : [];
      if (users.length !== 1 || !/^[UW]/.test(users[0])) return fail('users_list_not_supplied');
      return { ok: true, channel: { id: this.channelId(users[0]) } };
    },
    'conversations.history': (a) => this.history(a),
    'conversations.replies': (a) => this.replies(a),
    // The channels (of those the fake knows, and the user's DM) a user is in; paged by `limit`.
    'users.conversations': (a) => {
      const user = str(a.user);
      if (!user || !this.userInfo(user)) return fail('user_not_found');
      const all = [Workspace.channelId, ...this.channels.keys(), this.channelId(user)!]
        .filter((id, i, list) => list.indexOf(id) === i)
        .filter((id) => {
          const p = this.channels.get(id) ?? {};
          if (p.notFound) return false;
          if (id.startsWith('D')) return id === this.channelId(user);
          return p.members === undefined || p.members.includes(user);
        })
        .sort();
      const limit = Math.max(1, Math.min(Number(a.limit ?? 100) || 100, 1000));
      const start = str(a.cursor) ? Number(Buffer.from(a.cursor, 'base64').toString()) : 0;
      const page = all.slice(start, start + limit);
      const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64') : '';
      return { ok: true, channels: page.map((id) => this.channelInfo(id) ?? { id }), response_metadata: { next_cursor: next } };
    },
    'users.info': (a) => {
      const user = str(a.user) ? this.userInfo(a.user) : undefined;
      return user ? { ok: true, user } : fail('user_not_found');
    },
    // Files: the URL to upload to, then sharing the uploaded file into a channel or thread.
    'files.getUploadURLExternal': (a) => {
      const length = Number(a.length);
      if (!str(a.filename) || !Number.isInteger(length) || length < 1) return fail('invalid_arguments');
      this.fileSeq += 1;
      const id = `F${String(this.fileSeq).padStart(8, '0')}`;
      this.files.set(id, { id, filename: a.filename, length, bytes: null });
      return { ok: true, upload_url: `${this.origin}/upload/v1/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (a) => {
      const list = Array.isArray(a.files) ? (a.files as { id?: string; title?: string }[]) : [];
      if (list.length === 0) return fail('invalid_arguments');
      if (str(a.thread_ts) && !str(a.channel_id)) return fail('invalid_arguments');
      const found = list.map((f) => (f.id ? this.files.get(f.id) : undefined));
      // Not uploaded yet, or its bytes are not the length announced.
      if (found.some((f) => !f || !f.bytes || f.bytes.length !== f.length)) return fail('file_upload_not_found');
      const channel = str(a.channel_id) ? this.channelId(a.channel_id) : undefined;
      if (channel) {
        const denied = this.cannotPost(channel);
        if (denied) return fail(denied);
      }
      found.forEach((f, i) => {
        Object.assign(f!, { title: list[i].title ?? f!.filename, channel, thread_ts: str(a.thread_ts), initial_comment: str(a.initial_comment) });
      });
      if (channel) {
        const ts = this.nextTs();
        this.messages.set(`${channel}/${ts}`, {
          ...this.botMessage({ text: a.initial_comment ?? '', thread_ts: a.thread_ts }, ts),
          files: found.map((f) => ({ id: f!.id, name: f!.filename })),
        });
      }
      return { ok: true, files: found.map((f) => ({ id: f!.id, title: f!.title, name: f!.filename })) };
    },
    'views.open': (a) => this.openView(a),
    'views.push': (a) => this.openView(a),
    'views.update': (a) => this.updateView(a),
    'views.publish': (a) => this.publishView(a),
    // A disabled group answers no_such_subteam unless include_disabled (as Slack does).
    'usergroups.users.list': (a) => {
      const g = str(a.usergroup) ? this.usergroups.get(a.usergroup) : undefined;
      if (!str(a.usergroup)) return fail('invalid_arguments');
      if (!g || (g.disabled && String(a.include_disabled) !== 'true')) return fail('no_such_subteam');
      return { ok: true, users: [...g.users] };
    },
  };

  // ------------------------------------------------------------ channels and users

  /** Posting to a user id goes to the DM with that user, as Slack does. */
  private channelId(channel: unknown): string | undefined {
    const id = str(channel);
    if (id && /^[UW]/.test(id)) return `D${id.slice(1)}`;
    return id;
  }

  private channelInfo(id: string): BlockJson | undefined {
    const p = this.channels.get(id) ?? {};
    if (p.notFound) return undefined;
    const isIm = id.startsWith('D');
    const isPrivate = p.is_private ?? false;
    // The bot cannot see a private channel it is not in.
    if (isPrivate && p.is_member === false) return undefined;
    const { notFound: _notFound, members: _members, ...props } = p;
    const name = p.name ?? `channel-${id.toLowerCase()}`;
    return {
      id,
      name,
      name_normalized: name,
      is_channel: !isIm && !isPrivate,
      is_group: false,
      is_im: isIm,
      is_mpim: false,
      is_private: isPrivate || isIm,
      created: BASE_TS - 86400,
      is_archived: false,
      is_general: false,
      is_shared: p.is_shared ?? Boolean(p.is_ext_shared || p.is_org_shared),
      is_ext_shared: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      is_member: true,
      context_team_id: Workspace.teamId,
      shared_team_ids: [Workspace.teamId],
      ...props,
    };
  }

  /** Why the bot may not post in a channel, as Slack's error code; undefined if it may. */
  private cannotPost(channel: string | undefined): string | undefined {
    if (!channel) return 'channel_not_found';
    const info = this.channelInfo(channel);
    if (!info) return 'channel_not_found';
    if (info.is_archived) return 'is_archived';
    if (info.is_member === false) return 'not_in_channel';
    return undefined;
  }

  private userInfo(id: string): BlockJson | undefined {
    const p = this.users.get(id) ?? {};
    if (p.notFound) return undefined;
    const { notFound: _notFound, real_name, display_name, email, ...props } = p;
    const name = p.name ?? `user-${id.toLowerCase()}`;
    const realName = real_name ?? `利用者 ${id}`;
    return {
      id,
      team_id: Workspace.teamId,
      name,
      deleted: false,
      real_name: realName,
      tz: 'Asia/Tokyo',
      tz_label: 'Japan Standard Time',
      tz_offset: 32400,
      is_admin: false,
      is_owner: false,
      is_bot: false,
      is_app_user: false,
      is_restricted: false,
      is_ultra_restricted: false,
      profile: {
        real_name: realName,
        display_name: display_name ?? '',
        email: email ?? `${name}@example.lg.jp`,
        team: Workspace.teamId,
      },
      ...props,
    };
  }

  // ------------------------------------------------------------ messages

  private blocksError(blocks: unknown): BlockJson | undefined {
    if (blocks === undefined) return undefined;
    if (typeof blocks === 'string') return fail('invalid_blocks_format');
    const violations = messageBlocksViolations(blocks);
    return violations.length > 0 ? invalid(violations, 'invalid_blocks') : undefined;
  }

  private botMessage(a: BlockJson, ts: string): BlockJson {
    return {
      type: 'message',
      user: Workspace.botUserId,
      bot_id: Workspace.botId,
      app_id: Workspace.appId,
      team: Workspace.teamId,
      text: a.text ?? '',
      ts,
      ...(a.blocks !== undefined ? { blocks: withSlackIds({ blocks: a.blocks }).blocks } : {}),
      ...(a.attachments !== undefined ? { attachments: a.attachments } : {}),
      ...(str(a.thread_ts) ? { thread_ts: a.thread_ts } : {}),
      ...(a.metadata !== undefined ? { metadata: a.metadata } : {}),
    };
  }

  private postMessage(a: BlockJson): BlockJson {
    const channel = this.channelId(a.channel);
    const denied = this.cannotPost(channel);
    if (denied) return fail(denied);
    if (!str(a.text) && !a.blocks && !a.attachments) return fail('no_text');
    const blocksError = this.blocksError(a.blocks);
    if (blocksError) return blocksError;
    const ts = this.nextTs();
    const message = this.botMessage(a, ts);
    this.messages.set(`${channel}/${ts}`, message);
    return { ok: true, channel, ts, message };
  }

  private updateMessage(a: BlockJson): BlockJson {
    const channel = this.channelId(a.channel);
    if (!channel || !this.channelInfo(channel)) return fail('channel_not_found');
    if (!str(a.ts)) return fail('message_not_found');
    if (this.channelInfo(channel)?.is_archived) return fail('is_archived');
    const blocksError = this.blocksError(a.blocks);
    if (blocksError) return blocksError;
    const key = `${channel}/${a.ts}`;
    // A deleted message cannot be brought back by an update, as in Slack.
    if (this.deleted.has(key)) return fail('message_not_found');
    const previous = this.messages.get(key) ?? {};
    if (previous.user && previous.user !== Workspace.botUserId) return fail('cant_update_message');
    // Slack keeps the old text or blocks when the update leaves them out.
    const message: BlockJson = {
      ...previous,
      ...this.botMessage({ ...previous, ...a }, a.ts),
      edited: { user: Workspace.botUserId, ts: this.nextTs() },
    };
    this.messages.set(key, message);
    return { ok: true, channel, ts: a.ts, text: message.text, message };
  }

  private postEphemeral(a: BlockJson): BlockJson {
    const channel = this.channelId(a.channel);
    const denied = this.cannotPost(channel);
    if (denied) return fail(denied);
    if (!str(a.user) || (this.users.get(a.user)?.notFound ?? false)) return fail('user_not_in_channel');
    if (!str(a.text) && !a.blocks && !a.attachments) return fail('no_text');
    const blocksError = this.blocksError(a.blocks);
    if (blocksError) return blocksError;
    return { ok: true, message_ts: this.nextTs() };
  }

  private permalink(a: BlockJson): BlockJson {
    const channel = this.channelId(a.channel);
    if (!channel || !this.channelInfo(channel)) return fail('channel_not_found');
    if (!str(a.message_ts)) return fail('message_not_found');
    const p = String(a.message_ts).replace('.', '');
    return { ok: true, channel, permalink: `https://${Workspace.teamDomain}.slack.com/archives/${channel}/p${p}` };
  }

  /** Messages of a channel, newest first; metadata only with include_all_metadata, as Slack does. */
  private channelMessages(channel: string, keep: (m: BlockJson) => boolean, withMetadata: boolean): BlockJson[] {
    const prefix = `${channel}/`;
    return [...this.messages.entries()]
      .filter(([k, m]) => k.startsWith(prefix) && keep(m))
      .map(([, m]) => {
        if (withMetadata) return m;
        const { metadata: _metadata, ...rest } = m;
        return rest;
      })
      .sort((x, y) => Number(y.ts) - Number(x.ts));
  }

  /** Cursor pagination over a newest-first list (cursor = offset, opaque to the app). */
  private page(all: BlockJson[], a: BlockJson, key: 'messages'): BlockJson {
    const limit = Math.min(Math.max(Number(a.limit) || 100, 1), 1000);
    const start = str(a.cursor) ? Number(Buffer.from(a.cursor, 'base64').toString('utf8').replace('offset:', '')) : 0;
    const slice = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return {
      ok: true,
      [key]: slice,
      has_more: more,
      response_metadata: { next_cursor: more ? Buffer.from(`offset:${start + limit}`).toString('base64') : '' },
    };
  }

  private history(a: BlockJson): BlockJson {
    const channel = this.channelId(a.channel);
    if (!channel || !this.channelInfo(channel)) return fail('channel_not_found');
    const top = (m: BlockJson) => !m.thread_ts || m.thread_ts === m.ts;
    return this.page(this.channelMessages(channel, top, String(a.include_all_metadata) === 'true'), a, 'messages');
  }

  private replies(a: BlockJson): BlockJson {
    const channel = this.channelId(a.channel);
    if (!channel || !this.channelInfo(channel)) return fail('channel_not_found');
    if (!str(a.ts)) return fail('thread_not_found');
    const inThread = (m: BlockJson) => m.ts === a.ts || m.thread_ts === a.ts;
    const all = this.channelMessages(channel, inThread, String(a.include_all_metadata) === 'true');
    // Slack lists a thread oldest first, parent included.
    return this.page(all.reverse(), a, 'messages');
  }

  // ------------------------------------------------------------ views

  private store(view: BlockJson, keep: Partial<StoredView> = {}): StoredView {
    const withIds = withSlackIds(view);
    const id = keep.id ?? `V${String(++this.viewSeq).padStart(4, '0')}`;
    const stored: StoredView = {
      id,
      team_id: Workspace.teamId,
      type: view.type,
      blocks: withIds.blocks ?? [],
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      state: { values: {} },
      hash: this.nextHash(),
      title: view.title ?? null,
      clear_on_close: view.clear_on_close ?? false,
      notify_on_close: view.notify_on_close ?? false,
      close: view.close ?? null,
      submit: view.submit ?? null,
      previous_view_id: keep.previous_view_id ?? null,
      root_view_id: keep.root_view_id ?? id,
      app_id: Workspace.appId,
      external_id: view.external_id ?? '',
      app_installed_team_id: Workspace.teamId,
      bot_id: Workspace.botId,
    };
    this.views.set(id, stored);
    this.lastViewId = id;
    return stored;
  }

  private viewError(view: unknown, type: 'modal' | 'home'): BlockJson | undefined {
    if (!view || typeof view !== 'object') return invalid(['[ERROR] missing required field: view [json-pointer:/view]']);
    const violations = viewViolations(view);
    if ((view as BlockJson).type !== type) {
      violations.unshift({ pointer: '/view/type', where: 'view.type', message: `must be ${type}` });
    }
    return violations.length > 0 ? invalid(violations) : undefined;
  }

  private openView(a: BlockJson): BlockJson {
    const trigger = str(a.trigger_id) ?? str(a.interactivity_pointer);
    if (!trigger) return invalid(['[ERROR] missing required field: trigger_id [json-pointer:/trigger_id]']);
    if (this.usedTriggers.has(trigger)) return fail('exchanged_trigger_id');
    const error = this.viewError(a.view, 'modal');
    if (error) return error;
    this.usedTriggers.add(trigger);
    // A pushed view's previous_view_id would be the modal it was pushed from; the fake
    // cannot tell which one that is from a trigger_id, so it stays null.
    return { ok: true, view: this.store(a.view) };
  }

  private updateView(a: BlockJson): BlockJson {
    if (!str(a.view_id) && !str(a.external_id)) return invalid(['[ERROR] must provide either view_id or external_id']);
    const current = str(a.view_id) ? this.views.get(a.view_id) : [...this.views.values()].find((v) => v.external_id === a.external_id);
    if (!current) return fail('not_found');
    if (str(a.hash) && a.hash !== current.hash) return fail('hash_conflict');
    const error = this.viewError(a.view, current.type === 'home' ? 'home' : 'modal');
    if (error) return error;
    const view = this.store(a.view, { id: current.id, previous_view_id: current.previous_view_id, root_view_id: current.root_view_id });
    return { ok: true, view };
  }

  private publishView(a: BlockJson): BlockJson {
    const userId = str(a.user_id);
    if (!userId) return invalid(['[ERROR] missing required field: user_id [json-pointer:/user_id]']);
    if (this.users.get(userId)?.notFound) return fail('user_not_found');
    const currentId = this.homeViews.get(userId);
    const current = currentId ? this.views.get(currentId) : undefined;
    if (current && str(a.hash) && a.hash !== current.hash) return fail('hash_conflict');
    const error = this.viewError(a.view, 'home');
    if (error) return error;
    const bytes = Buffer.byteLength(JSON.stringify(a.view), 'utf8');
    if (bytes > HOME_VIEW_MAX_BYTES) return invalid([`[ERROR] view is ${bytes} bytes; must be at most ${HOME_VIEW_MAX_BYTES} [json-pointer:/view]`]);
    const view = this.store(a.view, current ? { id: current.id } : {});
    this.homeViews.set(userId, view.id);
    return { ok: true, view };
  }
}
