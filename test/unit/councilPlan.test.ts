import { councilPlan, planFor, planInputFromRaw, planWarnings, resolveSession, type CouncilPlan } from '../../src/domain/councilPlan';
import { isoDay, jpDay, parseJpDate, type JpDay } from '../../src/domain/jpdate';
import { orgConfigSchema, type OrgConfig } from '../../src/domain/org';
import { formErrorMessage } from '../../src/domain/text.ja';
import { seedCouncilOrg } from '../fixtures/council';

const seed = seedCouncilOrg();

/**
 * Another city: 三役会議 every Tuesday, a holiday drops it (skip); rules in calendar
 * days, a 45-day public comment, 情報提供 3 business days before; 定例月会議 named by
 * the month they open in.
 */
const other: OrgConfig = orgConfigSchema.parse({
  name: '△△市',
  organization: [{ name: '総務部', departments: [{ name: '企画課' }] }],
  sections: [{ id: 'kikaku', name: '企画課長' }],
  tiers: [
    { id: 'kacho', name: '課長会議' },
    { id: 'sanyaku', name: '三役会議', rrule: 'FREQ=WEEKLY;BYDAY=TU', holidays: 'skip' },
  ],
  council: {
    billDeadline: { days: 14, in: 'calendar' },
    decisionBefore: { days: 7, in: 'calendar' },
    publicCommentDays: 45,
    publicCommentResults: { days: 14, in: 'calendar' },
    councilInfo: { days: 3, in: 'business' },
    sessions: [
      { name: '令和8年11月定例月会議', opens: '2026-11-26', closes: '2026-12-16' },
      { name: '令和9年2月定例月会議', opens: '2027-02-04', closes: '2027-03-19' },
    ],
  },
});

const d = (iso: string): JpDay => {
  const [y, m, dd] = iso.split('-').map(Number);
  return jpDay(y, m, dd);
};
const chain = (p: CouncilPlan) => ({
  billDeadline: isoDay(p.billDeadline),
  decisionBy: isoDay(p.decisionBy),
  decidingMeeting: p.decidingMeeting && isoDay(p.decidingMeeting),
  publicCommentEnd: p.publicCommentEnd && isoDay(p.publicCommentEnd),
  publicCommentStart: p.publicCommentStart && isoDay(p.publicCommentStart),
  councilInfo: isoDay(p.councilInfo),
});
const planOf = (org: OrgConfig, text: string, today = d('2026-06-01')): CouncilPlan => {
  const r = planFor(org, text, today);
  if (r.kind !== 'plan') throw new Error(`${text}: ${r.kind}`);
  return r.plan;
};

describe('which session 議会上程時期 names', () => {
  const name = (text: string, today = d('2026-06-01')) => {
    const r = resolveSession(seed.council!, text, today);
    return r.kind === 'session' ? r.session.name : r.kind;
  };

  it('a name or its start, the n-th session of a year, a month with its year', () => {
    expect(name('令和8年第4回定例会（12月）')).toBe('令和8年第4回定例会（12月）');
    expect(name('令和8年第4回定例会')).toBe('令和8年第4回定例会（12月）');
    expect(name('R8第4回定例会')).toBe('令和8年第4回定例会（12月）');
    expect(name('2027年第1回定例会')).toBe('令和9年第1回定例会（2月）');
    expect(name('R8.12')).toBe('令和8年第4回定例会（12月）');
    expect(name('令和８年１２月定例会')).toBe('令和8年第4回定例会（12月）');
    expect(name('2026-12')).toBe('令和8年第4回定例会（12月）');
    // R9's December session opens on 11/30: `month: 12` keeps it the 12月定例会.
    expect(name('R9.12')).toBe('令和9年第4回定例会（12月）');
  });

  it('a month alone is the next such session not yet opened', () => {
    expect(name('12月定例会', d('2026-06-01'))).toBe('令和8年第4回定例会（12月）');
    expect(name('12月定例会', d('2026-12-02'))).toBe('令和9年第4回定例会（12月）');
    expect(name('2月定例会', d('2026-03-01'))).toBe('令和9年第1回定例会（2月）');
  });

  it('tells a session the calendar lacks from text about no session', () => {
    expect(name('令和10年12月定例会')).toBe('unknown');
    expect(name('令和8年第5回定例会')).toBe('unknown');
    expect(name('3月定例会')).toBe('unknown');
    expect(name('')).toBe('none');
    expect(name('未定')).toBe('none');
    expect(name('次年度以降')).toBe('none');
  });
});

describe('the chain of latest dates (hand-computed)', () => {
  it('seed city, 令和8年12月定例会: across 勤労感謝の日 and スポーツの日', () => {
    // 開会 12/1(火). 10 business days back, 11/23(月・祝) not counted → 11/16(月).
    // 5 business days before → 11/9(月); 政策会議 (2nd/4th Thu) on or before: 10/22(木).
    // 10 business days before 10/22, 10/12(月・スポーツの日) not counted → 10/7(水);
    // 30 days ending 10/7 start 9/8(火). 情報提供 7 calendar days before 12/1 → 11/24(火).
    expect(chain(planOf(seed, '12月定例会'))).toEqual({
      billDeadline: '2026-11-16',
      decisionBy: '2026-11-09',
      decidingMeeting: '2026-10-22',
      publicCommentEnd: '2026-10-07',
      publicCommentStart: '2026-09-08',
      councilInfo: '2026-11-24',
    });
  });

  it('seed city, 令和9年2月定例会: across the year-end closure and 成人の日', () => {
    // 開会 2/16(火). 2/11(木・祝) skipped → 2/1(月). 5 back → 1/25(月); 政策会議 1/14(木).
    // 10 business days before 1/14: 1/13, 1/12, (1/11 成人の日), 1/8, 1/7, 1/6, 1/5, 1/4,
    // (12/29–1/3 closed), 12/28, 12/25, 12/24 → 12/24(木); start 29 days earlier 11/25(水).
    expect(chain(planOf(seed, '令和9年第1回定例会'))).toEqual({
      billDeadline: '2027-02-01',
      decisionBy: '2027-01-25',
      decidingMeeting: '2027-01-14',
      publicCommentEnd: '2026-12-24',
      publicCommentStart: '2026-11-25',
      councilInfo: '2027-02-09',
    });
  });

  it('other city, 11月定例月会議: calendar days, a Tuesday lost to 文化の日, start moved off a Sunday', () => {
    // 開会 11/26(木) − 14 → 11/12(木); − 7 → 11/5(木); 三役会議 11/3 is 文化の日 and
    // skipped → 10/27(火). − 14 → 10/13(火); 45 days ending 10/13 start 8/30(日) → 8/28(金).
    // 情報提供 3 business days before 11/26 (11/23 祝) → 11/20(金).
    expect(chain(planOf(other, '令和8年11月定例月会議'))).toEqual({
      billDeadline: '2026-11-12',
      decisionBy: '2026-11-05',
      decidingMeeting: '2026-10-27',
      publicCommentEnd: '2026-10-13',
      publicCommentStart: '2026-08-28',
      councilInfo: '2026-11-20',
    });
  });

  it('other city, 2月定例月会議: a calendar count landing in the closure moves to 12/28', () => {
    // 開会 2/4(木) − 14 → 1/21(木); − 7 → 1/14(木); 三役会議 1/12(火). − 14 → 12/29
    // (closed) → 12/28(月); 45 days ending 12/28 start 11/14(土) → 11/13(金). 情報提供 → 2/1(月).
    expect(chain(planOf(other, 'R9.2'))).toEqual({
      billDeadline: '2027-01-21',
      decisionBy: '2027-01-14',
      decidingMeeting: '2027-01-12',
      publicCommentEnd: '2026-12-28',
      publicCommentStart: '2026-11-13',
      councilInfo: '2027-02-01',
    });
  });

  it('a deciding tier held as needed may meet on the last day itself', () => {
    const asNeeded = orgConfigSchema.parse({ ...other, council: { ...other.council, decidingTier: 'kacho' } });
    expect(chain(planOf(asNeeded, 'R9.2'))).toMatchObject({
      decisionBy: '2027-01-14',
      decidingMeeting: '2027-01-14',
      publicCommentEnd: '2026-12-28',
    });
  });

  it('a deciding tier that meets rarely: its last meeting up to a year back; none within a year is said so', () => {
    const yearly = (rrule: string) =>
      orgConfigSchema.parse({
        ...other,
        tiers: [...other.tiers, { id: 'annual', name: '年次会議', rrule }],
        council: { ...other.council, decidingTier: 'annual' },
      });
    // 4/10/2026 is a Friday; decisionBy of the February session is 2027-01-14.
    expect(isoDay(planOf(yearly('FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=10'), 'R9.2').decidingMeeting!)).toBe('2026-04-10');
    const never = yearly('FREQ=YEARLY;INTERVAL=3;BYMONTH=4;BYMONTHDAY=10');
    const p = planOf(never, 'R9.2');
    expect(p.decidingMeeting).toBeNull();
    expect(p.publicCommentStart).toBeNull();
    const [w] = planWarnings(
      never,
      planInputFromRaw({
        councilSession: 'R9.2',
        publicComment: 'planned',
        publicCommentPeriod: '',
        councilInfoKind: '',
        councilInfoPeriod: '',
        desiredDates: {},
      }),
      d('2026-06-01'),
    );
    expect(formErrorMessage(w)).toBe(
      '令和9年2月定例月会議の議案提出期限（令和9年1月21日(木)）に間に合う年次会議の開催日（令和9年1月14日(木)まで）がありません。',
    );
  });

  it('is the same object for the same session (worked out once per config)', () => {
    const s = resolveSession(seed.council!, '12月定例会', d('2026-06-01'));
    if (s.kind !== 'session') throw new Error('no session');
    expect(councilPlan(seed, s.session)).toBe(councilPlan(seed, s.session));
  });
});

describe('feasibility warnings', () => {
  const raw = (over: Partial<Parameters<typeof planInputFromRaw>[0]> = {}) =>
    planInputFromRaw({
      councilSession: '12月定例会',
      publicComment: 'planned',
      publicCommentPeriod: '',
      councilInfoKind: '',
      councilInfoPeriod: '',
      desiredDates: {},
      ...over,
    });
  const texts = (org: OrgConfig, input: ReturnType<typeof raw>, today: string) =>
    planWarnings(org, input, d(today)).map((w) => `${w.path.join('.')}: ${formErrorMessage({ ...w, warning: true })}`);

  it('late October for the 12月定例会: the public comment no longer fits, and the next plan that does', () => {
    expect(texts(seed, raw(), '2026-10-26')).toEqual([
      'councilSession: 令和8年第4回定例会（12月）に間に合う最後の政策会議（令和8年10月22日(木)）を過ぎています（議案提出期限 令和8年11月16日(月)）。' +
        '間に合う次の定例会: 令和9年第1回定例会（2月）（パブリックコメントを令和8年11月25日(水)までに開始、議案提出期限 令和9年2月1日(月)）。' +
        'このままでよければ、もう一度送信してください。',
      'publicComment: パブリックコメント（30日以上）を令和8年第4回定例会（12月）の議案提出期限（令和8年11月16日(月)）に間に合わせるには、' +
        '令和8年9月8日(火)までに開始する必要があります（結果を政策会議（令和8年10月22日(木)）に諮るため令和8年10月7日(水)までに終了）。' +
        'その日はすでに過ぎています。間に合う次の定例会: 令和9年第1回定例会（2月）（パブリックコメントを令和8年11月25日(水)までに開始、議案提出期限 令和9年2月1日(月)）。' +
        'このままでよければ、もう一度送信してください。',
    ]);
  });

  it('a workable plan gets no warning', () => {
    expect(
      planWarnings(
        seed,
        raw({
          publicCommentPeriod: 'R8.9.1~R8.10.5',
          councilInfoKind: '資料提供',
          councilInfoPeriod: 'R8.11.20',
          desiredDates: { seisaku: 'R8.10.22' },
        }),
        d('2026-08-03'),
      ),
    ).toEqual([]);
    expect(planWarnings(seed, raw({ councilSession: '' }), d('2026-10-26'))).toEqual([]);
    expect(planWarnings(seed, raw({ councilSession: '未定' }), d('2026-10-26'))).toEqual([]);
  });

  it("each in the field it concerns: a period that starts late, ends late or is short; 情報提供; the deciding tier's date", () => {
    const at = (over: Parameters<typeof raw>[0]) => planWarnings(seed, raw(over), d('2026-08-03')).map((w) => `${w.path.join('.')} ${w.code}`);
    expect(at({ publicCommentPeriod: '令和8年10月' })).toEqual(['publicCommentPeriod plan.public_comment_start']);
    expect(at({ publicCommentPeriod: 'R8.9.1~R8.10.20' })).toEqual(['publicCommentPeriod plan.public_comment_end']);
    expect(at({ publicCommentPeriod: 'R8.9.1~R8.9.20' })).toEqual(['publicCommentPeriod plan.public_comment_short']);
    expect(at({ publicComment: 'none', councilInfoKind: '報告', councilInfoPeriod: 'R8.11.25' })).toEqual([
      'councilInfoPeriod plan.council_info_late',
    ]);
    expect(at({ publicComment: 'none', desiredDates: { seisaku: 'R8.11.12' } })).toEqual(['desiredDates.seisaku plan.desired_after']);
    const [w] = planWarnings(seed, raw({ publicComment: 'none', desiredDates: { seisaku: 'R8.11.12' } }), d('2026-08-03'));
    expect(formErrorMessage(w)).toBe(
      '審議希望日（政策会議 令和8年11月12日(木)）が令和8年第4回定例会（12月）に間に合う最後の政策会議（令和8年10月22日(木)）より後です（議案提出期限 令和8年11月16日(月)）。',
    );
  });

  it('past the 議案提出期限, and a session not in the calendar', () => {
    expect(planWarnings(seed, raw({ publicComment: 'none' }), d('2026-11-17')).map((w) => w.code)).toEqual(['plan.bill_deadline_passed']);
    const [w] = planWarnings(seed, raw({ councilSession: '令和10年6月定例会' }), d('2026-11-17'));
    expect(w.path).toEqual(['councilSession']);
    expect(formErrorMessage(w)).toBe(
      '「令和10年6月定例会」に当たる定例会が議会の日程にありません。定例会の名前（例: 令和8年第4回定例会）か年月（例: R8.12）で入力してください。',
    );
  });

  it('no council configured: nothing planned, nothing warned', () => {
    const plain: OrgConfig = { ...seed, council: undefined };
    expect(planFor(plain, '12月定例会', d('2026-10-26'))).toEqual({ kind: 'none' });
    expect(planWarnings(plain, raw(), d('2026-10-26'))).toEqual([]);
  });

  it("reads typed dates leniently (an unreadable period is the form's to report)", () => {
    const input = raw({ publicCommentPeriod: 'そのうち', desiredDates: { seisaku: 'R8.11.12', kyoku: 'x' } });
    expect(input.publicComment.period).toBeNull();
    expect(input.desiredDates).toEqual({ seisaku: (parseJpDate('R8.11.12') as { ok: true; value: JpDay }).value, kyoku: null });
  });
});

/**
 * A city with a 通年会期: one session all year (令和8年4月1日〜令和9年3月31日) meeting as
 * 定例月会議 in June, September, December and February. Bills are handed in per 定例月会議,
 * so each is a session entry (the year-long 会期 itself is not one: no bill is aimed at
 * "the year"). The December one opens on 11/30: `month: 12` keeps it the 12月定例月会議.
 * 政策会議 meets every Monday (a holiday moves it to the next business day); rules in
 * business days, a 30-day public comment, results 10 and 情報提供 14 calendar days before.
 */
const tsunen: OrgConfig = orgConfigSchema.parse({
  name: '◇◇市',
  organization: [{ name: '総務部', departments: [{ name: '企画課' }] }],
  sections: [{ id: 'kikaku', name: '企画課長' }],
  tiers: [
    { id: 'kacho', name: '課長会議' },
    { id: 'seisaku', name: '政策会議', rrule: 'FREQ=WEEKLY;BYDAY=MO', holidays: 'next' },
  ],
  council: {
    billDeadline: { days: 10, in: 'business' },
    decisionBefore: { days: 5, in: 'business' },
    publicCommentDays: 30,
    publicCommentResults: { days: 10, in: 'calendar' },
    councilInfo: { days: 14, in: 'calendar' },
    sessions: [
      { name: '令和8年6月定例月会議', opens: '2026-06-02', closes: '2026-06-19' },
      { name: '令和8年9月定例月会議', opens: '2026-09-29', closes: '2026-10-16' },
      { name: '令和8年12月定例月会議', opens: '2026-11-30', closes: '2026-12-18', month: 12 },
      { name: '令和9年2月定例月会議', opens: '2027-02-03', closes: '2027-03-19' },
    ],
  },
});

describe('a 通年会期 city: each 定例月会議 is a session', () => {
  const name = (text: string, today = d('2026-04-01')) => {
    const r = resolveSession(tsunen.council!, text, today);
    return r.kind === 'session' ? r.session.name : r.kind;
  };

  it('resolves what people write for a 定例月会議', () => {
    expect(name('令和8年12月定例月会議')).toBe('令和8年12月定例月会議');
    expect(name('12月定例月会議')).toBe('令和8年12月定例月会議');
    expect(name('12月定例会')).toBe('令和8年12月定例月会議');
    expect(name('R8.12')).toBe('令和8年12月定例月会議');
    expect(name('令和８年１２月')).toBe('令和8年12月定例月会議');
    // February belongs to the same 会期 (年度) but to the next calendar year.
    expect(name('2月定例月会議')).toBe('令和9年2月定例月会議');
    expect(name('R9.2')).toBe('令和9年2月定例月会議');
    expect(name('令和8年度2月定例月会議')).toBe('令和9年2月定例月会議');
    expect(name('R8年度12月')).toBe('令和8年12月定例月会議');
    expect(name('令和8年2月定例月会議')).toBe('unknown'); // R7's 会期, not in this calendar
    // The n-th of a calendar year, as for 定例会.
    expect(name('令和8年第2回定例月会議')).toBe('令和8年9月定例月会議');
    // A month already opened points at the next one, which the calendar does not hold yet.
    expect(name('6月定例月会議', d('2026-06-03'))).toBe('unknown');
    expect(name('9月定例月会議', d('2026-06-03'))).toBe('令和8年9月定例月会議');
    // The 会期 alone names no 定例月会議: said so, rather than taken as no session.
    expect(name('令和8年通年会期')).toBe('unknown');
    expect(name('通年会期')).toBe('unknown');
    expect(name('未定')).toBe('none');
  });

  it('6月定例月会議: across the Golden Week', () => {
    // 開会 6/2(火). 10 business days back → 5/19(火); 5 more → 5/12(火); 政策会議 5/11(月).
    // − 10 days → 5/1(金) (a business day between 昭和の日 and 憲法記念日); 30 days end → start 4/2(木).
    // 情報提供 14 days before 6/2 → 5/19(火).
    expect(chain(planOf(tsunen, '6月定例月会議', d('2026-04-01')))).toEqual({
      billDeadline: '2026-05-19',
      decisionBy: '2026-05-12',
      decidingMeeting: '2026-05-11',
      publicCommentEnd: '2026-05-01',
      publicCommentStart: '2026-04-02',
      councilInfo: '2026-05-19',
    });
  });

  it('9月定例月会議: across the September holidays (敬老の日, 国民の休日, 秋分の日)', () => {
    // 開会 9/29(火). Back: 9/28, 9/25, 9/24, (9/19–9/23 closed), 9/18, 9/17, 9/16, 9/15,
    // 9/14, 9/11, 9/10 → 9/10(木); 5 more → 9/3(木); 政策会議 8/31(月). − 10 → 8/21(金);
    // start 7/23(木). 情報提供 9/15(火).
    expect(chain(planOf(tsunen, 'R8.9'))).toEqual({
      billDeadline: '2026-09-10',
      decisionBy: '2026-09-03',
      decidingMeeting: '2026-08-31',
      publicCommentEnd: '2026-08-21',
      publicCommentStart: '2026-07-23',
      councilInfo: '2026-09-15',
    });
  });

  it('12月定例月会議, opening on 11/30: across 勤労感謝の日', () => {
    // 開会 11/30(月). Back: 11/27 … 11/24, (11/23 祝), 11/20 … 11/13 → 11/13(金); 5 more →
    // 11/6(金); 政策会議 11/2(月). − 10 → 10/23(金); start 9/24(木). 情報提供 11/16(月).
    expect(chain(planOf(tsunen, '12月定例月会議'))).toEqual({
      billDeadline: '2026-11-13',
      decisionBy: '2026-11-06',
      decidingMeeting: '2026-11-02',
      publicCommentEnd: '2026-10-23',
      publicCommentStart: '2026-09-24',
      councilInfo: '2026-11-16',
    });
  });

  it('2月定例月会議: a meeting moved off 成人の日 and a count landing in the year-end closure', () => {
    // 開会 2/3(水). 10 business days back → 1/20(水); 5 more: 1/19, 1/18, 1/15, 1/14, 1/13 →
    // 1/13(水). 政策会議 1/11 is 成人の日, moved to 1/12(火). − 10 → 1/2 (closed 12/29–1/3)
    // → 12/28(月); 30 days ending 12/28 start 11/29(日) → 11/27(金). 情報提供 1/20(水).
    expect(chain(planOf(tsunen, '令和8年度2月定例月会議'))).toEqual({
      billDeadline: '2027-01-20',
      decisionBy: '2027-01-13',
      decidingMeeting: '2027-01-12',
      publicCommentEnd: '2026-12-28',
      publicCommentStart: '2026-11-27',
      councilInfo: '2027-01-20',
    });
  });
});
