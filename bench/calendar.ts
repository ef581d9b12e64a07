/**
 * Benchmark for meeting calendars (issue 3), in one run on this machine:
 *  1. a year of meeting dates for 10 tiers (RRULE + holiday policy), p50/p99;
 *  1b. feasibility of one request against the council calendar (逆算 + warnings, the
 *     check every submit runs), cold and warm, p50/p99 (target < 5 ms p99);
 *  2. the meeting-day agenda with 100,000 stored requests on SQLite and on PostgreSQL
 *     (`-- --sqlite-only` skips it): the query plan of the lookup and p99 of building one
 *     day's agenda through the real service (target < 20 ms p99).
 * The 100,000 requests are written straight into a migrated database (a bulk load;
 * the app's own filing path is measured by bench/requests.ts).
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createAgendaService } from '../src/app/agenda';
import { meetingDates } from '../src/domain/calendar';
import { addDays, isoDay, jpDay } from '../src/domain/jpdate';
import type { Tier } from '../src/domain/org';
import { loadOrg } from '../src/infra/config';
import { openDatabase } from '../src/infra/db';
import { encodeForm } from '../src/infra/db/formCodec';
import { manualClock } from '../src/infra/clock';
import { seedForm } from '../test/fixtures/seedForm';
import { postgresTestDatabase, sqliteTestDatabase } from '../test/integration/support/databases';
import { seedCouncilOrg } from '../test/fixtures/council';
import { planInputFromRaw, planWarnings } from '../src/domain/councilPlan';
import { pct } from './support';

const N = 100_000;

/**
 * 100,000 requests spread over the 局経営会議 days of a century (about 19 a day, a
 * realistic agenda), so the table is large and each day's agenda is not. Written with the
 * database's own bulk insert; then one day's agenda is read through the real service.
 */
async function agendaBench(provider: 'sqlite' | 'postgresql', org: ReturnType<typeof loadOrg>['org']): Promise<string[]> {
  const out: string[] = [];
  const target = provider === 'sqlite' ? await sqliteTestDatabase() : await postgresTestDatabase();
  try {
    const db = await openDatabase(target.url); // migrates
    await db.close();
    const kyoku = org.tiers.find((t) => t.id === 'kyoku')!;
    const days: string[] = [];
    for (let y = 1990; y < 2090; y += 10) {
      days.push(...meetingDates(kyoku, { from: jpDay(y, 1, 1), until: jpDay(y + 9, 12, 31), closure: org.closure }).map(isoDay));
    }
    const form = seedForm();
    const rows = function* () {
      for (let i = 0; i < N; i++) {
        const day = days[i % days.length];
        const f = {
          ...form,
          desiredDates: { kyoku: { precision: 'day' as const, year: +day.slice(0, 4), month: +day.slice(5, 7), day: +day.slice(8, 10) } },
        };
        yield { id: randomUUID(), i, title: `${form.title} ${i}`, form: encodeForm(f), kyoku: day, chosei: days[(i * 7) % days.length] };
      }
    };
    const t0 = performance.now();
    if (provider === 'sqlite') {
      const raw = new Database(target.url.replace(/^file:/, ''));
      // Instants in the text form Prisma's SQLite adapter writes.
      const stamp = '2026-04-01T00:00:00.000+00:00';
      const insertRequest = raw.prepare(
        `INSERT INTO "Request" ("id","caseNo","fiscalYear","seq","version","status","title","form","createdByPlatform","createdByUser","originPlatform","originChannel","createdAt","updatedAt")
         VALUES (?,?,?,?,1,'filed',?,?,'slack','U0BENCH','slack','C0BENCH',?,?)`,
      );
      const insertDate = raw.prepare(`INSERT INTO "RequestTierDate" ("requestId","tierId","date") VALUES (?,?,?)`);
      raw.transaction(() => {
        for (const r of rows()) {
          insertRequest.run(r.id, `B-${r.i}`, 9000, r.i + 1, r.title, r.form, stamp, stamp);
          insertDate.run(r.id, 'kyoku', r.kyoku);
          insertDate.run(r.id, 'chosei', r.chosei);
        }
      })();
      raw.close();
    } else {
      // One INSERT … SELECT over generate_series: each row's form is the seed form with its
      // own 局経営会議 day spliced into a template (encoded once, so it is valid).
      const marker = { precision: 'day' as const, year: 1111, month: 11, day: 11 };
      const template = encodeForm({ ...form, desiredDates: { kyoku: marker } });
      const pg = new Client({ connectionString: target.url });
      await pg.connect();
      try {
        await pg.query(
          `WITH d AS (SELECT $1::text[] AS days, cardinality($1::text[]) AS n),
                g AS (SELECT i, gen_random_uuid()::text AS id, days[(i % n) + 1] AS kyoku, days[((i * 7) % n) + 1] AS chosei
                        FROM d, generate_series(0, $2::int - 1) AS i),
                r AS (INSERT INTO "Request" ("id","caseNo","fiscalYear","seq","version","status","title","form","createdByPlatform","createdByUser","originPlatform","originChannel","createdAt","updatedAt")
                      SELECT id, 'B-' || i, 9000, i + 1, 1, 'filed', $3 || ' ' || i,
                             replace($4, $5, '{"precision":"day","year":' || split_part(kyoku, '-', 1)::int || ',"month":' || split_part(kyoku, '-', 2)::int || ',"day":' || split_part(kyoku, '-', 3)::int || '}'),
                             'slack', 'U0BENCH', 'slack', 'C0BENCH', TIMESTAMP '2026-04-01', TIMESTAMP '2026-04-01'
                        FROM g
                      RETURNING 1)
           INSERT INTO "RequestTierDate" ("requestId","tierId","date")
           SELECT id, 'kyoku', kyoku FROM g UNION ALL SELECT id, 'chosei', chosei FROM g`,
          [days, N, form.title, template, JSON.stringify(marker)],
        );
        await pg.query('ANALYZE "Request"');
        await pg.query('ANALYZE "RequestTierDate"');
      } finally {
        await pg.end();
      }
    }
    out.push(
      `${provider}: bulk load of ${N.toLocaleString()} requests (${(N / days.length).toFixed(0)} per 局経営会議 day): ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const target0 = days.find((d) => d >= '2026-12-01')!;
    // The agenda's one lookup for every tier of the day (listByTiersDate).
    const tierIds = org.tiers.map((t) => t.id);
    const plan = await target.explain(
      `SELECT t."requestId", t."date" FROM "RequestTierDate" t JOIN "Request" r ON r."id" = t."requestId" WHERE t."tierId" IN (${tierIds.map(() => '?').join(', ')}) AND t."date" >= ? AND t."date" <= ? AND r."status" <> 'withdrawn'`,
      [...tierIds, target0, target0],
    );
    out.push(
      `${provider}: query plan of the agenda lookup: ${plan
        .split('\n')
        .map((l) => l.trim())
        .join(' / ')}`,
    );

    const app = await openDatabase(target.url);
    const clock = manualClock(`${target0}T00:00:00Z`);
    const agenda = createAgendaService({ repos: app.repositories, org, clock });
    const [y, m, d] = target0.split('-').map(Number);
    const day = jpDay(y, m, d);
    const samples: number[] = [];
    // CPU time of this process per run: on a shared machine the wall-clock tail is mostly
    // time spent waiting for a core, which this tells apart from work.
    const cpu: number[] = [];
    let items = 0;
    for (let i = 0; i < 200; i++) {
      const c0 = process.cpuUsage();
      const s0 = performance.now();
      const found = await agenda.between(day, day);
      samples.push(performance.now() - s0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      items = found.find((a) => a.tier.id === 'kyoku')?.items.length ?? 0;
    }
    const lookups: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s0 = performance.now();
      await app.repositories.requests.listByTierDate('kyoku', target0, target0);
      lookups.push(performance.now() - s0);
    }
    out.push(
      `${provider}: of which the 局経営会議 lookup alone (index + ${items} requests read and checked): p50 ${pct(lookups, 50).toFixed(1)} ms, p99 ${pct(lookups, 99).toFixed(1)} ms`,
    );
    out.push(
      `${provider}: one day's agenda (all 4 tiers, ${items} items for 局経営会議) with ${N.toLocaleString()} stored requests, 200 runs: p50 ${pct(samples, 50).toFixed(1)} ms, p99 ${pct(samples, 99).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms (target p99 < 20 ms); CPU time of the bench process per run p50 ${pct(cpu, 50).toFixed(1)} ms, p99 ${pct(cpu, 99).toFixed(1)} ms`,
    );
    await app.close();
  } finally {
    await target.drop();
  }
  return out;
}

async function main(): Promise<void> {
  const { org } = loadOrg(undefined);
  const out: string[] = [];
  const load0 = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

  // 1. A year of dates for 10 tiers of various kinds.
  const rules = [
    'FREQ=WEEKLY;BYDAY=MO',
    'FREQ=MONTHLY;BYDAY=1WE,3WE',
    'FREQ=MONTHLY;BYDAY=2TH,4TH',
    'FREQ=MONTHLY;BYMONTHDAY=1',
    'FREQ=WEEKLY;BYDAY=TU,TH',
  ];
  const tiers: Tier[] = Array.from({ length: 10 }, (_, i) => ({
    ...org.tiers[0],
    id: `t${i}`,
    name: `会議${i}`,
    rrule: rules[i % rules.length],
    holidays: (['next', 'previous', 'skip'] as const)[i % 3],
  }));
  const from = jpDay(2026, 4, 1);
  const times: number[] = [];
  let dates = 0;
  for (let run = 0; run < 50; run++) {
    const t0 = performance.now();
    dates = tiers.reduce((n, tier) => n + meetingDates(tier, { from, until: addDays(from, 364), closure: org.closure }).length, 0);
    times.push(performance.now() - t0);
  }
  out.push(`a year of meeting dates for 10 tiers (${dates} dates): p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms`);

  // 1b. Feasibility: the seed city's 8 sessions, a spread of typed plans and filing days.
  const councilOrg = seedCouncilOrg();
  const sessionsTyped = ['12月定例会', 'R9.2', '令和9年第2回定例会', '9月定例会', '令和10年6月定例会', '未定'];
  const periods = ['', '令和8年9月', 'R8.9.1~R8.10.5', 'R8.11.16~R8.12.22'];
  const feasibility = (cold: boolean) => {
    const samples: number[] = [];
    let warned = 0;
    for (let i = 0; i < 2000; i++) {
      // A copy of the council section is a config never seen: nothing cached.
      const o = cold ? { ...councilOrg, council: { ...councilOrg.council! } } : councilOrg;
      const today = addDays(jpDay(2026, 6, 1), i % 240);
      const raw = {
        councilSession: sessionsTyped[i % sessionsTyped.length],
        publicComment: i % 3 === 0 ? 'none' : 'planned',
        publicCommentPeriod: periods[i % periods.length],
        councilInfoKind: i % 2 ? '資料提供' : '',
        councilInfoPeriod: i % 2 ? 'R8.11' : '',
        desiredDates: { seisaku: i % 4 ? 'R8.11.12' : '' },
      };
      const t0 = performance.now();
      warned += planWarnings(o, planInputFromRaw(raw), today).length > 0 ? 1 : 0;
      samples.push(performance.now() - t0);
    }
    return { samples, warned };
  };
  for (const cold of [true, false]) {
    const { samples, warned } = feasibility(cold);
    out.push(
      `feasibility of one request (逆算 + warnings), ${cold ? 'cold' : 'warm'}, 2,000 plans (${warned} warned): p50 ${pct(samples, 50).toFixed(2)} ms, p99 ${pct(samples, 99).toFixed(2)} ms (target p99 < 5 ms)`,
    );
  }

  // 2. The agenda on SQLite, then on PostgreSQL.
  out.push(...(await agendaBench('sqlite', org)));
  if (!process.argv.includes('--sqlite-only')) out.push(...(await agendaBench('postgresql', org)));
  console.log(
    `chogi calendar benchmark (${new Date().toISOString()}, node ${process.version}, load average at start ${load0}, at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  for (const line of out) console.log(`- ${line}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
