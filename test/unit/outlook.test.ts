import type { Outlook } from '../../src/app/outlook';
import { defaultClosure } from '../../src/domain/businessDays';
import { jpDay } from '../../src/domain/jpdate';
import {
  askedAt,
  compareRisks,
  firstBusinessDayOfWeek,
  isoWeekKey,
  missedCutoff,
  nearOrPast,
  outlookWindow,
  unanswered,
  weeklyOutlookDue,
} from '../../src/domain/outlook';
import type { Tier } from '../../src/domain/org';
import type { AgendaRequest } from '../../src/domain/request';
import { loadOrg } from '../../src/infra/config';
import { outlookMessage } from '../../src/slack/views/outlookMessage';
import { cardBytes, CARD_MAX_BYTES } from '../../src/teams/cards/card';
import { outlookCard } from '../../src/teams/cards/outlookCard';
import { assertMessageWithinLimits } from '../support/blockKit';
import { cardText, expectValidCard } from '../support/teamsCards';
import { seedForm } from '../fixtures/seedForm';

const kyoku: Tier = { ...loadOrg(undefined).org.tiers.find((t) => t.id === 'kyoku')!, cutoff: { businessDays: 3, time: '12:00', action: 'warn' } };

describe('the outlook window and the weekly post', () => {
  it('covers two weeks from today', () => {
    expect(outlookWindow(jpDay(2026, 12, 1))).toEqual({ from: jpDay(2026, 12, 1), to: jpDay(2026, 12, 14) });
  });

  it('names ISO weeks, the year of their Thursday', () => {
    expect(isoWeekKey(jpDay(2026, 11, 30))).toBe('2026-W49');
    expect(isoWeekKey(jpDay(2026, 12, 6))).toBe('2026-W49');
    expect(isoWeekKey(jpDay(2027, 1, 1))).toBe('2026-W53');
    expect(isoWeekKey(jpDay(2027, 1, 4))).toBe('2027-W01');
  });

  it('is due on the week’s first business day: Tuesday when Monday is a holiday, none in a closed week', () => {
    expect(firstBusinessDayOfWeek(jpDay(2026, 12, 3), defaultClosure)).toEqual(jpDay(2026, 11, 30));
    // 2026-11-23 is 勤労感謝の日.
    expect(firstBusinessDayOfWeek(jpDay(2026, 11, 27), defaultClosure)).toEqual(jpDay(2026, 11, 24));
    // 2027-01-04 (Mon) is the first business day after the year-end closure.
    expect(firstBusinessDayOfWeek(jpDay(2027, 1, 6), defaultClosure)).toEqual(jpDay(2027, 1, 4));
    expect(firstBusinessDayOfWeek(jpDay(2026, 12, 30), { yearEnd: { from: '12-26', to: '01-03' } })).toBeNull();
    expect(weeklyOutlookDue(jpDay(2026, 11, 30), 7, 8, defaultClosure)).toBeNull();
    expect(weeklyOutlookDue(jpDay(2026, 11, 30), 8, 8, defaultClosure)).toBe('2026-W49');
    expect(weeklyOutlookDue(jpDay(2026, 12, 1), 9, 8, defaultClosure)).toBeNull();
    expect(weeklyOutlookDue(jpDay(2026, 11, 23), 9, 8, defaultClosure)).toBeNull();
    expect(weeklyOutlookDue(jpDay(2026, 11, 24), 9, 8, defaultClosure)).toBe('2026-W48');
  });
});

describe('what puts an item at risk', () => {
  it('a request filed after its meeting’s cut-off', () => {
    // 局経営会議 2026-11-30: cut-off 3 business days before, 12:00 → 11/25 12:00 (03:00 UTC).
    expect(missedCutoff(kyoku, jpDay(2026, 11, 30), new Date('2026-11-25T02:59:00Z'), defaultClosure)).toBeNull();
    expect(missedCutoff(kyoku, jpDay(2026, 11, 30), new Date('2026-11-25T03:01:00Z'), defaultClosure)?.day).toEqual(jpDay(2026, 11, 25));
    expect(missedCutoff({ ...kyoku, cutoff: undefined }, jpDay(2026, 11, 30), new Date('2026-11-29T00:00:00Z'), defaultClosure)).toBeNull();
  });

  it('counts from the edit that moved a request onto the meeting, else from its filing', () => {
    const filed = { createdAt: new Date('2026-11-19T01:00:00Z') };
    const day = jpDay(2026, 11, 30);
    const move = (at: string, from: unknown, to: unknown) => ({
      at: new Date(at),
      changes: [{ field: 'desiredDates', old: { kyoku: from }, new: { kyoku: to } }],
    });
    const d1207 = { precision: 'day', year: 2026, month: 12, day: 7 };
    const d1130 = { precision: 'day', year: 2026, month: 11, day: 30 };
    expect(askedAt(filed, 'kyoku', day, [])).toEqual({ at: filed.createdAt, edited: false });
    expect(askedAt(filed, 'kyoku', day, [move('2026-11-26T01:00:00Z', d1207, d1130)])).toEqual({
      at: new Date('2026-11-26T01:00:00Z'),
      edited: true,
    });
    // Another tier's change, or a change that left this tier's day as it was, does not count.
    expect(askedAt(filed, 'chosei', day, [move('2026-11-26T01:00:00Z', d1207, d1130)]).edited).toBe(false);
    expect(askedAt(filed, 'kyoku', day, [move('2026-11-26T01:00:00Z', d1130, d1130)]).edited).toBe(false);
    // Moved away and back: the last move onto it.
    const back = [move('2026-11-20T01:00:00Z', d1130, d1207), move('2026-11-27T01:00:00Z', d1207, d1130)];
    expect(askedAt(filed, 'kyoku', day, back).at).toEqual(new Date('2026-11-27T01:00:00Z'));
  });

  it('a reminder posted and neither 対応済み nor 延期, its deadline within a week or past', () => {
    const sent = new Date('2026-11-20T00:00:00Z');
    expect(unanswered({ lastSentAt: sent, done: false, snoozed: false })).toBe(true);
    expect(unanswered({ lastSentAt: sent, done: true, snoozed: false })).toBe(false);
    expect(unanswered({ lastSentAt: sent, done: false, snoozed: true })).toBe(false);
    expect(unanswered({ lastSentAt: null, done: false, snoozed: false })).toBe(false);
    expect(nearOrPast(jpDay(2026, 12, 8), jpDay(2026, 12, 1))).toBe(true);
    expect(nearOrPast(jpDay(2026, 12, 9), jpDay(2026, 12, 1))).toBe(false);
    expect(nearOrPast(jpDay(2026, 11, 1), jpDay(2026, 12, 1))).toBe(true);
  });

  it('lists the plan first, then cut-offs, then reminders, each by day', () => {
    const r = (kind: 'plan' | 'cutoff' | 'reminder', d: number, caseNo = 'R8-001') => ({ kind, day: jpDay(2026, 12, d), caseNo });
    const sorted = [r('reminder', 1), r('cutoff', 3), r('plan', 9), r('cutoff', 2), r('plan', 9, 'R8-000')].sort(compareRisks);
    expect(sorted.map((x) => `${x.kind}:${x.day.day}:${x.caseNo}`)).toEqual([
      'plan:9:R8-000',
      'plan:9:R8-001',
      'cutoff:2:R8-001',
      'cutoff:3:R8-001',
      'reminder:1:R8-001',
    ]);
  });
});

describe('the outlook as a Slack message and a Teams card', () => {
  const request = (i: number): AgendaRequest => ({
    id: `id-${i}`,
    caseNo: `R8-${String(i).padStart(3, '0')}`,
    fiscalYear: 2026,
    seq: i,
    version: 1,
    status: 'filed',
    form: { ...seedForm(), title: `長い案件名 <!channel> ${'あ'.repeat(100)}` },
    createdBy: { platform: 'slack', userId: 'U0001' },
    origin: { platform: 'slack', channelId: 'C0001' },
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  const many: Outlook = {
    today: jpDay(2026, 12, 1),
    from: jpDay(2026, 12, 1),
    to: jpDay(2026, 12, 14),
    filtered: false,
    risks: Array.from({ length: 60 }, (_, i) => ({
      kind: 'reminder' as const,
      request: request(i),
      day: jpDay(2026, 12, 2),
      reasons: ['理由'.repeat(100)],
    })),
    meetings: Array.from({ length: 30 }, (_, i) => ({
      tier: kyoku,
      day: jpDay(2026, 12, 1 + (i % 14)),
      regular: true,
      cutoff: null,
      items: Array.from({ length: 20 }, (_, j) => request(100 + j)),
    })),
    deadlines: Array.from({ length: 400 }, (_, i) => ({
      day: jpDay(2026, 12, 1 + (i % 14)),
      label: '資料提出期限',
      due: '令和8年12月1日(火)',
      request: request(i),
      requestIds: [],
      done: false,
    })).sort((a, b) => a.day.day - b.day.day),
  };

  it('stays within 50 blocks, saying how many it left out and where to see them all', () => {
    const msg = outlookMessage(many, new Map(), 'wareki');
    assertMessageWithinLimits(msg.blocks, msg.text);
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain('ほか 45件');
    expect(text).toContain('すべて表示: `/案件申込 日程`・`/案件申込 期限`');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('stays under Teams’ size limit as a valid Adaptive Card 1.5', () => {
    const card = outlookCard(many, 'wareki');
    expectValidCard(card);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    expect(cardText(card)).toMatch(/ほか \d+件/);
    expect(cardText(card)).toContain('すべて表示');
  });
});
