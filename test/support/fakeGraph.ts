/**
 * A stand-in for Microsoft Graph and the Entra ID token endpoint on 127.0.0.1, for the
 * Teams reminders' crash-recovery check. It shows what the fake Bot connector received
 * as the conversation's messages, the way Graph lists a bot's card messages (the card
 * as a JSON string in `attachments[].content`):
 *
 * - GET /v1.0/teams/{group}/channels/{channel}/messages/{id}/replies: sends into `{channel};messageid={id}`
 * - GET /v1.0/teams/{group}/channels/{channel}/messages: sends into `{channel}`
 * - GET /v1.0/chats/{chat}/messages: sends into `{chat}`
 * - GET /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user?$select=id: the group's
 *   users (setGroup), `pageSize` a page with @odata.nextLink; 404 for an unknown group,
 *   403 without the application permission GroupMember.Read.All (revoke)
 * - GET /v1.0/users/{id}?$select=…: a user (setUser: userType, accountEnabled); 404 for an
 *   unknown one, 403 without User.Read.All
 * - POST /{tenant}/oauth2/v2.0/token: a client-credentials token
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeConnector } from './fakeConnector';
import { readBody } from './readBody';

export interface GraphRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** Form fields of a token request. */
  form: Record<string, string> | null;
  status: number;
}

export interface FakeGraph {
  /** Base URLs for GraphSettings (graphUrl and loginUrl). */
  readonly url: string;
  requests(filter?: (r: GraphRequest) => boolean): GraphRequest[];
  /** The next `count` GET requests answer `status`. */
  failNext(status: number, count?: number): void;
  /** An Entra group and its users (transitive members). */
  setGroup(id: string, userIds: string[]): void;
  /** A user as GET /users/{id} shows them. */
  setUser(id: string, user: { userType?: 'Member' | 'Guest'; accountEnabled?: boolean }): void;
  /** GET requests get no answer until `answer()` (or close): a Graph that hangs. */
  hang(): void;
  answer(): void;
  /** Takes an application permission away (admin consent withdrawn): Graph answers 403. */
  revoke(permission: 'GroupMember.Read.All' | 'User.Read.All'): void;
  close(): Promise<void>;
}

export const FAKE_GRAPH_TOKEN = 'fake-graph-token';

export async function startFakeGraph(connector: Pick<FakeConnector, 'calls'>, o: { pageSize?: number } = {}): Promise<FakeGraph> {
  const recorded: GraphRequest[] = [];
  const failures: number[] = [];
  const groups = new Map<string, string[]>();
  const users = new Map<string, { userType: 'Member' | 'Guest'; accountEnabled: boolean }>();
  const granted = new Set(['GroupMember.Read.All', 'User.Read.All']);
  const pageSize = o.pageSize ?? 100;
  const denied = (permission: string) => ({
    error: { code: 'Authorization_RequestDenied', message: `Insufficient privileges to complete the operation (${permission}).` },
  });

  const messagesIn = (conversationId: string) =>
    connector
      .calls()
      .filter((c) => (c.kind === 'send' || c.kind === 'reply') && c.status === 200 && c.conversationId === conversationId)
      .reverse()
      .map((c) => ({
        id: c.id,
        from: { application: { id: 'bot' } },
        body: { contentType: 'html', content: '<attachment></attachment>' },
        attachments: ((c.body?.attachments ?? []) as { contentType: string; content: unknown }[]).map((a, i) => ({
          id: `att-${i}`,
          contentType: a.contentType,
          content: JSON.stringify(a.content),
        })),
      }));

  let hanging = false;
  const held: (() => void)[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then(async (text) => {
      if (hanging && req.method === 'GET') await new Promise<void>((resolve) => held.push(resolve));
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = decodeURIComponent(url.pathname);
      const token = req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path);
      const send = (status: number, body: unknown) => {
        recorded.push({
          method: req.method ?? '',
          path,
          authorization: req.headers.authorization,
          form: token ? Object.fromEntries(new URLSearchParams(text)) : null,
          status,
        });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (token) return send(200, { token_type: 'Bearer', expires_in: 3599, access_token: FAKE_GRAPH_TOKEN });
      if (req.method !== 'GET') return send(405, { error: { code: 'MethodNotAllowed' } });
      if (req.headers.authorization !== `Bearer ${FAKE_GRAPH_TOKEN}`) return send(401, { error: { code: 'InvalidAuthenticationToken' } });
      const failure = failures.shift();
      if (failure) return send(failure, { error: { code: 'ServiceUnavailable' } });
      const members = /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/.exec(path);
      if (members) {
        if (!granted.has('GroupMember.Read.All')) return send(403, denied('GroupMember.Read.All'));
        const group = groups.get(members[1]);
        if (!group) return send(404, { error: { code: 'Request_ResourceNotFound', message: `Resource '${members[1]}' does not exist.` } });
        if (url.searchParams.get('$select') !== 'id') return send(400, { error: { code: 'BadRequest', message: 'expected $select=id' } });
        const top = Math.min(Number(url.searchParams.get('$top') ?? 100), 999, pageSize);
        const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
        const page = group.slice(skip, skip + top);
        const next = new URL(`http://127.0.0.1:${port}${url.pathname}`);
        next.searchParams.set('$select', 'id');
        next.searchParams.set('$top', String(top));
        next.searchParams.set('$skiptoken', String(skip + top));
        return send(200, {
          value: page.map((id) => ({ '@odata.type': '#microsoft.graph.user', id })),
          ...(skip + top < group.length ? { '@odata.nextLink': next.toString() } : {}),
        });
      }
      const user = /^\/v1\.0\/users\/([^/]+)$/.exec(path);
      if (user) {
        if (!granted.has('User.Read.All')) return send(403, denied('User.Read.All'));
        const found = users.get(user[1]);
        if (!found) return send(404, { error: { code: 'Request_ResourceNotFound', message: `Resource '${user[1]}' does not exist.` } });
        return send(200, { id: user[1], ...found });
      }
      const replies = /^\/v1\.0\/teams\/[^/]+\/channels\/([^/]+)\/messages\/([^/]+)\/replies$/.exec(path);
      const channel = /^\/v1\.0\/teams\/[^/]+\/channels\/([^/]+)\/messages$/.exec(path);
      const chat = /^\/v1\.0\/chats\/([^/]+)\/messages$/.exec(path);
      const conversation = replies ? `${replies[1]};messageid=${replies[2]}` : channel ? channel[1] : chat ? chat[1] : null;
      if (!conversation) return send(404, { error: { code: 'NotFound' } });
      send(200, { '@odata.context': 'fake', value: messagesIn(conversation) });
    });
  });
  let port = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: (filter) => recorded.filter((r) => !filter || filter(r)),
    failNext: (status, count = 1) => {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    setGroup: (id, userIds) => void groups.set(id, [...userIds]),
    setUser: (id, u) => void users.set(id, { userType: u.userType ?? 'Member', accountEnabled: u.accountEnabled ?? true }),
    revoke: (permission) => void granted.delete(permission),
    hang: () => void (hanging = true),
    answer: () => {
      hanging = false;
      for (const release of held.splice(0)) release();
    },
    close: async () => {
      hanging = false;
      for (const release of held.splice(0)) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
