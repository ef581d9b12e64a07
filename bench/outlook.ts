/**
 * Benchmark for 見通し: the outlook (two weeks, risks first) built through the real
 * service over 10,000 open requests on SQLite, p50/p99 (target < 500 ms), with the load
 * average. The requests and their planned reminders are written straight into a migrated
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
import { sqliteTestDatabase } from '../test/integration/support/databases';
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
  const target = await sqliteTestDatabase();
  const db0 = await openDatabase(target.url); // migrates
  await db0.close();

  // Desired dates over the real calendars of a year around today, so each meeting has a
  // realistic crowd and the window holds a fortnight's share of them.
  const around = (tierId: string): JpDay[] =>
    meetingDates(
      org.tiers.find((t) => t.id === tierId)!,
      { from: jpDay(2026, 6, 1), until: jpDay(2027, 5, 31), closure: org.closure },
    );
  const kyoku = around('kyoku');
  const chosei = around('chosei');
  const sessions = ['令和8年第4回定例会', '令和9年第1回定例会', '令和9年第2回定例会', ''];
  const t0 = performance.now();
  const raw = new Database(target.url.replace(/^file:/, ''));
  const insertRequest = raw.prepare(
    `INSERT INTO "Request" ("id","caseNo","fiscalYear","seq","version","status","title","form","createdByPlatform","createdByUser","originPlatform","originChannel","createdAt","updatedAt")
     VALUES (?,?,2026,?,1,'filed',?,?,'slack','U0BENCH','slack','C0BENCH',?,?)`,
  );
  const insertDate = raw.prepare(`INSERT INTO "RequestTierDate" ("requestId","tierId","date") VALUES (?,?,?)`);
  const insertReminder = raw.prepare(
    `INSERT INTO "Reminder" ("id","requestId","deadline","dueDate","leadDays","fireAt","status","origin","platform","channelId","attempts","sentAt","messageId","createdAt","updatedAt")
     VALUES (?,?,?,?,?,?,?,'plan','slack','C0BENCH',?,?,?,?,?)`,
  );
  let reminders = 0;
  raw.transaction(() => {
    for (let i = 0; i < N; i++) {
      const id = randomUUID();
      const k = kyoku[i % kyoku.length];
      const c = chosei[(i * 7) % chosei.length];
      const form: RequestForm = {
        ...seedForm(),
        title: `(仮称)見通しの案件 ${i}`,
        filedOn: jpDay(2026, 4, 1),
        desiredDates: { kacho: null, kyoku: k, chosei: i % 2 ? c : null, seisaku: null },
        councilSession: sessions[i % sessions.length],
        publicComment:
          i % 3 === 0 ? { planned: true, period: { precision: 'month', year: k.year, month: k.month } } : { planned: false, period: null },
        councilInfo: i % 4 === 0 ? { kind: '資料提供', period: k } : { kind: '', period: null },
      };
      // Most were filed in time; one in fifty after its meeting's cut-off.
      const createdAt = i % 50 === 0 ? NOW : new Date('2026-04-01T00:00:00Z');
      insertRequest.run(id, `R8-${i + 1}`, i + 1, form.title, encodeForm(form), stamp(createdAt), stamp(createdAt));
      for (const [tierId, day] of Object.entries(form.desiredDates)) if (day) insertDate.run(id, tierId, isoDay(day));
      const request = { status: 'filed', form } as AgendaRequest;
      const found = planFor(org, form.councilSession, form.filedOn);
      const planned = planReminders({
        request,
        config: org.reminders,
        tierIds: org.tiers.map((t) => t.id),
        closure: org.closure,
        target: { platform: 'slack', channelId: 'C0BENCH' },
        councilPlan: found.kind === 'plan' ? found.plan : null,
      });
      for (const p of planned) {
        const due = p.fireAt.getTime() <= NOW.getTime();
        const status = !due ? 'pending' : reminders % 3 === 0 ? 'done' : 'sent';
        insertReminder.run(
          randomUUID(),
          id,
          p.deadline,
          p.dueDate,
          p.leadDays,
          stamp(p.fireAt),
          status,
          due ? 1 : 0,
          due ? stamp(p.fireAt) : null,
          due ? `${reminders}.0001` : null,
          stamp(createdAt),
          stamp(createdAt),
        );
        reminders++;
      }
    }
  })();
  raw.close();
  const loaded = (performance.now() - t0) / 1000;

  const app = await openDatabase(target.url);
  const clock = manualClock(NOW.toISOString());
  const agenda = createAgendaService({ repos: app.repositories, org, clock });
  const outlook = createOutlookService({ repos: app.repositories, org, clock, agenda });
  const samples: number[] = [];
  let shape = '';
  for (let i = 0; i < RUNS; i++) {
    const s0 = performance.now();
    const o = await outlook.build();
    samples.push(performance.now() - s0);
    shape = `${o.risks.length} risks, ${o.meetings.length} meetings with ${o.meetings.reduce((n, m) => n + m.items.length, 0)} items, ${o.deadlines.length} deadlines`;
  }
  await app.close();
  await target.drop();
  console.log(
    `chogi outlook benchmark (${new Date().toISOString()}, node ${process.version}, load average at start ${load0}, at end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  console.log(`- sqlite: bulk load of ${N.toLocaleString()} open requests and ${reminders.toLocaleString()} reminders: ${loaded.toFixed(1)} s`);
  console.log(
    `- sqlite: the outlook (${shape}): p50 ${pct(samples, 50).toFixed(1)} ms, p99 ${pct(samples, 99).toFixed(1)} ms over ${RUNS} runs (target < 500 ms)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
