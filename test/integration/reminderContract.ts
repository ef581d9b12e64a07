/**
 * Reminder storage on SQLite and PostgreSQL alike (called from repositoryContract.ts):
 * planning diffs, claims with leases that two claimers never share, lease expiry, channel
 * affinity between instances, and a due scan served by the (status, fireAt) index.
 */
import { randomUUID } from 'node:crypto';
import type { PlannedReminder } from '../../src/domain/reminders';
import { type Database, openDatabase } from '../../src/infra/db';
import { seedForm } from '../fixtures/seedForm';
import type { TestDatabase } from './support/databases';

const T0 = new Date('2026-11-24T00:00:00.000Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);

function planned(over: Partial<PlannedReminder> = {}): PlannedReminder {
  return {
    platform: 'slack',
    channelId: 'C0REMIND',
    deadline: 'publicComment',
    dueDate: '2026-12-01',
    leadDays: 7,
    fireAt: min(0),
    origin: 'plan',
    ...over,
  };
}

/** The due scan as the SQLite repository issues it (PostgreSQL runs it inside its claim). */
const DUE_SCAN = `SELECT "id" FROM "Reminder" WHERE "status" = 'pending' AND "fireAt" <= ? AND ("leaseUntil" IS NULL OR "leaseUntil" < ?) ORDER BY "fireAt" LIMIT 500`;

export function describeReminderContract(get: () => { db: Database; target: TestDatabase }): void {
  let fy = 2060;
  async function newRequestId(db: Database): Promise<string> {
    fy += 1;
    const { request } = await db.repositories.requests.create({
      form: seedForm(),
      createdBy: { platform: 'slack', userId: 'U0ALICE' },
      origin: { platform: 'slack', channelId: 'C0REMIND' },
      draftId: null,
      now: T0,
      fiscalYear: fy,
      casePrefix: `R${fy - 2018}`,
    });
    return request.id;
  }

  describe('reminders', () => {
    it('moves a pending reminder never claimed to another channel; one claimed, or clashing with a row there, stays put or is cancelled', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const repo = db.repositories.reminders;
      const dm = { channelId: 'U0ALICE' };
      await repo.apply(
        requestId,
        {
          insert: [
            planned({ ...dm, leadDays: 7, fireAt: min(-10) }),
            planned({ ...dm, leadDays: 1 }),
            planned({ ...dm, leadDays: 0 }),
            planned({ leadDays: 0 }),
          ],
          cancel: [],
          revive: [],
          reschedule: [],
        },
        T0,
      );
      const [claimed] = await repo.claimDue({ now: T0, instanceId: 'x', leaseUntil: min(-1), limit: 1 }); // the 7-day one; lease already over
      const rows = await repo.listFor(requestId);
      const byLead = (lead: number, ch = 'U0ALICE') => rows.find((r) => r.leadDays === lead && r.channelId === ch)!;
      const moves = [7, 1, 0].map((lead) => ({ id: byLead(lead).id, channelId: 'C0REMIND', fireAt: min(5) }));

      const result = await repo.apply(requestId, { insert: [], cancel: [], revive: [], reschedule: [], move: moves }, T0);

      const after = await repo.listFor(requestId);
      const moved = after.filter((r) => r.channelId === 'C0REMIND' && r.id !== byLead(0, 'C0REMIND').id);
      expect(moved.map((r) => r.id).sort()).toEqual(
        moves
          .filter((m) => m.id !== claimed.id && m.id !== byLead(0).id)
          .map((m) => m.id)
          .sort(),
      );
      expect(moved.every((r) => r.fireAt.getTime() === min(5).getTime() && r.status === 'pending')).toBe(true);
      expect((await repo.get(claimed.id))!.channelId).toBe('U0ALICE');
      expect((await repo.get(byLead(0).id))!.status).toBe('cancelled'); // its place was taken
      expect(result).toMatchObject({ moved: moved.length, cancelled: 1 });
    });

    it('stores a plan once, ignoring a second insert of the same reminder, and cancels only pending ones', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const repo = db.repositories.reminders;
      const a = planned({ leadDays: 14, fireAt: min(-60) });
      const b = planned({ leadDays: 7, fireAt: min(60) });

      expect(await repo.apply(requestId, { insert: [a, b], cancel: [], revive: [], reschedule: [] }, T0)).toMatchObject({ inserted: 2 });
      expect(await repo.apply(requestId, { insert: [a], cancel: [], revive: [], reschedule: [] }, T0)).toMatchObject({ inserted: 0 });
      const rows = await repo.listFor(requestId);
      expect(rows.map((r) => [r.leadDays, r.status, r.origin, r.attempts])).toEqual([
        [14, 'pending', 'plan', 0],
        [7, 'pending', 'plan', 0],
      ]);

      const [claimed] = await repo
        .claimDue({ now: T0, instanceId: 'one', leaseUntil: min(5), limit: 10 })
        .then((rs) => rs.filter((r) => r.requestId === requestId));
      expect(await repo.markSent(claimed.id, claimed.claimedBy!, { messageId: '1.0001', threadId: null, now: T0 })).toBe(true);
      const result = await repo.apply(requestId, { insert: [], cancel: rows.map((r) => r.id), revive: [], reschedule: [] }, T0);
      expect(result.cancelled).toBe(1);
      expect((await repo.listFor(requestId)).map((r) => r.status)).toEqual(['sent', 'cancelled']);
    });

    it('lets exactly one of two concurrent claimers have each due reminder', async () => {
      const { db, target } = get();
      // PostgreSQL: two connection pools, as two instances would have. SQLite: better-sqlite3
      // waits for a lock synchronously, so two connections in one process would block each
      // other's event loop; there the claimers share the process's connection (and the
      // SIGKILL test exercises separate processes on one file).
      const other = target.provider === 'postgresql' ? await openDatabase(target.url) : db;
      try {
        const requestId = await newRequestId(db);
        const due = Array.from({ length: 120 }, (_, i) => planned({ channelId: `C${i % 7}`, leadDays: i, fireAt: min(-i) }));
        await db.repositories.reminders.apply(requestId, { insert: due, cancel: [], revive: [], reschedule: [] }, T0);

        const drain = async (d: Database, name: string) => {
          const got: string[] = [];
          for (;;) {
            const batch = await d.repositories.reminders.claimDue({ now: T0, instanceId: name, leaseUntil: min(10), limit: 7 });
            if (batch.length === 0) return got;
            got.push(...batch.map((r) => r.id));
          }
        };
        const [x, y] = await Promise.all([drain(db, 'x'), drain(other, 'y')]);
        const ours = new Set((await db.repositories.reminders.listFor(requestId)).map((r) => r.id));
        const claimedHere = [...x, ...y].filter((id) => ours.has(id));

        expect(new Set(claimedHere).size).toBe(120);
        expect(claimedHere).toHaveLength(120); // nobody got one twice
        const rows = await db.repositories.reminders.listFor(requestId);
        expect(rows.every((r) => r.attempts === 1)).toBe(true);
      } finally {
        if (other !== db) await other.close();
      }
    });

    it('gives a reminder to another claimer once its lease has lapsed, and the first claim can no longer record it', async () => {
      const { db } = get();
      const repo = db.repositories.reminders;
      const requestId = await newRequestId(db);
      // Due in the far past, so no other test's rows come first; in a channel of its own, where
      // no other test's claimer holds a live lease (that would keep the channel from 'a').
      await repo.apply(
        requestId,
        { insert: [planned({ channelId: 'C0LAPSE', fireAt: new Date('2001-01-01T00:00:00Z') })], cancel: [], revive: [], reschedule: [] },
        T0,
      );

      const [first] = await repo.claimDue({ now: T0, instanceId: 'a', leaseUntil: min(2), limit: 1 });
      expect(first.requestId).toBe(requestId);
      expect(first.attempts).toBe(1);
      expect(first.firstClaimedAt).toEqual(T0);
      expect((await repo.claimDue({ now: min(1), instanceId: 'b', leaseUntil: min(3), limit: 50 })).map((r) => r.id)).not.toContain(first.id);
      expect(await repo.renewLease(first.id, first.claimedBy!, min(1), min(4))).toBe(true);
      expect((await repo.claimDue({ now: min(3), instanceId: 'b', leaseUntil: min(5), limit: 50 })).map((r) => r.id)).not.toContain(first.id);

      const [second] = (await repo.claimDue({ now: min(5), instanceId: 'b', leaseUntil: min(7), limit: 50 })).filter((r) => r.id === first.id);
      expect(second.attempts).toBe(2);
      expect(second.claimedBy).not.toBe(first.claimedBy);
      expect(second.firstClaimedAt).toEqual(T0);
      expect(await repo.markSent(first.id, first.claimedBy!, { messageId: 'x', threadId: null, now: min(5) })).toBe(false);
      expect(await repo.renewLease(first.id, first.claimedBy!, min(5), min(9))).toBe(false);
      expect(await repo.markSent(first.id, second.claimedBy!, { messageId: '2.0002', threadId: '1.0001', now: min(6) })).toBe(true);
      expect(await repo.get(first.id)).toMatchObject({ status: 'sent', messageId: '2.0002', threadId: '1.0001', sentAt: min(6), leaseUntil: null });
    });

    it('keeps a channel to the instance holding a live lease there until that lease ends or is released; that instance may claim more of it', async () => {
      const { db } = get();
      const repo = db.repositories.reminders;
      const requestId = await newRequestId(db);
      const channelId = 'C0AFFINITY';
      // Due, claimed and leased in the year 2000: no other test's reminder is due then,
      // and no lease taken here is live for the other tests (their clock is T0).
      const at = (s: number) => new Date(Date.UTC(2000, 0, 1, 0, 0, s));
      const t = (m: number) => new Date(Date.UTC(2000, 0, 1, 1, m));
      await repo.apply(
        requestId,
        {
          insert: [
            planned({ channelId, leadDays: 30, fireAt: at(1) }),
            planned({ channelId, leadDays: 14, fireAt: at(2) }),
            planned({ channelId, leadDays: 7, fireAt: at(3) }),
            planned({ channelId, platform: 'teams', leadDays: 7, fireAt: at(4) }), // same id on the other platform: another channel
            planned({ channelId: 'C0AFFOTHER', leadDays: 7, fireAt: at(5) }),
          ],
          cancel: [],
          revive: [],
          reschedule: [],
        },
        T0,
      );
      const rows = await repo.listFor(requestId);
      const id = (lead: number, ch = channelId, platform = 'slack') =>
        rows.find((r) => r.leadDays === lead && r.channelId === ch && r.platform === platform)!.id;
      const ids = (rs: { id: string }[]) => rs.map((r) => r.id);

      // Instance a takes the channel's first reminder.
      const [first] = await repo.claimDue({ now: t(0), instanceId: 'aff-a', leaseUntil: t(2), limit: 1 });
      expect(first.id).toBe(id(30));

      // b gets the other channels, not the rest of a's channel while a's lease lives.
      expect(ids(await repo.claimDue({ now: t(1), instanceId: 'aff-b', leaseUntil: t(10), limit: 50 })).sort()).toEqual(
        [id(7, channelId, 'teams'), id(7, 'C0AFFOTHER')].sort(),
      );
      expect(await repo.claimDue({ now: t(2), instanceId: 'aff-b', leaseUntil: t(10), limit: 50 })).toEqual([]); // leaseUntil = now: still live

      // a, under another claim token, may claim more of its channel.
      const more = await repo.claimDue({ now: t(1), instanceId: 'aff-a', leaseUntil: t(2), limit: 1 });
      expect(ids(more)).toEqual([id(14)]);
      expect(more[0].claimedBy).not.toBe(first.claimedBy);

      // a's first is sent, its second still leased: b waits. Released: b may take the channel.
      expect(await repo.markSent(first.id, first.claimedBy!, { messageId: '3.0003', threadId: null, now: t(1) })).toBe(true);
      expect(await repo.claimDue({ now: t(1), instanceId: 'aff-b', leaseUntil: t(10), limit: 50 })).toEqual([]);
      expect(await repo.release(more[0].id, more[0].claimedBy!, { error: null, now: t(1) })).toBe(true);
      const taken = await repo.claimDue({ now: t(1), instanceId: 'aff-b', leaseUntil: t(10), limit: 50 });
      expect(ids(taken)).toEqual([id(14), id(7)]);
      expect(await repo.claimDue({ now: t(1), instanceId: 'aff-a', leaseUntil: t(20), limit: 50 })).toEqual([]);

      // A lease that lapses (b died) frees the channel too.
      expect(await repo.release(taken[0].id, taken[0].claimedBy!, { error: null, now: t(1) })).toBe(true);
      expect(await repo.claimDue({ now: t(10), instanceId: 'aff-a', leaseUntil: t(20), limit: 50 })).toEqual([]); // b's lease on the 7-day one lasts to t(10)
      expect(ids(await repo.claimDue({ now: t(11), instanceId: 'aff-a', leaseUntil: t(20), limit: 50 })).sort()).toEqual(
        [id(14), id(7), id(7, channelId, 'teams'), id(7, 'C0AFFOTHER')].sort(),
      );
    });

    it('finds a later due reminder of the same deadline, closes a deadline, and puts a snooze in place', async () => {
      const { db } = get();
      const repo = db.repositories.reminders;
      const requestId = await newRequestId(db);
      const old = planned({ leadDays: 14, fireAt: min(-600) });
      const recent = planned({ leadDays: 7, fireAt: min(-60) });
      const future = planned({ leadDays: 1, fireAt: min(600) });
      await repo.apply(requestId, { insert: [old, recent, future], cancel: [], revive: [], reschedule: [] }, T0);
      const [r14, r7, r1] = await repo.listFor(requestId);

      expect(await repo.hasLaterDue(r14, T0)).toBe(true);
      expect(await repo.hasLaterDue(r7, T0)).toBe(false);
      expect(await repo.hasLaterDue(r1, min(700))).toBe(false);
      expect(await repo.supersededAmong([r14, r7, r1], T0)).toEqual([r14.id]);
      expect(await repo.supersededAmong([r14, r7, r1], min(700))).toEqual([r14.id, r7.id]);

      const snooze = planned({ leadDays: 2, fireAt: min(300), origin: 'snooze' });
      expect(
        await repo.closeDeadline({ requestId, deadline: 'publicComment', dueDate: '2026-12-01', status: 'snoozed', now: T0, before: snooze.fireAt }),
      ).toBe(2);
      const s = await repo.schedule(requestId, snooze, T0);
      expect(s).toMatchObject({ status: 'pending', origin: 'snooze', leadDays: 2, fireAt: min(300) });
      expect(await repo.closeDeadline({ requestId, deadline: 'publicComment', dueDate: '2026-12-01', status: 'done', now: T0 })).toBe(2);
      expect((await repo.listFor(requestId)).map((r) => `${r.leadDays}:${r.status}`)).toEqual(['14:snoozed', '7:snoozed', '2:done', '1:done']);
      expect(await repo.get(randomUUID())).toBeNull();
    });

    it('tells the outlook each deadline’s state in one grouped read, past ones only when left unanswered', async () => {
      const { db } = get();
      const requestId = await newRequestId(db);
      const repo = db.repositories.reminders;
      await repo.apply(
        requestId,
        {
          insert: [
            planned({ channelId: 'C0OUTLOOK', deadline: 'publicComment', dueDate: '2026-12-01', leadDays: 7, fireAt: min(-10) }),
            planned({ channelId: 'C0OUTLOOK', deadline: 'publicComment', dueDate: '2026-12-01', leadDays: 1, fireAt: min(600) }),
            planned({ channelId: 'C0OUTLOOK', deadline: 'councilInfo', dueDate: '2026-11-10', leadDays: 1, fireAt: min(-20) }),
            planned({ channelId: 'C0OUTLOOK', deadline: 'materials:kyoku', dueDate: '2026-11-12', leadDays: 1, fireAt: min(-30) }),
            planned({ channelId: 'C0OUTLOOK', deadline: 'meeting:kyoku', dueDate: '2026-12-01', leadDays: 0, fireAt: min(-40) }),
            planned({ channelId: 'C0OUTLOOK', deadline: 'councilSession', dueDate: '2026-12-01', leadDays: 1, fireAt: min(900) }),
          ],
          cancel: [],
          revive: [],
          reschedule: [],
        },
        T0,
      );
      const claimed = (await repo.claimDue({ now: T0, instanceId: 'outlook', leaseUntil: min(5), limit: 50 })).filter(
        (r) => r.requestId === requestId,
      );
      expect(claimed).toHaveLength(4);
      for (const r of claimed) expect(await repo.markSent(r.id, r.claimedBy!, { messageId: `m-${r.deadline}`, threadId: null, now: T0 })).toBe(true);
      const materials = claimed.find((r) => r.deadline === 'materials:kyoku')!;
      expect(await repo.settle(materials.id, min(1))).toBe(true);
      expect(await repo.settle(materials.id, min(1))).toBe(false); // already done

      const states = (await repo.deadlineStates({ from: '2026-11-24', to: '2026-12-07', unansweredFrom: '2026-10-25' }))
        .filter((s) => s.requestId === requestId)
        .sort((a, b) => a.deadline.localeCompare(b.deadline));
      expect(states).toEqual([
        { requestId, deadline: 'councilInfo', dueDate: '2026-11-10', lastSentAt: T0, done: false, snoozed: false },
        { requestId, deadline: 'councilSession', dueDate: '2026-12-01', lastSentAt: null, done: false, snoozed: false },
        { requestId, deadline: 'publicComment', dueDate: '2026-12-01', lastSentAt: T0, done: false, snoozed: false },
      ]);
      expect(await repo.requestIdsWithDeadline('councilSession', ['2026-12-01', '2027-02-16'])).toContain(requestId);
      expect(await repo.requestIdsWithDeadline('councilSession', ['2026-12-02'])).not.toContain(requestId);
      const got = await db.repositories.requests.getMany([requestId, randomUUID(), requestId]);
      expect(got.map((r) => r.id)).toEqual([requestId]);
      // The history entries that changed 審議希望日 (not the filing, not other fields).
      const before = got[0];
      const moved = {
        ...before.form,
        desiredDates: { ...before.form.desiredDates, kyoku: { precision: 'day' as const, year: 2026, month: 11, day: 30 } },
      };
      const actor = { platform: 'slack' as const, userId: 'U0ALICE' };
      const u1 = await db.repositories.requests.update(requestId, {
        form: { ...before.form, title: '改題' },
        expectedVersion: before.version,
        actor,
        changes: [{ field: 'title', old: before.form.title, new: '改題' }],
        now: min(2),
      });
      expect(u1.ok).toBe(true);
      const u2 = await db.repositories.requests.update(requestId, {
        form: { ...moved, title: '改題' },
        expectedVersion: before.version + 1,
        actor,
        changes: [{ field: 'desiredDates', old: before.form.desiredDates, new: moved.desiredDates }],
        now: min(3),
      });
      expect(u2.ok).toBe(true);
      const changes = await db.repositories.requests.dateChanges([requestId]);
      expect(changes.map((c) => [c.at.toISOString(), c.changes.map((x) => x.field)])).toEqual([[min(3).toISOString(), ['desiredDates']]]);
    });

    it('scans for due reminders through the (status, fireAt) index', async () => {
      const { target } = get();
      const plan = await target.explain(DUE_SCAN, [T0.toISOString(), T0.toISOString()]);
      expect(plan).toMatch(/Reminder_status_fireAt_idx/);
      expect(plan).not.toMatch(/SCAN (TABLE )?Reminder(?! USING)/);
    });
  });
}
