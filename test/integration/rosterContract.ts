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

    it('keeps who opened their home: the latest opening per person, those since a day, old ones dropped', async () => {
      const v = get().db.repositories.homeViewers;
      const at = (d: number) => new Date(Date.UTC(2030, 0, d));
      await v.opened({ platform: 'slack', userId: 'U0HOME', place: 'D0A', activityId: null, lastOpenedAt: at(1) });
      await v.opened({ platform: 'slack', userId: 'U0HOME', place: 'D0B', activityId: null, lastOpenedAt: at(5) });
      await v.opened({ platform: 'teams', userId: 'U0HOME', place: '{"conversation":{}}', activityId: 'act-1', lastOpenedAt: at(2) });
      await v.opened({ platform: 'slack', userId: 'U0OLD', place: 'D0C', activityId: null, lastOpenedAt: at(1) });
      expect(await v.get('slack', 'U0HOME')).toEqual({ platform: 'slack', userId: 'U0HOME', place: 'D0B', activityId: null, lastOpenedAt: at(5) });
      expect((await v.among('slack', ['U0HOME', 'U0OLD', 'U0NONE'], at(3))).map((x) => x.userId)).toEqual(['U0HOME']);
      expect((await v.among('teams', ['U0HOME'], at(1))).map((x) => x.activityId)).toEqual(['act-1']);
      expect(await v.expire(at(3))).toBe(2);
      expect(await v.get('slack', 'U0OLD')).toBeNull();
      expect(await v.get('slack', 'U0HOME')).not.toBeNull();
    });

    it("counts each meeting's requests a scope lets through, picks one reminder per open deadline and lists meetings without a record, in SQL", async () => {
      const { db } = get();
      const r = db.repositories;
      const { seedForm } = await import('../fixtures/seedForm');
      const day = (d: number) => ({ precision: 'day' as const, year: 2041, month: 6, day: d });
      async function fileOn(userId: string, kacho: number, owner: { bureau: string; department: string; unit: string | null }, status?: 'withdrawn') {
        fy += 1;
        const form = { ...seedForm(), owner, desiredDates: { kacho: day(kacho), kyoku: null, chosei: null, seisaku: null } };
        const { request } = await r.requests.create({
          form,
          createdBy: { platform: 'slack', userId },
          origin: { platform: 'slack', channelId: 'C0DESK' },
          draftId: null,
          now: new Date(T.getTime() + fy),
          fiscalYear: fy,
          casePrefix: `E${fy}`,
        });
        if (status)
          await r.requests.setStatus(request.id, { status, kind: 'withdrawn', expectedVersion: 1, actor: request.createdBy, changes: [], now: T });
        return request;
      }
      const kikaku = { bureau: '企画局', department: '企画部', unit: null };
      const zaisei = { bureau: '財政局', department: '財政部', unit: '予算担当' };
      const a = await fileOn('U0CNT', 3, kikaku);
      const b = await fileOn('U0OTHER', 3, zaisei);
      const c = await fileOn('U0OTHER', 4, zaisei);
      await fileOn('U0CNT', 4, kikaku, 'withdrawn');
      await r.posts.save({ requestId: c.id, platform: 'slack', channelId: 'C0SEEN', messageId: '1.1', permalink: null });
      const range = { tierIds: ['kacho', 'kyoku'], from: '2041-06-01', to: '2041-06-30' };
      const counts = async (scope: Parameters<typeof r.requests.meetingCounts>[0]['scope']) =>
        Object.fromEntries((await r.requests.meetingCounts({ ...range, scope })).map((x) => [`${x.tierId}|${x.date}`, x.count]));
      expect(await counts(null)).toEqual({ 'kacho|2041-06-03': 2, 'kacho|2041-06-04': 1 });
      const none = { filer: null, posts: { platform: 'slack' as const, channelIds: [] }, owners: [] };
      expect(await counts(none)).toEqual({ 'kacho|2041-06-03': 0, 'kacho|2041-06-04': 0 });
      expect(await counts({ ...none, filer: { platform: 'slack', userId: 'U0CNT' } })).toEqual({ 'kacho|2041-06-03': 1, 'kacho|2041-06-04': 0 });
      expect(await counts({ ...none, filer: { platform: 'teams', userId: 'U0CNT' } })).toEqual({ 'kacho|2041-06-03': 0, 'kacho|2041-06-04': 0 });
      expect(await counts({ ...none, posts: { platform: 'slack', channelIds: ['C0SEEN', 'C0NOT'] } })).toEqual({
        'kacho|2041-06-03': 0,
        'kacho|2041-06-04': 1,
      });
      expect(await counts({ ...none, posts: { platform: 'teams', channelIds: ['C0SEEN'] } })).toEqual({
        'kacho|2041-06-03': 0,
        'kacho|2041-06-04': 0,
      });
      // 所管: a bureau covers its departments and units; a unit only itself.
      expect(await counts({ ...none, owners: [{ bureau: '財政局', department: '', unit: null }] })).toEqual({
        'kacho|2041-06-03': 1,
        'kacho|2041-06-04': 1,
      });
      expect(await counts({ ...none, owners: [{ bureau: '財政局', department: '財政部', unit: '契約担当' }] })).toEqual({
        'kacho|2041-06-03': 0,
        'kacho|2041-06-04': 0,
      });
      expect(await counts({ ...none, owners: [kikaku] })).toEqual({ 'kacho|2041-06-03': 1, 'kacho|2041-06-04': 0 });
      expect(await r.requests.scheduledChannels({ ...range, platform: 'slack' })).toEqual(['C0SEEN']);
      expect(await r.requests.scheduledChannels({ ...range, platform: 'teams' })).toEqual([]);
      expect((await r.requests.listByTierDate('kacho', '2041-06-03', '2041-06-04', 2)).map((x) => x.request.id)).toEqual([a.id, b.id]);

      // Deadlines: one line per (request, deadline, due day), its soonest reminder; a done one settles it.
      const at = (h: number) => new Date(Date.UTC(2041, 4, 1, h));
      const plan = (deadline: string, dueDate: string, leadDays: number, h: number) => ({
        platform: 'slack' as const,
        channelId: 'C0DESK',
        deadline,
        dueDate,
        leadDays,
        fireAt: at(h),
        origin: 'plan' as const,
      });
      await r.reminders.apply(
        a.id,
        {
          insert: [plan('publicComment', '2041-05-20', 7, 2), plan('publicComment', '2041-05-20', 1, 5), plan('councilInfo', '2041-05-25', 7, 3)],
          cancel: [],
          revive: [],
          reschedule: [],
        },
        T,
      );
      await r.reminders.apply(
        b.id,
        { insert: [plan('publicComment', '2041-05-10', 7, 1), plan('councilInfo', '2041-05-22', 7, 4)], cancel: [], revive: [], reschedule: [] },
        T,
      );
      await r.reminders.closeDeadline({ requestId: b.id, deadline: 'councilInfo', dueDate: '2041-05-22', status: 'done', now: T });
      const window = { from: '2041-05-01', to: '2041-05-31' };
      const all = await r.reminders.openDeadlines({ ...window, scope: null, order: 'asc', limit: 10 });
      expect(all.total).toBe(3);
      expect(all.items.map((x) => [x.requestId, x.deadline, x.leadDays])).toEqual([
        [b.id, 'publicComment', 7],
        [a.id, 'publicComment', 7],
        [a.id, 'councilInfo', 7],
      ]);
      const latest = await r.reminders.openDeadlines({ ...window, scope: null, order: 'desc', limit: 1 });
      expect(latest).toEqual({ items: [expect.objectContaining({ requestId: a.id, deadline: 'councilInfo' })], total: 3 });
      const mine = await r.reminders.openDeadlines({ ...window, filer: { platform: 'slack', userId: 'U0CNT' }, scope: null, order: 'asc', limit: 1 });
      expect(mine.total).toBe(2);
      expect(mine.items.map((x) => x.requestId)).toEqual([a.id]);
      expect((await r.reminders.openDeadlines({ ...window, scope: none, order: 'asc', limit: 10 })).total).toBe(0);

      // Held meetings without attendance or result, latest first.
      await r.reviews.saveAttendance(a.id, 'kacho', ['zaimu'], null, T);
      await r.reviews.saveAttendance(c.id, 'kacho', ['zaimu'], null, T);
      await r.reviews.saveResult(c.id, 'kacho', { meetingLabel: '', result: '了承', followUps: [] }, T);
      const held = await r.requests.unrecorded({ ...range, limit: 1 });
      expect(held.total).toBe(2);
      expect(held.items.map((x) => [x.request.id, x.date, x.tierId, x.missingAttendance, x.missingResult])).toEqual([
        [a.id, '2041-06-03', 'kacho', false, true],
      ]);
      expect((await r.requests.unrecorded({ ...range, limit: 5 })).items.map((x) => [x.request.id, x.missingAttendance])).toEqual([
        [a.id, false],
        [b.id, true],
      ]);
    });
  });
}
