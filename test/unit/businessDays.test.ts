import {
  addBusinessDays,
  businessDaysBetween,
  defaultClosure,
  holidayName,
  isBusinessDay,
  isHoliday,
  nextBusinessDay,
  previousBusinessDay,
  type ClosurePolicy,
} from '../../src/domain/businessDays';
import { isoDay, jpDay, type JpDay } from '../../src/domain/jpdate';

/** '2026-05-06' → JpDay, to keep the calendar facts readable. */
function d(iso: string): JpDay {
  const [y, m, dd] = iso.split('-').map(Number);
  return jpDay(y, m, dd);
}

const noClosure: ClosurePolicy = { yearEnd: null };

describe('holidays', () => {
  it('knows Golden Week 2026, including the 振替休日 on Wednesday 5/6', () => {
    expect(holidayName(d('2026-04-29'))).toBe('昭和の日');
    expect(holidayName(d('2026-05-03'))).toBe('憲法記念日');
    expect(holidayName(d('2026-05-04'))).toBe('みどりの日');
    expect(holidayName(d('2026-05-05'))).toBe('こどもの日');
    expect(holidayName(d('2026-05-06'))).toBe('こどもの日 振替休日');
    expect(isHoliday(d('2026-05-06'))).toBe(true);
  });

  it('knows the ordinary days around Golden Week are not holidays', () => {
    expect(isHoliday(d('2026-04-30'))).toBe(false);
    expect(isHoliday(d('2026-05-01'))).toBe(false);
    expect(isHoliday(d('2026-05-07'))).toBe(false);
    expect(holidayName(d('2026-05-07'))).toBeNull();
  });

  it('knows 2025-11-24 is the 振替休日 for 勤労感謝の日 on a Sunday', () => {
    expect(isHoliday(d('2025-11-24'))).toBe(true);
    expect(holidayName(d('2025-11-24'))).toContain('振替休日');
  });

  it('knows 2026-09-22 is a 国民の休日 between 敬老の日 and 秋分の日', () => {
    expect(holidayName(d('2026-09-21'))).toBe('敬老の日');
    expect(holidayName(d('2026-09-22'))).toBe('休日');
    expect(holidayName(d('2026-09-23'))).toBe('秋分の日');
  });

  it('knows the 2019 enthronement holidays', () => {
    expect(isHoliday(d('2019-04-30'))).toBe(true);
    expect(isHoliday(d('2019-05-01'))).toBe(true);
    expect(isHoliday(d('2019-05-02'))).toBe(true);
  });

  it('treats an ordinary Saturday as not a holiday (it is a weekend, not a 祝日)', () => {
    expect(isHoliday(d('2026-04-18'))).toBe(false);
  });

  describe('whatever the process time zone', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Tokyo'])('gives the same answers in %s', (tz) => {
      process.env.TZ = tz;
      expect(isHoliday(d('2026-05-06'))).toBe(true);
      expect(isHoliday(d('2026-05-07'))).toBe(false);
      expect(isHoliday(d('2026-05-02'))).toBe(false);
      expect(isBusinessDay(d('2026-05-07'))).toBe(true);
      expect(addBusinessDays(d('2026-05-01'), 1)).toEqual(d('2026-05-07'));
    });
  });
});

describe('isBusinessDay', () => {
  it('is open on an ordinary weekday', () => {
    expect(isBusinessDay(d('2026-04-16'))).toBe(true); // Thursday
    expect(isBusinessDay(d('2026-04-30'))).toBe(true);
    expect(isBusinessDay(d('2026-05-01'))).toBe(true);
  });

  it('is closed at weekends', () => {
    expect(isBusinessDay(d('2026-04-18'))).toBe(false); // Saturday
    expect(isBusinessDay(d('2026-04-19'))).toBe(false); // Sunday
  });

  it('is closed on national holidays, 振替休日 and 国民の休日', () => {
    expect(isBusinessDay(d('2026-04-29'))).toBe(false);
    expect(isBusinessDay(d('2026-05-06'))).toBe(false);
    expect(isBusinessDay(d('2025-11-24'))).toBe(false);
    expect(isBusinessDay(d('2026-09-22'))).toBe(false);
  });

  it('is closed from 12/29 to 1/3 by default, even on weekdays', () => {
    expect(isBusinessDay(d('2026-12-28'))).toBe(true); // Monday
    expect(isBusinessDay(d('2026-12-29'))).toBe(false); // Tuesday
    expect(isBusinessDay(d('2026-12-30'))).toBe(false);
    expect(isBusinessDay(d('2026-12-31'))).toBe(false);
    expect(isBusinessDay(d('2027-01-01'))).toBe(false);
    expect(isBusinessDay(d('2027-01-04'))).toBe(true); // Monday
    expect(isBusinessDay(d('2029-01-02'))).toBe(false); // Tuesday
    expect(isBusinessDay(d('2029-01-03'))).toBe(false); // Wednesday
    expect(isBusinessDay(d('2029-01-04'))).toBe(true); // Thursday
  });

  it('opens on the closure days when there is no closure', () => {
    expect(isBusinessDay(d('2026-12-29'), noClosure)).toBe(true);
    expect(isBusinessDay(d('2026-12-31'), noClosure)).toBe(true);
    expect(isBusinessDay(d('2027-01-01'), noClosure)).toBe(false); // 元日 stays a holiday
  });

  it('follows a closure that does not span the new year', () => {
    const december: ClosurePolicy = { yearEnd: { from: '12-28', to: '12-31' } };
    expect(isBusinessDay(d('2026-12-28'), december)).toBe(false);
    expect(isBusinessDay(d('2026-12-25'), december)).toBe(true);
    expect(isBusinessDay(d('2027-01-04'), december)).toBe(true);
  });

  it('refuses a closure not written as MM-DD', () => {
    expect(() => isBusinessDay(d('2026-12-29'), { yearEnd: { from: '12-29', to: '1-3' } })).toThrow(/MM-DD/);
  });

  it('uses 12/29–1/3 as the default closure', () => {
    expect(defaultClosure).toEqual({ yearEnd: { from: '12-29', to: '01-03' } });
  });
});

describe('nextBusinessDay / previousBusinessDay', () => {
  it('returns the day itself when it is a business day', () => {
    expect(nextBusinessDay(d('2026-04-16'))).toEqual(d('2026-04-16'));
    expect(previousBusinessDay(d('2026-04-16'))).toEqual(d('2026-04-16'));
  });

  it('skips weekends', () => {
    expect(nextBusinessDay(d('2026-04-18'))).toEqual(d('2026-04-20'));
    expect(previousBusinessDay(d('2026-04-19'))).toEqual(d('2026-04-17'));
  });

  it('skips Golden Week 2026', () => {
    expect(nextBusinessDay(d('2026-05-02'))).toEqual(d('2026-05-07'));
    expect(previousBusinessDay(d('2026-05-06'))).toEqual(d('2026-05-01'));
  });

  it('skips the year-end closure', () => {
    expect(nextBusinessDay(d('2025-12-27'))).toEqual(d('2026-01-05'));
    expect(previousBusinessDay(d('2026-01-04'))).toEqual(d('2025-12-26'));
    expect(nextBusinessDay(d('2026-12-29'))).toEqual(d('2027-01-04'));
  });

  it('gives up on a closure that covers the whole year instead of looping forever', () => {
    const always: ClosurePolicy = { yearEnd: { from: '01-02', to: '01-01' } };
    expect(() => nextBusinessDay(d('2026-04-16'), always)).toThrow(/no business day/);
  });
});

describe('addBusinessDays', () => {
  it('counts from the day after, skipping closed days', () => {
    expect(addBusinessDays(d('2026-04-16'), 1)).toEqual(d('2026-04-17'));
    expect(addBusinessDays(d('2026-04-17'), 1)).toEqual(d('2026-04-20')); // Friday → Monday
    expect(addBusinessDays(d('2026-04-18'), 1)).toEqual(d('2026-04-20')); // from a Saturday
    expect(addBusinessDays(d('2026-04-16'), 5)).toEqual(d('2026-04-23'));
  });

  it('jumps Golden Week 2026 (4/30 and 5/1 open, 5/2–5/6 closed)', () => {
    expect(addBusinessDays(d('2026-04-28'), 1)).toEqual(d('2026-04-30'));
    expect(addBusinessDays(d('2026-04-28'), 2)).toEqual(d('2026-05-01'));
    expect(addBusinessDays(d('2026-05-01'), 1)).toEqual(d('2026-05-07'));
  });

  it('jumps the Silver Week of September 2026', () => {
    expect(addBusinessDays(d('2026-09-18'), 1)).toEqual(d('2026-09-24'));
  });

  it('crosses the year end: 12/26 (Fri) + 1 is 1/5 (Mon), and 12/28 (Mon) + 1 is 1/4', () => {
    expect(addBusinessDays(d('2025-12-26'), 1)).toEqual(d('2026-01-05'));
    expect(addBusinessDays(d('2026-12-28'), 1)).toEqual(d('2027-01-04'));
  });

  it('counts backwards for negative n', () => {
    expect(addBusinessDays(d('2026-04-20'), -1)).toEqual(d('2026-04-17'));
    expect(addBusinessDays(d('2026-05-07'), -1)).toEqual(d('2026-05-01'));
    expect(addBusinessDays(d('2026-01-05'), -1)).toEqual(d('2025-12-26'));
    expect(addBusinessDays(d('2026-05-07'), -3)).toEqual(d('2026-04-28'));
  });

  it('returns the day unchanged for n = 0, even on a closed day', () => {
    expect(addBusinessDays(d('2026-05-03'), 0)).toEqual(d('2026-05-03'));
  });

  it('refuses a fractional n', () => {
    expect(() => addBusinessDays(d('2026-04-16'), 1.5)).toThrow(RangeError);
  });

  it('ignores the year-end closure when told there is none', () => {
    expect(addBusinessDays(d('2026-12-28'), 1, noClosure)).toEqual(d('2026-12-29'));
  });
});

describe('businessDaysBetween', () => {
  it('counts business days after a up to and including b', () => {
    expect(businessDaysBetween(d('2026-04-16'), d('2026-04-17'))).toBe(1);
    expect(businessDaysBetween(d('2026-04-17'), d('2026-04-20'))).toBe(1); // over a weekend
    expect(businessDaysBetween(d('2026-04-16'), d('2026-04-23'))).toBe(5);
    expect(businessDaysBetween(d('2026-04-28'), d('2026-05-07'))).toBe(3); // 4/30, 5/1, 5/7
  });

  it('is 0 for the same day or when only closed days lie between', () => {
    expect(businessDaysBetween(d('2026-04-16'), d('2026-04-16'))).toBe(0);
    expect(businessDaysBetween(d('2026-05-01'), d('2026-05-06'))).toBe(0);
    expect(businessDaysBetween(d('2025-12-26'), d('2026-01-04'))).toBe(0);
  });

  it('crosses the year-end closure', () => {
    expect(businessDaysBetween(d('2025-12-26'), d('2026-01-05'))).toBe(1);
    expect(businessDaysBetween(d('2026-12-25'), d('2027-01-05'))).toBe(3); // 12/28, 1/4, 1/5
  });

  it('is negative when b is before a', () => {
    expect(businessDaysBetween(d('2026-04-17'), d('2026-04-16'))).toBe(-1);
    expect(businessDaysBetween(d('2026-05-07'), d('2026-04-28'))).toBe(-3);
  });

  it('agrees with addBusinessDays between business days, both ways', () => {
    const pairs: [string, string][] = [
      ['2026-04-16', '2026-05-07'],
      ['2025-12-26', '2026-01-09'],
      ['2026-09-18', '2026-09-24'],
      ['2026-05-07', '2026-04-16'],
    ];
    for (const [a, b] of pairs) {
      const n = businessDaysBetween(d(a), d(b));
      expect(isoDay(addBusinessDays(d(a), n))).toBe(b);
      expect(businessDaysBetween(d(b), d(a))).toBe(-n);
    }
  });
});
