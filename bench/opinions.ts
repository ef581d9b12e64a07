/**
 * Benchmark for meeting day (issue 4): 100 opinions submitted at the same moment to the
 * real app (dist/src/main.js as a separate process, SQLite, against a fake Slack Web API
 * on 127.0.0.1). Checks that all are stored and numbered 1..100 without gaps or
 * duplicates, and reports the time from submit to the opinion's post in the thread.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadOrg } from '../src/infra/config';
import { openDatabase } from '../src/infra/db';
import type { BlockJson } from '../test/support/blockKit';
import { startFakeSlack, type FakeSlack } from '../test/support/fakeSlack';
import { blockActions, send, slashCommand, viewSubmission } from '../test/support/slackRequests';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/workspace';
import { seedRaw } from '../test/fixtures/seedRaw';
import { pct, startApp } from './support';

const N = Number(process.env.BENCH_OPINIONS ?? 100);

/** CPU time (user + system) the process has used so far, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Files the seed request; returns its message (channel, ts, blocks). */
async function fileSeed(fake: FakeSlack, url: string) {
  const user = 'UFILER';
  const cmd = slashCommand({ user_id: user });
  const trigger = new URLSearchParams(cmd.body).get('trigger_id');
  const opened = fake.waitFor('views.open', (c) => c.args.trigger_id === trigger, 30_000);
  await send(url, cmd);
  let view = fake.view((await opened).response.view.id)!;
  const raw = seedRaw();
  const page = async (fill: Record<string, string>) => {
    const res = await send(url, viewSubmission({ view, fill, user }));
    if (res.body?.response_action === 'update') view = { ...res.body.view, id: view.id, hash: view.hash };
    return res;
  };
  const page1 = {
    filedOn: raw.filedOn,
    title: raw.title,
    owner: raw.owner,
    summary: raw.summary,
    points: raw.points,
    // The meeting is the 関係課長会議 (typed); the seed's 局経営会議 day of 2009 is no longer
    // among that tier's choices and is left out.
    'desiredDates.kacho': raw.desiredDates.kacho,
  };
  if ((await page(page1)).body?.response_action === 'errors') await page(page1); // confirm warnings (past dates)
  await page({
    ordinance: raw.ordinance,
    publicComment: raw.publicComment,
    publicCommentPeriod: raw.publicCommentPeriod,
    councilInfoKind: raw.councilInfoKind,
    councilInfoPeriod: raw.councilInfoPeriod,
  });
  const posted = fake.waitFor('chat.postMessage', undefined, 30_000);
  const res = await page({
    'history.0.date': raw.history[0].date,
    'history.0.meeting': raw.history[0].meeting,
    'history.0.content': raw.history[0].content,
  });
  if (res.body?.response_action !== 'clear') throw new Error(`filing failed: ${JSON.stringify(res.body).slice(0, 300)}`);
  const post = await posted;
  const blocks = post.args.blocks as BlockJson[];
  const requestId = blocks.find((b) => b.block_id === 'meeting.actions')!.elements[0].value as string;
  return { channel: post.response.channel as string, ts: post.response.ts as string, blocks, requestId };
}

async function main(): Promise<void> {
  const load0 = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const fake = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'chogi-bench-opinions-'));
  const databaseUrl = `file:${join(dir, 'chogi.db')}`;
  // The people giving opinions sit for 財政課 (an opinion is given in one's own section's name).
  const orgFile = join(dir, 'org.yaml');
  const members = Object.fromEntries(Array.from({ length: N }, (_, i) => [`UB${String(i).padStart(4, '0')}`, 'zaimu']));
  writeFileSync(orgFile, stringify({ ...loadOrg(undefined).org, members: { slack: members, teams: {} } }));
  const app = await startApp({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    DATABASE_URL: databaseUrl,
    ORG_CONFIG: orgFile,
  });
  const lines: string[] = [];
  try {
    await new Promise((r) => setTimeout(r, 200)); // let the first auth.test settle
    const msg = await fileSeed(fake, app.url);
    // Everyone opens the form first (as a room does when the chair asks for opinions) …
    const views = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const user = `UB${String(i).padStart(4, '0')}`;
        const req = blockActions({
          actions: [{ action_id: 'opinion.add' }],
          message: { ts: msg.ts, blocks: msg.blocks },
          channel: msg.channel,
          user,
        });
        const opened = fake.waitFor('views.open', (c) => c.args.trigger_id === req.payload.trigger_id, 30_000);
        await send(app.url, req);
        return { user, view: fake.view((await opened).response.view.id)! };
      }),
    );
    // … then all submit at the same moment.
    const latencies: number[] = [];
    const acks: number[] = [];
    const cpu0 = cpuMs(app.child.pid!);
    const benchCpu0 = process.cpuUsage();
    const startAll = performance.now();
    await Promise.all(
      views.map(async ({ user, view }, i) => {
        const text = `ベンチ意見 ${i} 番`;
        const t0 = performance.now();
        const posted = fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === msg.ts && String(c.args.text).includes(` ${text} — `), 60_000);
        const res = await send(app.url, viewSubmission({ view, user, fill: { 'opinion.text': text, 'opinion.section': 'zaimu' } }));
        if (res.body?.response_action !== 'clear') throw new Error(`submit ${i}: ${JSON.stringify(res.body).slice(0, 200)}`);
        acks.push(performance.now() - t0);
        await posted;
        latencies.push(performance.now() - t0);
      }),
    );
    const wall = performance.now() - startAll;
    const appCpu = cpuMs(app.child.pid!) - cpu0;
    const benchCpu = process.cpuUsage(benchCpu0);
    const threadNumbers = fake
      .calls('chat.postMessage')
      .filter((c) => c.args.thread_ts === msg.ts)
      .map((c) => Number(/^○\((\d+)\)/.exec(String(c.args.text))?.[1]))
      .sort((a, b) => a - b);
    const db = await openDatabase(databaseUrl);
    const meeting = await db.repositories.reviews.get(msg.requestId, 'kacho');
    await db.close();
    const seqs = (meeting?.opinions ?? []).map((o) => o.seq);
    const expected = Array.from({ length: N }, (_, i) => i + 1);
    const stored = seqs.length === N && seqs.every((s, i) => s === expected[i]);
    const texts = new Set((meeting?.opinions ?? []).map((o) => o.text));
    const posted = threadNumbers.length === N && threadNumbers.every((s, i) => s === expected[i]);
    lines.push(
      `${N} opinions submitted concurrently: stored ${seqs.length}, numbered 1..${N} without gaps or duplicates: ${stored ? 'yes' : 'NO'}; distinct texts ${texts.size}; thread posts ${threadNumbers.length} (${posted ? 'each number once' : 'MISMATCH'})`,
    );
    lines.push(`submit → the app's answer (opinion stored): p50 ${pct(acks, 50).toFixed(1)} ms, p99 ${pct(acks, 99).toFixed(1)} ms`);
    lines.push(
      `submit → thread post: p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms; all ${N} done in ${wall.toFixed(0)} ms; CPU time of the app meanwhile ${appCpu} ms (${(appCpu / N).toFixed(1)} ms an opinion); CPU time of this process (the ${N} clients and the fake Slack API) meanwhile ${((benchCpu.user + benchCpu.system) / 1000).toFixed(0)} ms`,
    );
    // The summary refreshes queue behind the opinions' own database work: give them a moment.
    await new Promise((r) => setTimeout(r, 2000));
    lines.push(`request message refreshes (chat.update) for ${N} opinions, 2 s after the last post: ${fake.calls('chat.update').length}`);
    if (!stored || !posted || texts.size !== N) process.exitCode = 1;
  } finally {
    await new Promise<void>((resolve) => {
      app.child.once('exit', () => resolve());
      app.child.kill('SIGTERM');
    });
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`chogi opinions benchmark (${new Date().toISOString()}, node ${process.version}, SQLite, load average at start ${load0})`);
  for (const l of lines) console.log(`- ${l}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
