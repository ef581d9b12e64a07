import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, retryPolicies } from '@slack/web-api';
import { LeanWebClient } from '../../src/slack/leanClient';
import { readBody } from '../support/readBody';

interface Seen {
  method: string;
  contentType: string;
  body: string;
}

async function server(answer: (seen: Seen, n: number) => { status: number; body?: unknown; headers?: Record<string, string> } | 'hang') {
  const seen: Seen[] = [];
  const srv = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((body) => {
      const s = { method: req.url!.replace(/^\/api\//, ''), contentType: String(req.headers['content-type']), body };
      seen.push(s);
      const a = answer(s, seen.length);
      if (a === 'hang') return;
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(JSON.stringify(a.body ?? {}));
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
}

describe('LeanWebClient', () => {
  it('sends the busy methods as JSON and others through the WebClient', async () => {
    const s = await server(() => ({ status: 200, body: { ok: true, ts: '1.2' } }));
    const c = new LeanWebClient('xoxb-test', { slackApiUrl: s.url, teamId: 'T1' });
    try {
      const r = await c.chat.postMessage({ channel: 'C1', text: 'あ', blocks: [{ type: 'divider' }] });
      expect(r.ts).toBe('1.2');
      await c.users.info({ user: 'U1' });
      expect(s.seen.map((x) => [x.method, x.contentType.split(';')[0]])).toEqual([
        ['chat.postMessage', 'application/json'],
        ['users.info', 'application/x-www-form-urlencoded'],
      ]);
      expect(JSON.parse(s.seen[0].body)).toEqual({ team_id: 'T1', channel: 'C1', text: 'あ', blocks: [{ type: 'divider' }] });
    } finally {
      c.close();
      await s.close();
    }
  });

  it('sends the read methods of a filing form-encoded on the kept connections, others through the WebClient', async () => {
    const s = await server(() => ({ status: 200, body: { ok: true, channel: { id: 'C1', is_ext_shared: false }, permalink: 'https://x/p1' } }));
    const c = new LeanWebClient('xoxb-test', { slackApiUrl: s.url, teamId: 'T1' });
    try {
      await expect(c.conversations.info({ channel: 'C1', include_num_members: true })).resolves.toMatchObject({ channel: { id: 'C1' } });
      await expect(c.chat.getPermalink({ channel: 'C1', message_ts: '1.2' })).resolves.toMatchObject({ permalink: 'https://x/p1' });
      // An argument that is not a plain value is left to the WebClient's own encoding.
      await c.apiCall('conversations.info', { channel: 'C1', extra: { a: 1 } });
      expect(s.seen.map((x) => [x.method, x.contentType.split(';')[0]])).toEqual([
        ['conversations.info', 'application/x-www-form-urlencoded'],
        ['chat.getPermalink', 'application/x-www-form-urlencoded'],
        ['conversations.info', 'application/x-www-form-urlencoded'],
      ]);
      expect(Object.fromEntries(new URLSearchParams(s.seen[0].body))).toEqual({ team_id: 'T1', channel: 'C1', include_num_members: 'true' });
      expect(Object.fromEntries(new URLSearchParams(s.seen[1].body))).toEqual({ team_id: 'T1', channel: 'C1', message_ts: '1.2' });
      expect(new URLSearchParams(s.seen[2].body).get('extra')).toBe('{"a":1}');
    } finally {
      c.close();
      await s.close();
    }
  });

  it('passes a form method answered ok: false on as the platform error', async () => {
    const s = await server(() => ({ status: 200, body: { ok: false, error: 'channel_not_found' } }));
    const c = new LeanWebClient('xoxb-test', { slackApiUrl: s.url });
    try {
      await expect(c.conversations.info({ channel: 'C9' })).rejects.toMatchObject({
        code: ErrorCode.PlatformError,
        data: { error: 'channel_not_found' },
      });
      expect(s.seen).toHaveLength(1);
    } finally {
      c.close();
      await s.close();
    }
  });

  it("throws the WebClient's platform error for ok: false", async () => {
    const s = await server(() => ({ status: 200, body: { ok: false, error: 'expired_trigger_id' } }));
    const c = new LeanWebClient('xoxb-test', { slackApiUrl: s.url });
    try {
      await expect(
        c.views.open({ trigger_id: 't', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } }),
      ).rejects.toMatchObject({
        code: ErrorCode.PlatformError,
        data: { ok: false, error: 'expired_trigger_id' },
      });
      expect(s.seen).toHaveLength(1);
    } finally {
      c.close();
      await s.close();
    }
  });

  it("leaves a 429 to the WebClient's own retry policy", async () => {
    const s = await server((_, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200, body: { ok: true } }));
    const c = new LeanWebClient('xoxb-test', { slackApiUrl: s.url, retryConfig: retryPolicies.rapidRetryPolicy });
    try {
      await expect(c.chat.update({ channel: 'C1', ts: '1', text: 'x' })).resolves.toMatchObject({ ok: true });
      expect(s.seen.map((x) => x.contentType.split(';')[0])).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    } finally {
      c.close();
      await s.close();
    }
  });

  it('does not send a post again after a timeout', async () => {
    const s = await server(() => 'hang');
    const c = new LeanWebClient('xoxb-test', { slackApiUrl: s.url, timeout: 200, retryConfig: retryPolicies.rapidRetryPolicy });
    try {
      await expect(c.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: ErrorCode.RequestError });
      expect(s.seen).toHaveLength(1);
    } finally {
      c.close();
      await s.close();
    }
  });
});
