import { defaultClosure } from '../../src/domain/businessDays';
import { nextMeetingDates } from '../../src/domain/calendar';
import { cutoffOf, OPEN_DAYS_MEMO_PER_TIER, openMeetingDates, pastCutoff } from '../../src/domain/cutoff';
import { compareDays, isoDay, jpDay, tokyoToday } from '../../src/domain/jpdate';
import { tierSchema } from '../../src/domain/org';
import { desiredDateProblems } from '../../src/domain/schedule';
import { formErrorMessage } from '../../src/domain/text.ja';
import { loadOrg } from '../../src/infra/config';

// 局経営会議: every Monday, a holiday moves it to the next business day; 3 business days before, 12:00.
const kyoku = tierSchema.parse({
  id: 'kyoku',
  name: '局経営会議',
  rrule: 'FREQ=WEEKLY;BYDAY=MO',
  cutoff: { businessDays: 3, time: '12:00', action: 'refuse' },
});
const jst = (iso: string) => new Date(`${iso}+09:00`);

describe('申込締切 per tier', () => {
  it('counts business days back from the meeting, across 勤労感謝の日 and the year end', () => {
    // Mon 11/30 → Wed 11/25 (11/23 is a holiday but falls before).
    expect(cutoffOf(kyoku, jpDay(2026, 11, 30), defaultClosure)).toEqual({ day: jpDay(2026, 11, 25), at: jst('2026-11-25T12:00:00') });
    // Tue 11/24 (moved from the holiday) → Wed 11/18.
    expect(isoDay(cutoffOf(kyoku, jpDay(2026, 11, 24), defaultClosure)!.day)).toBe('2026-11-18');
    // Mon 2027-01-04, the first day open after 12/29–1/3: 12/28, 12/25, 12/24.
    expect(isoDay(cutoffOf(kyoku, jpDay(2027, 1, 4), defaultClosure)!.day)).toBe('2026-12-24');
    expect(cutoffOf(tierSchema.parse({ id: 'x', name: 'x' }), jpDay(2026, 11, 30), defaultClosure)).toBeNull();
  });

  it('is open up to the minute and closed after it; the next meetings still open', () => {
    expect(pastCutoff(kyoku, jpDay(2026, 11, 30), jst('2026-11-25T12:00:00'), defaultClosure)).toBe(false);
    expect(pastCutoff(kyoku, jpDay(2026, 11, 30), jst('2026-11-25T12:01:00'), defaultClosure)).toBe(true);
    expect(openMeetingDates(kyoku, jst('2026-11-25T12:01:00'), 2, defaultClosure).map(isoDay)).toEqual(['2026-12-07', '2026-12-14']);
    expect(openMeetingDates(kyoku, jst('2026-11-25T11:00:00'), 1, defaultClosure).map(isoDay)).toEqual(['2026-11-30']);
  });

  it('refuses or warns per tier, naming the next meeting it can still make', () => {
    const base = loadOrg(undefined).org;
    const org = (action: 'refuse' | 'warn') => ({
      ...base,
      tiers: base.tiers.map((t) => (t.id === 'kyoku' ? { ...kyoku, cutoff: { ...kyoku.cutoff!, action } } : t)),
    });
    const now = jst('2026-11-25T13:00:00');
    const check = (action: 'refuse' | 'warn', confirmed?: Record<string, string>) =>
      desiredDateProblems({ org: org(action), typed: { kyoku: 'R8.11.30' }, today: jpDay(2026, 11, 25), now, confirmed });
    const [refused] = check('refuse');
    expect(refused).toMatchObject({ path: ['desiredDates', 'kyoku'], code: 'date.cutoff_passed' });
    expect(refused.warning).toBeUndefined();
    expect(formErrorMessage(refused)).toBe(
      '局経営会議（令和8年11月30日(月)）の申込締切（令和8年11月25日(水) 12:00）を過ぎています。申込に間に合う次の局経営会議: 令和8年12月7日(月)。',
    );
    expect(check('refuse', { kyoku: 'R8.11.30' })).toHaveLength(1);
    expect(check('warn')[0].warning).toBe(true);
    expect(check('warn', { kyoku: 'R8.11.30' })).toEqual([]);
    // Before the cut-off, nothing; without `now` (no instant known), not checked.
    expect(
      desiredDateProblems({ org: org('refuse'), typed: { kyoku: 'R8.11.30' }, today: jpDay(2026, 11, 25), now: jst('2026-11-25T11:59:00') }),
    ).toEqual([]);
  });

  it('keeps an answer only while it holds: the same day and no cut-off crossed, forwards or back', () => {
    const fresh = (tier: typeof kyoku, now: Date, n: number) => {
      const today = tokyoToday(now);
      const look = n + (tier.cutoff ? tier.cutoff.businessDays + 1 : 0);
      return nextMeetingDates(tier, today, look, defaultClosure)
        .filter((d) => compareDays(d, today) >= 0 && !pastCutoff(tier, d, now, defaultClosure))
        .slice(0, n);
    };
    const daily = tierSchema.parse({ id: 'd', name: 'd', rrule: 'FREQ=DAILY', cutoff: { businessDays: 1, time: '09:30', action: 'refuse' } });
    const asNeeded = tierSchema.parse({ id: 'x', name: 'x', extraDates: ['2026-12-01', '2026-12-03'] });
    // Over ten days around the year end: every 53 minutes, and each cut-off time and
    // midnight to the millisecond either side; then backwards over the first days.
    const start = jst('2026-12-20T00:00:00').getTime();
    const instants: number[] = [];
    for (let t = start; t < start + 10 * 86_400_000; t += 53 * 60_000) instants.push(t);
    for (let day = 0; day < 10; day++) {
      for (const at of [0, 9.5 * 3_600_000, 12 * 3_600_000]) {
        for (const ms of [-1, 0, 1]) instants.push(start + day * 86_400_000 + at + ms);
      }
    }
    for (let t = start + 3 * 86_400_000; t > start; t -= 97 * 60_000) instants.push(t);
    for (const tier of [kyoku, daily, asNeeded]) {
      for (const t of instants) {
        for (const n of [1, 8]) expect(openMeetingDates(tier, new Date(t), n, defaultClosure)).toEqual(fresh(tier, new Date(t), n));
      }
    }
    // Bounded: more counts than kept still answer right.
    for (let n = 1; n <= OPEN_DAYS_MEMO_PER_TIER + 3; n++) {
      expect(openMeetingDates(kyoku, new Date(start), n, defaultClosure)).toEqual(fresh(kyoku, new Date(start), n));
    }
    expect(Object.isFrozen(openMeetingDates(kyoku, new Date(start), 2, defaultClosure))).toBe(true);
  });
});
