/**
 * The behaviour every database must show, run against SQLite and PostgreSQL alike
 * (sqlite.test.ts, postgres.test.ts). Each test uses its own 年度 / ids, so they share
 * one database per file.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, Conversation, FieldChange, RequestForm } from '../../src/domain/request';
import type { NewRequest } from '../../src/app/ports';
import { type Database, openDatabase, StoredDataError } from '../../src/infra/db';
import { loadMigrations, migrationsDir } from '../../src/infra/db/migrate';
import { seedForm } from '../fixtures/seedForm';
import type { TestDatabase } from './support/databases';
import { describeReminderContract } from './reminderContract';
import { describeMeetingContract } from './meetingContract';
import { describeAttachmentContract } from './attachmentContract';
import { describeDeskReadsContract, describeRosterContract } from './rosterContract';

const alice: Actor = { platform: 'slack', userId: 'U0ALICE' };
const bob: Actor = { platform: 'teams', userId: '29:bob' };
const channel: Conversation = { platform: 'slack', channelId: 'C0CHOGI' };
const now = new Date('2026-04-16T00:30:00.000Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

function newRequest(over: Partial<NewRequest> = {}): NewRequest {
  return {
    form: seedForm(),
    createdBy: alice,
    origin: channel,
    draftId: null,
    now,
    fiscalYear: 2009,
    casePrefix: 'H21',
    ...over,
  };
}

export function describeRepositoryContract(makeDatabase: () => Promise<TestDatabase>): void {
  let target: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    target = await makeDatabase();
    db = await openDatabase(target.url);
  });
  afterAll(async () => {
    await db?.close();
    await target?.drop();
  });

  describe('migrations', () => {
    it('applies every migration on first open, and none when opened again', async () => {
      const expected = loadMigrations(migrationsDir(target.provider)).map((m) => m.name);
      expect(expected.length).toBeGreaterThan(0);
      expect(db.appliedMigrations).toEqual(expected);
      const { request } = await db.repositories.requests.create(newRequest({ fiscalYear: 2001, casePrefix: 'H13' }));

      const again = await openDatabase(target.url);
      try {
        expect(again.appliedMigrations).toEqual([]);
        expect(await again.ready()).toBe(true);
        expect((await again.repositories.requests.get(request.id))?.caseNo).toBe('H13-001');
      } finally {
        await again.close();
      }
      const recorded = await target.query<{ name: string }>('SELECT "name" FROM "_chogi_migrations" ORDER BY "name"');
      expect(recorded.map((r) => r.name)).toEqual(expected);
    });

    it('migrates once when two instances start together on a new database', async () => {
      const fresh = await makeDatabase();
      try {
        const [a, b] = await Promise.all([openDatabase(fresh.url), openDatabase(fresh.url)]);
        try {
          const expected = loadMigrations(migrationsDir(fresh.provider)).map((m) => m.name);
          expect([...a.appliedMigrations, ...b.appliedMigrations]).toEqual(expected);
          expect(await a.ready()).toBe(true);
          expect(await b.ready()).toBe(true);
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      } finally {
        await fresh.drop();
      }
    });
  });

  describe('requests', () => {
    it('gives back every field of the form as filed, Japanese text and month and range dates included', async () => {
      const { request, duplicate } = await db.repositories.requests.create(newRequest({ draftId: randomUUID() }));

      expect(duplicate).toBe(false);
      expect(request).toMatchObject({ caseNo: 'H21-001', fiscalYear: 2009, seq: 1, version: 1, status: 'filed' });
      const stored = await db.repositories.requests.get(request.id);
      expect(stored).toEqual({
        id: request.id,
        caseNo: 'H21-001',
        fiscalYear: 2009,
        seq: 1,
        version: 1,
        status: 'filed',
        form: seedForm(),
        createdBy: alice,
        origin: channel,
        createdAt: now,
        updatedAt: now,
      });
      expect(stored!.form.history[2].date).toEqual({
        precision: 'range',
        from: { precision: 'month', year: 2008, month: 9 },
        to: { precision: 'month', year: 2009, month: 2 },
      });
      expect(stored!.form.publicComment.period).toEqual({ precision: 'month', year: 2009, month: 12 });
      expect(await db.repositories.requests.get(randomUUID())).toBeNull();
    });

    it('finds a request by its case number', async () => {
      const { request } = await db.repositories.requests.create(newRequest({ fiscalYear: 2040, casePrefix: 'R22' }));

      expect((await db.repositories.requests.getByCaseNo('R22-001'))?.id).toBe(request.id);
      expect(await db.repositories.requests.getByCaseNo('R22-999')).toBeNull();
    });

    it('lists the most recently filed first', async () => {
      const make = (minutes: number, title: string) =>
        db.repositories.requests.create(
          newRequest({ fiscalYear: 2031, casePrefix: 'R13', now: later(60 * 24 * 365 + minutes), form: { ...seedForm(), title } }),
        );
      await make(1, '一件目');
      await make(3, '三件目');
      await make(2, '二件目');

      const recent = await db.repositories.requests.listRecent(2);

      expect(recent.map((r) => r.form.title)).toEqual(['三件目', '二件目']);
      expect(recent.map((r) => r.caseNo)).toEqual(['R13-002', 'R13-003']);
    });

    it('numbers 50 concurrent filings of a 年度 1..50 without gaps or duplicates', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          db.repositories.requests.create(newRequest({ fiscalYear: 2030, casePrefix: 'R12', draftId: `concurrent-${i}` })),
        ),
      );

      expect(results.every((r) => !r.duplicate)).toBe(true);
      expect(results.map((r) => r.request.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(new Set(results.map((r) => r.request.caseNo)).size).toBe(50);
      expect(results.map((r) => r.request.caseNo)).toContain('R12-050');
      const [counter] = await target.query<{ last: number }>('SELECT "last" FROM "CaseCounter" WHERE "fiscalYear" = ?', [2030]);
      expect(Number(counter.last)).toBe(50);
    });

    it('files a draft once: a second filing returns the first request and uses no number', async () => {
      const draftId = randomUUID();
      const input = newRequest({ fiscalYear: 2032, casePrefix: 'R14', draftId });

      const first = await db.repositories.requests.create(input);
      const again = await db.repositories.requests.create(input);
      const racing = await Promise.all([1, 2, 3].map(() => db.repositories.requests.create(input)));
      const next = await db.repositories.requests.create(newRequest({ fiscalYear: 2032, casePrefix: 'R14' }));

      expect(first.duplicate).toBe(false);
      expect(again).toEqual({ request: first.request, duplicate: true });
      expect(racing.every((r) => r.duplicate && r.request.id === first.request.id)).toBe(true);
      expect(next.request.caseNo).toBe('R14-002');
    });

    it('refuses to file the same draft twice even when both filings race', async () => {
      const draftId = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => db.repositories.requests.create(newRequest({ fiscalYear: 2033, casePrefix: 'R15', draftId }))),
      );

      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(new Set(results.map((r) => r.request.id)).size).toBe(1);
      const rows = await target.query('SELECT "id" FROM "Request" WHERE "fiscalYear" = ?', [2033]);
      expect(rows).toHaveLength(1);
    });

    it('updates only the version it was given, and refuses a stale one', async () => {
      const { request } = await db.repositories.requests.create(newRequest({ fiscalYear: 2034, casePrefix: 'R16' }));
      const form: RequestForm = { ...seedForm(), title: '情報マネジメント推進計画の策定について(最終報告)' };
      const changes: FieldChange[] = [{ field: 'title', old: request.form.title, new: form.title }];

      const ok = await db.repositories.requests.update(request.id, { form, expectedVersion: 1, actor: bob, changes, now: later(5) });
      const stale = await db.repositories.requests.update(request.id, { form: seedForm(), expectedVersion: 1, actor: alice, changes, now: later(6) });
      const missing = await db.repositories.requests.update(randomUUID(), { form, expectedVersion: 1, actor: alice, changes, now });

      expect(ok).toEqual({ ok: true, request: { ...request, version: 2, form, updatedAt: later(5) } });
      expect(stale).toEqual({ ok: false, reason: 'stale' });
      expect(missing).toEqual({ ok: false, reason: 'not_found' });
      expect((await db.repositories.requests.get(request.id))?.form.title).toBe(form.title);
      expect(await db.repositories.requests.history(request.id)).toHaveLength(2);
    });

    it('lets exactly one of two concurrent updates of the same version through', async () => {
      const { request } = await db.repositories.requests.create(newRequest({ fiscalYear: 2035, casePrefix: 'R17' }));
      const update = (title: string) =>
        db.repositories.requests.update(request.id, {
          form: { ...seedForm(), title },
          expectedVersion: 1,
          actor: alice,
          changes: [{ field: 'title', old: request.form.title, new: title }],
          now: later(1),
        });

      const results = await Promise.all([update('甲'), update('乙'), update('丙')]);

      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(['stale', 'stale']);
      expect(await db.repositories.requests.history(request.id)).toHaveLength(2);
    });

    it('keeps the history in order, each entry as written, even when entries share an instant', async () => {
      const { request } = await db.repositories.requests.create(newRequest({ fiscalYear: 2036, casePrefix: 'R18' }));
      const newDate = { precision: 'day', year: 2009, month: 6, day: 1 } as const;
      const first: FieldChange[] = [
        { field: 'desiredDates.kyoku', old: request.form.desiredDates.kyoku, new: newDate },
        { field: 'remarks', old: '', new: '資料は当日配布' },
      ];
      const second: FieldChange[] = [{ field: 'councilSession', old: '', new: '12月定例会' }];
      const form1 = { ...request.form, desiredDates: { ...request.form.desiredDates, kyoku: newDate }, remarks: '資料は当日配布' };
      const form2 = { ...form1, councilSession: '12月定例会' };

      await db.repositories.requests.update(request.id, { form: form1, expectedVersion: 1, actor: bob, changes: first, now });
      await db.repositories.requests.update(request.id, { form: form2, expectedVersion: 2, actor: alice, changes: second, now });
      const history = await db.repositories.requests.history(request.id);

      expect(history.map((h) => [h.kind, h.actor, h.at, h.changes])).toEqual([
        ['created', alice, now, []],
        ['updated', bob, now, first],
        ['updated', alice, now, second],
      ]);
      expect(history.every((h) => h.requestId === request.id)).toBe(true);
      expect(await db.repositories.requests.history(randomUUID())).toEqual([]);
    });

    it('records what the filing confirmed in the created entry', async () => {
      const confirmed: FieldChange[] = [{ field: 'confirmedWarnings', old: null, new: ['議会上程時期: 議案提出期限を過ぎています。'] }];
      const { request } = await db.repositories.requests.create({ ...newRequest({ fiscalYear: 2045, casePrefix: 'R27' }), changes: confirmed });
      expect((await db.repositories.requests.history(request.id)).map((h) => [h.kind, h.changes])).toEqual([['created', confirmed]]);
    });

    it('withdraws and restores a request by version, with a history entry each, and keeps it off the agenda while withdrawn', async () => {
      const { request } = await db.repositories.requests.create(newRequest({ fiscalYear: 2061, casePrefix: 'R43' }));
      const kyoku = request.form.desiredDates.kyoku!;
      const day = `${kyoku.year}-${String(kyoku.month).padStart(2, '0')}-${String(kyoku.day).padStart(2, '0')}`;
      const withdrawal: FieldChange[] = [
        { field: 'status', old: 'filed', new: 'withdrawn' },
        { field: 'withdrawReason', old: null, new: '見送り' },
      ];
      const out = await db.repositories.requests.setStatus(request.id, {
        status: 'withdrawn',
        kind: 'withdrawn',
        expectedVersion: 1,
        actor: alice,
        changes: withdrawal,
        now: later(1),
      });
      const stale = await db.repositories.requests.setStatus(request.id, {
        status: 'filed',
        kind: 'restored',
        expectedVersion: 1,
        actor: bob,
        changes: [],
        now: later(2),
      });
      const missing = await db.repositories.requests.setStatus(randomUUID(), {
        status: 'filed',
        kind: 'restored',
        expectedVersion: 1,
        actor: bob,
        changes: [],
        now: later(2),
      });

      expect(out).toEqual({ ok: true, request: { ...request, status: 'withdrawn', version: 2, updatedAt: later(1) } });
      expect(stale).toEqual({ ok: false, reason: 'stale' });
      expect(missing).toEqual({ ok: false, reason: 'not_found' });
      expect((await db.repositories.requests.listByTierDate('kyoku', day, day)).map((x) => x.request.id)).not.toContain(request.id);

      const back = await db.repositories.requests.setStatus(request.id, {
        status: 'filed',
        kind: 'restored',
        expectedVersion: 2,
        actor: bob,
        changes: [{ field: 'status', old: 'withdrawn', new: 'filed' }],
        now: later(3),
      });
      expect(back.ok && back.request.status).toBe('filed');
      expect((await db.repositories.requests.listByTierDate('kyoku', day, day)).map((x) => x.request.id)).toContain(request.id);
      expect((await db.repositories.requests.get(request.id))!.form).toEqual(request.form);
      const history = await db.repositories.requests.history(request.id);
      expect(history.map((h) => [h.kind, h.actor, h.at, h.changes])).toEqual([
        ['created', alice, now, []],
        ['withdrawn', alice, later(1), withdrawal],
        ['restored', bob, later(3), [{ field: 'status', old: 'withdrawn', new: 'filed' }]],
      ]);
    });

    it('lists a 年度 in case-number order, withdrawn ones included, and the reviews of many requests at once', async () => {
      const made = [];
      for (const title of ['一', '二', '三'])
        made.push(
          (await db.repositories.requests.create(newRequest({ fiscalYear: 2062, casePrefix: 'R44', form: { ...seedForm(), title } }))).request,
        );
      await db.repositories.requests.create(newRequest({ fiscalYear: 2063, casePrefix: 'R45' }));
      await db.repositories.requests.setStatus(made[1].id, {
        status: 'withdrawn',
        kind: 'withdrawn',
        expectedVersion: 1,
        actor: alice,
        changes: [],
        now: later(1),
      });
      const listed = await db.repositories.requests.listByFiscalYear(2062);
      expect(listed.map((r) => [r.caseNo, r.form.title, r.status])).toEqual([
        ['R44-001', '一', 'filed'],
        ['R44-002', '二', 'withdrawn'],
        ['R44-003', '三', 'filed'],
      ]);
      expect(await db.repositories.requests.listByFiscalYear(2064)).toEqual([]);
      await db.repositories.reviews.saveResult(made[0].id, 'kacho', { meetingLabel: '', result: '了承', followUps: [] }, later(2));
      const reviews = await db.repositories.reviews.listForMany(made.map((r) => r.id));
      expect([...reviews.keys()]).toEqual(made.map((r) => r.id));
      expect(reviews.get(made[0].id)!.map((r) => [r.tierId, r.result])).toEqual([['kacho', '了承']]);
      expect(reviews.get(made[2].id)).toEqual([]);
    });

    it('searches case number, title, 概要, 審議内容 and 所管 by partial Japanese words, newest first, kept in step with updates', async () => {
      const mk = async (fiscalYear: number, prefix: string, over: Partial<RequestForm>) =>
        (await db.repositories.requests.create(newRequest({ fiscalYear, casePrefix: prefix, form: { ...seedForm(), ...over } }))).request;
      const old = await mk(2071, 'R53', { title: '(仮称)情報マネジメント推進計画の策定について', summary: '旧年度の概要' });
      const mid = await mk(2072, 'R54', { title: '市民会館の改修について', summary: '１００％ 再生可能エネルギー', points: '財源の確保' });
      const mine = await mk(2072, 'R54', { title: 'ＩＣＴ活用の検討', summary: '特になし' });
      const search = async (...terms: string[]) =>
        (await db.repositories.requests.search(terms, 50)).map((r) => r.caseNo).filter((c) => /^R5[34]-/.test(c));

      expect(await search('マネジメント')).toEqual([old.caseNo]);
      expect(await search('改修')).toEqual([mid.caseNo]); // two characters: below a trigram
      expect(await search('ict')).toEqual([mine.caseNo]); // full-width ＩＣＴ folded
      expect(await search('100%')).toEqual([mid.caseNo]); // ％ folded, % taken literally
      expect(await search('財源の確保')).toEqual([mid.caseNo]);
      expect(await search(mine.caseNo.toLowerCase())).toEqual([mine.caseNo]);
      expect(await search('ついて')).toEqual([mid.caseNo, old.caseNo]); // newest first
      expect(await search('ついて', '市民')).toEqual([mid.caseNo]);
      expect(await search('0%')).toEqual([mid.caseNo]);
      expect(await search('_%')).toEqual([]); // LIKE wildcards are literal characters here
      expect(await search('存在しない語句')).toEqual([]);
      // 所管 (the seed's owner) is searchable too.
      expect((await search(seedForm().owner.department)).length).toBeGreaterThanOrEqual(3);

      const form = { ...mine.form, title: 'ＤＸ推進の検討' };
      await db.repositories.requests.update(mine.id, {
        form,
        expectedVersion: 1,
        actor: alice,
        changes: [{ field: 'title', old: mine.form.title, new: form.title }],
        now: later(1),
      });
      expect(await search('ict')).toEqual([]);
      expect(await search('dx推進')).toEqual([mine.caseNo]);
      expect((await db.repositories.requests.search(['について'], 1)).length).toBe(1);
    });

    it('keeps one review-date row per tier in step with the form, found through the (tierId, date) index', async () => {
      const { request } = await db.repositories.requests.create(newRequest({ fiscalYear: 2037, casePrefix: 'R19' }));
      const rows = () =>
        target.query<{ tierId: string; date: string }>('SELECT "tierId", "date" FROM "RequestTierDate" WHERE "requestId" = ? ORDER BY "tierId"', [
          request.id,
        ]);

      expect(await rows()).toEqual([
        { tierId: 'kacho', date: '2009-04-16' },
        { tierId: 'kyoku', date: '2009-05-18' },
      ]);

      const form: RequestForm = {
        ...request.form,
        desiredDates: { kacho: request.form.desiredDates.kacho, kyoku: null, chosei: { precision: 'day', year: 2009, month: 6, day: 3 } },
      };
      await db.repositories.requests.update(request.id, { form, expectedVersion: 1, actor: alice, changes: [], now: later(1) });

      expect(await rows()).toEqual([
        { tierId: 'chosei', date: '2009-06-03' },
        { tierId: 'kacho', date: '2009-04-16' },
      ]);
      const plan = await target.explain('SELECT "requestId" FROM "RequestTierDate" WHERE "tierId" = ? AND "date" = ?', ['chosei', '2009-06-03']);
      expect(plan).toContain('RequestTierDate_tierId_date_idx');
      const rangePlan = await target.explain('SELECT "requestId", "date" FROM "RequestTierDate" WHERE "tierId" = ? AND "date" >= ? AND "date" < ?', [
        'kacho',
        '2009-04-01',
        '2009-05-01',
      ]);
      expect(rangePlan).toContain('RequestTierDate_tierId_date_idx');
    });

    it('fails loudly, naming the request, when a stored form is corrupt', async () => {
      const { request } = await db.repositories.requests.create(newRequest({ fiscalYear: 2038, casePrefix: 'R20' }));
      const broken = { ...seedForm(), filedOn: { precision: 'day', year: 2009, month: 13, day: 1 } };
      await target.query('UPDATE "Request" SET "form" = ? WHERE "id" = ?', [JSON.stringify(broken), request.id]);

      const read = db.repositories.requests.get(request.id);

      await expect(read).rejects.toThrow(StoredDataError);
      await expect(read).rejects.toThrow(request.id);
      await target.query('DELETE FROM "Request" WHERE "id" = ?', [request.id]);
    });
  });

  describe('drafts', () => {
    const input = (over: { actor?: Actor; requestId?: string | null; now?: Date } = {}) => ({
      actor: over.actor ?? alice,
      conversation: channel,
      requestId: over.requestId ?? null,
      baseVersion: over.requestId ? 1 : null,
      data: { title: '(仮称)情報マネジメント推進計画', desiredDates: { kacho: 'H21.4.16' } },
      now: over.now ?? now,
    });

    it('saves typed data while open, is submitted once, and can be reopened', async () => {
      const draft = await db.repositories.drafts.create(input());
      const { now: _, ...fields } = input();
      expect(draft).toEqual({ id: expect.any(String), ...fields, status: 'open', createdAt: now, updatedAt: now });
      expect(await db.repositories.drafts.get(draft.id)).toEqual(draft);

      expect(await db.repositories.drafts.save(draft.id, { title: '改題' }, later(1))).toBe(true);
      expect(await db.repositories.drafts.get(draft.id)).toMatchObject({ data: { title: '改題' }, updatedAt: later(1) });

      const marks = await Promise.all([1, 2, 3].map(() => db.repositories.drafts.markSubmitted(draft.id, later(2))));
      expect(marks.filter(Boolean)).toHaveLength(1);
      expect(await db.repositories.drafts.save(draft.id, { title: '遅すぎた' }, later(3))).toBe(false);
      expect(await db.repositories.drafts.get(draft.id)).toMatchObject({ status: 'submitted', data: { title: '改題' } });

      await db.repositories.drafts.reopen(draft.id, later(4));
      expect(await db.repositories.drafts.get(draft.id)).toMatchObject({ status: 'open', updatedAt: later(4) });
      expect(await db.repositories.drafts.markSubmitted(draft.id, later(5))).toBe(true);
      expect(await db.repositories.drafts.get(randomUUID())).toBeNull();
      expect(await db.repositories.drafts.save(randomUUID(), {}, now)).toBe(false);
      expect(await db.repositories.drafts.markSubmitted(randomUUID(), now)).toBe(false);
    });

    it("finds the person's latest open draft of a new request since a time", async () => {
      const carol: Actor = { platform: 'teams', userId: '29:carol' };
      const old = await db.repositories.drafts.create(input({ actor: carol, now: later(-60) }));
      const latest = await db.repositories.drafts.create(input({ actor: carol, now: later(10) }));
      const submitted = await db.repositories.drafts.create(input({ actor: carol, now: later(20) }));
      await db.repositories.drafts.markSubmitted(submitted.id, later(20));
      await db.repositories.drafts.create(input({ actor: carol, requestId: randomUUID(), now: later(30) })); // an edit
      await db.repositories.drafts.create(input({ actor: { platform: 'slack', userId: '29:carol' }, now: later(40) }));

      expect((await db.repositories.drafts.latestOpen(carol, later(-5)))?.id).toBe(latest.id);
      expect((await db.repositories.drafts.latestOpen(carol, later(-120)))?.id).toBe(latest.id);
      expect(await db.repositories.drafts.latestOpen(carol, later(11))).toBeNull();
      await db.repositories.drafts.save(old.id, { title: '書き直し' }, later(50));
      expect((await db.repositories.drafts.latestOpen(carol, later(-5)))?.id).toBe(old.id);
    });
  });

  describe('posts', () => {
    it('remembers where a request was posted, one message per channel', async () => {
      const { request } = await db.repositories.requests.create(newRequest({ fiscalYear: 2039, casePrefix: 'R21' }));
      const slack = {
        requestId: request.id,
        platform: 'slack' as const,
        channelId: 'C0CHOGI',
        messageId: '1713227400.000100',
        permalink: 'https://example.slack.com/archives/C0CHOGI/p1713227400000100',
      };
      const teams = {
        requestId: request.id,
        platform: 'teams' as const,
        channelId: '19:abc@thread.tacv2',
        messageId: '1713227400123',
        permalink: null,
      };

      await db.repositories.posts.save(slack);
      await db.repositories.posts.save(teams);
      await db.repositories.posts.save({ ...slack, messageId: '1713227999.000200' });

      expect(await db.repositories.posts.listFor(request.id)).toEqual([{ ...slack, messageId: '1713227999.000200' }, teams]);
      expect(await db.repositories.posts.listFor(randomUUID())).toEqual([]);
    });
  });

  describe('deliveries', () => {
    it('claims a delivery key once, even when claims race', async () => {
      const key = `slack:trigger:${randomUUID()}`;
      const claims = await Promise.all([1, 2, 3, 4].map(() => db.repositories.deliveries.claim(key, now)));

      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await db.repositories.deliveries.claim(key, later(1))).toBe(false);
      expect(await db.repositories.deliveries.claim(`${key}:other`, later(1))).toBe(true);
    });

    it('can release a claim whose work failed, to claim it again', async () => {
      const key = `agenda:${randomUUID()}`;
      expect(await db.repositories.deliveries.claim(key, now)).toBe(true);
      await db.repositories.deliveries.release(key);
      expect(await db.repositories.deliveries.claim(key, later(1))).toBe(true);
      expect(await db.repositories.deliveries.claim(key, later(2))).toBe(false);
    });
  });

  describe('agenda lookups', () => {
    it('lists the requests of a tier between two days, by day then case number', async () => {
      const tier = `t${randomUUID().slice(0, 8)}`;
      const form = (date: string) => ({
        ...seedForm(),
        desiredDates: {
          [tier]: { precision: 'day' as const, year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) },
        },
      });
      const fy = 3000 + Math.floor(Math.random() * 1000);
      const b = (await db.repositories.requests.create(newRequest({ form: form('2026-12-07'), fiscalYear: fy, casePrefix: `T${fy}` }))).request;
      const a = (await db.repositories.requests.create(newRequest({ form: form('2026-12-07'), fiscalYear: fy, casePrefix: `T${fy}` }))).request;
      const c = (await db.repositories.requests.create(newRequest({ form: form('2026-12-14'), fiscalYear: fy, casePrefix: `T${fy}` }))).request;
      await db.repositories.requests.create(newRequest({ form: form('2026-12-21'), fiscalYear: fy, casePrefix: `T${fy}` }));
      const found = await db.repositories.requests.listByTierDate(tier, '2026-12-07', '2026-12-14');
      expect(found.map((f) => [f.date, f.request.id])).toEqual([
        ['2026-12-07', b.id],
        ['2026-12-07', a.id],
        ['2026-12-14', c.id],
      ]);
      // The agenda's rows are the same requests, in the same types, as a read by id.
      expect(found[0].request).toEqual(await db.repositories.requests.get(b.id));
      expect(found[2].request).toEqual(await db.repositories.requests.get(c.id));
      expect(await db.repositories.requests.listByTierDate(tier, '2026-12-08', '2026-12-13')).toEqual([]);
    });

    it('lists several tiers in one lookup: by day then case number, a request once for each of its tiers', async () => {
      const [t1, t2] = [`t${randomUUID().slice(0, 8)}`, `u${randomUUID().slice(0, 8)}`];
      const on = (date: string) => ({
        precision: 'day' as const,
        year: Number(date.slice(0, 4)),
        month: Number(date.slice(5, 7)),
        day: Number(date.slice(8, 10)),
      });
      const fy = 3000 + Math.floor(Math.random() * 1000);
      const make = async (desiredDates: Record<string, ReturnType<typeof on>>) =>
        (await db.repositories.requests.create(newRequest({ form: { ...seedForm(), desiredDates }, fiscalYear: fy, casePrefix: `T${fy}` }))).request;
      const both = await make({ [t1]: on('2026-12-07'), [t2]: on('2026-12-07') });
      const second = await make({ [t2]: on('2026-12-07') });
      const nextDay = await make({ [t1]: on('2026-12-08') });
      await make({ [t1]: on('2026-12-09') });
      const found = await db.repositories.requests.listByTiersDate([t1, t2], '2026-12-07', '2026-12-08');
      const byTier = (t: string) => found.filter((f) => f.tierId === t).map((f) => [f.date, f.request.id]);
      expect(byTier(t1)).toEqual([
        ['2026-12-07', both.id],
        ['2026-12-08', nextDay.id],
      ]);
      expect(byTier(t2)).toEqual([
        ['2026-12-07', both.id],
        ['2026-12-07', second.id],
      ]);
      expect(found.map((f) => f.date)).toEqual(['2026-12-07', '2026-12-07', '2026-12-07', '2026-12-08']);
      expect(found.find((f) => f.request.id === second.id)!.request).toEqual(await db.repositories.requests.get(second.id));
      // The same rows as asking each tier on its own.
      for (const t of [t1, t2])
        expect(found.filter((f) => f.tierId === t).map(({ date, request }) => ({ date, request }))).toEqual(
          await db.repositories.requests.listByTierDate(t, '2026-12-07', '2026-12-08'),
        );
      expect(await db.repositories.requests.listByTiersDate([], '2026-12-07', '2026-12-08')).toEqual([]);
    });
  });

  describe('conversation references', () => {
    it('keeps the newest reference of each conversation', async () => {
      const id = `19:${randomUUID()}@thread.tacv2`;
      expect(await db.repositories.conversations.get('teams', id)).toBeNull();
      await db.repositories.conversations.save({ platform: 'teams', conversationId: id, reference: { serviceUrl: 'http://a/' }, updatedAt: now });
      await db.repositories.conversations.save({
        platform: 'teams',
        conversationId: id,
        reference: { serviceUrl: 'http://b/', conversation: { id, name: '企画部' } },
        updatedAt: later(1),
      });
      expect(await db.repositories.conversations.get('teams', id)).toEqual({
        platform: 'teams',
        conversationId: id,
        reference: { serviceUrl: 'http://b/', conversation: { id, name: '企画部' } },
        updatedAt: later(1),
      });
    });
  });

  describe('feed keys, home viewers and posts of many requests', () => {
    it('raises a feed key version once per rotation, concurrent ones included', async () => {
      const holder: Actor = { platform: 'slack', userId: `U${randomUUID()}` };
      expect(await db.repositories.feedKeys.version(holder)).toBe(0);
      expect(await db.repositories.feedKeys.rotate(holder, now)).toBe(1);
      const versions = await Promise.all(Array.from({ length: 5 }, (_, i) => db.repositories.feedKeys.rotate(holder, later(i + 1))));
      expect([...versions].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6]);
      expect(await db.repositories.feedKeys.version(holder)).toBe(6);
      expect(await db.repositories.feedKeys.version({ platform: 'teams', userId: holder.userId })).toBe(0);
    });

    it('finds one home viewer and lets go of those not seen since a time', async () => {
      const userId = `U${randomUUID()}`;
      const other = `U${randomUUID()}`;
      // Far ahead, so that no other test's expiry (they share the database) takes it.
      const ahead = new Date('2099-01-01T00:00:00.000Z');
      expect(await db.repositories.homeViewers.get('slack', userId)).toBeNull();
      await db.repositories.homeViewers.opened({ platform: 'slack', userId, place: 'D1', activityId: null, lastOpenedAt: now });
      await db.repositories.homeViewers.opened({ platform: 'slack', userId: other, place: 'D2', activityId: null, lastOpenedAt: ahead });
      expect(await db.repositories.homeViewers.get('slack', userId)).toEqual({
        platform: 'slack',
        userId,
        place: 'D1',
        activityId: null,
        lastOpenedAt: now,
      });
      expect(await db.repositories.homeViewers.get('teams', userId)).toBeNull();
      expect(await db.repositories.homeViewers.expire(later(30))).toBeGreaterThanOrEqual(1);
      expect(await db.repositories.homeViewers.get('slack', userId)).toBeNull();
      expect((await db.repositories.homeViewers.get('slack', other))?.lastOpenedAt).toEqual(ahead);
    });

    it('lists where each of many requests was posted, every id a key', async () => {
      const { request: a } = await db.repositories.requests.create(newRequest({ draftId: randomUUID() }));
      const { request: b } = await db.repositories.requests.create(newRequest({ draftId: randomUUID() }));
      await db.repositories.posts.save({ requestId: a.id, platform: 'teams', channelId: '19:x', messageId: 'm1', permalink: null });
      await db.repositories.posts.save({ requestId: a.id, platform: 'slack', channelId: 'C2', messageId: '2.2', permalink: 'https://p/2' });
      await db.repositories.posts.save({ requestId: a.id, platform: 'slack', channelId: 'C1', messageId: '1.1', permalink: null });
      const found = await db.repositories.posts.listForMany([a.id, b.id, 'none']);
      expect([...found.keys()].sort()).toEqual([a.id, b.id, 'none'].sort());
      expect(found.get(a.id)).toEqual(await db.repositories.posts.listFor(a.id));
      expect(found.get(a.id)!.map((p) => `${p.platform}:${p.channelId}`)).toEqual(['slack:C1', 'slack:C2', 'teams:19:x']);
      expect(found.get(b.id)).toEqual([]);
      expect(await db.repositories.posts.listForMany([])).toEqual(new Map());
    });
  });

  describeReminderContract(() => ({ db, target }));
  describeMeetingContract(() => ({ db, target }));
  describeAttachmentContract(() => ({ db, target }));
  describeRosterContract(() => ({ db, target }));
  describeDeskReadsContract(() => ({ db, target }));

  it('answers the health check', async () => {
    expect(await db.ready()).toBe(true);
  });
}
