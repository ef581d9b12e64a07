/**
 * A stand-in for Slack's cloud: an HTTP server on 127.0.0.1 that answers the Web API
 * (`/api/<method>`) and response_urls the way Slack does, and records every call.
 * Point the app at it with `clientOptions: { slackApiUrl: fake.url }`.
 *
 *     const fake = await startFakeSlack();
 *     await send(appUrl, slashCommand({ text: '' }));
 *     const open = await fake.waitFor('views.open');
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import type { BlockJson } from './blockKit';
import { messageBlocksViolations, slackErrorMessage } from './blockKit';
import { FakeWorkspace, type ChannelProps, type FakeFile, type StoredView, type UserProps } from './fakeSlackApi';
import { responseUrl, setResponseUrlBase } from './slackRequests';
import { readBody } from './readBody';
import { MANIFEST_PATH, manifestBotScopes, scopeRefusal } from './slackScopes';
import { TEST_BOT_TOKEN, Workspace } from './workspace';

export type { ChannelProps, FakeFile, StoredView, UserProps } from './fakeSlackApi';

/** One request the app made. `method` is the Web API method, or `response_url`. */
export interface FakeCall {
  method: string;
  /** Decoded arguments: form fields, with JSON-encoded ones (`view`, `blocks`…) parsed. */
  args: BlockJson;
  /** From `Authorization: Bearer …` (or a `token` field, which is then left out of args). */
  token: string | undefined;
  /** `Date.now()` when the answer was sent. */
  at: number;
  /** What the fake answered. */
  status: number;
  response: BlockJson;
  /** The full request URL (useful for response_url calls). */
  url: string;
}

export interface FakeSlack {
  /** Web API base for `slackApiUrl`, with the trailing slash: `http://127.0.0.1:PORT/api/`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Recorded calls, oldest first, optionally only one method's. */
  calls(method?: string): FakeCall[];
  /** The latest call of a method; throws (listing what was called) if there is none. */
  last(method: string): FakeCall;
  /**
   * The first call of `method` matching `predicate`, already recorded or still to come.
   * Rejects after `timeoutMs` with the list of calls received.
   */
  waitFor(method: string, predicate?: (call: FakeCall) => boolean, timeoutMs?: number): Promise<FakeCall>;
  /** Forget calls, injected failures, channel/user settings, views and messages. */
  reset(): void;
  setChannel(id: string, props: ChannelProps): void;
  setUser(id: string, props: UserProps): void;
  /** A user group (S…) with its members; unknown ids answer no_such_subteam. */
  setUsergroup(id: string, props: { users: string[]; disabled?: boolean }): void;
  /** Takes a scope away from the install: methods needing it answer missing_scope. */
  withoutScope(scope: string): void;
  /** The next call of `method` answers `{ ok: false, error, ...extra }` (queued, once each). */
  failNext(method: string, error: string, extra?: BlockJson): void;
  /** The next call of `method` answers HTTP 429 with `Retry-After` (queued, once each). */
  rateLimitNext(method: string, retryAfterSeconds: number): void;
  /**
   * Runs `hook` after the fake has handled a call of `method` (a posted message is
   * stored) and before it answers: e.g. kill the caller between posting and recording.
   */
  onCall(method: string, hook: ((call: FakeCall) => void) | null): void;
  /** Messages posted with reminder metadata, counted per reminder id. */
  remindersPosted(): Map<string, number>;
  /** A view as Slack holds it now (id, hash, generated block/action ids). */
  view(id: string): StoredView | undefined;
  /** The view most recently opened, pushed, updated or published. */
  lastView(): StoredView | undefined;
  /** A message as it stands after posts and updates. */
  message(channel: string, ts: string): BlockJson | undefined;
  /**
   * A file a person uploaded into a file_input: stored here and returned as the file
   * object Slack puts in view_submission state, with a url_private_download this fake
   * serves to the bot token only (anything else gets Slack's sign-in page).
   */
  addFile(a: { name: string; bytes: Buffer; mimetype?: string; user?: string; declaredSize?: number }): BlockJson;
  /** The next downloads of a file answer `status` (e.g. 503: transient), once per entry. */
  failDownloadNext(fileId: string, status: number): void;
  /** Without files:read, Slack answers downloads with its sign-in page (HTML, 200). */
  setFilesScope(granted: boolean): void;
  /** Download requests seen per file id (with the token they carried). */
  downloads(fileId: string): { token: string | undefined; status: number }[];
  /** Files shared with files.completeUploadExternal (bytes as uploaded), oldest first. */
  files(): FakeFile[];
  /** A fresh response_url served by this fake. */
  responseUrl(kind?: 'commands' | 'actions'): string;
  close(): Promise<void>;
}

type Injected = { kind: 'error'; error: string; extra: BlockJson } | { kind: 'ratelimit'; seconds: number };

interface Waiter {
  method: string;
  predicate?: (call: FakeCall) => boolean;
  resolve: (call: FakeCall) => void;
  reject: (err: Error) => void;
}

/** Form fields the Web API client JSON-encodes because they are objects or arrays. */
const JSON_FIELDS = new Set([
  'view',
  'blocks',
  'attachments',
  'metadata',
  'unfurls',
  'user_auth_blocks',
  'options',
  'option_groups',
  'profile',
  'files',
  'file_uploads',
  'chunks',
]);

function decodeArgs(contentType: string, body: string, query: URLSearchParams): BlockJson {
  const args: BlockJson = Object.fromEntries(query.entries());
  if (contentType.startsWith('application/json')) {
    return { ...args, ...(body ? (JSON.parse(body) as BlockJson) : {}) };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded') || (!contentType && body)) {
    for (const [key, value] of Object.entries(parseQuery(body))) {
      const v = Array.isArray(value) ? value[value.length - 1] : value;
      args[key] = JSON_FIELDS.has(key) && typeof v === 'string' ? tryJson(v) : v;
    }
  }
  return args;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function bearer(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
}

export interface FakeSlackOptions {
  /**
   * Slack's per-channel posting limit: chat.postMessage beyond `postsPerSecond` in one
   * channel (threads included) answers HTTP 429 with Retry-After, as Slack does.
   */
  channelRateLimit?: { postsPerSecond: number };
  /** Do not record calls (a benchmark's 10,000 posts): counters still work. */
  recordCalls?: boolean;
  /**
   * The Slack app manifest whose bot scopes the token holds (default: the repository's
   * manifests/slack/manifest.yaml). A call they do not cover answers `missing_scope`.
   */
  manifestPath?: string;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const workspace = new FakeWorkspace();
  const granted = new Set(manifestBotScopes(options.manifestPath ?? MANIFEST_PATH));
  const hooks = new Map<string, (call: FakeCall) => void>();
  const lastPost = new Map<string, number>();
  const reminderPosts = new Map<string, number>();
  const recorded: FakeCall[] = [];
  const injected = new Map<string, Injected[]>();
  let waiters: Waiter[] = [];
  const files = new Map<string, { name: string; bytes: Buffer; mimetype: string }>();
  const downloadFailures = new Map<string, number[]>();
  const downloadLog = new Map<string, { token: string | undefined; status: number }[]>();
  let filesScope = true;
  let fileSeq = 0;

  const record = (call: FakeCall): void => {
    recorded.push(call);
    const ready = waiters.filter((w) => w.method === call.method && (!w.predicate || w.predicate(call)));
    waiters = waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(call);
  };

  const reply = (res: ServerResponse, status: number, body: BlockJson, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const takeInjected = (method: string): Injected | undefined => {
    const queue = injected.get(method);
    return queue?.shift();
  };

  const webApi = (
    method: string,
    args: BlockJson,
    token: string | undefined,
  ): { status: number; body: BlockJson; headers?: Record<string, string> } => {
    const inj = takeInjected(method);
    if (inj?.kind === 'ratelimit') {
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(inj.seconds) } };
    }
    if (inj?.kind === 'error') return { status: 200, body: { ok: false, error: inj.error, ...inj.extra } };
    if (!token) return { status: 200, body: { ok: false, error: 'not_authed' } };
    const refused = scopeRefusal(method, args, granted, (channel) => workspace.conversationKind(channel));
    if (refused) return { status: 200, body: refused };
    if (method === 'chat.postMessage' && options.channelRateLimit && typeof args.channel === 'string') {
      const gap = 1000 / options.channelRateLimit.postsPerSecond;
      const now = Date.now();
      const last = lastPost.get(args.channel);
      if (last !== undefined && now - last < gap) {
        const seconds = Math.max(1, Math.ceil((gap - (now - last)) / 1000));
        return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(seconds) } };
      }
      lastPost.set(args.channel, now);
    }
    try {
      const body = workspace.handle(method, args);
      const reminderId = args.metadata?.event_payload?.reminder_id;
      if (method === 'chat.postMessage' && body.ok && typeof reminderId === 'string') {
        reminderPosts.set(reminderId, (reminderPosts.get(reminderId) ?? 0) + 1);
      }
      return { status: 200, body };
    } catch (err) {
      return { status: 200, body: { ok: false, error: 'fatal_error', detail: String(err) } };
    }
  };

  /**
   * An upload URL from files.getUploadURLExternal: the file's bytes, raw or as the one
   * file part of a multipart form (what @slack/web-api sends). Answers 200 "OK - <bytes>".
   */
  const receiveUpload = async (req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let bytes = Buffer.concat(chunks);
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://upload', { method: 'POST', headers: { 'content-type': type }, body: bytes }).formData();
      const file = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
      bytes = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
    }
    const ok = workspace.receiveUpload(fileId, bytes);
    res.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain' });
    res.end(ok ? `OK - ${bytes.length}` : 'Not Found');
    record({
      method: 'upload',
      args: { file_id: fileId, length: bytes.length },
      token: bearer(req),
      at: Date.now(),
      status: ok ? 200 : 404,
      response: { ok },
      url: `${origin}${req.url ?? ''}`,
    });
  };

  /** response_url posts: JSON in, `{ ok }` out; bad blocks are refused as Slack does. */
  const responseUrlCall = (args: BlockJson): { status: number; body: BlockJson } => {
    const inj = takeInjected('response_url');
    if (inj?.kind === 'ratelimit') return { status: 429, body: { ok: false, error: 'rate_limited' } };
    if (inj?.kind === 'error') return { status: 404, body: { ok: false, error: inj.error, ...inj.extra } };
    const violations = messageBlocksViolations(args.blocks);
    if (violations.length > 0) {
      return { status: 400, body: { ok: false, error: 'invalid_blocks', response_metadata: { messages: violations.map(slackErrorMessage) } } };
    }
    return { status: 200, body: { ok: true } };
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const upload = /^\/upload\/v1\/(F\w+)$/.exec((req.url ?? '').split('?')[0]);
      if (upload && req.method === 'POST') return receiveUpload(req, res, upload[1]);
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const contentType = String(req.headers['content-type'] ?? '');
      const fullUrl = `${origin}${req.url ?? ''}`;
      if (url.pathname.startsWith('/api/')) {
        const method = decodeURIComponent(url.pathname.slice('/api/'.length));
        const args = decodeArgs(contentType, body, url.searchParams);
        const token = bearer(req) ?? (typeof args.token === 'string' ? args.token : undefined);
        delete args.token;
        const out = webApi(method, args, token);
        const call: FakeCall = { method, args, token, at: Date.now(), status: out.status, response: out.body, url: fullUrl };
        hooks.get(method)?.(call);
        reply(res, out.status, out.body, out.headers);
        if (options.recordCalls !== false) record(call);
        return;
      }
      const download = /^\/files-pri\/[^/]+-(F[0-9A-Z]+)\/download\/[^/]+$/.exec(url.pathname);
      if (download && req.method === 'GET') {
        const id = download[1];
        const token = bearer(req);
        const log = (status: number) => downloadLog.set(id, [...(downloadLog.get(id) ?? []), { token, status }]);
        const failure = downloadFailures.get(id)?.shift();
        if (failure !== undefined) {
          log(failure);
          res.writeHead(failure, { 'content-type': 'text/plain' });
          return void res.end('unavailable');
        }
        const file = files.get(id);
        if (!file) {
          log(404);
          res.writeHead(404, { 'content-type': 'text/plain' });
          return void res.end('file_not_found');
        }
        if (token !== TEST_BOT_TOKEN || !filesScope) {
          // Slack does not say 401: it serves its sign-in page.
          log(200);
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return void res.end('<!DOCTYPE html><html><body>Sign in to Example City</body></html>');
        }
        log(200);
        res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) });
        return void res.end(file.bytes);
      }
      if (/^\/(commands|actions)\//.test(url.pathname) && req.method === 'POST') {
        const args =
          contentType.startsWith('application/json') && body ? (JSON.parse(body) as BlockJson) : decodeArgs(contentType, body, url.searchParams);
        const out = responseUrlCall(args);
        reply(res, out.status, out.body);
        record({ method: 'response_url', args, token: undefined, at: Date.now(), status: out.status, response: out.body, url: fullUrl });
        return;
      }
      reply(res, 404, { ok: false, error: 'unknown_path' });
    })().catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { ok: false, error: 'fake_slack_failure', detail: String(err) });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  workspace.origin = origin;
  setResponseUrlBase(origin);

  const summary = (): string =>
    recorded.length === 0
      ? '(none)'
      : recorded.map((c) => `${c.method}${c.response.ok === false ? ` → ${String(c.response.error)}` : ''}`).join(', ');

  return {
    url: `${origin}/api/`,
    origin,
    calls: (method) => recorded.filter((c) => method === undefined || c.method === method),
    last: (method) => {
      const found = recorded.filter((c) => c.method === method).pop();
      if (!found) throw new Error(`fake Slack: no ${method} call; calls so far: ${summary()}`);
      return found;
    },
    waitFor: (method, predicate, timeoutMs = 5000) => {
      const already = recorded.find((c) => c.method === method && (!predicate || predicate(c)));
      if (already) return Promise.resolve(already);
      return new Promise<FakeCall>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`fake Slack: no matching ${method} call within ${timeoutMs} ms; calls so far: ${summary()}`));
        }, timeoutMs);
        const waiter: Waiter = {
          method,
          predicate,
          resolve: (call) => {
            clearTimeout(timer);
            resolve(call);
          },
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        };
        waiters.push(waiter);
      });
    },
    reset: () => {
      recorded.length = 0;
      reminderPosts.clear();
      lastPost.clear();
      injected.clear();
      workspace.reset();
      files.clear();
      downloadFailures.clear();
      downloadLog.clear();
      filesScope = true;
    },
    setChannel: (id, props) => workspace.setChannel(id, props),
    setUser: (id, props) => workspace.setUser(id, props),
    setUsergroup: (id, props) => workspace.setUsergroup(id, props),
    withoutScope: (scope) => void granted.delete(scope),
    failNext: (method, error, extra = {}) => {
      injected.set(method, [...(injected.get(method) ?? []), { kind: 'error', error, extra }]);
    },
    rateLimitNext: (method, retryAfterSeconds) => {
      injected.set(method, [...(injected.get(method) ?? []), { kind: 'ratelimit', seconds: retryAfterSeconds }]);
    },
    onCall: (method, hook) => {
      if (hook) hooks.set(method, hook);
      else hooks.delete(method);
    },
    remindersPosted: () => new Map(reminderPosts),
    view: (id) => workspace.view(id),
    lastView: () => workspace.lastView(),
    message: (channel, ts) => workspace.message(channel, ts),
    addFile: (a) => {
      fileSeq += 1;
      const id = `F${String(fileSeq).padStart(8, '0')}`;
      const mimetype = a.mimetype ?? 'application/octet-stream';
      files.set(id, { name: a.name, bytes: a.bytes, mimetype });
      const path = `/files-pri/${Workspace.teamId}-${id}/download/${encodeURIComponent(a.name)}`;
      return {
        id,
        created: 1700000000 + fileSeq,
        timestamp: 1700000000 + fileSeq,
        name: a.name,
        title: a.name,
        mimetype,
        filetype: a.name.split('.').pop() ?? 'binary',
        user: a.user ?? Workspace.userId,
        size: a.declaredSize ?? a.bytes.length,
        mode: 'hosted',
        is_external: false,
        is_public: false,
        url_private: `${origin}/files-pri/${Workspace.teamId}-${id}/${encodeURIComponent(a.name)}`,
        url_private_download: `${origin}${path}`,
        permalink: `https://${Workspace.teamDomain}.slack.com/files/${Workspace.userId}/${id}/${encodeURIComponent(a.name)}`,
      };
    },
    failDownloadNext: (fileId, status) => downloadFailures.set(fileId, [...(downloadFailures.get(fileId) ?? []), status]),
    setFilesScope: (granted) => {
      filesScope = granted;
    },
    downloads: (fileId) => [...(downloadLog.get(fileId) ?? [])],
    files: () => workspace.sharedFiles(),
    responseUrl: (kind = 'commands') => responseUrl(kind),
    close: async () => {
      setResponseUrlBase(undefined);
      for (const w of waiters) w.reject(new Error(`fake Slack closed while waiting for ${w.method}`));
      waiters = [];
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
