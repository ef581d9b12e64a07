/**
 * Benchmark for 見通し: the outlook (two weeks, risks first) built through the real
 * service over 10,000 open requests on SQLite and PostgreSQL (`-- --sqlite-only` skips
 * it), p50/p99 (target < 500 ms), with the load average. The requests and their planned reminders are written straight into a migrated
 * database (a bulk load; the reminders as planReminders plans them, those already due
 * marked sent, every third of them 対応済み).
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { createAgendaService } from '../src/app/agenda';
import { createOutlookService } from '../src/app/outlook';
import { meetingDates } from '../src/domain/calendar';
import { planFor } from '../src/domain/councilPlan';
import { isoDay, jpDay, type JpDay } from '../src/domain/jpdate';
import type { OrgConfig } from '../src/domain/org';
import { planReminders } from '../src/domain/reminders';
import type { AgendaRequest, RequestForm } from '../src/domain/request';
import { manualClock } from '../src/infra/clock';
import { openDatabase } from '../src/infra/db';
import { encodeForm } from '../src/infra/db/formCodec';
import { seedCouncilOrg } from '../test/fixtures/council';
import { seedForm } from '../test/fixtures/seedForm';
import { postgresTestDatabase, sqliteTestDatabase } from '../test/integration/support/databases';
import { Client } from 'pg';
import { pct } from './support';

const N = Number(process.env.BENCH_REQUESTS ?? 10_000);
const RUNS = 30;
const NOW = new Date('2026-11-26T01:00:00Z'); // Thursday 10:00 in Tokyo
// Instants in the text form Prisma's SQLite adapter writes.
const stamp = (d: Date) => d.toISOString().replace('Z', '+00:00');

async function main(): Promise<void> {
  const load0 = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const base = seedCouncilOrg();
  const org: OrgConfig = {
    ...base,
    tiers: base.tiers.map((t) => (t.id === 'kyoku' ? { ...t, cutoff: { businessDays: 3, time: '12:00', action: 'warn' as const } } : t)),
  };

  // Desired dates over the real calendars of a year around today, so each meeting has a
  // realistic crowd and the window holds a fortnight's share of them.
  const around = (tierId: string): JpDay[] =>
    meetingDates(
      org.tiers.find((t) => t.id === tierId)!,
      { from: jpDay(2026, 6, 1), until: jpDay(2027, 5, 31), closure: org.closure },
    );
  const kyoku = around('kyoku');
  const chosei = around('chosei');
  // One request in ten goes to the council, spread over the calendar's sessions.
  const sessions = org.council!.sessions.map((x) => x.name);
  const requests: unknown[][] = [];
  const tierDates: unknown[][] = [];
  const reminders: unknown[][] = [];
  for (let i = 0; i < N; i++) {
    const id = randomUUID();
    const k = kyoku[i % kyoku.length];
    const c = chosei[(i * 7) % chosei.length];
    const form: RequestForm = {
      ...seedForm(),
      title: `(仮称)見通しの案件 ${i}`,
      filedOn: jpDay(2026, 4, 1),
      desiredDates: { kacho: null, kyoku: k, chosei: i % 2 ? c : null, seisaku: null },
      councilSession: i % 10 === 0 ? sessions[(i / 10) % sessions.length] : '',
      publicComment: i % 3 === 0 ? { planned: true, period: { precision: 'month', year: k.year, month: k.month } } : { planned: false, period: null },
      councilInfo: i % 4 === 0 ? { kind: '資料提供', period: k } : { kind: '', period: null },
    };
    // Most were filed in time; one in fifty after its meeting's cut-off.
    const createdAt = i % 50 === 0 ? NOW : new Date('2026-04-01T00:00:00Z');
    requests.push([id, `R8-${i + 1}`, i + 1, form.title, encodeForm(form), createdAt]);
    for (const [tierId, day] of Object.entries(form.desiredDates)) if (day) tierDates.push([id, tierId, isoDay(day)]);
    const found = planFor(org, form.councilSession, form.filedOn);
    const planned = planReminders({
      request: { status: 'filed', form } as AgendaRequest,
      config: org.reminders,
      tierIds: org.tiers.map((t) => t.id),
      closure: org.closure,
      target: { platform: 'slack', channelId: 'C0BENCH' },
      councilPlan: found.kind === 'plan' ? found.plan : null,
    });
    for (const p of planned) {
      const due = p.fireAt.getTime() <= NOW.getTime();
      const status = !due ? 'pending' : reminders.length % 3 === 0 ? 'done' : 'sent';
      reminders.push([
        randomUUID(),
        id,
        p.deadline,
        p.dueDate,
        p.leadDays,
        p.fireAt,
        status,
        due ? 1 : 0,
        due ? p.fireAt : null,
        due ? `${reminders.length}.0001` : null,
        createdAt,
      ]);
    }
  }

  const out: string[] = [];
  const providers = process.argv.includes('--sqlite-only') ? (['sqlite'] as const) : (['sqlite', 'postgresql'] as const);
  for (const provider of providers) {
    const target = provider === 'sqlite' ? await sqliteTestDatabase() : await postgresTestDatabase();
    try {
      const db0 = await openDatabase(target.url); // migrates
      await db0.close();
      const t0 = performance.now();
      if (provider === 'sqlite') loadSqlite(target.url, requests, tierDates, reminders);
      else await loadPostgres(target.url, requests, tierDates, reminders);
      out.push(
        `${provider}: bulk load of ${N.toLocaleString()} open requests and ${reminders.length.toLocaleString()} reminders: ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      const app = await openDatabase(target.url);
      const clock = manualClock(NOW.toISOString());
      const agenda = createAgendaService({ repos: app.repositories, org, clock });
      const outlook = createOutlookService({ repos: app.repositories, org, clock, agenda });
      const samples: number[] = [];
      // CPU time of this process per run: on a shared machine the tail is mostly waiting for a core.
      const cpu: number[] = [];
      let shape = '';
      for (let i = 0; i < RUNS; i++) {
        const c0 = process.cpuUsage();
        const s0 = performance.now();
        const o = await outlook.build();
        samples.push(performance.now() - s0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
        shape = `${o.risks.length} risks, ${o.meetings.length} meetings with ${o.meetings.reduce((n, m) => n + m.items.length, 0)} items, ${o.deadlines.length} deadlines`;
      }
      await app.close();
      out.push(
        `${provider}: the outlook (${shape}): p50 ${pct(samples, 50).toFixed(1)} ms, p99 ${pct(samples, 99).toFixed(1)} ms over ${RUNS} runs; CPU of this process p50 ${pct(cpu, 50).toFixed(1)} ms (target < 500 ms)`,
      );
    } finally {
      await target.drop();
    }
  }
  console.log(
    `chogi outlook benchmark (${new Date().toISOString()}, node ${process.version}, load average at start ${load0}, at end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  for (const line of out) console.log(`- ${line}`);
}

function loadSqlite(url: string, requests: unknown[][], tierDates: unknown[][], reminders: unknown[][]): void {
  const raw = new Database(url.replace(/^file:/, ''));
  const insertRequest = raw.prepare(
    `INSERT INTO "Request" ("id","caseNo","fiscalYear","seq","version","status","title","form","createdByPlatform","createdByUser","originPlatform","originChannel","createdAt","updatedAt")
     VALUES (?,?,2026,?,1,'filed',?,?,'slack','U0BENCH','slack','C0BENCH',?,?)`,
  );
  const insertDate = raw.prepare(`INSERT INTO "RequestTierDate" ("requestId","tierId","date") VALUES (?,?,?)`);
  const insertReminder = raw.prepare(
    `INSERT INTO "Reminder" ("id","requestId","deadline","dueDate","leadDays","fireAt","status","origin","platform","channelId","attempts","sentAt","messageId","createdAt","updatedAt")
     VALUES (?,?,?,?,?,?,?,'plan','slack','C0BENCH',?,?,?,?,?)`,
  );
  const v = (x: unknown) => (x instanceof Date ? stamp(x) : x);
  raw.transaction(() => {
    for (const r of requests) insertRequest.run(...r.map(v), v(r[5]));
    for (const d of tierDates) insertDate.run(...d);
    for (const m of reminders) insertReminder.run(...m.map(v), v(m[10]));
  })();
  raw.close();
}

/** Multi-row INSERTs of 1,000 rows, every value a parameter. */
async function loadPostgres(url: string, requests: unknown[][], tierDates: unknown[][], reminders: unknown[][]): Promise<void> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const insert = async (head: string, rows: unknown[][], row: (p: (x: unknown) => string, r: unknown[]) => string) => {
    for (let i = 0; i < rows.length; i += 1000) {
      const values: unknown[] = [];
      const p = (x: unknown) => {
        values.push(x);
        return `$${values.length}`;
      };
      const sql = rows
        .slice(i, i + 1000)
        .map((r) => row(p, r))
        .join(', ');
      await pg.query(`${head} VALUES ${sql}`, values);
    }
  };
  try {
    await insert(
      'INSERT INTO "Request" ("id","caseNo","fiscalYear","seq","version","status","title","form","createdByPlatform","createdByUser","originPlatform","originChannel","createdAt","updatedAt")',
      requests,
      (p, r) =>
        `(${p(r[0])}, ${p(r[1])}, 2026, ${p(r[2])}, 1, 'filed', ${p(r[3])}, ${p(r[4])}, 'slack', 'U0BENCH', 'slack', 'C0BENCH', ${p(r[5])}, ${p(r[5])})`,
    );
    await insert('INSERT INTO "RequestTierDate" ("requestId","tierId","date")', tierDates, (p, d) => `(${p(d[0])}, ${p(d[1])}, ${p(d[2])})`);
    await insert(
      'INSERT INTO "Reminder" ("id","requestId","deadline","dueDate","leadDays","fireAt","status","origin","platform","channelId","attempts","sentAt","messageId","createdAt","updatedAt")',
      reminders,
      (p, m) =>
        `(${p(m[0])}, ${p(m[1])}, ${p(m[2])}, ${p(m[3])}, ${p(m[4])}, ${p(m[5])}, ${p(m[6])}, 'plan', 'slack', 'C0BENCH', ${p(m[7])}, ${p(m[8])}, ${p(m[9])}, ${p(m[10])}, ${p(m[10])})`,
    );
    for (const t of ['Request', 'RequestTierDate', 'Reminder']) await pg.query(`ANALYZE "${t}"`);
  } finally {
    await pg.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
