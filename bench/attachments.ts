/**
 * Benchmark for 別紙資料: a 5 MB PDF added through the 「別紙資料」 modal of a posted request
 * to the real app (dist/src/main.js as a separate process, against a fake Slack on
 * 127.0.0.1 that serves the file's url_private_download), timed from the modal's submit
 * to the request message updated with the file listed (download, type check, sha256,
 * database write, re-render). Each round sends a different file (no deduplication).
 * SQLite by default; `-- --pg` for PostgreSQL on 127.0.0.1:5432.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSlack, type FakeSlack } from '../test/support/fakeSlack';
import { postgresTestDatabase, type TestDatabase } from '../test/integration/support/databases';
import { blockActions, send, slashCommand, viewSubmission } from '../test/support/slackRequests';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/workspace';
import { seedRaw } from '../test/fixtures/seedRaw';
import { pct, startApp } from './support';

const ROUNDS = Number(process.env.BENCH_ATTACHMENT_ROUNDS ?? 40);
const WARMUP = 5;
const SIZE = 5 * 1024 * 1024;
const PG = process.argv.includes('--pg');

/** Files a minimal request through the modal; returns its message. */
async function fileRequest(fake: FakeSlack, url: string, user: string) {
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
  const page1 = { filedOn: raw.filedOn, title: raw.title, owner: raw.owner, summary: raw.summary };
  if ((await page(page1)).body?.response_action === 'errors') await page(page1);
  await page({ ordinance: 'none', publicComment: 'none' });
  const posted = fake.waitFor('chat.postMessage', undefined, 30_000);
  const res = await page({});
  if (res.body?.response_action !== 'clear') throw new Error(`filing failed: ${JSON.stringify(res.body).slice(0, 300)}`);
  const post = await posted;
  return { channel: post.response.channel as string, ts: post.response.ts as string, blocks: post.args.blocks as Record<string, unknown>[] };
}

async function main(): Promise<void> {
  const fake = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'chogi-bench-attach-'));
  let pg: TestDatabase | null = null;
  if (PG) pg = await postgresTestDatabase();
  const databaseUrl = pg ? pg.url : `file:${join(dir, 'chogi.db')}`;
  const app = await startApp({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: 'https://chogi.example.jp',
    LINK_SECRET: 'bench-attachment-secret',
  });
  const user = 'UFILER';
  const latencies: number[] = [];
  let downloadMs = 0;
  try {
    await new Promise((r) => setTimeout(r, 200)); // let the first auth.test settle
    const msg = await fileRequest(fake, app.url, user);
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const name = `別紙${round}.pdf`;
      const file = fake.addFile({ name, bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(SIZE - 9)]), mimetype: 'application/pdf' });
      const click = blockActions({
        actions: [{ action_id: 'request.attachments' }],
        message: { ts: msg.ts, blocks: msg.blocks },
        channel: msg.channel,
        user,
      });
      const opened = fake.waitFor('views.open', (c) => c.args.trigger_id === click.payload.trigger_id, 30_000);
      await send(app.url, click);
      const openCall = await opened;
      if (!openCall.response.ok) throw new Error(`views.open: ${JSON.stringify(openCall.response).slice(0, 400)}`);
      const view = fake.view(openCall.response.view.id)!;
      const listed = fake.waitFor('chat.update', (c) => JSON.stringify(c.args.blocks).includes(name), 60_000);
      const t0 = performance.now();
      const res = await send(app.url, viewSubmission({ view, user, fill: { attachments: [file] } }));
      if (res.body?.response_action !== 'clear') throw new Error(`round ${round}: ${JSON.stringify(res.body).slice(0, 200)}`);
      await listed;
      const ms = performance.now() - t0;
      if (round >= WARMUP) latencies.push(ms);
      if (fake.downloads(file.id).length !== 1) throw new Error(`round ${round}: ${fake.downloads(file.id).length} downloads`);
    }
    // The download alone, from the same fake, for scale.
    const probe = fake.addFile({ name: 'probe.pdf', bytes: randomBytes(SIZE) });
    const t0 = performance.now();
    await (await fetch(String(probe.url_private_download), { headers: { authorization: `Bearer ${TEST_BOT_TOKEN}` } })).arrayBuffer();
    downloadMs = performance.now() - t0;
  } finally {
    await new Promise<void>((resolve) => {
      app.child.once('exit', () => resolve());
      app.child.kill('SIGTERM');
    });
    await fake.close();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`chogi attachments benchmark (${new Date().toISOString()}, node ${process.version}, ${PG ? 'PostgreSQL' : 'SQLite'})`);
  console.log(
    `- 5 MB PDF through 「別紙資料」, submit → request message lists it (${ROUNDS} rounds after ${WARMUP} warm-up, one at a time, ${WARMUP + ROUNDS} files stored): p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
  );
  console.log(`- the 5 MB download alone from the fake Slack: ${downloadMs.toFixed(0)} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
