/**
 * Payloads as they may arrive rather than as our views produce them: wrongly typed,
 * oversized, crafted or mutated at random. Each is answered (within Slack's 3 s), never
 * crashes the app, and when refused changes nothing in the database.
 */
import fc from 'fast-check';
import { silentLogger, type Logger } from '../../src/infra/logger';
import { domainMessages } from '../../src/domain/text.ja';
import { Limits } from '../../src/domain/requestForm';
import { startTestApp, type TestApp } from '../support/app';
import type { BlockJson } from '../support/blockKit';
import { fileMinimalInSlack, ModalDriver } from '../support/modal';
import {
  blockActions,
  blockSuggestion,
  interactive,
  send,
  slashCommand,
  viewClosed,
  viewSubmission,
  type SlackRequest,
} from '../support/slackRequests';
import { seedRaw } from '../fixtures/seedRaw';
import { Workspace } from '../support/workspace';
import { eventually } from '../support/eventually';

const SECRETARIAT = 'U0SECRET';
const SLACK_ACK_MS = 3000;

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (msg: string, fields?: Record<string, unknown>) => void lines.push(`${msg} ${JSON.stringify(fields ?? {})}`);
  return { logger: { ...silentLogger, info: keep, warn: keep, error: keep }, lines };
}

/** Everything the app has stored, to compare before and after a refused payload. */
async function snapshot(t: TestApp): Promise<string> {
  const db = t.app.db;
  const requests = await db.repositories.requests.listRecent(100);
  const reviews = await Promise.all(requests.map((r) => db.repositories.reviews.get(r.id, 'kacho')));
  return JSON.stringify({ requests, reviews, drafts: await draftsOf(t), secretariat: await draftsOf(t, SECRETARIAT) });
}

/** The answer, and how long it took: Slack gives up after 3 s. */
async function timed(t: TestApp, req: SlackRequest): Promise<{ status: number; body: Awaited<ReturnType<typeof send>>['body']; ms: number }> {
  const start = Date.now();
  const res = await send(t.url, req);
  return { status: res.status, body: res.body, ms: Date.now() - start };
}

describe('Slack payloads at the edge', () => {
  let t: TestApp;
  let lines: string[];
  beforeEach(async () => {
    const c = capture();
    lines = c.lines;
    t = await startTestApp({ logger: c.logger, env: { SCHEDULER: 'off' }, org: { secretariat: { slack: [SECRETARIAT], teams: [] } } });
  });
  afterEach(async () => t.stop());

  it('refuses a payload that is not an object with 400, however it is encoded, and hands every object on', async () => {
    const body = (b: string): SlackRequest => ({ contentType: 'application/x-www-form-urlencoded', body: b, payload: {} });
    const refused = ['payload=null', 'payload=%20%0Anull', 'payload=+++42', 'payload=%22x%22', 'a=1&payload=true', 'p%61yload=null'];
    for (const b of refused) expect([b, (await send(t.url, body(b))).status]).toEqual([b, 400]);
    const valid = blockActions({
      actions: [{ action_id: 'meeting.present', block_id: 'meeting', type: 'button', value: 'nosuch' }],
      message: { ts: '1700000000.000100' },
      channel: Workspace.channelId,
    });
    // The same object with whitespace before it, spelled as + and as %0A: handed to Bolt and answered.
    for (const lead of ['', '+', '%0A%20']) {
      const b = valid.body.replace('payload=', `payload=${lead}`);
      expect([lead, (await send(t.url, { ...valid, body: b })).status]).toEqual([lead, 200]);
    }
    expect(lines.filter((l) => l.startsWith('refused Slack payload')).length).toBeGreaterThanOrEqual(refused.length);
  });

  it('answers a wrongly typed attendance submission with a message before anything else, and saves nothing', async () => {
    const request = await fileMinimalInSlack(t);
    const before = await snapshot(t);
    const view = {
      type: 'modal',
      callback_id: 'meeting.attendance',
      private_metadata: JSON.stringify({ r: request.id, t: '', c: Workspace.channelId, m: '' }),
      blocks: [],
    };
    const res = await timed(
      t,
      viewSubmission({
        view,
        user: SECRETARIAT,
        values: { 'attendance.0': { 'attendance.0': { type: 'checkboxes', selected_options: 5 } } } as never,
      }),
    );

    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(SLACK_ACK_MS);
    expect(res.body.response_action).toBe('update');
    expect(JSON.stringify(res.body.view)).toContain(domainMessages['input.malformed']);
    expect(await snapshot(t)).toBe(before);
    expect(lines.join('\n')).toMatch(/refused Slack payload.*"kind":"view".*selected_options/);
  });

  it('answers 5,000 crafted state keys well within 3 s and keeps the draft as it was', async () => {
    const m = await ModalDriver.open(t);
    const draft = await eventually(async () => {
      const [d] = await draftsOf(t);
      expect(d).toBeDefined();
      return d;
    });
    const values: Record<string, Record<string, BlockJson>> = {};
    for (let i = 0; i < 5000; i++) values[`history.${i % 100}.content${i}`] = { [`a${i}`]: { type: 'plain_text_input', value: 'x'.repeat(100) } };
    const res = await timed(t, viewSubmission({ view: m.view, values: values as never }));

    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(SLACK_ACK_MS);
    expect(JSON.stringify(res.body.view)).toContain(domainMessages['input.malformed']);
    expect((await draftsOf(t))[0]).toEqual(draft);
  });

  it('refuses a value longer than its field allows before the draft is written, naming the field', async () => {
    const m = await ModalDriver.open(t);
    const draft = await eventually(async () => {
      const [d] = await draftsOf(t);
      expect(d).toBeDefined();
      return d;
    });
    const res = await m.submit({ title: '長'.repeat(Limits.title + 1), owner: seedRaw().owner, summary: '概要' }, { clientValidation: false });

    expect(JSON.stringify(res.body.view)).toContain(`案件名が上限（${Limits.title}）を超えているため`);
    expect((await draftsOf(t))[0]).toEqual(draft);
  });

  it('removes control characters, bidi overrides and lone surrogates from what is typed, and composes to NFC', async () => {
    const request = await fileMinimalInSlack(t, { title: 'A\u0000B\u001b[31m\u202Egnp.exe\u2066 \uD800計画\uDFFF か\u3099' });
    const post = await t.fake.waitFor('chat.postMessage', (c) => c.response.ok === true && c.args.channel === Workspace.channelId);

    expect(request.form.title).toBe('AB[31mgnp.exe 計画 が');
    expect(JSON.stringify(post.args)).not.toMatch(/\\u0000|\\u001b|\u202E|\u2066|\\ud800|\\udfff/i);
  });

  it('survives random and mutated payloads: always an answer in time, no crash, no write when refused', async () => {
    const request = await fileMinimalInSlack(t);
    const m = await ModalDriver.open(t);
    // The form's draft is written after it is shown: wait, so the snapshots compare settled states.
    await eventually(async () => expect(await draftsOf(t)).toHaveLength(1));
    const meta = JSON.stringify({ r: request.id, t: '', c: Workspace.channelId, m: '' });
    const valid: SlackRequest[] = [
      slashCommand({ text: 'list' }),
      viewSubmission({ view: m.view, fill: { title: 'x', owner: seedRaw().owner, summary: '概要' } }),
      viewClosed({ view: { ...m.view, notify_on_close: true } }),
      viewSubmission({
        view: { type: 'modal', callback_id: 'meeting.attendance', private_metadata: meta, blocks: [] },
        user: SECRETARIAT,
        values: {},
      }),
      viewSubmission({ view: { type: 'modal', callback_id: 'opinion.form', private_metadata: meta, blocks: [] }, values: {} }),
      viewSubmission({ view: { type: 'modal', callback_id: 'meeting.result', private_metadata: meta, blocks: [] }, user: SECRETARIAT, values: {} }),
      blockActions({
        actions: [{ action_id: 'meeting.present', block_id: 'meeting', type: 'button', value: request.id }],
        message: { ts: '1700000000.000100' },
        channel: Workspace.channelId,
      }),
      blockActions({
        actions: [
          {
            action_id: 'reminder.snooze',
            block_id: 'reminder',
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: '1日' }, value: 'r:1' },
          },
        ],
        message: { ts: '1700000000.000100' },
        channel: Workspace.channelId,
      }),
      blockSuggestion({ action_id: 'owner', value: '企画', view: m.view }),
    ];
    const payloads = valid.map((r) => r.payload);

    // A value anywhere in a payload replaced by something else.
    const junk = fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.boolean(),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constant('x'.repeat(5000)),
      fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
    );
    const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
      v && typeof v === 'object' ? [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))] : [at];
    const mutate = (payload: BlockJson, path: (string | number)[], value: unknown): BlockJson => {
      if (path.length === 0) return value as BlockJson;
      const copy = JSON.parse(JSON.stringify(payload)) as BlockJson;
      let node = copy as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
      node[path[path.length - 1]] = value;
      return copy;
    };
    const mutated = fc
      .record({ which: fc.nat({ max: payloads.length - 1 }), pick: fc.nat(), value: junk, drop: fc.boolean() })
      .map(({ which, pick, value, drop }) => {
        const p = payloads[which];
        const all = paths(p).filter((x) => x.length > 0);
        const path = all[pick % all.length];
        return { kind: which, payload: drop ? mutate(p, path, undefined) : mutate(p, path, value) };
      });
    const random = fc.record({ kind: fc.constant(-1), payload: fc.jsonValue() as fc.Arbitrary<BlockJson> });

    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, random), async ({ kind, payload }) => {
        // A payload that was let through acks at once and goes on (e.g. saving a draft):
        // let the last one finish, so a refused payload is judged on its own.
        expect(await t.app.settled()).toBe(true);
        const before = await snapshot(t);
        const refusedBefore = lines.filter((l) => l.startsWith('refused Slack payload')).length;
        const isCommand = kind === 0;
        const req: SlackRequest =
          isCommand && payload && typeof payload === 'object'
            ? {
                ...slashCommand(),
                body: new URLSearchParams(
                  Object.entries(payload)
                    .filter(([, v]) => v !== undefined)
                    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as [string, string]),
                ).toString(),
              }
            : interactive(payload);
        const res = await timed(t, req);
        expect(res.status).toBeLessThan(500);
        expect(res.ms).toBeLessThan(SLACK_ACK_MS);
        if (lines.filter((l) => l.startsWith('refused Slack payload')).length > refusedBefore) {
          expect(await t.app.settled()).toBe(true);
          expect(await snapshot(t)).toBe(before);
        }
        expect(lines.filter((l) => /unhandled Slack listener error|TypeError/.test(l))).toEqual([]);
      }),
      { numRuns: Number(process.env.CHOGI_FUZZ_RUNS ?? 50), seed: process.env.CHOGI_FUZZ_SEED ? Number(process.env.CHOGI_FUZZ_SEED) : undefined },
    );
    // Still serving as before.
    expect((await send(t.url, slashCommand({ text: 'help' }))).status).toBe(200);
  }, 120_000);
});

async function draftsOf(t: TestApp, userId: string = Workspace.userId): Promise<unknown[]> {
  const d = await t.app.db.repositories.drafts.latestOpen({ platform: 'slack', userId }, new Date(0));
  return d ? [{ id: d.id, data: d.data }] : [];
}
