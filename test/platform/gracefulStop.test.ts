/**
 * The bot as a deploy stops it: src/main.ts in a process of its own, people filing
 * requests over HTTP, and a SIGTERM at a random moment just after Slack answered a
 * request's chat.postMessage. The process must finish what it accepted: every request
 * it filed is posted once and that post is recorded (PostedMessage), so later edits,
 * reminders and 再投稿 find the message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/infra/db';
import { projectRoot } from '../../src/infra/projectRoot';
import { seedRaw } from '../fixtures/seedRaw';
import { startFakeSlack, type FakeCall, type FakeSlack } from '../support/fakeSlack';
import { ModalDriver } from '../support/modal';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, Workspace } from '../support/workspace';

const GENERATIONS = 3;
const FILERS = 4;

/** A small seeded generator, so a failing run can be repeated (the seed is printed). */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A request's own post: top level in the channel it was filed in. */
const isRequestPost = (c: FakeCall) => c.args.channel === Workspace.channelId && !c.args.thread_ts && c.response.ok === true;

describe('a bot stopped with SIGTERM while requests are being filed', () => {
  let dir: string;
  let fake: FakeSlack;
  const output: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chogi-stop-'));
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(generation: number): { child: ChildProcess; url: Promise<string> } {
    const root = projectRoot();
    const child = spawn(process.execPath, ['-r', join(root, 'test/support/reminderChildRegister.js'), join(root, 'src/main.ts')], {
      cwd: dir, // no .env there
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `file:${join(dir, 'chogi.db')}`,
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: fake.url,
        LOG_LEVEL: 'info',
        SCHEDULER: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stderr!.on('data', (d: Buffer) => {
        output.push(`[gen${generation}] ${d.toString()}`);
        seen += d.toString();
        const m = /chogi listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
        if (m) resolve(`http://127.0.0.1:${m[1]}`);
      });
      child.once('exit', (code, signal) => reject(new Error(`child exited before listening (${signal ?? code})`)));
    });
    child.stdout!.on('data', (d: Buffer) => output.push(`[gen${generation} out] ${d.toString()}`));
    return { child, url };
  }

  const exited = (p: ChildProcess) =>
    new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve({ code: p.exitCode, signal: p.signalCode });
      p.once('exit', (code, signal) => resolve({ code, signal }));
    });

  /** Files one request with the required fields, as fileMinimalInSlack does. */
  async function fileOne(url: string, user: string): Promise<void> {
    const m = await ModalDriver.open({ url, fake }, { user });
    const raw = seedRaw();
    await m.submitConfirming({ filedOn: raw.filedOn, title: `${raw.title} (${user})`, owner: raw.owner, summary: raw.summary });
    await m.submit({ ordinance: 'none', publicComment: 'none' });
    await m.submit({});
  }

  it('records every post it made, once, before it exits', async () => {
    const seed = Number(process.env.CHOGI_STOP_SEED ?? Date.now() % 100000);
    const random = prng(seed);
    const log: string[] = [];
    const diagnose = () => `seed ${seed} (CHOGI_STOP_SEED to repeat)\n${log.join('\n')}\n${output.join('')}`;
    /** The posts Slack answered right before each SIGTERM. */
    const postsBeforeStop: string[] = [];

    try {
      for (let g = 0; g < GENERATIONS; g++) {
        const { child, url } = start(g);
        const base = await url;
        const postsBefore = fake.calls('chat.postMessage').filter(isRequestPost).length;
        const target = postsBefore + 1 + Math.floor(random() * FILERS);
        const delayMs = Math.floor(random() * 25);
        let signalled = false;
        fake.onCall('chat.postMessage', (call) => {
          if (signalled || !isRequestPost(call)) return;
          if (fake.calls('chat.postMessage').filter(isRequestPost).length + 1 < target) return;
          signalled = true;
          postsBeforeStop.push(String(call.response.ts));
          // The hook runs before the fake answers: the signal follows the answer.
          setTimeout(() => child.kill('SIGTERM'), delayMs);
        });
        // People keep filing until the bot goes away under them.
        let n = 0;
        const filers = Array.from({ length: FILERS }, async (_, f) => {
          while (!signalled && child.exitCode === null) {
            await fileOne(base, `U9${g}${f}${n++}`).catch(() => undefined);
          }
        });
        const end = await Promise.race([exited(child), new Promise<null>((r) => setTimeout(() => r(null), 25_000).unref())]);
        if (!end) child.kill('SIGKILL');
        const how = await exited(child);
        await Promise.all(filers);
        fake.onCall('chat.postMessage', null);
        log.push(`gen${g}: SIGTERM ${delayMs} ms after post #${target} → ${how.signal ?? how.code}`);
        expect({ gen: g, exit: how.code }).toEqual({ gen: g, exit: 0 });
      }

      const db = await openDatabase(`file:${join(dir, 'chogi.db')}`);
      try {
        const requests = await db.repositories.requests.listRecent(1000);
        const posted = fake.calls('chat.postMessage').filter(isRequestPost);
        const recorded = await db.repositories.posts.listForMany(requests.map((r) => r.id));
        const rows = [...recorded.values()].flat();
        // Something was filed in every generation, and the stop landed after a post.
        expect(requests.length).toBeGreaterThanOrEqual(GENERATIONS);
        expect(postsBeforeStop).toHaveLength(GENERATIONS);
        // Each request posted once, each post recorded once, and nothing else recorded.
        expect(posted).toHaveLength(requests.length);
        for (const r of requests) expect({ caseNo: r.caseNo, posts: recorded.get(r.id)?.length }).toEqual({ caseNo: r.caseNo, posts: 1 });
        expect(rows.map((p) => p.messageId).sort()).toEqual(posted.map((c) => String(c.response.ts)).sort());
        for (const ts of postsBeforeStop) expect(rows.map((p) => p.messageId)).toContain(ts);
      } finally {
        await db.close();
      }
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${diagnose()}`);
    }
  }, 120_000);
});
