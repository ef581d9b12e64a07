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
