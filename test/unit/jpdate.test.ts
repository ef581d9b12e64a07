import { TZDate } from '@date-fns/tz';
import {
  addDays,
  caseNoPrefix,
  compareDays,
  dayOfWeek,
  deserializeJpDate,
  eraOf,
  firstDayOf,
  fiscalYearLabel,
  fiscalYearOf,
  formatJpDate,
  formatJpDateShort,
  isoDay,
  jpDay,
  lastDayOf,
  parseJpDate,
  serializeJpDate,
  tokyoAt,
  tokyoToday,
  weekdayJa,
  type DateErrorCode,
  type JpDate,
  type JpDay,
  type JpMonth,
  type Precision,
} from '../../src/domain/jpdate';

const day = (y: number, m: number, d: number): JpDay => ({ precision: 'day', year: y, month: m, day: d });
const month = (y: number, m: number): JpMonth => ({ precision: 'month', year: y, month: m });

/** Parses and returns the storage form, so expectations stay short and exact. */
function stored(text: string, allow?: readonly Precision[]): string {
  const r = parseJpDate(text, allow);
  if (!r.ok) throw new Error(`${text} → ${r.code}`);
  return serializeJpDate(r.value);
}

function errorOf(text: string, allow?: readonly Precision[]): DateErrorCode | 'ok' {
  const r = parseJpDate(text, allow);
  return r.ok ? 'ok' : r.code;
}

describe('parseJpDate', () => {
  describe('days', () => {
    it.each([
      ['H21.4.16', '2009-04-16'],
      ['H21/4/16', '2009-04-16'],
      ['H21-4-16', '2009-04-16'],
      ['平成21年4月16日', '2009-04-16'],
      ['令和元年5月1日', '2019-05-01'],
      ['R元.5.1', '2019-05-01'],
      ['R8.4.16', '2026-04-16'],
      ['R8/12/1', '2026-12-01'],
      ['S64.1.7', '1989-01-07'],
      ['H21年4月16日', '2009-04-16'],
      ['平成21.4.16', '2009-04-16'],
      ['2026-04-16', '2026-04-16'],
      ['2026/4/16', '2026-04-16'],
      ['2026.4.16', '2026-04-16'],
      ['2026年4月16日', '2026-04-16'],
      ['2026年4月16', '2026-04-16'],
    ])('reads %s as the day %s', (text, iso) => {
      expect(stored(text)).toBe(iso);
    });

    it('reads full-width digits, letters and punctuation (Ｈ２１．４．１６)', () => {
      expect(stored('Ｈ２１．４．１６')).toBe('2009-04-16');
      expect(stored('Ｒ８／１２／１')).toBe('2026-12-01');
      expect(stored('２０２６－０４－１６')).toBe('2026-04-16');
      expect(stored('令和８年４月１６日')).toBe('2026-04-16');
    });

    it('reads lower-case era letters (h21.4.16, r8.4.16)', () => {
      expect(stored('h21.4.16')).toBe('2009-04-16');
      expect(stored('r8.4.16')).toBe('2026-04-16');
      expect(stored('s64.1.7')).toBe('1989-01-07');
    });

    it('reads the one-character era ligature ㍻ as 平成', () => {
      expect(stored('㍻21年4月16日')).toBe('2009-04-16');
    });

    it('ignores surrounding whitespace and spaces between the parts, as on the seed form', () => {
      expect(stored('  H21.4.16\n')).toBe('2009-04-16');
      expect(stored('平成21年 5月 14日')).toBe('2009-05-14');
      expect(stored('　平成21年　5月　14日　')).toBe('2009-05-14');
      expect(stored('2026 / 4 / 16')).toBe('2026-04-16');
    });

    it('keeps a day a day', () => {
      const r = parseJpDate('H21.4.16');
      expect(r).toEqual({ ok: true, value: day(2009, 4, 16) });
    });
  });

  describe('months', () => {
    it('reads 平成21年12月 as a month and keeps it a month', () => {
      expect(parseJpDate('平成21年12月')).toEqual({ ok: true, value: month(2009, 12) });
    });

    it.each([
      ['H21.12', '2009-12'],
      ['R8.4', '2026-04'],
      ['H21/12', '2009-12'],
      ['2026-04', '2026-04'],
      ['2026/4', '2026-04'],
      ['2026年4月', '2026-04'],
      ['令和元年5月', '2019-05'],
      ['平成 21 年 10 月', '2009-10'],
    ])('reads %s as the month %s', (text, iso) => {
      expect(stored(text)).toBe(iso);
    });
  });

  describe('ranges', () => {
    it.each([
      ['H20.9~H21.2', '2008-09/2009-02'],
      ['H20.9～H21.2', '2008-09/2009-02'],
      ['H20.9〜H21.2', '2008-09/2009-02'],
      ['H20.9 ~ H21.2', '2008-09/2009-02'],
      ['平成20年9月～平成21年2月', '2008-09/2009-02'],
      ['2026-04~2026-06', '2026-04/2026-06'],
      ['2026-04-01～2026-04-30', '2026-04-01/2026-04-30'],
      ['H21.4.1~H21.6', '2009-04-01/2009-06'],
      ['H30.12~R1.5', '2018-12/2019-05'],
    ])('reads %s as the range %s', (text, iso) => {
      expect(stored(text)).toBe(iso);
    });

    it('accepts a hyphen between two era forms (H20.9-H21.2)', () => {
      expect(stored('H20.9-H21.2')).toBe('2008-09/2009-02');
      expect(stored('平成20年9月-平成21年2月')).toBe('2008-09/2009-02');
    });

    it('accepts a hyphen with spaces on both sides', () => {
      expect(stored('2026-04 - 2026-06')).toBe('2026-04/2026-06');
      expect(stored('2026-04-01 - 2026-04-30')).toBe('2026-04-01/2026-04-30');
    });

    it('accepts a hyphen right after 月 or 日', () => {
      expect(stored('2026年4月-2026年6月')).toBe('2026-04/2026-06');
      expect(stored('2026年4月1日-4月30日')).toBe('2026-04-01/2026-04-30');
    });

    it('does not read the hyphens of an ISO date as a range', () => {
      expect(parseJpDate('2026-04-16')).toEqual({ ok: true, value: day(2026, 4, 16) });
      expect(parseJpDate('2026-04')).toEqual({ ok: true, value: month(2026, 4) });
    });

    it('refuses two hyphenated ISO dates run together, which cannot be split safely', () => {
      expect(errorOf('2026-04-01-2026-04-30')).toBe('date.unreadable');
    });

    it('gives an end without era and year the era and year of the start (H21.4.1~4.30)', () => {
      expect(parseJpDate('H21.4.1~4.30')).toEqual({
        ok: true,
        value: { precision: 'range', from: day(2009, 4, 1), to: day(2009, 4, 30) },
      });
    });

    it.each([
      ['H21.4.1~30', '2009-04-01/2009-04-30'],
      ['H21.4.1~21.5.10', '2009-04-01/2009-05-10'],
      ['H21.4~6', '2009-04/2009-06'],
      ['H20.9~21.2', '2008-09/2009-02'],
      ['平成20年9月～21年2月', '2008-09/2009-02'],
      ['平成21年4月1日～4月30日', '2009-04-01/2009-04-30'],
      ['平成21年4月1日〜30日', '2009-04-01/2009-04-30'],
      ['平成21年4月～6月', '2009-04/2009-06'],
      ['2026/4/1~4/30', '2026-04-01/2026-04-30'],
      ['2026/4~6', '2026-04/2026-06'],
      ['2026年4月1日～5月10日', '2026-04-01/2026-05-10'],
    ])('completes the shortened end of %s (→ %s)', (text, iso) => {
      expect(stored(text)).toBe(iso);
    });

    it('does not guess an era for a short year after a 西暦 start', () => {
      expect(errorOf('2026/4~27/6')).toBe('date.unreadable');
      expect(errorOf('2026年4月～27年6月')).toBe('date.unreadable');
    });

    it('does not take 日 alone after a month start', () => {
      expect(errorOf('平成21年4月～30日')).toBe('date.unreadable');
    });

    it('keeps the inherited era even where the end then falls outside it', () => {
      // H31.4.1~5.10 means 平成31年5月10日, which never existed; we say so rather than
      // quietly moving to 令和.
      expect(errorOf('H31.4.1~5.10')).toBe('date.outside_era');
    });

    it('accepts a range whose ends are the same', () => {
      expect(stored('H21.4~H21.4')).toBe('2009-04/2009-04');
    });
  });

  describe('the seed form', () => {
    it.each([
      ['平成21年 5月 14日', '2009-05-14'],
      ['H20.7.17', '2008-07-17'],
      ['H20.12.22', '2008-12-22'],
      ['H20.9~H21.2', '2008-09/2009-02'],
      ['H21.3.6', '2009-03-06'],
      ['H21.4.16', '2009-04-16'],
      ['H21.5.14', '2009-05-14'],
      ['平成21年12月', '2009-12'],
      ['平成21年10月', '2009-10'],
    ])('reads %s', (text, iso) => {
      expect(stored(text)).toBe(iso);
    });
  });

  describe('era boundaries', () => {
    it.each([
      ['S64.1.7', '1989-01-07'],
      ['H1.1.8', '1989-01-08'],
      ['平成元年1月8日', '1989-01-08'],
      ['H31.4.30', '2019-04-30'],
      ['R1.5.1', '2019-05-01'],
      ['明治45年7月29日', '1912-07-29'],
      ['大正元年7月30日', '1912-07-30'],
      ['大正15年12月24日', '1926-12-24'],
      ['昭和元年12月25日', '1926-12-25'],
    ])('accepts the last and first days of eras: %s', (text, iso) => {
      expect(stored(text)).toBe(iso);
    });

    it.each([
      '昭和64年1月8日',
      '平成元年1月7日',
      '平成31年5月1日',
      '令和元年4月30日',
      '令和元年4月1日',
      '平成32年1月1日',
      '明治45年7月30日',
      '大正元年7月29日',
      '大正15年12月25日',
      '昭和元年12月24日',
      '昭和65年1月1日',
      '平成0年1月1日',
    ])('refuses %s as outside its era', (text) => {
      expect(errorOf(text)).toBe('date.outside_era');
    });

    it('accepts a month that its era covers only in part (平成31年4月, 昭和64年1月, 平成元年1月)', () => {
      expect(stored('平成31年4月')).toBe('2019-04');
      expect(stored('令和元年5月')).toBe('2019-05');
      expect(stored('昭和64年1月')).toBe('1989-01');
      expect(stored('平成元年1月')).toBe('1989-01');
    });

    it('refuses a month that its era does not reach (令和元年4月, 平成31年5月, 昭和64年2月)', () => {
      expect(errorOf('令和元年4月')).toBe('date.outside_era');
      expect(errorOf('平成31年5月')).toBe('date.outside_era');
      expect(errorOf('昭和64年2月')).toBe('date.outside_era');
      expect(errorOf('R1.4')).toBe('date.outside_era');
    });

    it('refuses 明治 dates before 1873, when Japan still used the lunisolar calendar', () => {
      expect(errorOf('明治5年12月2日')).toBe('date.outside_era');
      expect(errorOf('明治5年12月')).toBe('date.outside_era');
      expect(stored('明治6年1月1日')).toBe('1873-01-01');
      expect(errorOf('1872年12月31日')).toBe('date.outside_era');
      expect(stored('1873-01-01')).toBe('1873-01-01');
    });
  });

  describe('errors', () => {
    it.each([
      '',
      '   ',
      'abc',
      '来週',
      'H21',
      '2026',
      '21.4.16',
      'X21.4.16',
      'H21.4.16.1',
      '2026/4-16',
      'H21.4~',
      '~H21.4',
      'H20.9~H21.2~H21.3',
      '令和8年度',
    ])('finds %j unreadable', (text) => {
      expect(errorOf(text)).toBe('date.unreadable');
    });

    it.each(['2026年2月30日', '2025-02-29', 'H21.2.29', '2026年13月', '2026-00', 'H21.4.31', 'R8.4.0', 'R8.13.1'])(
      'finds no such day in %s',
      (text) => {
        expect(errorOf(text)).toBe('date.no_such_day');
      },
    );

    it('knows leap days (2024-02-29, H20.2.29)', () => {
      expect(stored('2024-02-29')).toBe('2024-02-29');
      expect(stored('H20.2.29')).toBe('2008-02-29');
    });

    it('reports a range whose end comes before its start', () => {
      expect(errorOf('H21.2~H20.9')).toBe('date.range_order');
      expect(errorOf('H21.4.30~4.1')).toBe('date.range_order');
      expect(errorOf('R1.5~H31.4')).toBe('date.range_order');
    });

    it('reports a day range end that stops before its month start ends', () => {
      expect(errorOf('H21.5~H21.4.30')).toBe('date.range_order');
      expect(errorOf('H21.4~H21.4.10')).toBe('date.range_order');
    });

    it('finds bad days inside a range', () => {
      expect(errorOf('H21.2.1~2.30')).toBe('date.no_such_day');
      expect(errorOf('令和元年4月～令和元年6月')).toBe('date.outside_era');
    });
  });

  describe('allowed precisions', () => {
    it('accepts what is allowed', () => {
      expect(stored('H21.4.16', ['day'])).toBe('2009-04-16');
      expect(stored('H21.12', ['day', 'month'])).toBe('2009-12');
      expect(stored('H20.9~H21.2', ['range'])).toBe('2008-09/2009-02');
    });

    it('refuses a month or a range where only a day will do', () => {
      expect(errorOf('平成21年12月', ['day'])).toBe('date.precision');
      expect(errorOf('H20.9~H21.2', ['day'])).toBe('date.precision');
      expect(errorOf('H21.4.1~4.30', ['day', 'month'])).toBe('date.precision');
      expect(errorOf('H21.4.16', ['month'])).toBe('date.precision');
    });

    it('asks for the right precision before checking the calendar', () => {
      expect(errorOf('令和元年4月', ['day'])).toBe('date.precision');
    });

    it('still reports unreadable text as unreadable', () => {
      expect(errorOf('abc', ['day'])).toBe('date.unreadable');
    });

    it('allows every precision when allow is omitted', () => {
      expect(errorOf('H21.4.16')).toBe('ok');
      expect(errorOf('H21.12')).toBe('ok');
      expect(errorOf('H20.9~H21.2')).toBe('ok');
    });
  });
});

describe('formatJpDate', () => {
  const range: JpDate = { precision: 'range', from: month(2008, 9), to: month(2009, 2) };

  it('shows days in 和暦 by default, with 元年 for year 1', () => {
    expect(formatJpDate(day(2026, 4, 16))).toBe('令和8年4月16日');
    expect(formatJpDate(day(2019, 5, 1))).toBe('令和元年5月1日');
    expect(formatJpDate(day(2019, 4, 30))).toBe('平成31年4月30日');
    expect(formatJpDate(day(1989, 1, 7))).toBe('昭和64年1月7日');
    expect(formatJpDate(day(1989, 1, 8))).toBe('平成元年1月8日');
  });

  it('shows months and ranges in 和暦 with a full-width tilde', () => {
    expect(formatJpDate(month(2009, 12))).toBe('平成21年12月');
    expect(formatJpDate(range)).toBe('平成20年9月～平成21年2月');
  });

  it('names a month by the era in force on its 1st', () => {
    expect(formatJpDate(month(2019, 4))).toBe('平成31年4月');
    expect(formatJpDate(month(2019, 5))).toBe('令和元年5月');
    expect(formatJpDate(month(1989, 1))).toBe('昭和64年1月');
  });

  it('shows 西暦', () => {
    expect(formatJpDate(day(2026, 4, 16), 'seireki')).toBe('2026年4月16日');
    expect(formatJpDate(month(2009, 12), 'seireki')).toBe('2009年12月');
    expect(formatJpDate(range, 'seireki')).toBe('2008年9月～2009年2月');
  });

  it('shows 和暦 with the 西暦 year in brackets, on both ends of a range', () => {
    expect(formatJpDate(day(2026, 4, 16), 'both')).toBe('令和8年(2026年)4月16日');
    expect(formatJpDate(month(2009, 12), 'both')).toBe('平成21年(2009年)12月');
    expect(formatJpDate(range, 'both')).toBe('平成20年(2008年)9月～平成21年(2009年)2月');
    expect(formatJpDate(day(2019, 5, 1), 'both')).toBe('令和元年(2019年)5月1日');
  });
});

describe('formatJpDateShort', () => {
  it('writes the compact form of the paper', () => {
    expect(formatJpDateShort(day(2009, 4, 16))).toBe('H21.4.16');
    expect(formatJpDateShort(month(2009, 12))).toBe('H21.12');
    expect(formatJpDateShort({ precision: 'range', from: month(2008, 9), to: month(2009, 2) })).toBe('H20.9~H21.2');
    expect(formatJpDateShort(day(2019, 5, 1))).toBe('R1.5.1');
    expect(formatJpDateShort(day(1989, 1, 7))).toBe('S64.1.7');
  });
});

describe('storage', () => {
  const samples: [JpDate, string][] = [
    [day(2026, 4, 16), '2026-04-16'],
    [month(2026, 4), '2026-04'],
    [{ precision: 'range', from: month(2008, 9), to: month(2009, 2) }, '2008-09/2009-02'],
    [{ precision: 'range', from: day(2009, 4, 1), to: month(2009, 6) }, '2009-04-01/2009-06'],
    [{ precision: 'range', from: day(2009, 4, 1), to: day(2009, 4, 30) }, '2009-04-01/2009-04-30'],
  ];

  it.each(samples)('stores %j as %s and reads it back exactly', (date, text) => {
    expect(serializeJpDate(date)).toBe(text);
    expect(deserializeJpDate(text)).toEqual(date);
  });

  it.each([
    '',
    '2026-4-16',
    '2026-02-30',
    '2026-13',
    '2026-00',
    'H21.4.16',
    '2026-04-16T00:00',
    '2026-04-16/',
    '2026-04/2026-05/2026-06',
    '2009-02/2008-09',
    ' 2026-04-16',
  ])('refuses to read back %j, naming it in the error', (text) => {
    expect(() => deserializeJpDate(text)).toThrow(JSON.stringify(text));
  });

  it('round-trips everything the parser reads, in every display it can read back', () => {
    const texts = [
      'H21.4.16',
      '令和元年5月1日',
      '平成21年12月',
      'H20.9~H21.2',
      'H21.4.1~4.30',
      '平成31年4月',
      '昭和64年1月',
      'S64.1.7',
      'H21.4.1~H21.6',
    ];
    for (const text of texts) {
      const r = parseJpDate(text);
      if (!r.ok) throw new Error(text);
      expect(deserializeJpDate(serializeJpDate(r.value))).toEqual(r.value);
      expect(parseJpDate(formatJpDate(r.value))).toEqual(r);
      expect(parseJpDate(formatJpDate(r.value, 'seireki'))).toEqual(r);
      expect(parseJpDate(formatJpDateShort(r.value))).toEqual(r);
    }
  });
});

describe('days', () => {
  it('builds valid days and refuses impossible ones', () => {
    expect(jpDay(2024, 2, 29)).toEqual(day(2024, 2, 29));
    expect(() => jpDay(2025, 2, 29)).toThrow();
    expect(() => jpDay(2026, 13, 1)).toThrow();
    expect(() => jpDay(2026, 4, 0)).toThrow();
    expect(() => jpDay(2026, 4, 1.5)).toThrow();
    expect(() => jpDay(26, 4, 1)).toThrow();
  });

  it('finds the first and last day of days, months and ranges', () => {
    const r: JpDate = { precision: 'range', from: month(2008, 9), to: month(2009, 2) };
    expect(firstDayOf(day(2026, 4, 16))).toEqual(day(2026, 4, 16));
    expect(firstDayOf(month(2009, 12))).toEqual(day(2009, 12, 1));
    expect(lastDayOf(month(2009, 12))).toEqual(day(2009, 12, 31));
    expect(lastDayOf(month(2024, 2))).toEqual(day(2024, 2, 29));
    expect(lastDayOf(month(2026, 2))).toEqual(day(2026, 2, 28));
    expect(firstDayOf(r)).toEqual(day(2008, 9, 1));
    expect(lastDayOf(r)).toEqual(day(2009, 2, 28));
  });

  it('compares days', () => {
    expect(compareDays(jpDay(2026, 4, 16), jpDay(2026, 4, 17))).toBeLessThan(0);
    expect(compareDays(jpDay(2026, 5, 1), jpDay(2026, 4, 30))).toBeGreaterThan(0);
    expect(compareDays(jpDay(2027, 1, 1), jpDay(2026, 12, 31))).toBeGreaterThan(0);
    expect(compareDays(jpDay(2026, 4, 16), jpDay(2026, 4, 16))).toBe(0);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays(jpDay(2026, 4, 30), 1)).toEqual(day(2026, 5, 1));
    expect(addDays(jpDay(2026, 12, 31), 1)).toEqual(day(2027, 1, 1));
    expect(addDays(jpDay(2024, 2, 28), 1)).toEqual(day(2024, 2, 29));
    expect(addDays(jpDay(2024, 3, 1), -1)).toEqual(day(2024, 2, 29));
    expect(addDays(jpDay(2026, 1, 1), 365)).toEqual(day(2027, 1, 1));
    expect(addDays(jpDay(2026, 4, 16), 0)).toEqual(day(2026, 4, 16));
  });

  it('knows the weekday (2026-04-16 is a Thursday)', () => {
    expect(dayOfWeek(jpDay(2026, 4, 16))).toBe(4);
    expect(weekdayJa(jpDay(2026, 4, 16))).toBe('木');
    expect(weekdayJa(jpDay(2026, 4, 19))).toBe('日');
    expect(weekdayJa(jpDay(2026, 4, 20))).toBe('月');
    expect(weekdayJa(jpDay(2026, 4, 18))).toBe('土');
    expect(weekdayJa(jpDay(1989, 1, 7))).toBe('土');
  });

  it('writes ISO days with zero padding', () => {
    expect(isoDay(jpDay(2026, 4, 6))).toBe('2026-04-06');
  });
});

describe('eraOf', () => {
  it.each([
    [jpDay(1989, 1, 7), { era: '昭和', letter: 'S', year: 64 }],
    [jpDay(1989, 1, 8), { era: '平成', letter: 'H', year: 1 }],
    [jpDay(2019, 4, 30), { era: '平成', letter: 'H', year: 31 }],
    [jpDay(2019, 5, 1), { era: '令和', letter: 'R', year: 1 }],
    [jpDay(2026, 4, 16), { era: '令和', letter: 'R', year: 8 }],
    [jpDay(1912, 7, 29), { era: '明治', letter: 'M', year: 45 }],
    [jpDay(1912, 7, 30), { era: '大正', letter: 'T', year: 1 }],
    [jpDay(1926, 12, 24), { era: '大正', letter: 'T', year: 15 }],
    [jpDay(1926, 12, 25), { era: '昭和', letter: 'S', year: 1 }],
  ])('places %j in its era', (d, expected) => {
    expect(eraOf(d)).toEqual(expected);
  });

  it('refuses days before the Gregorian 明治', () => {
    expect(() => eraOf(jpDay(1872, 12, 31))).toThrow(RangeError);
  });
});

describe('fiscal years', () => {
  it('runs the 年度 from April to March', () => {
    expect(fiscalYearOf(jpDay(2026, 3, 31))).toBe(2025);
    expect(fiscalYearOf(jpDay(2026, 4, 1))).toBe(2026);
    expect(fiscalYearOf(jpDay(2026, 12, 31))).toBe(2026);
    expect(fiscalYearOf(jpDay(2027, 1, 1))).toBe(2026);
    expect(fiscalYearOf(jpDay(2027, 3, 31))).toBe(2026);
  });

  it('calls FY2019 令和元年度 although it began in 平成', () => {
    expect(fiscalYearLabel(2019)).toEqual({ era: '令和', letter: 'R', year: 1 });
    expect(caseNoPrefix(2019)).toBe('R1');
  });

  it('names the years around it', () => {
    expect(fiscalYearLabel(2018)).toEqual({ era: '平成', letter: 'H', year: 30 });
    expect(fiscalYearLabel(2020)).toEqual({ era: '令和', letter: 'R', year: 2 });
    expect(fiscalYearLabel(2026)).toEqual({ era: '令和', letter: 'R', year: 8 });
    expect(caseNoPrefix(2026)).toBe('R8');
    expect(caseNoPrefix(2009)).toBe('H21');
  });

  it('calls FY1988 昭和63年度, since 平成 only began in January 1989', () => {
    expect(fiscalYearLabel(1988)).toEqual({ era: '昭和', letter: 'S', year: 63 });
    expect(fiscalYearLabel(1989)).toEqual({ era: '平成', letter: 'H', year: 1 });
  });

  it('gives the case prefix for the 年度 of a day in March', () => {
    expect(caseNoPrefix(fiscalYearOf(jpDay(2027, 3, 31)))).toBe('R8');
    expect(caseNoPrefix(fiscalYearOf(jpDay(2027, 4, 1)))).toBe('R9');
  });
});

describe('tokyoAt', () => {
  it('gives the instant TZDate gives for a time of day in Asia/Tokyo, summer time of 1949 included', () => {
    const days = [day(1949, 7, 1), day(1951, 12, 31), day(1952, 1, 1), day(2026, 12, 7), day(2027, 3, 31), day(2099, 12, 31)];
    for (let t = Date.UTC(1952, 0, 1); t < Date.UTC(2100, 0, 1); t += 211 * 86_400_000) {
      const d = new Date(t);
      days.push(day(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
    }
    for (const d of days)
      for (const [h, m] of [
        [0, 0],
        [9, 30],
        [23, 59],
      ])
        expect(tokyoAt(d, h, m).getTime()).toBe(new TZDate(d.year, d.month - 1, d.day, h, m, 0, 'Asia/Tokyo').getTime());
  });
});

describe('tokyoToday', () => {
  it('turns the day at 15:00 UTC, which is midnight in Tokyo', () => {
    expect(tokyoToday(new Date('2026-04-16T14:59:59Z'))).toEqual(day(2026, 4, 16));
    expect(tokyoToday(new Date('2026-04-16T15:00:00Z'))).toEqual(day(2026, 4, 17));
  });

  it('turns the year at 15:00 UTC on 31 December', () => {
    expect(tokyoToday(new Date('2026-12-31T14:59:59.999Z'))).toEqual(day(2026, 12, 31));
    expect(tokyoToday(new Date('2026-12-31T15:00:00Z'))).toEqual(day(2027, 1, 1));
  });

  it('refuses an invalid Date', () => {
    expect(() => tokyoToday(new Date('nonsense'))).toThrow();
  });

  it("agrees with Intl's Asia/Tokyo day at every hour's edge from 1952 to 2100, and before (summer time of 1948–51)", () => {
    const intl = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'numeric', day: 'numeric' });
    const viaIntl = (d: Date) => {
      const parts = intl.formatToParts(d);
      const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      return day(n('year'), n('month'), n('day'));
    };
    const probes: Date[] = [new Date('1949-06-30T14:30:00Z'), new Date('1951-12-31T14:59:59Z'), new Date('1951-12-31T15:00:00Z')];
    // Every 997 hours (so each hour of the day comes round), either side of the hour.
    for (let t = Date.UTC(1952, 0, 1); t < Date.UTC(2100, 0, 1); t += 997 * 3_600_000) probes.push(new Date(t - 1), new Date(t));
    for (const p of probes) expect(tokyoToday(p)).toEqual(viaIntl(p));
  });

  describe('whatever the process time zone', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Tokyo', 'Pacific/Pago_Pago'])('gives the Tokyo day in %s', (tz) => {
      process.env.TZ = tz;
      expect(tokyoToday(new Date('2026-04-16T14:59:59Z'))).toEqual(day(2026, 4, 16));
      expect(tokyoToday(new Date('2026-04-16T15:00:00Z'))).toEqual(day(2026, 4, 17));
      expect(addDays(jpDay(2026, 3, 28), 2)).toEqual(day(2026, 3, 30)); // across US/EU DST changes
      expect(dayOfWeek(jpDay(2026, 4, 16))).toBe(4);
    });
  });
});
