import { defaultClosure } from '../../src/domain/businessDays';
import { jpDay, tokyoToday, type JpDay } from '../../src/domain/jpdate';
import { remindersSchema, tierSchema } from '../../src/domain/org';
import {
  councilSessionDay,
  diffReminders,
  identityOf,
  planReminders,
  snoozedReminder,
  type PlannedReminder,
  type StoredReminderState,
} from '../../src/domain/reminders';
import type { RequestForm } from '../../src/domain/request';
import { seedForm } from '../fixtures/seedForm';
import { seedCouncilOrg } from '../fixtures/council';
import { planFor } from '../../src/domain/councilPlan';

const config = remindersSchema.parse({});
const tierIds = ['kacho', 'kyoku', 'chosei', 'seisaku'];
const target = { platform: 'slack' as const, channelId: 'C0001' };
const month = (year: number, m: number) => ({ precision: 'month' as const, year, month: m });

/** A form with only the deadlines a test names. */
function form(over: Partial<RequestForm> = {}): RequestForm {
  return {
    ...seedForm(),
    filedOn: jpDay(2026, 10, 1),
    desiredDates: { kacho: null, kyoku: null, chosei: null, seisaku: null },
    councilSession: '',
    publicComment: { planned: false, period: null },
    councilInfo: { kind: '', period: null },
    ...over,
  };
}

function plan(f: RequestForm, status: 'filed' | 'withdrawn' = 'filed') {
  return planReminders({ request: { status, form: f }, config, tierIds, closure: defaultClosure, target });
}

/** "deadline lead → day of posting (Tokyo)" */
const summary = (ps: PlannedReminder[]) =>
  ps.map((p) => {
    const d = tokyoToday(p.fireAt);
    return `${p.deadline} ${p.leadDays} → ${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  });

const stored = (p: PlannedReminder, status: StoredReminderState['status'], id = identityOf(p)): StoredReminderState => ({
  ...p,
  id,
  status,
  leased: false,
});

const at = (iso: string) => new Date(iso);
const today = (iso: string): JpDay => tokyoToday(at(iso));

describe('planning reminders', () => {
  it('reminds of 別紙資料 before a tier’s cut-off while there is none: the business day before and the morning of the day', () => {
    const tiers = [tierSchema.parse({ id: 'kyoku', name: '局経営会議', rrule: 'FREQ=WEEKLY;BYDAY=MO', cutoff: { businessDays: 3, time: '12:00' } })];
    const f = form({ desiredDates: { kacho: null, kyoku: jpDay(2026, 12, 7), chosei: null, seisaku: null } });
    const of = (context: Parameters<typeof planReminders>[0]['context']) =>
      summary(planReminders({ request: { status: 'filed', form: f }, config, tierIds, closure: defaultClosure, target, context })).filter((s) =>
        s.startsWith('attachments'),
      );
    // Mon 12/7: cut-off Wed 12/2 12:00 → Tue 12/1 and Wed 12/2, 09:00.
    expect(of({ tiers })).toEqual(['attachments:kyoku 1 → 2026-12-01', 'attachments:kyoku 0 → 2026-12-02']);
    expect(of({ tiers, hasAttachments: true })).toEqual([]);
    expect(of({})).toEqual([]);
    // A cut-off at 09:00 leaves no room for the morning one; Monday 1/4 → 12/24 (the year end closes 12/29–1/3):
    // the day before is 12/23.
    const early = [{ ...tiers[0], cutoff: { businessDays: 3, time: '09:00', action: 'refuse' as const } }];
    const winter = form({ desiredDates: { kacho: null, kyoku: jpDay(2027, 1, 4), chosei: null, seisaku: null } });
    expect(
      summary(
        planReminders({ request: { status: 'filed', form: winter }, config, tierIds, closure: defaultClosure, target, context: { tiers: early } }),
      ).filter((s) => s.startsWith('attachments')),
    ).toEqual(['attachments:kyoku 1 → 2026-12-23']);
  });

  it('counts a month-precision public comment period from the 1st and moves weekend reminders to the Friday before', () => {
    const ps = plan(form({ publicComment: { planned: true, period: month(2026, 12) } }));

    expect(summary(ps)).toEqual([
      'publicComment 30 → 2026-10-30', // 11/1 is a Sunday
      'publicComment 14 → 2026-11-17',
      'publicComment 7 → 2026-11-24',
      'publicComment 1 → 2026-11-30',
    ]);
    expect(ps.every((p) => p.dueDate === '2026-12-01')).toBe(true);
    // 09:00 in Tokyo is midnight UTC.
    expect(ps[1].fireAt.toISOString()).toBe('2026-11-17T00:00:00.000Z');
  });

  it('steps back over national holidays and the year-end closure', () => {
    // Golden Week 2026: 5/4 みどりの日, 5/5 こどもの日, 5/6 振替休日.
    const gw = plan(form({ councilInfo: { kind: '資料提供', period: { precision: 'day', year: 2026, month: 5, day: 7 } } }));
    expect(summary(gw)).toEqual([
      'councilInfo 30 → 2026-04-07',
      'councilInfo 14 → 2026-04-23',
      'councilInfo 7 → 2026-04-30',
      'councilInfo 1 → 2026-05-01',
    ]);
    // 12/29–1/3 closed: a reminder 7 days before 1/5 (12/29) goes out on 12/28.
    const ye = plan(form({ councilInfo: { kind: '報告', period: { precision: 'day', year: 2027, month: 1, day: 5 } } }));
    expect(summary(ye)).toContain('councilInfo 7 → 2026-12-28');
    expect(summary(ye)).toContain('councilInfo 1 → 2027-01-04');
  });

  it('reminds of materials three business days before each desired meeting date, and of the meeting day', () => {
    const ps = plan(form({ desiredDates: { kacho: jpDay(2026, 4, 16), kyoku: null, chosei: null, seisaku: jpDay(2026, 5, 7) } }));

    expect(summary(ps)).toEqual([
      'materials:kacho 2 → 2026-04-10', // due Mon 4/13; 4/11 is a Saturday
      'materials:kacho 0 → 2026-04-13',
      'meeting:kacho 0 → 2026-04-16',
      // 3 business days before Thu 5/7 across Golden Week: 5/1, 4/30, (4/29 昭和の日) 4/28.
      'materials:seisaku 2 → 2026-04-24', // 4/26 is a Sunday
      'materials:seisaku 0 → 2026-04-28',
      'meeting:seisaku 0 → 2026-05-07',
    ]);
  });

  it('makes one reminder when two leads fall on the same business day', () => {
    const custom = remindersSchema.parse({ leadDays: { publicComment: [3, 2, 1] } });
    // Due Tuesday 2026-12-01: 3 → Sat → Fri, 2 → Sun → Fri, 1 → Mon.
    const ps = planReminders({
      request: { status: 'filed', form: form({ publicComment: { planned: true, period: month(2026, 12) } }) },
      config: custom,
      tierIds,
      closure: defaultClosure,
      target,
    });
    expect(summary(ps)).toEqual(['publicComment 2 → 2026-11-27', 'publicComment 1 → 2026-11-30']);
  });

  it('reads 議会上程時期 as a date, or as the next month of a named session on or after filing', () => {
    const filed = jpDay(2026, 10, 1);
    expect(councilSessionDay('12月定例会', filed)).toEqual(jpDay(2026, 12, 1));
    expect(councilSessionDay('第1回定例会（2月）', filed)).toEqual(jpDay(2027, 2, 1));
    expect(councilSessionDay('10月臨時会', filed)).toEqual(jpDay(2026, 10, 1));
    expect(councilSessionDay('令和9年6月', filed)).toEqual(jpDay(2027, 6, 1));
    expect(councilSessionDay('R8.12.3', filed)).toEqual(jpDay(2026, 12, 3));
    expect(councilSessionDay('１２月定例会', filed)).toEqual(jpDay(2026, 12, 1));
    expect(councilSessionDay('未定', filed)).toBeNull();
    expect(councilSessionDay('', filed)).toBeNull();
  });

  it('plans nothing for a public comment that is not planned, a council info without a kind, or a withdrawn request', () => {
    expect(plan(form({ publicComment: { planned: false, period: month(2026, 12) }, councilInfo: { kind: '', period: month(2026, 12) } }))).toEqual(
      [],
    );
    expect(plan(form({ publicComment: { planned: true, period: month(2026, 12) } }), 'withdrawn')).toEqual([]);
  });
});

describe('re-planning stored reminders', () => {
  const pc = form({ publicComment: { planned: true, period: month(2026, 12) } });

  it('files early: every reminder is inserted, none fires at once', () => {
    const ps = plan(pc);
    const diff = diffReminders([], ps, at('2026-10-01T01:00:00Z'), today('2026-10-01T01:00:00Z'));
    expect(diff.insert).toHaveLength(4);
    expect(diff.cancel).toEqual([]);
  });

  it('files too close to a deadline: only the most recent missed reminder, not a burst', () => {
    const now = at('2026-11-20T01:00:00Z'); // after the 30- and 14-day reminders
    const diff = diffReminders([], plan(pc), now, tokyoToday(now));
    expect(diff.insert.map((p) => p.leadDays)).toEqual([14, 7, 1]);
    expect(diff.insert[0].fireAt.getTime()).toBeLessThanOrEqual(now.getTime()); // due at once
  });

  it('plans nothing new for a deadline already past', () => {
    const now = at('2026-12-02T01:00:00Z');
    expect(diffReminders([], plan(pc), now, tokyoToday(now)).insert).toEqual([]);
  });

  it('cancels pending reminders of a changed date, keeps what was sent, and adds the new ones', () => {
    const before = plan(pc);
    const rows = [stored(before[0], 'sent'), stored(before[1], 'pending'), stored(before[2], 'pending'), stored(before[3], 'pending')];
    const moved = plan({ ...pc, publicComment: { planned: true, period: month(2027, 2) } });
    const now = at('2026-11-01T01:00:00Z');

    const diff = diffReminders(rows, moved, now, tokyoToday(now));

    expect(diff.cancel.sort()).toEqual([rows[1].id, rows[2].id, rows[3].id].sort());
    expect(diff.insert.map((p) => p.dueDate)).toEqual(['2027-02-01', '2027-02-01', '2027-02-01', '2027-02-01']);
  });

  it('leaves unchanged reminders alone and brings cancelled ones back when the date returns', () => {
    const ps = plan(pc);
    const rows = [stored(ps[0], 'sent'), stored(ps[1], 'cancelled'), stored(ps[2], 'pending'), stored(ps[3], 'pending')];
    const now = at('2026-11-01T01:00:00Z');
    const diff = diffReminders(rows, ps, now, tokyoToday(now));
    expect(diff).toEqual({ insert: [], cancel: [], revive: [{ id: rows[1].id, fireAt: ps[1].fireAt }], reschedule: [] });
  });

  it('moves pending reminders to a new post hour', () => {
    const ps = plan(pc);
    const rows = ps.map((p) => stored(p, 'pending'));
    const later = planReminders({
      request: { status: 'filed', form: pc },
      config: { ...config, postHour: 13 },
      tierIds,
      closure: defaultClosure,
      target,
    });
    const diff = diffReminders(rows, later, at('2026-10-01T00:00:00Z'), today('2026-10-01T00:00:00Z'));
    expect(diff.reschedule.map((r) => r.fireAt.toISOString())).toEqual(later.map((p) => p.fireAt.toISOString()));
  });

  it('cancels everything pending when the request is withdrawn, and never a reminder being posted right now', () => {
    const ps = plan(pc);
    const rows = [stored(ps[0], 'sent'), stored(ps[1], 'pending'), { ...stored(ps[2], 'pending'), leased: true }, stored(ps[3], 'pending')];
    const diff = diffReminders(rows, plan(pc, 'withdrawn'), at('2026-10-20T00:00:00Z'), today('2026-10-20T00:00:00Z'));
    expect(diff.cancel.sort()).toEqual([rows[1].id, rows[3].id].sort());
    expect(diff.insert).toEqual([]);
  });

  it('does not restart a deadline marked 対応済み, nor catch up past a snooze', () => {
    const ps = plan(pc);
    const done = ps.map((p) => stored(p, p.leadDays === 30 ? 'sent' : 'done'));
    expect(diffReminders(done, ps, at('2026-11-01T00:00:00Z'), today('2026-11-01T00:00:00Z')).insert).toEqual([]);

    const snooze = snoozedReminder(ps[0], 7, today('2026-11-10T00:00:00Z'), config, defaultClosure);
    const rows = [
      stored(ps[0], 'sent'),
      stored(ps[1], 'snoozed'),
      { ...stored(snooze, 'pending'), id: 'snooze' },
      stored(ps[2], 'pending'),
      stored(ps[3], 'pending'),
    ];
    const diff = diffReminders(rows, ps, at('2026-11-18T00:00:00Z'), today('2026-11-18T00:00:00Z'));
    expect(diff).toEqual({ insert: [], cancel: [], revive: [], reschedule: [] });
  });

  describe('a request followed in several places', () => {
    const teams = { platform: 'teams' as const, channelId: '19:tier@thread.tacv2' };
    const planFor = (t: typeof target | typeof teams) =>
      planReminders({ request: { status: 'filed', form: pc }, config, tierIds, closure: defaultClosure, target: t });

    it('plans each target on its own: posted on Slack and in Teams, both get every reminder, caught up apart', () => {
      const both = [...planFor(target), ...planFor(teams)];
      const now = at('2026-10-01T01:00:00Z');
      const diff = diffReminders([], both, now, tokyoToday(now));
      expect(diff.insert).toHaveLength(8);
      expect(new Set(diff.insert.map(identityOf)).size).toBe(8);
      expect(diff.insert.filter((p) => p.platform === 'teams').map((p) => p.leadDays)).toEqual(
        diff.insert.filter((p) => p.platform === 'slack').map((p) => p.leadDays),
      );

      // Slack has had its reminders so far; Teams joins late: it gets the latest missed one, once.
      const later = at('2026-11-20T01:00:00Z');
      const slackRows = planFor(target).map((p) => stored(p, p.fireAt <= later ? 'sent' : 'pending'));
      const d2 = diffReminders(slackRows, both, later, tokyoToday(later));
      expect(d2.cancel).toEqual([]);
      expect(d2.insert.map((p) => `${p.platform} ${p.leadDays}`)).toEqual(['teams 14', 'teams 7', 'teams 1']);
    });

    it('holds back a target not posted to yet, keeping which reminder is the one to catch up', () => {
      const now = at('2026-11-20T01:00:00Z');
      const hold = now.getTime() + 600_000;
      const diff = diffReminders([], planFor(target), now, tokyoToday(now), {
        notBefore: (t) => (t.channelId === target.channelId ? hold : undefined),
      });
      expect(diff.insert.map((p) => p.leadDays)).toEqual([14, 7, 1]);
      expect(diff.insert[0].fireAt.getTime()).toBe(hold);
      expect(diff.insert[1].fireAt).toEqual(planFor(target)[2].fireAt); // later than the hold: unchanged
    });

    it('moves pending reminders never claimed to the channel the request is posted in, and not what was sent', () => {
      const dm = { platform: 'slack' as const, channelId: 'U0FILER' };
      const now = at('2026-11-20T01:00:00Z');
      const dmPlan = planReminders({ request: { status: 'filed', form: pc }, config, tierIds, closure: defaultClosure, target: dm });
      // Filed on 11/20 and never posted: the 14-day reminder went to the filer's DM; 7 and 1 wait.
      const rows = [stored(dmPlan[1], 'sent'), stored(dmPlan[2], 'pending'), { ...stored(dmPlan[3], 'pending'), attempts: 1 }];
      const diff = diffReminders(rows, planFor(target), now, tokyoToday(now));
      expect(diff.move).toEqual([{ id: rows[1].id, channelId: target.channelId, fireAt: planFor(target)[2].fireAt }]);
      // Claimed before (it may be posted in the DM): cancelled there and planned anew.
      expect(diff.cancel).toEqual([rows[2].id]);
      // The missed 14-day one went out on Slack already: not again in the channel.
      expect(diff.insert.map((p) => `${p.channelId} ${p.leadDays}`)).toEqual([`${target.channelId} 1`]);
    });

    it('keeps a deadline marked 対応済み done when its reminders go elsewhere', () => {
      const ps = planFor({ platform: 'slack', channelId: 'U0FILER' });
      const done = ps.map((p) => stored(p, p.leadDays === 30 ? 'sent' : 'done'));
      expect(diffReminders(done, planFor(target), at('2026-11-01T00:00:00Z'), today('2026-11-01T00:00:00Z')).insert).toEqual([]);
    });
    it('keeps what 延期 skipped closed when the reminders move to the channel the request is posted in', () => {
      const dm = { platform: 'slack' as const, channelId: 'U0FILER' };
      const dmPlan = planFor(dm); // 30 (10/30), 14 (11/17), 7 (11/24), 1 (11/30)
      // The 30-day reminder went to the filer's DM; on Monday 11/16 the filer snoozed it
      // 3 days (to Thursday 11/19): the 14-day one before then was skipped.
      const snooze = snoozedReminder(dmPlan[0], 3, jpDay(2026, 11, 16), config, defaultClosure);
      const rows = [
        stored(dmPlan[0], 'sent'),
        stored(dmPlan[1], 'snoozed'),
        { ...stored(snooze, 'pending'), id: 'snooze', attempts: 0 },
        { ...stored(dmPlan[2], 'pending'), attempts: 0 },
        { ...stored(dmPlan[3], 'pending'), attempts: 0 },
      ];
      // Then the request is posted in a channel (再投稿).
      const now = at('2026-11-16T05:00:00Z');
      const diff = diffReminders(rows, planFor(target), now, tokyoToday(now));
      expect(diff.move).toEqual([
        { id: 'snooze', channelId: target.channelId, fireAt: snooze.fireAt },
        { id: rows[3].id, channelId: target.channelId, fireAt: planFor(target)[2].fireAt },
        { id: rows[4].id, channelId: target.channelId, fireAt: planFor(target)[3].fireAt },
      ]);
      expect(diff.insert).toEqual([]); // not the 14-day one again, before the snooze
      expect(diff.cancel).toEqual([]);
      expect(diff.revive).toEqual([]);

      // Re-planned once more after the move: nothing comes back either.
      const after = [rows[0], rows[1], ...diff.move!.map((m) => ({ ...rows.find((r) => r.id === m.id)!, channelId: m.channelId, fireAt: m.fireAt }))];
      expect(diffReminders(after, planFor(target), now, tokyoToday(now))).toEqual({ insert: [], cancel: [], revive: [], reschedule: [] });
    });
  });

  it('brings a snoozed reminder back on the next business day at the post hour', () => {
    const [p] = plan(pc);
    // Friday 2026-11-20 + 3 days = Monday 11/23 勤労感謝の日 → Tuesday 11/24.
    const s = snoozedReminder(p, 3, jpDay(2026, 11, 20), config, defaultClosure);
    expect(s.fireAt.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(s.leadDays).toBe(7);
    expect(s.origin).toBe('snooze');
  });
});

describe('reminders of the dates worked back from the council session', () => {
  const org = seedCouncilOrg();
  const withPlan = (f: RequestForm) => {
    const found = planFor(org, f.councilSession, f.filedOn);
    return planReminders({
      request: { status: 'filed', form: f },
      config: org.reminders,
      tierIds,
      closure: org.closure,
      target,
      councilPlan: found.kind === 'plan' ? found.plan : null,
    });
  };

  it('reminds each latest date, 14, 7 and 1 days before, moved off closed days; the session counts from its 開会日', () => {
    const f = form({
      filedOn: jpDay(2026, 8, 3),
      councilSession: '12月定例会',
      publicComment: { planned: true, period: null },
      councilInfo: { kind: '資料提供', period: null },
    });
    const brief = summary(withPlan(f)).filter((s) => s.startsWith('council'));
    // 開始 9/8(火): 8/25, 9/1, 9/7. 終了 10/7(水): 14 days before is 9/23 (秋分の日), after
    // 9/21 敬老の日, 9/22 国民の休日 and the weekend → 9/18(金); then 9/30, 10/6. 政策会議 10/22: 10/8, 10/15, 10/21. 議案提出期限 11/16: 11/2, 11/9, 11/13(金, 11/15 is a Sunday).
    // 情報提供 11/24: 11/10, 11/17, 11/23(祝) → 11/20. 開会日 12/1: 30 → 10/30(金, 11/1 is a Sunday), 14 → 11/17, 7 → 11/24, 1 → 11/30.
    expect(brief).toEqual([
      'councilPlan:publicCommentStart 14 → 2026-08-25',
      'councilPlan:publicCommentStart 7 → 2026-09-01',
      'councilPlan:publicCommentStart 1 → 2026-09-07',
      'councilPlan:publicCommentEnd 14 → 2026-09-18',
      'councilPlan:publicCommentEnd 7 → 2026-09-30',
      'councilPlan:publicCommentEnd 1 → 2026-10-06',
      'councilPlan:decidingMeeting 14 → 2026-10-08',
      'councilPlan:decidingMeeting 7 → 2026-10-15',
      'councilPlan:decidingMeeting 1 → 2026-10-21',
      'councilSession 30 → 2026-10-30',
      'councilPlan:billDeadline 14 → 2026-11-02',
      'councilPlan:billDeadline 7 → 2026-11-09',
      'councilPlan:councilInfo 14 → 2026-11-10',
      'councilPlan:billDeadline 1 → 2026-11-13',
      'councilPlan:councilInfo 7 → 2026-11-17',
      'councilSession 14 → 2026-11-17',
      'councilPlan:councilInfo 1 → 2026-11-20',
      'councilSession 7 → 2026-11-24',
      'councilSession 1 → 2026-11-30',
    ]);
  });

  it('without a council calendar nothing is derived', () => {
    const f = form({ filedOn: jpDay(2026, 8, 3), councilSession: '12月定例会', publicComment: { planned: true, period: null } });
    expect(plan(f).some((p) => p.deadline.startsWith('councilPlan:'))).toBe(false);
  });
});
