/**
 * Activities as they may arrive rather than as our cards produce them: wrongly typed,
 * oversized, mutated at random. Each is answered within 3 s, never crashes a handler,
 * and when refused changes nothing in the database.
 */
import fc from 'fast-check';
import { domainMessages } from '../../src/domain/text.ja';
import { silentLogger, type Logger } from '../../src/infra/logger';
import { seedRaw } from '../fixtures/seedRaw';
import { eventually } from '../support/eventually';
import { TeamsDialog } from '../support/teamsDialog';
import { rendererSubmit } from '../support/teamsCards';
import { actionSubmit } from '../support/teamsMeeting';
import { messageActivity, postActivity, taskFetch, taskSubmit, TeamsUser, type ActivityJson } from '../support/teamsActivities';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teamsApp';
import { fileSeedInTeams } from '../support/teamsForm';

const ANSWER_MS = 3000;

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (msg: string, fields?: Record<string, unknown>) => void lines.push(`${msg} ${JSON.stringify(fields ?? {})}`);
  return { logger: { ...silentLogger, info: keep, warn: keep, error: keep }, lines };
}

async function snapshot(t: TeamsTestApp): Promise<string> {
  const repos = t.app.db.repositories;
  const requests = await repos.requests.listRecent(100);
  const reviews = await Promise.all(requests.map((r) => repos.reviews.get(r.id, 'kacho')));
  const draft = await repos.drafts.latestOpen({ platform: 'teams', userId: TeamsUser.aadObjectId }, new Date(0));
  return JSON.stringify({ requests, reviews, draft: draft ? { id: draft.id, data: draft.data } : null });
}

describe('Teams activities at the edge', () => {
  let t: TeamsTestApp;
  let lines: string[];
  beforeEach(async () => {
    const c = capture();
    lines = c.lines;
    t = await startTeamsTestApp({ logger: c.logger });
  });
  afterEach(async () => t.stop());

  it('answers an oversized or wrongly typed dialog submission with a message, and stores nothing', async () => {
    const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as());
    const before = await snapshot(t);
    const next = d.buttons().find((b) => b.title === '次へ');
    const data = rendererSubmit(d.card, next, { title: 'x' });
    for (const bad of [
      { ...data, summary: 'x'.repeat(20_000) },
      { ...data, title: { nested: true } },
      Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v'])),
    ]) {
      const res = await postActivity(t.url, taskSubmit(bad, t.as()));
      expect(res.status).toBe(200);
      expect([Object.keys(bad).slice(0, 3), res.body]).toEqual([
        Object.keys(bad).slice(0, 3),
        { task: { type: 'message', value: domainMessages['input.malformed'] } },
      ]);
    }
    expect(await snapshot(t)).toBe(before);
    expect(lines.filter((l) => l.startsWith('refused Teams activity'))).toHaveLength(3);
  });

  it('normalises typed text the same way as Slack', async () => {
    await fileSeedInTeams(t, { ...seedRaw(), title: '計画\u202E\u0000\uD800の策定' });
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    expect(request.form.title).toBe('計画の策定');
  });

  it('survives random and mutated activities: an answer in time, no crash, no write when refused', async () => {
    const d = await TeamsDialog.open(t.url, { verb: 'request.open' }, t.as());
    await eventually(async () => expect(JSON.parse(await snapshot(t)).draft).not.toBeNull());
    const next = d.buttons().find((b) => b.title === '次へ');
    const valid: ActivityJson[] = [
      taskFetch({ verb: 'request.open' }, t.as()),
      taskSubmit(rendererSubmit(d.card, next, { title: '案件' }), t.as()),
      messageActivity('一覧', t.as()),
      actionSubmit({ verb: 'reminder.snooze', reminderId: 'r1', days: '1' }, t.as()) as ActivityJson,
      taskFetch({ verb: 'meeting.opinion', requestId: 'nope' }, t.as()),
    ];
    const junk = fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.boolean(),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constant('x'.repeat(20_000)),
      fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
    );
    const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
      v && typeof v === 'object' ? [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))] : [at];
    const mutated = fc
      .record({ which: fc.nat({ max: valid.length - 1 }), pick: fc.nat(), value: junk, drop: fc.boolean() })
      .map(({ which, pick, value, drop }) => {
        const copy = JSON.parse(JSON.stringify(valid[which])) as Record<string, unknown>;
        // serviceUrl stays: replies to anywhere else would only test the network.
        const all = paths(copy).filter((p) => p.length > 0 && p[0] !== 'serviceUrl');
        const path = all[pick % all.length];
        let node = copy as Record<string | number, unknown>;
        for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
        if (drop) delete node[path[path.length - 1]];
        else node[path[path.length - 1]] = value;
        return copy;
      });

    await fc.assert(
      fc.asyncProperty(mutated, async (activity) => {
        const before = await snapshot(t);
        const refused = lines.filter((l) => l.startsWith('refused Teams activity')).length;
        const start = Date.now();
        const res = await postActivity(t.url, activity);
        expect(Date.now() - start).toBeLessThan(ANSWER_MS);
        // 501 is the Bot Framework's answer to an invoke no handler takes (an unknown name).
        if (res.status !== 501) expect(res.status).toBeLessThan(500);
        if (lines.filter((l) => l.startsWith('refused Teams activity')).length > refused) expect(await snapshot(t)).toBe(before);
        expect(lines.filter((l) => /unhandled Teams handler error|processing an activity failed/.test(l))).toEqual([]);
      }),
      { numRuns: Number(process.env.CHOGI_FUZZ_RUNS ?? 50), seed: process.env.CHOGI_FUZZ_SEED ? Number(process.env.CHOGI_FUZZ_SEED) : undefined },
    );
    expect((await postActivity(t.url, messageActivity('ヘルプ', t.as()))).status).toBe(200);
  }, 120_000);
});
