/**
 * Meeting storage on SQLite and PostgreSQL alike (called from repositoryContract.ts):
 * opinions numbered without gaps or duplicates under concurrency, the closed meeting
 * decided in the same statement as the number, answers in order, attendance check-ins
 * that never overwrite each other, and changes kept in the request's history.
 */
import type { Actor } from '../../src/domain/request';
import type { Database } from '../../src/infra/db';
import { seedForm } from '../fixtures/seedForm';
import type { TestDatabase } from './support/databases';

const T0 = new Date('2009-04-16T04:30:00.000Z');
const alice: Actor = { platform: 'slack', userId: 'U0ALICE' };
const bob: Actor = { platform: 'slack', userId: 'U0BOB' };

export function describeMeetingContract(get: () => { db: Database; target: TestDatabase }): void {
  let fy = 2100;
  async function newRequestId(db: Database): Promise<string> {
    fy += 1;
    const { request } = await db.repositories.requests.create({
      form: seedForm(),
      createdBy: alice,
      origin: { platform: 'slack', channelId: 'C0MEET' },
      draftId: null,
      now: T0,
      fiscalYear: fy,
      casePrefix: `X${fy}`,
    });
    return request.id;
  }
  const opinion = (requestId: string, n: number, over: Partial<{ allowClosed: boolean; author: Actor }> = {}) => ({
    requestId,
    tierId: 'kacho',
    sectionId: 'zaimu',
    text: `意見${n}`,
    tags: ['成果指標'],
    author: bob,
    now: T0,
    allowClosed: false,
    ...over,
  });

  describe('meetings', () => {
    it('numbers 30 concurrent opinions 1..30 without gaps or duplicates, each stored as given', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => db.repositories.reviews.addOpinion(opinion(requestId, i))));
      expect(results.every((r) => r.ok)).toBe(true);
      const meeting = (await db.repositories.reviews.get(requestId, 'kacho'))!;
      expect(meeting.opinions.map((o) => o.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(new Set(meeting.opinions.map((o) => o.text)).size).toBe(30);
      expect(meeting.review.opinionSeq).toBe(30);
      expect(meeting.opinions[0]).toMatchObject({
        tierId: 'kacho',
        sectionId: 'zaimu',
        tags: ['成果指標'],
        author: bob,
        status: 'active',
        answers: [],
      });
    });

    it('refuses opinions once the meeting is closed, except for the secretariat, without using a number', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      expect((await db.repositories.reviews.addOpinion(opinion(requestId, 1))).ok).toBe(true);
      expect(await db.repositories.reviews.close(requestId, 'kacho', 'U0SEC', T0)).toBe(true);
      expect(await db.repositories.reviews.close(requestId, 'kacho', 'U0SEC', T0)).toBe(false);
      expect(await db.repositories.reviews.addOpinion(opinion(requestId, 2))).toEqual({ ok: false, reason: 'closed' });
      const late = await db.repositories.reviews.addOpinion(opinion(requestId, 3, { allowClosed: true }));
      expect(late.ok && late.opinion.seq).toBe(2);
      const review = (await db.repositories.reviews.get(requestId, 'kacho'))!.review;
      expect(review.closedBy).toBe('U0SEC');
      expect(review.closedAt).toEqual(T0);
    });

    it('decides between a closing and racing opinions: every opinion stored is numbered, none after the close', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const [results] = await Promise.all([
        Promise.all(Array.from({ length: 20 }, (_, i) => db.repositories.reviews.addOpinion(opinion(requestId, i)))),
        db.repositories.reviews.close(requestId, 'kacho', 'U0SEC', T0),
      ]);
      const stored = (await db.repositories.reviews.get(requestId, 'kacho'))!;
      const ok = results.filter((r) => r.ok).length;
      expect(stored.opinions.map((o) => o.seq)).toEqual(Array.from({ length: ok }, (_, i) => i + 1));
      expect(stored.review.opinionSeq).toBe(ok);
    });

    it('keeps zero, one or several answers per opinion in order, numbered per opinion even when they race', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const a = await db.repositories.reviews.addOpinion(opinion(requestId, 1));
      const b = await db.repositories.reviews.addOpinion(opinion(requestId, 2));
      if (!a.ok || !b.ok) throw new Error('not stored');
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => db.repositories.reviews.addAnswer(a.opinion.id, { text: `回答${i}`, author: alice, now: T0 })),
      );
      expect(await db.repositories.reviews.addAnswer('no-such-opinion', { text: 'x', author: alice, now: T0 })).toBeNull();
      const m = (await db.repositories.reviews.get(requestId, 'kacho'))!;
      expect(m.opinions[0].answers.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(m.opinions[1].answers).toEqual([]);
      expect((await db.repositories.reviews.getOpinion(a.opinion.id))!.answers).toHaveLength(10);
    });

    it('records concurrent self check-ins without losing one, and a full list from the secretariat', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const ids = ['kikaku-bucho', 'zaimu', 'somu', 'koho', 'shokuin', 'shobo-somu'];
      await Promise.all(ids.map((id) => db.repositories.reviews.markPresent(requestId, 'kacho', id, T0)));
      const review = (await db.repositories.reviews.get(requestId, 'kacho'))!.review;
      expect([...review.attendance!].sort()).toEqual([...ids].sort());
      const saved = await db.repositories.reviews.saveAttendance(requestId, 'kacho', ['zaimu'], null, T0);
      expect(saved.attendance).toEqual(['zaimu']);
      expect((await db.repositories.reviews.listFor(requestId)).map((r) => r.tierId)).toEqual(['kacho']);
    });

    it('keeps corrections and withdrawals in the request history, never rewritten', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const a = await db.repositories.reviews.addOpinion(opinion(requestId, 1));
      if (!a.ok) throw new Error('not stored');
      const field = 'opinion.kacho.1';
      await db.repositories.reviews.updateOpinion(
        a.opinion.id,
        { text: '訂正後' },
        { actor: bob, changes: [{ field, old: { text: '意見1' }, new: { text: '訂正後' } }] },
        T0,
      );
      await db.repositories.reviews.updateOpinion(
        a.opinion.id,
        { status: 'withdrawn' },
        { actor: bob, changes: [{ field, old: { status: 'active' }, new: { status: 'withdrawn' } }] },
        T0,
      );
      const stored = (await db.repositories.reviews.getOpinion(a.opinion.id))!;
      expect(stored).toMatchObject({ text: '訂正後', status: 'withdrawn', seq: 1 });
      const history = await db.repositories.requests.history(requestId);
      expect(history.map((h) => h.changes[0]?.field ?? h.kind)).toEqual(['created', field, field]);
      expect(history[1].changes[0]).toEqual({ field, old: { text: '意見1' }, new: { text: '訂正後' } });
      expect((await db.repositories.requests.get(requestId))!.version).toBe(3);
    });

    it('stores the result with its follow-ups', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const review = await db.repositories.reviews.saveResult(
        requestId,
        'kacho',
        { meetingLabel: '第3回検討会議', result: '原案を上部庁議へ付議する', followUps: ['○a', '・b'] },
        T0,
      );
      expect(review).toMatchObject({ meetingLabel: '第3回検討会議', result: '原案を上部庁議へ付議する', followUps: ['○a', '・b'], attendance: null });
    });
  });
}
