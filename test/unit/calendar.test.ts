import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultClosure, type ClosurePolicy } from '../../src/domain/businessDays';
import {
  checkDesiredDate,
  isMeetingDate,
  MAX_COUNT,
  meetingDates,
  meetingInstant,
  meetingSchedule,
  nextMeetingDates,
  toIcs,
} from '../../src/domain/calendar';
import { foldLine } from '../../src/domain/ics';
import { deserializeJpDate, isoDay, type JpDay } from '../../src/domain/jpdate';
import { tierSchema, type Tier } from '../../src/domain/org';
import { rruleProblem } from '../../src/domain/recurrence';
import { ConfigError, defaultOrgFile, loadOrg } from '../../src/infra/config';

// Every expected weekday and holiday below was checked with `date -d` and the
// @holiday-jp table: 2026-05-04 (Mon) みどりの日, 05-05 こどもの日, 05-06 振替休日,
// 2026-09-21 (Mon) 敬老の日, 09-22 国民の休日, 09-23 秋分の日, 2027-01-01 (Fri) 元日.

const day = (iso: string): JpDay => deserializeJpDate(iso) as JpDay;
const isos = (days: JpDay[]): string[] => days.map(isoDay);
const tier = (t: Partial<Record<keyof Tier, unknown>> = {}): Tier => tierSchema.parse({ id: 't', name: '会議', ...t });
const closure: ClosurePolicy = defaultClosure;
const dates = (t: Tier, from: string, count: number, c: ClosurePolicy = closure) => isos(meetingDates(t, { from: day(from), count, closure: c }));

describe('meetingDates', () => {
  it('moves a Monday meeting across Golden Week and its 振替休日 to the next business day', () => {
    const kyoku = tier({ rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    expect(dates(kyoku, '2026-04-20', 5)).toEqual(['2026-04-20', '2026-04-27', '2026-05-07', '2026-05-11', '2026-05-18']);
  });

  it('moves a Monday past a 国民の休日 (Silver Week 2026)', () => {
    const kyoku = tier({ rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    expect(dates(kyoku, '2026-09-14', 3)).toEqual(['2026-09-14', '2026-09-24', '2026-09-28']);
  });

  it('keeps the moved-from day for display', () => {
    const kyoku = tier({ rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    const s = meetingSchedule(kyoku, { from: day('2026-05-01'), count: 2, closure });
    expect(s.map((m) => [isoDay(m.day), m.movedFrom && isoDay(m.movedFrom), m.extra])).toEqual([
      ['2026-05-07', '2026-05-04', false],
      ['2026-05-11', null, false],
    ]);
  });

  it('finds the 1st and 3rd Wednesday across the year end (2027-01-06 is after the closure)', () => {
    const chosei = tier({ rrule: 'FREQ=MONTHLY;BYDAY=1WE,3WE' });
    expect(dates(chosei, '2026-11-20', 6)).toEqual(['2026-12-02', '2026-12-16', '2027-01-06', '2027-01-20', '2027-02-03', '2027-02-17']);
  });

  it('moves the 1st of the month back to the previous business day with holidays: previous', () => {
    const t = tier({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1', holidays: 'previous' });
    // 2026-11-01 is a Sunday → Fri 10-30; 2027-01-01 (元日, closure) → Mon 2026-12-28.
    expect(dates(t, '2026-10-01', 5)).toEqual(['2026-10-01', '2026-10-30', '2026-12-01', '2026-12-28', '2027-02-01']);
  });

  it('includes a date moved back before the window end and drops one moved before `from`', () => {
    const t = tier({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1', holidays: 'previous' });
    expect(isos(meetingDates(t, { from: day('2026-10-31'), until: day('2026-10-31'), closure }))).toEqual([]);
    expect(isos(meetingDates(t, { from: day('2026-10-02'), until: day('2026-10-30'), closure }))).toEqual(['2026-10-30']);
  });

  it('drops regular days that are not business days with holidays: skip', () => {
    const t = tier({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1', holidays: 'skip' });
    expect(dates(t, '2026-10-01', 4)).toEqual(['2026-10-01', '2026-12-01', '2027-02-01', '2027-03-01']);
  });

  it('moves a meeting on 12/29 to 1/4, or back to 12/28, for the year-end closure', () => {
    const tue = (holidays: string) => tier({ rrule: 'FREQ=WEEKLY;BYDAY=TU', holidays });
    expect(dates(tue('next'), '2026-12-20', 3)).toEqual(['2026-12-22', '2027-01-04', '2027-01-05']);
    expect(dates(tue('previous'), '2026-12-20', 3)).toEqual(['2026-12-22', '2026-12-28', '2027-01-05']);
    // With the closure switched off, 12/29 is an ordinary Tuesday.
    expect(dates(tue('next'), '2026-12-20', 2, { yearEnd: null })).toEqual(['2026-12-22', '2026-12-29']);
  });

  it('counts a meeting moved from before `from` into the window (12/29 → 1/4 seen from 1/2)', () => {
    const t = tier({ rrule: 'FREQ=WEEKLY;BYDAY=TU' });
    expect(dates(t, '2027-01-02', 2)).toEqual(['2027-01-04', '2027-01-05']);
  });

  it('holds even-month meetings on the first weekday of the month (BYMONTH, not INTERVAL)', () => {
    const t = tier({ rrule: 'FREQ=MONTHLY;BYMONTH=2,4,6,8,10,12;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1' });
    // 2026-08-01 is a Saturday → Mon 08-03.
    expect(dates(t, '2026-03-15', 6)).toEqual(['2026-04-01', '2026-06-01', '2026-08-03', '2026-10-01', '2026-12-01', '2027-02-01']);
  });

  it('counts INTERVAL from the anchor (隔週)', () => {
    const t = tier({ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', anchor: '2026-04-06' });
    expect(dates(t, '2026-04-01', 4)).toEqual(['2026-04-06', '2026-04-20', '2026-05-07', '2026-05-18']);
    // The same from a later start: the fortnight stays in step with the anchor.
    expect(dates(t, '2027-03-01', 2)).toEqual(['2027-03-08', '2027-03-23']); // 3/22 is 春分の日 振替休日
  });

  it('adds extra dates and removes cancelled ones (a cancelled date names the day after the holiday move)', () => {
    const t = tier({
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      extraDates: ['2026-05-13', '2026-05-11'],
      cancelledDates: ['2026-05-07', '2026-05-18'],
    });
    const s = meetingSchedule(t, { from: day('2026-04-27'), count: 4, closure });
    expect(s.map((m) => [isoDay(m.day), m.extra])).toEqual([
      ['2026-04-27', false],
      ['2026-05-11', false], // also an extra date: still a regular meeting, listed once
      ['2026-05-13', true],
      ['2026-05-25', false],
    ]);
  });

  it('gives only extra dates for a tier without rrule', () => {
    const t = tier({ extraDates: ['2026-07-01', '2026-06-10', '2025-01-06'] });
    expect(dates(t, '2026-01-01', 10)).toEqual(['2026-06-10', '2026-07-01']);
    expect(dates(tier(), '2026-01-01', 10)).toEqual([]);
  });

  it('terminates quickly on a rule that never yields a date', () => {
    const started = Date.now();
    // Built without the schema, which refuses it (see the config tests below).
    const never = { ...tier(), rrule: 'FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2' };
    const daily = { ...tier(), rrule: 'FREQ=DAILY;BYMONTHDAY=30;BYMONTH=2' };
    expect(dates(never, '2026-01-01', 5)).toEqual([]);
    expect(dates(daily, '2026-01-01', 5)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops at UNTIL inside the rule', () => {
    const t = tier({ rrule: 'FREQ=MONTHLY;BYDAY=1WE;UNTIL=20270131' });
    expect(dates(t, '2026-12-01', 5)).toEqual(['2026-12-02', '2027-01-06']);
    expect(dates(t, '2028-01-01', 5)).toEqual([]);
  });

  it('stops at until, caps count at MAX_COUNT and defaults to one year', () => {
    const t = tier({ rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    expect(dates(t, '2026-04-20', 0)).toEqual([]);
    expect(isos(meetingDates(t, { from: day('2026-04-20'), until: day('2026-05-10'), closure }))).toEqual(['2026-04-20', '2026-04-27', '2026-05-07']);
    expect(meetingDates(t, { from: day('2026-04-01'), count: 5000, closure })).toHaveLength(MAX_COUNT);
    const year = meetingDates(t, { from: day('2026-04-01'), closure });
    expect(isoDay(year[0])).toBe('2026-04-06');
    expect(isoDay(year[year.length - 1])).toBe('2027-03-29');
    expect(() => meetingDates(t, { from: day('2026-04-01'), count: 1.5, closure })).toThrow(RangeError);
  });

  it('returns sorted, unique days when several regular days move onto one', () => {
    const t = tier({ rrule: 'FREQ=DAILY' });
    // Sat 5/2 … Wed 5/6 all move to Thu 5/7.
    expect(dates(t, '2026-04-30', 3)).toEqual(['2026-04-30', '2026-05-01', '2026-05-07']);
  });

  it('does not depend on the process time zone', () => {
    // jest gives each test file a copy of process.env, so TZ is switched in a real child process.
    const outputs = runInZones(['UTC', 'Pacific/Kiritimati', 'America/Adak', 'Asia/Tokyo', 'Pacific/Chatham']);
    expect(outputs[0].offset).toBe(0);
    expect(outputs[4].offset).toBe(-825); // Chatham is +13:45 in January: the zone really was in force
    const results = outputs.map((o) => JSON.stringify(o.results));
    expect(new Set(results).size).toBe(1);
    expect(outputs[1].results).toEqual([
      ['2026-04-20', '2026-04-27', '2026-05-07', '2026-05-11', '2026-05-18'],
      ['2026-12-02', '2026-12-16', '2027-01-06', '2027-01-20'],
      ['2026-10-01', '2026-10-30', '2026-12-01', '2026-12-28'],
      '2026-12-07T00:30:00.000Z',
    ]);
  });
});

/** Runs the calendar in a fresh node process under each TZ in turn, compiling our TypeScript on the fly. */
function runInZones(zones: string[]): { offset: number; results: unknown[] }[] {
  const calendar = join(__dirname, '../../src/domain/calendar.ts');
  const script = `
    const ts = require('typescript');
    const fs = require('fs');
    require.extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText, f);
    const c = require(${JSON.stringify(calendar)});
    const { tierSchema } = require(${JSON.stringify(join(__dirname, '../../src/domain/org.ts'))});
    const { defaultClosure } = require(${JSON.stringify(join(__dirname, '../../src/domain/businessDays.ts'))});
    const day = (s) => { const [year, month, d] = s.split('-').map(Number); return { precision: 'day', year, month, day: d }; };
    const iso = (d) => [d.year, d.month, d.day].map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-');
    const t = (x) => tierSchema.parse({ id: 't', name: 'x', ...x });
    const dates = (x, from, count) => c.meetingDates(t(x), { from: day(from), count, closure: defaultClosure }).map(iso);
    // Node re-reads TZ whenever process.env.TZ is assigned.
    process.stdout.write(JSON.stringify(${JSON.stringify(zones)}.map((tz) => {
      process.env.TZ = tz;
      return { offset: new Date(2026, 0, 1).getTimezoneOffset(), results: [
        dates({ rrule: 'FREQ=WEEKLY;BYDAY=MO' }, '2026-04-20', 5),
        dates({ rrule: 'FREQ=MONTHLY;BYDAY=1WE,3WE' }, '2026-11-20', 4),
        dates({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1', holidays: 'previous' }, '2026-10-01', 4),
        c.meetingInstant(t({ time: '09:30' }), day('2026-12-07')).toISOString(),
      ] };
    })));`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as { offset: number; results: unknown[] }[];
}

describe('nextMeetingDates and isMeetingDate', () => {
  const kyoku = tier({ rrule: 'FREQ=WEEKLY;BYDAY=MO', extraDates: ['2026-05-13'] });

  it('counts today as the next meeting', () => {
    expect(isos(nextMeetingDates(kyoku, day('2026-05-11'), 2, closure))).toEqual(['2026-05-11', '2026-05-13']);
  });

  it('knows moved, extra and non-meeting days', () => {
    expect(isMeetingDate(kyoku, day('2026-05-07'), closure)).toBe(true);
    expect(isMeetingDate(kyoku, day('2026-05-04'), closure)).toBe(false);
    expect(isMeetingDate(kyoku, day('2026-05-13'), closure)).toBe(true);
    expect(isMeetingDate(kyoku, day('2026-05-12'), closure)).toBe(false);
  });
});

describe('checkDesiredDate', () => {
  const today = day('2026-05-01');
  const check = (t: Tier, iso: string) => checkDesiredDate(t, day(iso), { today, closure });
  const weekly = tier({ rrule: 'FREQ=WEEKLY;BYDAY=MO', extraDates: ['2026-05-16'] });
  const strict = tier({ rrule: 'FREQ=WEEKLY;BYDAY=MO', adHoc: false });

  it('accepts a meeting day, moved or extra (even on a Saturday)', () => {
    expect(check(weekly, '2026-05-07')).toEqual({ level: 'ok' });
    expect(check(weekly, '2026-05-16')).toEqual({ level: 'ok' });
  });

  it('refuses a past day, today being fine', () => {
    expect(check(weekly, '2026-04-27')).toEqual({ level: 'error', code: 'date.past' });
    expect(check(tier(), '2026-05-01')).toEqual({ level: 'ok' });
  });

  it('refuses a holiday, a weekend and a closure day', () => {
    expect(check(weekly, '2026-05-04')).toEqual({ level: 'error', code: 'date.not_business_day' });
    expect(check(weekly, '2026-05-09')).toEqual({ level: 'error', code: 'date.not_business_day' });
    expect(check(tier(), '2026-12-30')).toEqual({ level: 'error', code: 'date.not_business_day' });
  });

  it('warns about another business day when ad-hoc meetings are allowed, refuses it otherwise', () => {
    expect(check(weekly, '2026-05-12')).toEqual({ level: 'warning', code: 'date.not_meeting_day' });
    expect(check(strict, '2026-05-12')).toEqual({ level: 'error', code: 'date.not_meeting_day' });
  });

  it('accepts any business day for a tier held as needed', () => {
    expect(check(tier({ adHoc: false }), '2026-05-12')).toEqual({ level: 'ok' });
  });
});

describe('meetingInstant', () => {
  it('is 10:00 JST = 01:00Z by default, and follows the tier time', () => {
    expect(meetingInstant(tier(), day('2026-12-07')).toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(meetingInstant(tier({ time: '08:15' }), day('2027-01-04')).toISOString()).toBe('2027-01-03T23:15:00.000Z');
  });
});

// ---------------------------------------------------------------------------
// .ics, parsed back with a small RFC 5545 reader
// ---------------------------------------------------------------------------

interface Prop {
  name: string;
  params: Record<string, string>;
  value: string;
}

function unfold(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    expect(line).not.toMatch(/[\r\n]/); // no bare CR or LF
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
  return physical.reduce<string[]>((acc, line) => {
    if (line.startsWith(' ')) acc[acc.length - 1] += line.slice(1);
    else acc.push(line);
    return acc;
  }, []);
}

function parseProp(line: string): Prop {
  const colon = line.indexOf(':');
  const [name, ...params] = line.slice(0, colon).split(';');
  return {
    name,
    params: Object.fromEntries(params.map((p) => p.split('=') as [string, string])),
    value: line.slice(colon + 1),
  };
}

function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Components as nested objects: { name, props, children }. */
interface Component {
  name: string;
  props: Prop[];
  children: Component[];
}

function parseIcs(text: string): Component {
  const stack: Component[] = [{ name: 'ROOT', props: [], children: [] }];
  for (const line of unfold(text)) {
    const p = parseProp(line);
    if (p.name === 'BEGIN') {
      const c = { name: p.value, props: [], children: [] };
      stack[stack.length - 1].children.push(c);
      stack.push(c);
    } else if (p.name === 'END') {
      expect(stack.pop()?.name).toBe(p.value);
    } else {
      stack[stack.length - 1].props.push(p);
    }
  }
  expect(stack).toHaveLength(1);
  return stack[0].children[0];
}

const prop = (c: Component, name: string): Prop | undefined => c.props.find((p) => p.name === name);

describe('toIcs', () => {
  const kyoku = tier({ id: 'kyoku', name: '局経営会議', rrule: 'FREQ=WEEKLY;BYDAY=MO', time: '09:30' });
  const longTitle = '（仮称）〇〇市地域情報化計画の策定について、パブリックコメント実施前の最終確認; 関係部局との調整状況\\報告を含む';
  const ics = toIcs(
    [
      {
        uid: 'tier-kyoku-2026-05-07@chogi',
        day: day('2026-05-07'),
        tier: kyoku,
        summary: '局経営会議',
        description: '1. 情報化計画\n2. 条例改正, 議会上程',
        url: 'https://example.slack.com/archives/C0123/p1234567890',
      },
      { uid: 'req-42@chogi', day: day('2026-12-28'), tier: tier({ time: '23:30' }), summary: longTitle },
    ],
    { now: new Date('2026-04-30T06:07:08.900Z'), calendarName: '〇〇市 局経営会議' },
  );
  const cal = parseIcs(ics);

  it('is a VCALENDAR with the product id, CRLF lines of at most 75 octets', () => {
    expect(cal.name).toBe('VCALENDAR');
    expect(prop(cal, 'VERSION')?.value).toBe('2.0');
    expect(prop(cal, 'PRODID')?.value).toBe('-//chogi//庁議ボット//JA');
    expect(unescapeText(prop(cal, 'X-WR-CALNAME')?.value ?? '')).toBe('〇〇市 局経営会議');
    expect(ics.split('\r\n').length).toBeGreaterThan(20);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('defines Asia/Tokyo as +0900 without daylight saving', () => {
    const tz = cal.children.find((c) => c.name === 'VTIMEZONE');
    expect(tz && prop(tz, 'TZID')?.value).toBe('Asia/Tokyo');
    const std = tz?.children.find((c) => c.name === 'STANDARD');
    expect(std && [prop(std, 'TZOFFSETFROM')?.value, prop(std, 'TZOFFSETTO')?.value, prop(std, 'TZNAME')?.value]).toEqual(['+0900', '+0900', 'JST']);
    expect(tz?.children.some((c) => c.name === 'DAYLIGHT')).toBe(false);
  });

  it('writes each meeting at its tier time in Tokyo, one hour long, stamped in UTC', () => {
    const [a, b] = cal.children.filter((c) => c.name === 'VEVENT');
    expect(prop(a, 'UID')?.value).toBe('tier-kyoku-2026-05-07@chogi');
    expect(prop(a, 'DTSTAMP')?.value).toBe('20260430T060708Z');
    expect(prop(a, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'Asia/Tokyo' }, value: '20260507T093000' });
    expect(prop(a, 'DTEND')?.value).toBe('20260507T103000');
    expect(prop(a, 'URL')?.value).toBe('https://example.slack.com/archives/C0123/p1234567890');
    expect(unescapeText(prop(a, 'CATEGORIES')?.value ?? '')).toBe('局経営会議');
    // A late meeting ends on the next day.
    expect([prop(b, 'DTSTART')?.value, prop(b, 'DTEND')?.value]).toEqual(['20261228T233000', '20261229T003000']);
  });

  it('escapes commas, semicolons, backslashes and newlines in text', () => {
    const [a, b] = cal.children.filter((c) => c.name === 'VEVENT');
    expect(prop(a, 'DESCRIPTION')?.value).toBe('1. 情報化計画\\n2. 条例改正\\, 議会上程');
    expect(unescapeText(prop(a, 'DESCRIPTION')?.value ?? '')).toBe('1. 情報化計画\n2. 条例改正, 議会上程');
    expect(unescapeText(prop(b, 'SUMMARY')?.value ?? '')).toBe(longTitle);
  });

  it('folds long Japanese lines between characters, never inside one', () => {
    const physical = ics.split('\r\n');
    const start = physical.findIndex((l) => l.startsWith('SUMMARY:（仮称）'));
    expect(physical[start + 1].startsWith(' ')).toBe(true);
    // Every physical line is valid UTF-8 on its own: no character was cut.
    for (const line of physical) expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    const folded = foldLine('SUMMARY:' + 'あ'.repeat(60));
    expect(folded.map((l) => Buffer.byteLength(l, 'utf8'))).toEqual([74, 73, 43]);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
  });

  it('makes an empty calendar from no events', () => {
    const empty = parseIcs(toIcs([], { now: new Date(0), calendarName: 'x' }));
    expect(empty.children.map((c) => c.name)).toEqual(['VTIMEZONE']);
  });
});

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

describe('rruleProblem', () => {
  it.each([
    'FREQ=WEEKLY;BYDAY=MO',
    'FREQ=MONTHLY;BYDAY=1WE,3WE',
    'FREQ=MONTHLY;BYMONTHDAY=1',
    'FREQ=MONTHLY;BYMONTH=2,4,6,8,10,12;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1',
    'RRULE:freq=monthly;byday=-1fr',
    'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1;UNTIL=20300331',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;WKST=SU',
  ])('accepts %s', (rule) => {
    expect(rruleProblem(rule)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['FREQ=WEEKLY;BYDAY=XX', /BYDAY value "XX"/],
    ['FREQ=WEEKLY;BYDAY=1MO', /numbered weekday needs FREQ=MONTHLY/],
    ['FREQ=MONTHLY;BYMONTHDAY=abc', /BYMONTHDAY must be a list of numbers/],
    ['FREQ=MONTHLY;BYMONTH=13;BYMONTHDAY=1', /BYMONTH value 13 is out of range/],
    ['FREQ=MONTHLY;BYDAY=6WE', /±1\.\.5/],
    ['FREQ=HOURLY', /finer than DAILY/],
    ['FREQ=FORTNIGHTLY;BYDAY=MO', /FREQ must be one of/],
    ['BYDAY=MO', /FREQ is missing/],
    ['DTSTART=20260101;FREQ=WEEKLY;BYDAY=MO', /DTSTART is not allowed/],
    ['FREQ=WEEKLY;BYDAY=MO;TZID=Asia/Tokyo', /TZID is not allowed/],
    ['FREQ=WEEKLY;BYDAY=MO;COUNT=10', /COUNT is not supported/],
    ['FREQ=WEEKLY;BYDAY=MO;BYHOUR=10', /set the start time with "time"/],
    ['FREQ=WEEKLY;BYDAY=MO;FOO=1', /unknown key "FOO"/],
    ['FREQ=WEEKLY;BYDAY=MO;BYDAY=TU', /given twice/],
    ['FREQ=WEEKLY', /needs BYDAY/],
    ['FREQ=MONTHLY;INTERVAL=2;BYMONTH=2,4,6,8,10,12;BYDAY=1MO', /INTERVAL with BYMONTH/],
    ['FREQ=WEEKLY;BYDAY=MO;UNTIL=2027-03-31', /UNTIL must be a date/],
    ['FREQ=WEEKLY;INTERVAL=0;BYDAY=MO', /INTERVAL must be a positive/],
    ['FREQ=WEEKLY BYDAY=MO', /cannot read/],
  ])('refuses %j', (rule, message) => {
    expect(rruleProblem(rule)).toMatch(message);
  });
});

describe('tier configuration in the org file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chogi-calendar-'));
  const example = readFileSync(defaultOrgFile(), 'utf8');

  /** The example file with the tier list replaced. */
  function orgWith(tiersYaml: string, extra = ''): string {
    const file = join(dir, `org-${Math.random().toString(36).slice(2)}.yaml`);
    const text =
      example
        .replace(/^tiers:\n(?:(?: {2}.*)?\n)*/m, `tiers:\n${tiersYaml}\n`)
        .replace(/^closure:\n.*\n/m, '')
        .replace(/^agendaHour:.*\n/m, '') + extra;
    writeFileSync(file, text);
    return file;
  }
  const errorOf = (file: string): string => {
    try {
      loadOrg(file);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('loads the example: four tiers with their calendars and defaults', () => {
    const { org } = loadOrg(undefined);
    expect(org.tiers.map((t) => [t.id, t.name, t.rrule ?? null, t.holidays])).toEqual([
      ['kacho', '関係課長会議', null, 'next'],
      ['kyoku', '局経営会議', 'FREQ=WEEKLY;BYDAY=MO', 'next'],
      ['chosei', '政策調整会議', 'FREQ=MONTHLY;BYDAY=1WE,3WE', 'next'],
      ['seisaku', '政策会議', 'FREQ=MONTHLY;BYDAY=2TH,4TH', 'next'],
    ]);
    expect(org.closure).toEqual({ yearEnd: { from: '12-29', to: '01-03' } });
    expect(org.agendaHour).toBe(8);
    expect(isos(nextMeetingDates(org.tiers[3], day('2026-12-01'), 4, org.closure))).toEqual(['2026-12-10', '2026-12-24', '2027-01-14', '2027-01-28']);
  });

  it('gives defaults to a tier with only id and name', () => {
    const { org } = loadOrg(orgWith('  - { id: a, name: 会議A }'));
    expect(org.tiers[0]).toEqual({
      id: 'a',
      name: '会議A',
      holidays: 'next',
      time: '10:00',
      extraDates: [],
      cancelledDates: [],
      adHoc: true,
    });
  });

  it.each([
    ['  - { id: a, name: A }\n  - { id: b, name: B, rrule: "FREQ=WEEKLY;BYDAY=XX" }', /: tiers\[1\]\.rrule: BYDAY value "XX"/],
    ['  - { id: a, name: A, rrule: "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2" }', /: tiers\[0\]\.rrule: never yields a date/],
    ['  - { id: a, name: A, rrule: "FREQ=HOURLY" }', /: tiers\[0\]\.rrule: FREQ=HOURLY is finer than DAILY/],
    ['  - { id: a, name: A, holidays: monday }', /: tiers\[0\]\.holidays: must be next, previous or skip/],
    ['  - { id: a, name: A, time: "25:00" }', /: tiers\[0\]\.time: must be a 24-hour time/],
    ['  - { id: a, name: A, time: "9:30" }', /: tiers\[0\]\.time: must be a 24-hour time/],
    ['  - { id: a, name: A, extraDates: [2026-12-24, 2026-02-30] }', /: tiers\[0\]\.extraDates\[1\]: must be a date written YYYY-MM-DD/],
    ['  - { id: a, name: A, cancelledDates: ["R8.5.7"] }', /: tiers\[0\]\.cancelledDates\[0\]: must be a date/],
    [
      '  - { id: a, name: A, rrule: "FREQ=WEEKLY;BYDAY=MO", cancelledDates: [2026-05-04] }',
      /: tiers\[0\]\.cancelledDates\[0\]: 2026-05-04 is not a business day/,
    ],
    [
      '  - { id: a, name: A, extraDates: [2026-05-13], cancelledDates: [2026-05-13] }',
      /: tiers\[0\]\.cancelledDates\[0\]: 2026-05-13 is also in extraDates/,
    ],
    ['  - { id: a, name: A, channel: "#general" }', /: tiers\[0\]\.channel: must be a Slack channel id/],
    ['  - { id: a, name: A, anchor: "2026-13-01" }', /: tiers\[0\]\.anchor: must be a date/],
  ])('refuses %j naming the entry', (tiersYaml, message) => {
    expect(errorOf(orgWith(tiersYaml))).toMatch(message);
  });

  it('names the file in the message', () => {
    const file = orgWith('  - { id: a, name: A, holidays: monday }');
    expect(errorOf(file).startsWith(`${file}: tiers[0].holidays:`)).toBe(true);
  });

  it('checks the org-level closure and agenda hour', () => {
    expect(errorOf(orgWith('  - { id: a, name: A }', "closure:\n  yearEnd: { from: '12-32', to: '01-03' }\n"))).toMatch(
      /: closure\.yearEnd\.from: must be a month and day written MM-DD/,
    );
    expect(errorOf(orgWith('  - { id: a, name: A }', 'agendaHour: 24\n'))).toMatch(/: agendaHour: must be a whole hour/);
    const { org } = loadOrg(orgWith('  - { id: a, name: A }', 'closure:\n  yearEnd: null\nagendaHour: 7\n'));
    expect([org.closure, org.agendaHour]).toEqual([{ yearEnd: null }, 7]);
  });
});
