/**
 * Issue 5, "done when": kill the bot, let deadlines pass, start two instances on one
 * PostgreSQL database: every reminder arrives once, in the right channel, on a
 * business day. Both instances post to one fake Slack, which counts posts per reminder.
 */
import { retryPolicies } from '@slack/web-api';
import { isBusinessDay } from '../../src/domain/businessDays';
import { jpDay, tokyoToday } from '../../src/domain/jpdate';
import type { RequestForm } from '../../src/domain/request';
import { loadEnv, loadOrg } from '../../src/infra/config';
import { manualClock } from '../../src/infra/clock';
import { silentLogger } from '../../src/infra/logger';
import { startApp, type Running } from '../../src/server';
import { seedForm } from '../fixtures/seedForm';
import { postgresTestDatabase, type TestDatabase } from '../integration/support/databases';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { testLogger } from '../support/testLogger';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/workspace';

const REQUESTS = 24;
const CHANNELS = 6;

function form(i: number): RequestForm {
  return {
    ...seedForm(),
    title: `案件 ${i}`,
    filedOn: jpDay(2026, 10, 1),
    // Deadlines spread over November and December.
    publicComment: { planned: true, period: { precision: 'month', year: 2026, month: 12 } },
    councilInfo: { kind: '資料提供', period: { precision: 'day', year: 2026, month: 11, day: 10 + (i % 15) } },
    councilSession: i % 2 === 0 ? '12月定例会' : '',
    desiredDates: { kacho: jpDay(2026, 11, 16 + (i % 10)), kyoku: null, chosei: null, seisaku: null },
  };
}

describe('two instances on one PostgreSQL database', () => {
  let pg: TestDatabase;
  let fake: FakeSlack;
  const clock = manualClock('2026-10-01T01:00:00Z');
  const instances: Running[] = [];

  async function instance(name: string): Promise<Running> {
    const env = loadEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: pg.url,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      LOG_LEVEL: 'error',
      SCHEDULER: 'off',
      INSTANCE_ID: name,
      REMINDER_CHANNEL_INTERVAL_MS: '0',
    });
    const app = await startApp(
      { env, org: loadOrg(undefined).org, orgSource: 'test' },
      {
        clock,
        logger: silentLogger,
        slack: { logger: testLogger(), clientOptions: { retryConfig: retryPolicies.rapidRetryPolicy } },
        reminders: { batchSize: 7 },
      },
    );
    instances.push(app);
    return app;
  }

  beforeAll(async () => {
    pg = await postgresTestDatabase();
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.close()));
    await fake?.close();
    await pg?.drop();
  });

  it('posts every reminder that fell due while the bot was down exactly once, on a business day', async () => {
    // Requests filed on 10/1 while one instance ran, which then went down.
    const first = await instance('filing');
    for (let i = 0; i < REQUESTS; i++) {
      const { request } = await first.db.repositories.requests.create({
        form: form(i),
        createdBy: { platform: 'slack', userId: `U${1000 + i}` },
        origin: { platform: 'slack', channelId: `C${i % CHANNELS}` },
        draftId: null,
        now: clock.now(),
        fiscalYear: 2026,
        casePrefix: 'R8',
      });
      // Posted where it was filed (reminders go where a request is posted).
      await first.db.repositories.posts.save({
        requestId: request.id,
        platform: 'slack',
        channelId: `C${i % CHANNELS}`,
        messageId: `1790000000.${String(i).padStart(6, '0')}`,
        permalink: null,
      });
      await first.reminders.replan(request);
    }
    await first.close();
    instances.length = 0;
    const planned = Number((await pg.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "Reminder"`))[0].n);
    expect(planned).toBeGreaterThan(REQUESTS * 8);

    // Back on Monday 11/30 at 10:00, as two instances.
    clock.set('2026-11-30T01:00:00Z');
    const [a, b] = await Promise.all([instance('a'), instance('b')]);
    const [sa, sb] = await Promise.all([a.reminders.dispatchDue(), b.reminders.dispatchDue()]);
    await Promise.all([a.reminders.dispatchDue(), b.reminders.dispatchDue()]);

    const posted = fake.remindersPosted();
    expect(sa.posted + sb.posted).toBe(posted.size);
    expect([...posted.values()].every((n) => n === 1)).toBe(true);

    // fireAt as UTC text: the pg driver would read a timestamp without time zone as local time.
    const rows = (
      await pg.query<{ id: string; status: string; channelId: string; requestId: string; deadline: string; dueDate: string; fireAt: string }>(
        `SELECT "id", "status", "channelId", "requestId", "deadline", "dueDate", "fireAt"::text AS "fireAt" FROM "Reminder"`,
      )
    ).map((r) => ({ ...r, fireAt: new Date(`${r.fireAt.replace(' ', 'T')}Z`) }));
    const now = clock.now();
    const due = rows.filter((r) => r.fireAt <= now);
    expect(due.every((r) => r.status === 'sent' || r.status === 'skipped')).toBe(true);
    expect(rows.filter((r) => r.fireAt > now).every((r) => r.status === 'pending')).toBe(true);
    // Once per deadline: the latest missed reminder of each, never a burst.
    const sent = due.filter((r) => r.status === 'sent');
    const perDeadline = new Map<string, number>();
    for (const r of sent) perDeadline.set(`${r.requestId}|${r.deadline}`, (perDeadline.get(`${r.requestId}|${r.deadline}`) ?? 0) + 1);
    expect([...perDeadline.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(sent.map((r) => r.id))).toEqual(new Set(posted.keys()));
    // In the channel the request was filed from, on a business day.
    const origin = new Map(
      (await pg.query<{ id: string; originChannel: string }>(`SELECT "id", "originChannel" FROM "Request"`)).map((r) => [r.id, r.originChannel]),
    );
    const calls = fake.calls('chat.postMessage').filter((c) => c.status === 200 && c.args.metadata);
    for (const c of calls) {
      const row = sent.find((r) => r.id === c.args.metadata.event_payload.reminder_id)!;
      expect(c.args.channel).toBe(origin.get(row.requestId));
      expect(isBusinessDay(tokyoToday(clock.now()))).toBe(true);
    }
    for (const r of rows) expect(isBusinessDay(tokyoToday(r.fireAt))).toBe(true);
  });
});
