/**
 * 出席者名簿 storage on SQLite and PostgreSQL alike (called from repositoryContract.ts):
 * assignments replaced per section with history, moves between sections, one section
 * per person enforced by the database, the org file imported once.
 */
import type { Database } from '../../src/infra/db';
import type { TestDatabase } from './support/databases';

const T0 = new Date('2027-04-01T00:00:00.000Z');
const T1 = new Date('2027-04-02T00:00:00.000Z');

export function describeRosterContract(get: () => { db: Database; target: TestDatabase }): void {
  describe('roster', () => {
    it('imports the org file once, then sets sections, moves and removes people, keeping the history', async () => {
      const roster = get().db.repositories.roster;
      expect(
        await roster.importIfEmpty(
          [
            { platform: 'slack', userId: 'U0A', sectionId: 'zaimu' },
            { platform: 'teams', userId: 'aad-1', sectionId: 'somu' },
          ],
          T0,
        ),
      ).toBe(2);
      // A second start (or a second instance) imports nothing: the roster is the app's now.
      expect(await roster.importIfEmpty([{ platform: 'slack', userId: 'U0Z', sectionId: 'koho' }], T0)).toBe(0);
      expect(await roster.sectionOf('slack', 'U0A')).toBe('zaimu');
      expect(await roster.sectionOf('teams', 'aad-1')).toBe('somu');
      expect(await roster.sectionOf('slack', 'U0Z')).toBeNull();

      // 人事異動: U0A moves to 総務課, U0B takes 財務課.
      const r = await roster.setSections({ platform: 'slack', sections: { zaimu: ['U0B'], somu: ['U0A', 'U0C'] }, by: 'slack:U0SEC', now: T1 });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.added.map((e) => [e.userId, e.sectionId]).sort()).toEqual([
        ['U0A', 'somu'],
        ['U0B', 'zaimu'],
        ['U0C', 'somu'],
      ]);
      expect(r.removed.map((e) => [e.userId, e.sectionId])).toEqual([['U0A', 'zaimu']]);
      expect(await roster.sectionOf('slack', 'U0A')).toBe('somu');
      expect((await roster.current('slack')).map((e) => [e.sectionId, e.userId, e.assignedBy])).toEqual([
        ['somu', 'U0A', 'slack:U0SEC'],
        ['somu', 'U0C', 'slack:U0SEC'],
        ['zaimu', 'U0B', 'slack:U0SEC'],
      ]);
      // Teams' roster is its own.
      expect((await roster.current('teams')).map((e) => e.userId)).toEqual(['aad-1']);

      // Unchanged people keep their assignment (and its date); an emptied section loses its people.
      const again = await roster.setSections({
        platform: 'slack',
        sections: { somu: ['U0A'] },
        by: 'slack:U0SEC2',
        now: new Date(T1.getTime() + 60_000),
      });
      expect(again).toMatchObject({ ok: true, added: [], removed: [{ userId: 'U0C', sectionId: 'somu' }] });
      expect(await roster.sectionOf('slack', 'U0C')).toBeNull();

      const history = await roster.history(10);
      const ended = history.find((h) => h.userId === 'U0A' && h.sectionId === 'zaimu')!;
      expect(ended).toMatchObject({ assignedBy: 'org-file', assignedAt: T0, removedBy: 'slack:U0SEC', removedAt: T1 });
      const c = history.find((h) => h.userId === 'U0C')!;
      expect(c).toMatchObject({ assignedBy: 'slack:U0SEC', removedBy: 'slack:U0SEC2' });
      expect(history).toHaveLength(5);
    });

    it('refuses a person in two sections at once, even from concurrent changes', async () => {
      const roster = get().db.repositories.roster;
      const results = await Promise.all([
        roster.setSections({ platform: 'teams', sections: { koho: ['aad-race'] }, by: 'teams:sec', now: T1 }),
        roster.setSections({ platform: 'teams', sections: { shokuin: ['aad-race'] }, by: 'teams:sec', now: T1 }),
      ]);
      const current = (await roster.current('teams')).filter((e) => e.userId === 'aad-race');
      expect(current).toHaveLength(1);
      // Either both ran one after the other (a move) or the second was refused; never two sections.
      expect(results.some((r) => r.ok)).toBe(true);
    });
  });
}

/** The reads behind each person's desk (home tab), on both databases. */
export function describeDeskReadsContract(get: () => { db: Database; target: TestDatabase }): void {
  let fy = 2200;
  const T = new Date('2030-04-01T00:00:00.000Z');
  async function file(db: Database, userId: string) {
    fy += 1;
    const { seedForm } = await import('../fixtures/seedForm');
    return (
      await db.repositories.requests.create({
        form: seedForm(),
        createdBy: { platform: 'slack', userId },
        origin: { platform: 'slack', channelId: 'C0DESK' },
        draftId: null,
        now: new Date(T.getTime() + fy),
        fiscalYear: fy,
        casePrefix: `D${fy}`,
      })
    ).request;
  }

  describe('desk reads', () => {
    it("lists a person's requests newest first with their total, reviews of many requests, opinions waiting for an answer and deadlines by due day", async () => {
      const { db } = get();
      const r = db.repositories;
      const a = await file(db, 'U0DESK');
      const b = await file(db, 'U0DESK');
      await file(db, 'U0ELSE');
      const mine = await r.requests.listFiledBy({ platform: 'slack', userId: 'U0DESK' }, 1);
      expect(mine.total).toBe(2);
      expect(mine.items.map((x) => x.id)).toEqual([b.id]);
      expect((await r.requests.listFiledBy({ platform: 'teams', userId: 'U0DESK' }, 5)).total).toBe(0);

      let minute = 0;
      const add = (requestId: string, text: string) =>
        r.reviews.addOpinion({
          requestId,
          tierId: 'kacho',
          sectionId: 'zaimu',
          text,
          tags: [],
          author: { platform: 'slack', userId: 'U0SPEAK' },
          now: new Date(T.getTime() + ++minute * 60_000),
          allowClosed: false,
        });
      const o1 = await add(a.id, '一つ目');
      await add(a.id, '二つ目');
      await add(b.id, '三つ目');
      if (!o1.ok) throw new Error('not stored');
      await r.reviews.addAnswer(o1.opinion.id, { text: '回答', author: { platform: 'slack', userId: 'U0DESK' }, now: T });
      const waiting = await r.reviews.unanswered([a.id, b.id], 10);
      expect(waiting.total).toBe(2);
      expect(waiting.items.map((o) => o.text)).toEqual(['二つ目', '三つ目']);
      expect((await r.reviews.unanswered([a.id], 10)).items.map((o) => o.text)).toEqual(['二つ目']);
      expect((await r.reviews.unanswered(null, 1)).items).toHaveLength(1);
      const reviews = await r.reviews.listForMany([a.id, b.id, 'none']);
      expect(reviews.get(a.id)!.map((x) => x.tierId)).toEqual(['kacho']);
      expect(reviews.get('none')).toEqual([]);

      const plan = (dueDate: string, leadDays: number) => ({
        platform: 'slack' as const,
        channelId: 'C0DESK',
        deadline: 'publicComment',
        dueDate,
        leadDays,
        fireAt: T,
        origin: 'plan' as const,
      });
      await r.reminders.apply(
        a.id,
        { insert: [plan('2030-05-01', 7), plan('2030-06-01', 7), plan('2030-07-01', 7)], cancel: [], revive: [], reschedule: [] },
        T,
      );
      const cancelled = (await r.reminders.listFor(a.id)).find((x) => x.dueDate === '2030-07-01')!;
      await r.reminders.apply(a.id, { insert: [], cancel: [cancelled.id], revive: [], reschedule: [] }, T);
      const due = await r.reminders.dueBetween({ from: '2030-05-01', to: '2030-12-31', requestIds: [a.id, b.id], limit: 10 });
      expect(due.map((x) => x.dueDate)).toEqual(['2030-05-01', '2030-06-01']);
      expect(await r.reminders.dueBetween({ from: '2030-05-02', to: '2030-06-01', requestIds: [a.id], limit: 10 })).toHaveLength(1);
      expect(await r.reminders.dueBetween({ from: '2030-05-01', to: '2030-12-31', requestIds: [], limit: 10 })).toEqual([]);
    });
  });
}
