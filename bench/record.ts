/**
 * Benchmark of the record (issue 11), on this machine:
 *  1. search p50/p99 with 100,000 requests (20 年度 of 5,000) on SQLite (FTS5 trigram)
 *     and PostgreSQL (pg_trgm GIN), through the repository the search service uses:
 *     a rare word, a word in every 100th request, a word in every request, a two-character
 *     word (below a trigram: LIKE), a case number, two words (target p99 < 100 ms);
 *  2. the register of one 年度 (5,000 requests): rows with 状況 + .xlsx, and CSV (target < 3 s).
 * Requests are bulk-loaded straight into migrated databases (the triggers and indexes the
 * migrations made are what is measured); their search text is the application's own.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createRegister, registerCsv, registerXlsx } from '../src/app/register';
import { caseNoPrefix } from '../src/domain/jpdate';
import { searchTextOf } from '../src/domain/search';
import type { RequestForm } from '../src/domain/request';
import { loadOrg } from '../src/infra/config';
import { openDatabase, type Database as AppDatabase } from '../src/infra/db';
import { encodeForm } from '../src/infra/db/formCodec';
import { manualClock } from '../src/infra/clock';
import { seedForm } from '../test/fixtures/seedForm';
import { postgresTestDatabase } from '../test/integration/support/databases';
import { pct } from './support';

const N = 100_000;
const PER_YEAR = 5_000;
const FIRST_FY = 2007;

const subjects = [
  '市民会館',
  '図書館',
  '上下水道',
  '地域福祉',
  '子育て支援',
  '公共交通',
  '防災',
  '観光振興',
  '学校施設',
  '環境保全',
  '産業振興',
  '道路整備',
];
const acts = ['改修', '基本計画', '整備方針', '見直し', '条例改正', '実施計画', '指針策定', '事業評価'];

interface Row {
  id: string;
  caseNo: string;
  fiscalYear: number;
  seq: number;
  title: string;
  form: string;
  searchText: string;
  createdAt: Date;
}

function rows(): Row[] {
  const base = seedForm();
  const out: Row[] = [];
  for (let i = 0; i < N; i++) {
    const fiscalYear = FIRST_FY + Math.floor(i / PER_YEAR);
    const seq = (i % PER_YEAR) + 1;
    // Every 100th request is about 情報マネジメント; one in 100,000 names a rare word.
    const subject = i % 100 === 7 ? '情報マネジメント' : subjects[i % subjects.length];
    const title = `(仮称)${subject}${acts[(i >> 3) % acts.length]}について${i === 54_321 ? '（臨海副都心）' : ''}`;
    const form: RequestForm = {
      ...base,
      title,
      summary: `${subject}に関する${acts[i % acts.length]}の概要。第${(i % 9) + 1}期の取組を進める。`,
      points: `○ ${acts[(i + 3) % acts.length]}の考え方`,
      coordination: [],
      history: [],
    };
    const caseNo = `${caseNoPrefix(fiscalYear)}-${String(seq).padStart(3, '0')}`;
    out.push({
      id: randomUUID(),
      caseNo,
      fiscalYear,
      seq,
      title,
      form: encodeForm(form),
      searchText: searchTextOf(caseNo, form),
      createdAt: new Date(Date.UTC(fiscalYear, 3, 1) + seq * 60_000),
    });
  }
  return out;
}

const queries: [string, string[]][] = [
  ['rare word (1 match)', ['臨海副都心']],
  ['partial word in 1% (マネジメント)', ['マネジメント']],
  ['word in every request (について)', ['について']],
  ['two characters, below a trigram (改修)', ['改修']],
  ['case number', ['h27-123']],
  ['two words (防災 + 見直し)', ['防災', '見直し']],
];

async function measureSearch(db: AppDatabase, label: string, out: string[]) {
  for (const [name, terms] of queries) {
    const samples: number[] = [];
    let found = 0;
    for (let i = 0; i < 100; i++) {
      const s0 = performance.now();
      found = (await db.repositories.requests.search(terms, 100)).length;
      samples.push(performance.now() - s0);
    }
    out.push(
      `${label} search, ${name}: ${found} returned (limit 100, as the search service asks), p50 ${pct(samples, 50).toFixed(1)} ms, p99 ${pct(samples, 99).toFixed(1)} ms (target p99 < 100 ms)`,
    );
  }
}

async function measureRegister(db: AppDatabase, label: string, out: string[]) {
  const { org } = loadOrg(undefined);
  const register = createRegister({ repos: db.repositories, org, clock: manualClock('2026-11-24T01:00:00Z') });
  const fy = FIRST_FY + 10;
  const times: number[] = [];
  let bytes = 0;
  let n = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = await register.rows(fy, 'all');
    if (!r.ok) throw new Error('register refused');
    bytes = (await registerXlsx(org, fy, r.rows)).length;
    n = r.rows.length;
    times.push(performance.now() - t0);
  }
  const c0 = performance.now();
  const r = await register.rows(fy, 'all');
  const csv = r.ok ? registerCsv(org, r.rows).length : 0;
  out.push(
    `${label} register of one 年度 (${n.toLocaleString()} requests): rows + .xlsx ${(Math.min(...times) / 1000).toFixed(2)}–${(Math.max(...times) / 1000).toFixed(2)} s (${(bytes / 1024).toFixed(0)} KB), rows + CSV ${((performance.now() - c0) / 1000).toFixed(2)} s (${(csv / 1024).toFixed(0)} KB chars) (target < 3 s)`,
  );
}

async function main(): Promise<void> {
  const out: string[] = [];
  const data = rows();

  // SQLite
  const dir = mkdtempSync(join(tmpdir(), 'chogi-bench-record-'));
  const file = join(dir, 'chogi.db');
  try {
    await (await openDatabase(`file:${file}`)).close(); // migrates
    const raw = new Database(file);
    const insert = raw.prepare(
      `INSERT INTO "Request" ("id","caseNo","fiscalYear","seq","version","status","title","form","createdByPlatform","createdByUser","originPlatform","originChannel","createdAt","updatedAt","searchText")
       VALUES (?,?,?,?,1,'filed',?,?,'slack','U0BENCH','slack','C0BENCH',?,?,?)`,
    );
    const t0 = performance.now();
    raw.transaction(() => {
      for (const r of data)
        insert.run(r.id, r.caseNo, r.fiscalYear, r.seq, r.title, r.form, r.createdAt.toISOString(), r.createdAt.toISOString(), r.searchText);
    })();
    out.push(`SQLite bulk load of ${N.toLocaleString()} requests (FTS5 kept by the triggers): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    raw.close();
    const db = await openDatabase(`file:${file}`);
    await measureSearch(db, 'SQLite', out);
    await measureRegister(db, 'SQLite', out);
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // PostgreSQL
  const pg = await postgresTestDatabase();
  try {
    await (await openDatabase(pg.url)).close(); // migrates
    const c = new Client({ connectionString: pg.url });
    await c.connect();
    const t0 = performance.now();
    for (let i = 0; i < data.length; i += 1000) {
      const chunk = data.slice(i, i + 1000);
      const values: unknown[] = [];
      const tuples = chunk.map((r, j) => {
        values.push(r.id, r.caseNo, r.fiscalYear, r.seq, r.title, r.form, r.createdAt, r.searchText);
        const k = j * 8;
        return `($${k + 1},$${k + 2},$${k + 3},$${k + 4},1,'filed',$${k + 5},$${k + 6},'slack','U0BENCH','slack','C0BENCH',$${k + 7},$${k + 7},$${k + 8})`;
      });
      await c.query(
        `INSERT INTO "Request" ("id","caseNo","fiscalYear","seq","version","status","title","form","createdByPlatform","createdByUser","originPlatform","originChannel","createdAt","updatedAt","searchText") VALUES ${tuples.join(',')}`,
        values,
      );
    }
    await c.query('ANALYZE "Request"');
    out.push(`PostgreSQL bulk load of ${N.toLocaleString()} requests (GIN trigram index kept): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const plan = await c.query(
      `EXPLAIN SELECT "id" FROM "Request" WHERE "searchText" LIKE '%マネジメント%' ORDER BY "fiscalYear" DESC, "seq" DESC LIMIT 300`,
    );
    out.push(`PostgreSQL plan (マネジメント): ${plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'].trim()).join(' / ')}`);
    await c.end();
    const db = await openDatabase(pg.url);
    await measureSearch(db, 'PostgreSQL', out);
    await measureRegister(db, 'PostgreSQL', out);
    await db.close();
  } finally {
    await pg.drop();
  }
  console.log(`chogi record benchmark (${new Date().toISOString()}, node ${process.version})`);
  for (const line of out) console.log(`- ${line}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
