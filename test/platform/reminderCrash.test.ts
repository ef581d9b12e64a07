/**
 * The bot killed with SIGKILL at random points while it dispatches, restarted each time:
 * in the end every reminder is delivered exactly once (the fake Slack counts posts per
 * reminder). Some kills land exactly between Slack accepting a post and the bot
 * recording it (the fake kills the process before answering): the restarted bot must
 * find that message by its metadata instead of posting again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedReminder } from '../../src/domain/reminders';
import { openDatabase, type Database } from '../../src/infra/db';
import { projectRoot } from '../../src/infra/projectRoot';
import { seedForm } from '../fixtures/seedForm';
import { eventually } from '../support/eventually';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/workspace';

const CHANNELS = 6;
const PER_CHANNEL = 10;
const KILLS = 5;

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

describe('a bot killed during dispatch', () => {
  let dir: string;
  let fake: FakeSlack;
  let db: Database;
  let child: ChildProcess | null = null;
  const output: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chogi-crash-'));
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await db?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(generation: number): ChildProcess {
    const root = projectRoot();
    const p = spawn(process.execPath, ['-r', join(root, 'test/support/reminderChildRegister.js'), join(root, 'test/support/reminderChild.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `file:${join(dir, 'chogi.db')}`,
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: fake.url,
        LOG_LEVEL: 'error',
        SCHEDULER: 'on',
        SCHEDULER_INTERVAL_MS: '100',
        REMINDER_CHANNEL_INTERVAL_MS: '40',
        INSTANCE_ID: `gen${generation}`,
        // Ten minutes later per generation: the leases (two minutes) of a killed one have lapsed.
        CHOGI_TEST_CLOCK_OFFSET_MS: String(generation * 10 * 60_000),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.stdout!.on('data', (d: Buffer) => output.push(`[gen${generation}] ${d.toString()}`));
    p.stderr!.on('data', (d: Buffer) => output.push(`[gen${generation} err] ${d.toString()}`));
    return p;
  }

  const exited = (p: ChildProcess) =>
    new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve({ code: p.exitCode, signal: p.signalCode });
      p.once('exit', (code, signal) => resolve({ code, signal }));
    });

  it('ends with every reminder posted exactly once', async () => {
    const seed = Number(process.env.CHOGI_CRASH_SEED ?? Date.now() % 100000);
    const random = prng(seed);
    // Seed the database: reminders due now, ten per channel.
    db = await openDatabase(`file:${join(dir, 'chogi.db')}`);
    const now = new Date();
    for (let c = 0; c < CHANNELS; c++) {
      const { request } = await db.repositories.requests.create({
        form: seedForm(),
        createdBy: { platform: 'slack', userId: `U00${c}` },
        origin: { platform: 'slack', channelId: `C0CRASH${c}` },
        draftId: null,
        now,
        fiscalYear: 2026,
        casePrefix: 'R8',
      });
      // Each with its own due day, so none supersedes another (catch-up has its own test).
      const insert: PlannedReminder[] = Array.from({ length: PER_CHANNEL }, (_, i) => ({
        platform: 'slack',
        channelId: `C0CRASH${c}`,
        deadline: 'publicComment',
        dueDate: `2027-01-${String(i + 10).padStart(2, '0')}`,
        leadDays: 7,
        fireAt: new Date(now.getTime() - (PER_CHANNEL - i) * 60_000),
        origin: 'plan',
      }));
      await db.repositories.reminders.apply(request.id, { insert, cancel: [], revive: [], reschedule: [] }, now);
    }
    await db.close();
    const total = CHANNELS * PER_CHANNEL;

    const kills: string[] = [];
    const postedSoFar = () => [...fake.remindersPosted().values()].reduce((a, b) => a + b, 0);
    const diagnose = () => `seed ${seed} (CHOGI_CRASH_SEED to repeat)\n${kills.join('\n')}\n${output.join('')}`;
    try {
      for (let g = 0; g < KILLS && postedSoFar() < total; g++) {
        const before = postedSoFar();
        const callsBefore = fake.calls('chat.postMessage').length;
        const inHook = random() < 0.5;
        const target = before + 1 + Math.floor(random() * 6);
        child = start(g);
        const p = child;
        if (inHook) {
          // Between posting and recording: Slack has the message, the bot never hears back.
          fake.onCall('chat.postMessage', () => {
            if (postedSoFar() >= target) {
              p.kill('SIGKILL');
              fake.onCall('chat.postMessage', null);
            }
          });
        } else {
          // Anywhere: while claiming, posting, recording or waiting between posts.
          await fake.waitFor('chat.postMessage', () => fake.calls('chat.postMessage').length > callsBefore, 20_000).catch(() => undefined);
          await new Promise((r) => setTimeout(r, Math.floor(random() * 250)));
          p.kill('SIGKILL');
        }
        let timer: NodeJS.Timeout | undefined;
        const end = await Promise.race([exited(p), new Promise<null>((r) => (timer = setTimeout(() => r(null), 20_000)))]);
        clearTimeout(timer);
        fake.onCall('chat.postMessage', null);
        if (!end) p.kill('SIGKILL');
        const how = await exited(p);
        kills.push(
          `gen${g}: ${inHook ? 'killed between post and record' : 'killed at random'} (${how.signal ?? how.code}), posts ${before} → ${postedSoFar()}`,
        );
      }

      // The last restart runs to the end.
      child = start(KILLS);
      db = await openDatabase(`file:${join(dir, 'chogi.db')}`);
      const all = async () => {
        const rows = [];
        for (const r of await db.repositories.requests.listRecent(CHANNELS)) rows.push(...(await db.repositories.reminders.listFor(r.id)));
        return rows;
      };
      await eventually(async () => expect((await all()).filter((r) => r.status === 'sent')).toHaveLength(total), 30_000);
      child.kill('SIGTERM');
      await exited(child);

      const posted = fake.remindersPosted();
      const rows = await all();
      expect(posted.size).toBe(total);
      expect([...posted.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(posted.keys()));
      // Each recorded message is the one Slack holds for that reminder.
      for (const r of rows) expect(fake.message(r.channelId, r.messageId!)?.metadata?.event_payload?.reminder_id).toBe(r.id);
      expect(kills.length).toBeGreaterThan(0);
      if (process.env.CHOGI_CRASH_LOG) process.stdout.write(`${diagnose()}\n`);
    } catch (err) {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${diagnose()}`);
    }
  }, 120_000);
});
