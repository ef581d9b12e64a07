/**
 * Our /slack/events receiver against Bolt's HTTPReceiver: the same requests, signed as
 * Slack signs them, sent to a Bolt app on each; the answers (status, content type, body)
 * and what the listeners see must be the same. Plus what only ours does (refusing a
 * payload that is not an object) and its pure parts against querystring and Bolt's
 * verifySlackRequest.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery, stringify } from 'node:querystring';
import { App, AuthorizationError, HTTPReceiver, verifySlackRequest, type Receiver } from '@slack/bolt';
import fc from 'fast-check';
import { silentLogger, type Logger } from '../../src/infra/logger';
import { readForm, SlackReceiver, verifySignature } from '../../src/slack/receiver';
import { interactive, send, signature, slashCommand, type SendOptions, type SlackRequest } from '../support/slackRequests';
import { testLogger, type TestLogger } from '../support/testLogger';
import { TEST_SIGNING_SECRET } from '../support/workspace';

interface Seen {
  bodies: unknown[];
  retries: { num?: number; reason?: string }[];
}

interface Running {
  url: string;
  seen: Seen;
  bolt: TestLogger;
  lines: string[];
  close(): Promise<void>;
}

/** A Bolt app on `receiver` with a few listeners, served on a free port. */
async function start(kind: 'ours' | 'bolt', o: { timeoutMs?: number } = {}): Promise<Running> {
  const bolt = testLogger();
  const lines: string[] = [];
  const keep = (msg: string, fields?: Record<string, unknown>) => void lines.push(`${msg} ${JSON.stringify(fields ?? {})}`);
  const log: Logger = { ...silentLogger, warn: keep, error: keep };
  const receiver =
    kind === 'ours'
      ? new SlackReceiver({ signingSecret: TEST_SIGNING_SECRET, log, logger: bolt, unhandledRequestTimeoutMillis: o.timeoutMs })
      : new HTTPReceiver({
          signingSecret: TEST_SIGNING_SECRET,
          endpoints: '/slack/events',
          logger: bolt,
          processBeforeResponse: false,
          unhandledRequestTimeoutMillis: o.timeoutMs,
        });
  const app = new App({
    receiver: receiver as Receiver,
    logger: bolt,
    authorize: async ({ teamId }) => {
      if (teamId === 'TDENIED') throw new AuthorizationError('no installation', new Error('none'));
      return { botToken: 'xoxb-test', botId: 'B0001', botUserId: 'U0BOT' };
    },
  });
  const seen: Seen = { bodies: [], retries: [] };
  app.use(async ({ body, context, next }) => {
    seen.bodies.push(body);
    seen.retries.push({ num: context.retryNum, reason: context.retryReason });
    await next();
  });
  app.command('/案件申込', async ({ ack, command }) => {
    if (command.text === 'json') await ack({ response_type: 'ephemeral', text: '受付' });
    else if (command.text === 'text') await ack('受け付けました');
    else if (command.text === 'boom') throw new Error('listener failed');
    else if (command.text === 'silent') return;
    else if (command.text === 'twice') {
      await ack();
      await ack().catch((err: { code?: string }) => void seen.bodies.push(err.code));
    } else await ack();
  });
  app.action('any', async ({ ack }) => ack());
  const server: Server = createServer((req, res) =>
    (receiver as { requestListener: (q: typeof req, s: typeof res) => void }).requestListener(req, res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    bolt,
    lines,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function form(body: string): SlackRequest {
  return { contentType: 'application/x-www-form-urlencoded', body, payload: {} };
}

/** What an answer looks like from outside, for comparing the two receivers. */
async function answer(r: Running, req: SlackRequest, opts?: SendOptions) {
  const res = await send(r.url, req, opts);
  return { status: res.status, type: res.headers['content-type'] ?? null, body: res.body as unknown };
}

/** A POST with exactly these headers (none of Slack's unless given). */
async function raw(r: Running, body: string, headers: Record<string, string>) {
  const res = await fetch(`${r.url}/slack/events`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text() };
}

/** Bolt's warnings and errors, first lines only (stacks name each receiver's own frames). */
const warnings = (r: Running) => r.bolt.lines.filter((l) => l.level === 'warn' || l.level === 'error').map((l) => l.message.split('\n')[0]);

let ours: Running;
let bolt: Running;
// A request no listener acks keeps Bolt's timer for this long after its answer.
const ACK_TIMEOUT_MS = 300;
beforeAll(async () => {
  ours = await start('ours', { timeoutMs: ACK_TIMEOUT_MS });
  bolt = await start('bolt', { timeoutMs: ACK_TIMEOUT_MS });
});
afterAll(async () => {
  await new Promise((r) => setTimeout(r, ACK_TIMEOUT_MS + 50));
  await ours.close();
  await bolt.close();
});
beforeEach(() => {
  for (const r of [ours, bolt]) {
    r.seen.bodies.length = 0;
    r.seen.retries.length = 0;
    r.bolt.clear();
    r.lines.length = 0;
  }
});

/** Sends to both and expects the same answer, the same bodies seen and the same Bolt log lines. */
async function same(req: SlackRequest, opts?: SendOptions) {
  const a = await answer(ours, req, opts);
  const b = await answer(bolt, req, opts);
  expect(a).toEqual(b);
  expect(ours.seen).toEqual(bolt.seen);
  expect(warnings(ours)).toEqual(warnings(bolt));
  return a;
}

describe('SlackReceiver answers as HTTPReceiver does', () => {
  it('refuses a wrong signature and a stale timestamp with 401 and Bolt’s log line', async () => {
    expect((await same(slashCommand(), { wrongSecret: true })).status).toBe(401);
    expect(warnings(ours)).toEqual(['Failed to parse and verify the request data: Failed to verify authenticity: signature mismatch']);
    expect(ours.seen.bodies).toEqual([]);
    ours.bolt.clear();
    bolt.bolt.clear();
    expect((await same(slashCommand(), { oldTimestamp: true })).status).toBe(401);
    expect(warnings(ours)[0]).toMatch(/must differ from system time by no more than 5 minutes or request is stale/);
    expect(warnings(ours).join('\n')).not.toContain(TEST_SIGNING_SECRET);
  });

  it('refuses missing or malformed signature headers with 401', async () => {
    const cmd = slashCommand();
    const now = String(Math.floor(Date.now() / 1000));
    const good = signature(TEST_SIGNING_SECRET, Number(now), cmd.body);
    const cases: Record<string, string>[] = [
      {},
      { 'x-slack-signature': good },
      { 'x-slack-request-timestamp': now },
      { 'x-slack-signature': good, 'x-slack-request-timestamp': 'soon' },
      { 'x-slack-signature': good.replace('v0=', 'v1='), 'x-slack-request-timestamp': now },
      { 'x-slack-signature': good.toUpperCase().replace('V0=', 'v0='), 'x-slack-request-timestamp': now },
      { 'x-slack-signature': 'v0', 'x-slack-request-timestamp': now },
    ];
    for (const headers of cases) {
      const all = { 'content-type': cmd.contentType, ...headers };
      expect(await raw(ours, cmd.body, all)).toEqual({ status: 401, body: '' });
      expect(await raw(bolt, cmd.body, all)).toEqual({ status: 401, body: '' });
    }
    expect(warnings(ours)).toEqual(warnings(bolt));
    expect(warnings(ours)[0]).toBe(
      'Failed to parse and verify the request data: Failed to verify authenticity: header x-slack-signature did not have the expected type (received undefined, expected string)',
    );
    // A second '=' and what follows it are ignored, as Bolt splits the header.
    const headers = { 'content-type': cmd.contentType, 'x-slack-signature': `${good}=x`, 'x-slack-request-timestamp': now };
    expect((await raw(ours, cmd.body, headers)).status).toBe(200);
    expect((await raw(bolt, cmd.body, headers)).status).toBe(200);
  });

  it('answers ssl_check with 200 unsigned, and url_verification with the challenge', async () => {
    for (const r of [ours, bolt]) {
      expect(await raw(r, 'ssl_check=1&token=abc', { 'content-type': 'application/x-www-form-urlencoded' })).toEqual({ status: 200, body: '' });
    }
    const challenge = {
      contentType: 'application/json' as const,
      body: JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 't' }),
      payload: {},
    };
    expect(await same(challenge)).toEqual({ status: 200, type: 'application/json', body: { challenge: 'c-123' } });
    expect(ours.seen.bodies).toEqual([]);
  });

  it('passes Slack’s redelivery headers to the listeners as context.retryNum and retryReason', async () => {
    await same(slashCommand({ text: '' }), { retryNum: 2, retryReason: 'http_timeout' });
    expect(ours.seen.retries).toEqual([{ num: 2, reason: 'http_timeout' }]);
    await same(slashCommand({ text: '' }));
    expect(ours.seen.retries[1]).toEqual({ num: undefined, reason: undefined });
  });

  it('acks with nothing, a text or an object (JSON)', async () => {
    expect(await same(slashCommand({ text: '' }))).toEqual({ status: 200, type: null, body: '' });
    expect(await same(slashCommand({ text: 'text' }))).toEqual({ status: 200, type: null, body: '受け付けました' });
    expect(await same(slashCommand({ text: 'json' }))).toEqual({
      status: 200,
      type: 'application/json',
      body: { response_type: 'ephemeral', text: '受付' },
    });
  });

  it('refuses a second ack with Bolt’s error, the first answer standing', async () => {
    expect(await same(slashCommand({ text: 'twice' }))).toEqual({ status: 200, type: null, body: '' });
    await waitFor(() => ours.seen.bodies.length === 2 && bolt.seen.bodies.length === 2);
    expect(ours.seen.bodies[1]).toBe('slack_bolt_receiver_ack_multiple_error');
    expect(ours.seen.bodies).toEqual(bolt.seen.bodies);
  });

  it('answers a listener error before ack with 500, and an authorization error with 401', async () => {
    expect((await same(slashCommand({ text: 'boom' }))).status).toBe(500);
    expect(warnings(ours)).toContain('An unhandled error occurred while Bolt processed an event');
    // Not acked: Bolt's timer still fires (and logs) after the 500, in both.
    await new Promise((r) => setTimeout(r, ACK_TIMEOUT_MS + 50));
    expect(warnings(ours)).toEqual(warnings(bolt));
    expect(warnings(ours)).toContain(
      'An incoming event was not acknowledged within 3 seconds. Ensure that the ack() argument is called in a listener.',
    );
    expect((await same(slashCommand({ text: '', team_id: 'TDENIED' }))).status).toBe(401);
  });

  it('decodes a payload with +, %2B and Japanese once, as querystring does', async () => {
    const payload = {
      type: 'block_actions',
      team: { id: 'T0001' },
      user: { id: 'U0001' },
      actions: [{ action_id: 'any', block_id: 'b', type: 'button', value: 'a+b c=d&e%f 庁議 案件😀' }],
    };
    const encoded = stringify({ payload: JSON.stringify(payload) });
    expect(encoded).toContain('%2B');
    // Spaces spelled as '+' (as browsers encode forms) and extra fields around the payload.
    const plus = `token=x&${encoded.replace(/%20/g, '+')}&trigger_id=1.2.3`;
    for (const body of [encoded, plus]) {
      expect((await same(form(body))).status).toBe(200);
    }
    expect(ours.seen.bodies).toEqual([payload, payload]);
  });

  it('reads a slash command’s fields as querystring does, odd ones included', async () => {
    const cmd = slashCommand({ text: 'a+b 庁議' });
    const odd = [
      cmd.body,
      `${cmd.body}&text=second`,
      `${cmd.body}&&flag&=empty&x=%E3%81&y=%zz&z=1=2&__proto__=p`,
      `${cmd.body}&us%65r_id=U0002&user+name=x`,
      `${cmd.body}&raw=庁議`,
      `${cmd.body}&${'k=v&'.repeat(1100)}`,
    ];
    for (const body of odd) expect([body.slice(-40), (await same(form(body))).status]).toEqual([body.slice(-40), 200]);
    expect(ours.seen.bodies).toEqual(odd.map((b) => parseQuery(b)));
  });

  it('answers a malformed body with 400 and Bolt’s log line', async () => {
    for (const body of ['payload=%7Bnot', '{"type":']) {
      const req = body.startsWith('{') ? { contentType: 'application/json' as const, body, payload: {} } : form(body);
      expect((await same(req)).status).toBe(400);
    }
    expect(warnings(ours)[0]).toMatch(/^Malformed request body: /);
  });

  it('answers 404 and logs when no listener acks in time', async () => {
    const slow = await start('ours', { timeoutMs: 50 });
    try {
      const res = await send(slow.url, slashCommand({ text: 'silent' }));
      expect(res.status).toBe(404);
      expect(warnings(slow)).toEqual([
        'An incoming event was not acknowledged within 3 seconds. Ensure that the ack() argument is called in a listener.',
      ]);
    } finally {
      await slow.close();
    }
  });
});

describe('SlackReceiver beyond HTTPReceiver', () => {
  it('refuses a payload that is not an object with 400 and logs it, before any listener', async () => {
    for (const body of ['payload=null', 'payload=42', 'payload=%22x%22', 'payload=true']) {
      expect((await send(ours.url, form(body))).status).toBe(400);
    }
    expect((await send(ours.url, { contentType: 'application/json', body: 'null', payload: {} })).status).toBe(400);
    expect(ours.seen.bodies).toEqual([]);
    expect(ours.lines).toEqual(Array(5).fill('refused Slack payload {"kind":"unknown","why":"payload is not an object"}'));
  });

  it('answers a body over Bolt’s 4 MB limit with 413', async () => {
    const big = interactive({ type: 'block_actions', blob: 'x'.repeat(4 * 1024 * 1024) });
    expect((await send(ours.url, big)).status).toBe(413);
    expect(ours.seen.bodies).toEqual([]);
  });
});

// ---------------------------------------------------------------- pure parts

/** What Bolt reads from a form body (HTTPModuleFunctions.parseHTTPRequestBody and its ssl_check test). */
function boltForm(text: string) {
  const qs = parseQuery(text);
  const sslCheck = qs.ssl_check === '1';
  return typeof qs.payload === 'string' ? { sslCheck, payload: qs.payload } : { sslCheck, fields: qs };
}

describe('readForm', () => {
  const pieces = [
    'a',
    'payload',
    'ssl_check',
    '=',
    '&',
    '1',
    '+',
    '%',
    '%2B',
    '%31',
    '%E3%81%82',
    '%E3%81',
    '%ED%A0%80',
    '%EF%BB%BF',
    '%F0%9F%98%80',
    '%zz',
    '%4',
    'あ',
    '{',
    '"',
    '__proto__',
    '%70ayload',
    '%00',
  ];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((p) => p.join(''));
  // Only what the one-pass reading handles itself (no fallback to querystring).
  const usual = [
    'a',
    'b',
    'payload',
    'ssl_check',
    '=',
    '&',
    '1',
    '+',
    '%2B',
    '%2b',
    '%31',
    '%E3%81%82',
    '%F0%9F%98%80',
    '%EF%BB%BF',
    '{',
    '"',
    '__proto__',
  ];
  const usualText = fc.array(fc.constantFrom(...usual), { maxLength: 30 }).map((p) => p.join(''));

  it('reads every body as querystring does (payload text, fields, ssl_check)', () => {
    fc.assert(
      fc.property(fc.oneof(text, usualText), (t) => {
        const ours = readForm(Buffer.from(t));
        const theirs = boltForm(t);
        expect(ours).toEqual(theirs);
        if (ours.fields) expect(Object.getPrototypeOf(ours.fields)).toBe(Object.getPrototypeOf(theirs.fields));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads real payloads and commands as querystring does', () => {
    const view = { type: 'view_submission', view: { title: '庁議 案件申込書', state: { values: { t: { t: { value: '1+1=2 & 100% 😀\n改行' } } } } } };
    for (const t of [interactive(view).body, slashCommand({ text: 'list 2026年' }).body, 'ssl_check=1&payload=null', 'ssl_check=1&ssl_check=1', '']) {
      expect(readForm(Buffer.from(t))).toEqual(boltForm(t));
    }
  });
});

describe('readForm for JSON', () => {
  /** JSON.parse's answer: the value, or the error's message. */
  const parsed = (text: string | undefined) => {
    try {
      return { value: JSON.parse(text ?? '') as unknown };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };
  const chars = ['{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', '1', 'n', 'a', ' ', '\n', 'é', '庁', '議', '😀', '\u2028', 'ｱ'];
  const jsonish = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.jsonValue().map((v) => JSON.stringify({ v, t: '庁議 案件 é 😀 \\庁 \\\\議' })),
    fc.array(fc.constantFrom(...chars), { maxLength: 30 }).map((c) => c.join('')),
  );

  it('gives a payload that parses to what the exact one parses to, and is one-byte where that is smaller', () => {
    fc.assert(
      fc.property(jsonish, (json) => {
        const raw = Buffer.from(stringify({ payload: json }));
        const exact = readForm(raw).payload;
        expect(exact).toBe(json);
        const text = readForm(raw, true).payload;
        const ours = parsed(text);
        if ('value' in ours) expect(ours).toEqual(parsed(exact));
        else expect('error' in parsed(exact)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    const view = JSON.stringify({ type: 'view_submission', view: { blocks: [{ text: '庁議 案件申込書' }], id: 'V0001', hash: 'x'.repeat(200) } });
    const text = readForm(Buffer.from(stringify({ payload: view })), true).payload!;
    expect(text).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(text)).toEqual(JSON.parse(view));
    // A character after a backslash is left as it is: escaping it would change the text.
    expect(readForm(Buffer.from(stringify({ payload: '"\\庁' + 'x'.repeat(100) + '"' })), true).payload).toBe('"\\庁' + 'x'.repeat(100) + '"');
  });

  it('logs JSON.parse’s own message for a payload that does not parse, as Bolt does', async () => {
    expect((await same(form(stringify({ payload: `{"a":"庁議${'x'.repeat(50)}",` })))).status).toBe(400);
    expect(warnings(ours)[0]).toMatch(/^Malformed request body: /);
  });
});

describe('verifySignature', () => {
  const body = 'payload=%7B%22a%22%3A1%7D';
  const nowMs = 1_764_600_000_000;
  const nowSec = nowMs / 1000;

  function bolts(headers: Record<string, string | undefined>): string | undefined {
    try {
      const sig = headers['x-slack-signature'];
      const ts = headers['x-slack-request-timestamp'];
      if (sig === undefined)
        throw new Error(
          'Failed to verify authenticity: header x-slack-signature did not have the expected type (received undefined, expected string)',
        );
      if (ts === undefined) {
        throw new Error(
          'Failed to verify authenticity: header x-slack-request-timestamp did not have the expected type (received undefined, expected string)',
        );
      }
      verifySlackRequest({
        signingSecret: TEST_SIGNING_SECRET,
        body,
        headers: { 'x-slack-signature': sig, 'x-slack-request-timestamp': Number(ts) },
        nowMilliseconds: nowMs,
      });
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  it('accepts and refuses exactly what Bolt’s verifySlackRequest does, with its messages', () => {
    const timestamps = fc.oneof(
      fc.integer({ min: nowSec - 400, max: nowSec + 400 }).map(String),
      fc.constantFrom('', 'x', ' 1764600000 ', '0x10', '1e3', String(nowSec - 300), String(nowSec - 301)),
    );
    const sigs = (ts: string) =>
      fc.oneof(
        fc.constant(signature(TEST_SIGNING_SECRET, Number(ts), body)),
        fc.constant(signature('other', Number(ts), body)),
        fc.constant(signature(TEST_SIGNING_SECRET, Number(ts), body).toUpperCase()),
        fc.constant(`${signature(TEST_SIGNING_SECRET, Number(ts), body)}=tail`),
        fc.constantFrom('v0=', 'v0', '', 'v1=abc', '=v0'),
        fc.string({ maxLength: 70 }),
      );
    const headers = timestamps.chain((ts) =>
      fc.record({
        'x-slack-request-timestamp': fc.option(fc.constant(ts), { nil: undefined }),
        'x-slack-signature': fc.option(sigs(ts), { nil: undefined }),
      }),
    );
    fc.assert(
      fc.property(headers, (h) => {
        expect(verifySignature(h, Buffer.from(body), TEST_SIGNING_SECRET, nowMs)).toBe(bolts(h));
      }),
      { numRuns: 2000 },
    );
    const ts = String(nowSec);
    expect(
      verifySignature(
        { 'x-slack-request-timestamp': ts, 'x-slack-signature': signature(TEST_SIGNING_SECRET, nowSec, body) },
        Buffer.from(body),
        TEST_SIGNING_SECRET,
        nowMs,
      ),
    ).toBeUndefined();
  });

  it('signs the raw bytes of a multibyte body', () => {
    const text = `payload=${encodeURIComponent('{"t":"庁議"}')}&raw=庁議`;
    const h = { 'x-slack-request-timestamp': String(nowSec), 'x-slack-signature': signature(TEST_SIGNING_SECRET, nowSec, text) };
    expect(verifySignature(h, Buffer.from(text), TEST_SIGNING_SECRET, nowMs)).toBeUndefined();
  });
});

async function waitFor(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
}
