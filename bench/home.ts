/**
 * Benchmark for the home tab (issue 13): the real app (dist/src/main.js as a separate
 * process, SQLite, against a fake Slack Web API on 127.0.0.1) with 2,000 open requests,
 * 50 of them filed by one person, deadlines planned and 200 opinions waiting for an
 * answer. Reports app_home_opened → views.publish for that person and for the
 * secretariat (who sees all 2,000), RUNS openings each one after the other, and RUNS
 * more each right after a request was saved (its title edited through the repository,
 * on the same database file, as another instance would): the first opening after a change.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReminderService } from '../src/app/reminders';
import { orgRoles } from '../src/app/visibility';
import { addDays, tokyoToday } from '../src/domain/jpdate';
import { loadOrg } from '../src/infra/config';
import { openDatabase } from '../src/infra/db';
import { silentLogger } from '../src/infra/logger';
import { seedForm } from '../test/fixtures/seedForm';
import { startFakeSlack } from '../test/support/fakeSlack';
import { eventCallback, send } from '../test/support/slackRequests';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/workspace';
import { pct, root, startApp } from './support';

const OPEN = Number(process.env.BENCH_HOME_OPEN ?? 2000);
const MINE = 50;
const RUNS = Number(process.env.BENCH_HOME_RUNS ?? 50);
const FILER = 'UHOMEFILER';
const SEC = 'UHOMESEC';

async function seed(databaseUrl: string, orgFile: string): Promise<void> {
  const { org } = loadOrg(orgFile);
  const db = await openDatabase(databaseUrl);
  const now = new Date();
  const today = tokyoToday(now);
  const reminders = createReminderService({
    repos: db.repositories,
    org,
    clock: { now: () => now },
    logger: silentLogger,
    roles: orgRoles(org),
    notifiers: {},
    dispatch: { instanceId: 'bench-seed' },
  });
  for (let i = 0; i < OPEN; i++) {
    const form = seedForm();
    form.title = `ベンチ案件 ${i + 1} ${form.title}`;
    // Meetings in the coming weeks and a public comment next month: the desk has something to show.
    form.filedOn = today;
    form.desiredDates = { kacho: addDays(today, 3 + (i % 20)), kyoku: addDays(today, 25 + (i % 10)), chosei: null, seisaku: null };
    form.publicComment = { planned: true, period: { precision: 'month', year: addDays(today, 40).year, month: addDays(today, 40).month } };
    const { request } = await db.repositories.requests.create({
      form,
      createdBy: { platform: 'slack', userId: i < MINE ? FILER : `UOTHER${i % 300}` },
      origin: { platform: 'slack', channelId: `CBENCH${i % 20}` },
      draftId: null,
      now: new Date(now.getTime() - (OPEN - i) * 1000),
      fiscalYear: 2100 + Math.floor(i / 900),
      casePrefix: `B${Math.floor(i / 900)}`,
    });
    await reminders.replan(request);
    if (i % 10 === 0) {
      await db.repositories.reviews.addOpinion({
        requestId: request.id,
        tierId: 'kacho',
        sectionId: 'zaimu',
        text: `ベンチ意見 ${i}`,
        tags: [],
        author: { platform: 'slack', userId: 'UOPINION' },
        now,
        allowClosed: false,
      });
    }
  }
  await db.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chogi-bench-home-'));
  const orgFile = join(dir, 'org.yaml');
  writeFileSync(
    orgFile,
    readFileSync(join(root, 'config/org.example.yaml'), 'utf8').replace(/secretariat:\n  slack: \[\]/, `secretariat:\n  slack: [${SEC}]`),
  );
  const databaseUrl = `file:${join(dir, 'chogi.db')}`;
  const t0 = performance.now();
  await seed(databaseUrl, orgFile);
  const seeded = performance.now() - t0;
  const fake = await startFakeSlack();
  const app = await startApp({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    DATABASE_URL: databaseUrl,
    ORG_CONFIG: orgFile,
  });
  const lines: string[] = [
    `seeded ${OPEN} open requests (${MINE} by one person) with their reminders and ${OPEN / 10} unanswered opinions in ${(seeded / 1000).toFixed(1)} s`,
  ];
  let failed = false;
  try {
    await new Promise((r) => setTimeout(r, 200));
    const db = await openDatabase(databaseUrl);
    const edited = (await db.repositories.requests.listFiledBy({ platform: 'slack', userId: FILER }, 1)).items[0];
    let version = edited.version;
    let saves = 0;
    /** A real change between openings: the request's title edited and saved, as the form would. */
    async function saveRequest(): Promise<void> {
      saves += 1;
      const form = { ...edited.form, title: `${edited.form.title}（改${saves}）` };
      const r = await db.repositories.requests.update(edited.id, {
        form,
        expectedVersion: version,
        actor: { platform: 'slack', userId: FILER },
        changes: [{ field: 'title', old: edited.form.title, new: form.title }],
        now: new Date(),
      });
      if (!r.ok) throw new Error(`bench save refused: ${r.reason}`);
      version = r.request.version;
    }
    const cases = [
      ['a person with 50 requests', FILER, false],
      [`the secretariat, ${OPEN.toLocaleString('en-US')} open`, SEC, false],
      ['a person with 50 requests, each opening after a request was saved', FILER, true],
      [`the secretariat, each opening after a request was saved`, SEC, true],
    ] as const;
    for (const [who, user, afterSave] of cases) {
      const times: number[] = [];
      let blocks = 0;
      let bytes = 0;
      for (let i = 0; i < RUNS + 3; i++) {
        if (afterSave) await saveRequest();
        const n = fake.calls('views.publish').length;
        const start = performance.now();
        await send(
          app.url,
          eventCallback({ type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home', event_ts: `${1700000000 + i}.000100` }),
        );
        const call = await fake.waitFor('views.publish', () => fake.calls('views.publish').length > n, 30_000);
        const took = performance.now() - start;
        if (!call.response.ok) {
          failed = true;
          lines.push(`views.publish refused for ${who}: ${JSON.stringify(call.response).slice(0, 300)}`);
          break;
        }
        blocks = (call.args.view.blocks as unknown[]).length;
        bytes = Buffer.byteLength(JSON.stringify(call.args.view), 'utf8');
        if (i >= 3) times.push(took); // the first openings warm caches and the JIT
      }
      if (times.length) {
        lines.push(
          `${who}: app_home_opened → views.publish p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (target p99 < 150 ms); ${blocks} blocks, ${(bytes / 1024).toFixed(1)} KB`,
        );
      }
    }
    await db.close();
  } finally {
    await new Promise<void>((resolve) => {
      app.child.once('exit', () => resolve());
      app.child.kill('SIGTERM');
    });
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `chogi home tab benchmark (${new Date().toISOString()}, node ${process.version}, SQLite, ${RUNS} openings per case, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')})`,
  );
  for (const l of lines) console.log(`- ${l}`);
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
