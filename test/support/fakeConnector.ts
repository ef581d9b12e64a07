/**
 * A stand-in for the Bot Framework connector (the service behind an activity's
 * serviceUrl): an HTTP server on 127.0.0.1 that takes the bot's replies, posts and
 * updates the way the Bot Connector does (answering `{ id }`) and records them.
 *
 *     const connector = await startFakeConnector();
 *     await postActivity(app.url, message('案件申込', { serviceUrl: connector.url }));
 *     const reply = await connector.waitFor((c) => c.kind === 'reply');
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './readBody';

export interface ConnectorCall {
  /** send: POST …/activities; reply: POST …/activities/:id; update: PUT …/activities/:id */
  kind: 'send' | 'reply' | 'update' | 'other';
  method: string;
  conversationId: string;
  /** The activity replied to or updated. */
  activityId: string | null;
  /** The id the fake answered with. */
  id: string | null;
  /** The HTTP status the fake answered with. */
  status: number;
  authorization: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface FakeConnector {
  /** serviceUrl for activities: `http://127.0.0.1:PORT/` */
  readonly url: string;
  calls(kind?: ConnectorCall['kind']): ConnectorCall[];
  waitFor(predicate: (c: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  /** The next `count` sends and replies are answered with `status` (e.g. 429 with a Retry-After header) and post nothing. */
  failNext(status: number, count?: number, headers?: Record<string, string>): void;
  /**
   * Who is in a conversation (GET /v3/conversations/:id/members/:userId answers 404 for
   * anyone else). A conversation never set has every user as a member, role 'user', tenant-1.
   */
  setMembers(conversationId: string, members: FakeMember[]): void;
  /** The next `count` member lookups answer `status` (e.g. 500, or 0 for a dropped connection). */
  failMembersNext(status: number, count?: number): void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeMember {
  /** The Entra object id (the connector also matches the 29: id). */
  aadObjectId: string;
  id?: string;
  name?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
  tenantId?: string;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const recorded: ConnectorCall[] = [];
  let waiters: { predicate: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }[] = [];
  let next = 1;
  let failures: { status: number; headers: Record<string, string> }[] = [];
  const members = new Map<string, FakeMember[]>();
  let memberFailures: number[] = [];

  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(url.pathname);
      const conversationId = m ? decodeURIComponent(m[1]) : '';
      const activityId = m?.[2] ? decodeURIComponent(m[2]) : null;
      const kind: ConnectorCall['kind'] = !m
        ? 'other'
        : req.method === 'PUT' && activityId
          ? 'update'
          : req.method === 'POST' && activityId
            ? 'reply'
            : req.method === 'POST'
              ? 'send'
              : 'other';
      // GET /v3/teams/:id (TeamsInfo.getTeamDetails): the team's Microsoft 365 group id.
      const team = req.method === 'GET' ? /^\/v3\/teams\/([^/]+)\/?$/.exec(url.pathname) : null;
      if (team) {
        const teamId = decodeURIComponent(team[1]);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: teamId, name: 'チーム', aadGroupId: `group-of-${teamId}` }));
        return;
      }
      // GET /v3/conversations/:id/members/:userId (TeamsInfo.getMember).
      const member = req.method === 'GET' ? /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)\/?$/.exec(url.pathname) : null;
      if (member) {
        const conversationId = decodeURIComponent(member[1]).split(';')[0];
        const userId = decodeURIComponent(member[2]);
        const failed = memberFailures.shift();
        if (failed === 0) return void req.socket.destroy();
        if (failed !== undefined) {
          res.writeHead(failed, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ error: { code: 'ServiceError', message: 'injected' } }));
        }
        const list = members.get(conversationId);
        const found = list ? list.find((m) => m.aadObjectId === userId || m.id === userId) : { aadObjectId: userId };
        if (!found) {
          res.writeHead(404, { 'content-type': 'application/json' });
          return void res.end(
            JSON.stringify({ error: { code: 'MemberNotFoundInConversation', message: 'The member was not found in the conversation.' } }),
          );
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({
            id: found.id ?? `29:${found.aadObjectId}`,
            name: found.name ?? 'member',
            aadObjectId: found.aadObjectId,
            userRole: found.userRole ?? 'user',
            tenantId: found.tenantId ?? 'tenant-1',
          }),
        );
      }
      const failure = (kind === 'send' || kind === 'reply') && failures.length > 0 ? failures.shift()! : null;
      const id = failure ? null : kind === 'update' ? activityId : kind === 'other' ? null : `activity-${next++}`;
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      const status = failure ? failure.status : kind === 'other' ? 404 : 200;
      const call: ConnectorCall = {
        kind,
        method: req.method ?? '',
        conversationId,
        activityId,
        id,
        status,
        authorization: req.headers.authorization,
        body,
      };
      recorded.push(call);
      const ready = waiters.filter((w) => w.predicate(call));
      waiters = waiters.filter((w) => !ready.includes(w));
      res.writeHead(status, { 'content-type': 'application/json', ...(failure?.headers ?? {}) });
      res.end(
        JSON.stringify(
          failure ? { error: { code: status === 429 ? 'Throttled' : 'Failed' } } : kind === 'other' ? { error: { code: 'NotFound' } } : { id },
        ),
      );
      for (const w of ready) w.resolve(call);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const summary = () => recorded.map((c) => `${c.kind} ${c.conversationId}${c.activityId ? `/${c.activityId}` : ''}`).join(', ') || '(none)';

  return {
    url: `http://127.0.0.1:${port}/`,
    calls: (kind) => recorded.filter((c) => !kind || c.kind === kind),
    waitFor: (predicate, timeoutMs = 5000) => {
      const found = recorded.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake connector: no matching call within ${timeoutMs} ms; calls: ${summary()}`)), timeoutMs);
        waiters.push({ predicate, resolve: (c) => (clearTimeout(timer), resolve(c)) });
      });
    },
    failNext: (status, count = 1, headers = {}) => {
      for (let i = 0; i < count; i++) failures.push({ status, headers });
    },
    setMembers: (conversationId, list) => void members.set(conversationId, list),
    failMembersNext: (status, count = 1) => {
      for (let i = 0; i < count; i++) memberFailures.push(status);
    },
    reset: () => {
      recorded.length = 0;
      failures = [];
      members.clear();
      memberFailures = [];
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
