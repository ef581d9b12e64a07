/**
 * Reminder dispatch benchmark (issue 5). `npm run bench:reminders [-- --pg] [-- --rows 1000000]`
 *
 * 1. Throughput: 10,000 reminders due at once across 1,000 channels, posted to a fake
 *    Slack that allows one post per second per channel and answers 429 (Retry-After)
 *    beyond it. Lower bound: 10 posts per channel at 1/s = 10 s. Prints the ratio,
 *    lost (never posted) and doubled (posted twice) reminders, and the 429s seen.
 * 2. Due scan: the claim of due reminders with 10,000 and with 1,000,000 future rows in
 *    the table (EXPLAIN and time), on SQLite and, with --pg, on PostgreSQL, channel
 *    affinity included (`--scan-only` runs this part alone, `--dispatch-only` the first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { createReminderService } from '../src/app/reminders';
import { orgRoles } from '../src/app/visibility';
import type { PlannedReminder } from '../src/domain/reminders';
import { loadOrg } from '../src/infra/config';
import { openDatabase, type Database } from '../src/infra/db';
import { silentLogger } from '../src/infra/logger';
import { createSlackReminderNotifier, reminderClient } from '../src/slack/reminders';
import { seedForm } from '../test/fixtures/seedForm';
import { adminUrl, postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from '../test/integration/support/databases';
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ReminderNotifier } from '../src/app/reminders';
import { TEST_BOT_TOKEN } from '../test/support/workspace';

const args = process.argv.slice(2);
const withPg = args.includes('--pg');
const scanOnly = args.includes('--scan-only');
const bigRows = Number(args[args.indexOf('--rows') + 1]) || 1_000_000;
const CHANNELS = 1000;
const PER_CHANNEL = 10;

const NOW = new Date('2026-11-24T00:00:00.000Z');

async function seedRequests(db: Database, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { request } = await db.repositories.requests.create({
      form: seedForm(),
      createdBy: { platform: 'slack', userId: `U${100000 + i}` },
      origin: { platform: 'slack', channelId: `C${100000 + i}` },
      draftId: null,
      now: NOW,
      fiscalYear: 2026,
      casePrefix: 'R8',
    });
    ids.push(request.id);
  }
  return ids;
}

async function throughput(target: TestDatabase, instances: number): Promise<void> {
  const db = await openDatabase(target.url);
  const requestIds = await seedRequests(db, CHANNELS);
  for (const [c, requestId] of requestIds.entries()) {
    const insert: PlannedReminder[] = Array.from({ length: PER_CHANNEL }, (_, i) => ({
      platform: 'slack',
      channelId: `C${100000 + c}`,
      deadline: 'publicComment',
      dueDate: `2027-01-${String(i + 10).padStart(2, '0')}`,
      leadDays: 7,
      fireAt: new Date(NOW.getTime() - 60_000),
      origin: 'plan',
    }));
    await db.repositories.reminders.apply(requestId, { insert, cancel: [], revive: [], reschedule: [] }, NOW);
  }
  const slack = fork(join(__dirname, 'reminderFakeSlackProcess.js'), [], { stdio: 'inherit' });
  const ask = <T>(message: string | null): Promise<T> =>
    new Promise((resolve) => {
      slack.once('message', (m) => resolve(m as T));
      if (message) slack.send(message);
    });
  const fake = await ask<{ url: string }>(null);
  const org = loadOrg(undefined).org;
  const dbs = [db];
  for (let i = 1; i < instances; i++) dbs.push(await openDatabase(target.url));
  // --trace: when each post was sent and answered, per channel (where the time goes).
  const trace: { channel: string; sent: number; answered: number; kind: string }[] = [];
  const traced = (n: ReminderNotifier): ReminderNotifier => {
    if (!args.includes('--trace')) return n;
    return {
      findPosted: (to, id) => n.findPosted(to, id),
      post: async (to, view) => {
        const sent = performance.now();
        const outcome = await n.post(to, view);
        trace.push({ channel: to.channel, sent, answered: performance.now(), kind: outcome.kind });
        return outcome;
      },
    };
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  // --repo-times: exclusive time of each repository method (calls run one at a time on SQLite).
  const repoTimes = new Map<string, { n: number; ms: number; items: number }>();
  let lastEnd = 0;
  const timed = (d: Database): Database['repositories'] => {
    if (!args.includes('--repo-times')) return d.repositories;
    const reminders = new Proxy(d.repositories.reminders, {
      get(target, prop, recv) {
        const f = Reflect.get(target, prop, recv) as unknown;
        if (typeof f !== 'function') return f;
        return async (...a: unknown[]) => {
          const called = performance.now();
          try {
            return await (f as (...x: unknown[]) => Promise<unknown>).apply(target, a);
          } finally {
            const end = performance.now();
            const t = repoTimes.get(String(prop)) ?? { n: 0, ms: 0, items: 0 };
            t.n++;
            t.ms += end - Math.max(called, lastEnd);
            t.items += Array.isArray(a[0]) ? a[0].length : 1;
            repoTimes.set(String(prop), t);
            lastEnd = end;
          }
        };
      },
    });
    return { ...d.repositories, reminders };
  };
  const services = dbs.map((d, i) =>
    createReminderService({
      repos: timed(d),
      org,
      clock: { now: () => NOW },
      logger: silentLogger,
      roles: orgRoles(org),
      notifiers: { slack: traced(createSlackReminderNotifier(reminderClient(TEST_BOT_TOKEN, { slackApiUrl: fake.url }))) },
      dispatch: { instanceId: `bench-${i}`, channelIntervalMs: 1000 },
    }),
  );
  const total = CHANNELS * PER_CHANNEL;
  loopDelay.enable();
  const t0 = performance.now();
  const curve: number[] = [];
  const sampler = setInterval(() => curve.push(services.reduce((a, s) => a + s.totals().posted, 0)), 1000);
  await Promise.all(services.map((s) => s.dispatchDue()));
  clearInterval(sampler);
  if (args.includes('--curve'))
    console.log(
      `posted after each second: ${curve.join(' ')}`,
      services.map((s) => s.totals()),
    );
  const seconds = (performance.now() - t0) / 1000;
  loopDelay.disable();
  if (trace.length > 0) {
    const rel = (t: number) => ((t - t0) / 1000).toFixed(2);
    const byChannel = new Map<string, typeof trace>();
    for (const t of trace) byChannel.set(t.channel, [...(byChannel.get(t.channel) ?? []), t]);
    const firsts = [...byChannel.values()].map((ts) => ts[0].sent).sort((a, b) => a - b);
    const lasts = [...byChannel.values()].map((ts) => ts[ts.length - 1].answered).sort((a, b) => a - b);
    const latency = trace.map((t) => t.answered - t.sent).sort((a, b) => a - b);
    const gaps = [...byChannel.values()].flatMap((ts) => ts.slice(1).map((t, i) => t.sent - ts[i].sent)).sort((a, b) => a - b);
    const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
    console.log(
      `trace: first post per channel p50 ${rel(q(firsts, 0.5))} s, max ${rel(firsts[firsts.length - 1])} s; last answer per channel p50 ${rel(q(lasts, 0.5))} s, p99 ${rel(q(lasts, 0.99))}, max ${rel(lasts[lasts.length - 1])} s\n` +
        `  post latency p50 ${q(latency, 0.5).toFixed(0)} ms, p99 ${q(latency, 0.99).toFixed(0)} ms, max ${latency[latency.length - 1].toFixed(0)} ms; ` +
        `gap between posts in a channel p50 ${q(gaps, 0.5).toFixed(0)} ms, p99 ${q(gaps, 0.99).toFixed(0)} ms, max ${gaps[gaps.length - 1].toFixed(0)} ms\n` +
        `  event loop delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms; ` +
        `429s at ${trace
          .filter((t) => t.kind === 'rate_limited')
          .map((t) => rel(t.sent))
          .join(' ')}`,
    );
  }
  if (repoTimes.size > 0)
    console.log(
      'repository time (exclusive, ms):',
      [...repoTimes].map(([k, v]) => `${k} ${v.n}× ${v.ms.toFixed(0)} ms (${v.items} items)`).join('; '),
    );
  const posted = new Map((await ask<{ counts: [string, number][] }>('counts')).counts);
  const doubled = [...posted.values()].filter((n) => n > 1).length;
  const rateLimited = services.reduce((a, s) => a + s.totals().rateLimited, 0);
  const lowerBound = PER_CHANNEL / 1; // posts per channel / allowed per second
  console.log(
    `dispatch ${target.provider}, ${instances} instance(s): ${total} reminders, ${CHANNELS} channels, 1 post/s/channel: ` +
      `${seconds.toFixed(2)} s = ${(seconds / lowerBound).toFixed(3)}× the ${lowerBound} s lower bound; ` +
      `lost ${total - posted.size}, doubled ${doubled}, 429 answers ${rateLimited}`,
  );
  slack.send('close');
  await Promise.all(dbs.map((d) => d.close()));
}

/** Inserts `n` future reminders with SQL of the database itself (the repository would take minutes). */
async function addFutureRows(target: TestDatabase, requestId: string, from: number, n: number): Promise<void> {
  if (target.provider === 'postgresql') {
    await target.query(
      `INSERT INTO "Reminder" ("id","requestId","deadline","dueDate","leadDays","fireAt","status","origin","platform","channelId","attempts","createdAt","updatedAt")
       SELECT 'f' || g, ?, 'publicComment', '2030-01-01', g, TIMESTAMP '2030-01-01' + (g || ' seconds')::interval, 'pending', 'plan', 'slack', 'CFUTURE', 0, now(), now()
         FROM generate_series(?::int, ?::int) g`,
      [requestId, from, from + n - 1],
    );
    await target.query('ANALYZE "Reminder"');
    return;
  }
  const file = target.url.replace(/^file:/, '');
  const db = new BetterSqlite3(file);
  try {
    // Store instants the way Prisma stored the sample row.
    const sample = db.prepare(`SELECT "createdAt" AS v, typeof("createdAt") AS t FROM "Request" LIMIT 1`).get() as { v: unknown; t: string };
    const fmt = (d: Date): string | number => {
      if (sample.t === 'integer') return d.getTime();
      const s = String(sample.v);
      return s.endsWith('Z') ? d.toISOString() : d.toISOString().replace('Z', '+00:00');
    };
    const insert = db.prepare(
      `INSERT INTO "Reminder" ("id","requestId","deadline","dueDate","leadDays","fireAt","status","origin","platform","channelId","attempts","createdAt","updatedAt")
       VALUES (?, ?, 'publicComment', '2030-01-01', ?, ?, 'pending', 'plan', 'slack', 'CFUTURE', 0, ?, ?)`,
    );
    const base = new Date('2030-01-01T00:00:00Z').getTime();
    db.transaction(() => {
      for (let g = from; g < from + n; g++) insert.run(`f${g}`, requestId, g, fmt(new Date(base + g * 1000)), fmt(NOW), fmt(NOW));
    })();
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

/** The claim's scan as the repository issues it: due, lease free, and no live lease of another instance in the channel. */
const CLAIM_SCAN = `SELECT r."id" FROM "Reminder" r
  WHERE r."status" = 'pending' AND r."fireAt" <= ? AND (r."leaseUntil" IS NULL OR r."leaseUntil" < ?)
    AND NOT EXISTS (SELECT 1 FROM "Reminder" o
                     WHERE o."platform" = r."platform" AND o."channelId" = r."channelId" AND o."status" = 'pending'
                       AND o."leaseUntil" >= ? AND substr(o."claimedBy", 1, length(?)) <> ?)
  ORDER BY r."fireAt", r."id" LIMIT 500`;

async function dueScan(target: TestDatabase): Promise<void> {
  const db = await openDatabase(target.url);
  const [requestId] = await seedRequests(db, 1);
  const due: PlannedReminder[] = Array.from({ length: 500 }, (_, i) => ({
    platform: 'slack',
    channelId: 'CDUE',
    deadline: 'publicComment',
    dueDate: '2026-12-01',
    leadDays: i,
    fireAt: new Date(NOW.getTime() - (i + 1) * 1000),
    origin: 'plan',
  }));
  const results: string[] = [];
  let have = 0;
  for (const future of [10_000, bigRows]) {
    await db.close().catch(() => undefined);
    await addFutureRows(target, requestId, have, future - have);
    have = future;
    const d = await openDatabase(target.url);
    const timings: number[] = [];
    for (let round = 0; round < 5; round++) {
      // Fresh due rows each round: claim them all (one claim query of 500) and time it.
      const fresh = due.map((p) => ({
        ...p,
        dueDate: `2026-12-${String(round + 1).padStart(2, '0')}`,
        leadDays: p.leadDays + (future === 10_000 ? 0 : 1000),
      }));
      await d.repositories.reminders.apply(requestId, { insert: fresh, cancel: [], revive: [], reschedule: [] }, NOW);
      const t0 = performance.now();
      const claimed = await d.repositories.reminders.claimDue({
        now: NOW,
        instanceId: 'scan',
        leaseUntil: new Date(NOW.getTime() + 60_000),
        limit: 500,
      });
      timings.push(performance.now() - t0);
      if (claimed.length !== 500) {
        const counts = await target.query(`SELECT "status", COUNT(*) AS n, MIN("fireAt") AS first FROM "Reminder" GROUP BY "status"`);
        throw new Error(`claimed ${claimed.length}, expected 500: ${JSON.stringify(counts)}`);
      }
      await target.query(`UPDATE "Reminder" SET "status" = 'sent' WHERE "claimedBy" = ?`, [claimed[0].claimedBy]);
    }
    timings.sort((a, b) => a - b);
    const at = target.provider === 'postgresql' ? NOW.toISOString() : NOW.toISOString().replace('Z', '+00:00');
    const plan = await target.explain(CLAIM_SCAN, [at, at, at, 'scan/', 'scan/']);
    results.push(
      `  ${future.toLocaleString('en')} future rows: claim of 500 due, median ${timings[2].toFixed(1)} ms (min ${timings[0].toFixed(1)}); plan:\n` +
        plan
          .split('\n')
          .filter((l) => /Reminder|Index|SEARCH|SCAN|Anti|Loop/.test(l))
          .map((l) => `      ${l.trim()}`)
          .join('\n'),
    );
    await d.close();
  }
  console.log(`due scan ${target.provider} (claim = scan + update of 500 due rows):\n${results.join('\n')}`);
}

/**
 * The claim's scan with `bigRows` future rows and 500 due ones over 50 channels, half of
 * which another instance holds (a live lease on one of their reminders): EXPLAIN ANALYZE,
 * rolled back.
 */
async function explainAnalyzePg(target: TestDatabase): Promise<void> {
  const c = new Client({ connectionString: target.url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO "Reminder" ("id","requestId","deadline","dueDate","leadDays","fireAt","status","origin","platform","channelId","claimedBy","leaseUntil","attempts","createdAt","updatedAt")
       SELECT 'd' || g, (SELECT "requestId" FROM "Reminder" LIMIT 1), 'councilInfo', '2026-12-01', g, $1::timestamp - (g || ' seconds')::interval, 'pending', 'plan', 'slack', 'CDUE' || (g % 50),
              CASE WHEN g < 25 THEN 'other/1' END, CASE WHEN g < 25 THEN $1::timestamp + interval '1 minute' END, 0, now(), now()
         FROM generate_series(0, 499) g`,
      [NOW.toISOString()],
    );
    await c.query('ANALYZE "Reminder"');
    const numbered = CLAIM_SCAN.replace(
      /\?/g,
      (() => {
        let n = 0;
        return () => `$${++n}`;
      })(),
    );
    const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${numbered} FOR UPDATE OF r SKIP LOCKED`, [
      NOW.toISOString(),
      NOW.toISOString(),
      NOW.toISOString(),
      'bench/',
      'bench/',
    ]);
    const { rows: got } = await c.query(`${numbered}`, [NOW.toISOString(), NOW.toISOString(), NOW.toISOString(), 'bench/', 'bench/']);
    console.log(
      `PostgreSQL EXPLAIN ANALYZE of the claim's scan (${bigRows.toLocaleString('en')} future rows; 500 due over 50 channels, 25 of them held by another instance; ${got.length} claimable):\n` +
        rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n'),
    );
    await c.query('ROLLBACK');
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'chogi-bench-'));
  try {
    const s1 = await sqliteTestDatabase();
    if (!scanOnly) await throughput(s1, 1);
    await s1.drop();
    if (withPg && !scanOnly) {
      console.log(`(PostgreSQL at ${adminUrl})`);
      const p1 = await postgresTestDatabase();
      await throughput(p1, 2);
      await p1.drop();
    }
    if (args.includes('--dispatch-only')) return;
    const s2 = await sqliteTestDatabase();
    await dueScan(s2);
    await s2.drop();
    if (withPg) {
      const p2 = await postgresTestDatabase();
      await dueScan(p2);
      await explainAnalyzePg(p2);
      await p2.drop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
