/**
 * Japanese dates as people write them on the 案件申込書: a day, a month or a range,
 * in 和暦 (明治…令和, 元年, M/T/S/H/R abbreviations) or 西暦. The precision the person
 * gave is kept: a month is never turned into a day they did not say.
 */

/** A calendar day (Gregorian year), no time, no time zone: a wall-clock date in Japan. */
export interface JpDay {
  precision: 'day';
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

/** A month, as in 時期 平成21年12月. */
export interface JpMonth {
  precision: 'month';
  year: number;
  month: number;
}

export type JpPoint = JpDay | JpMonth;

/** A range such as H20.9~H21.2 (作業部会 第1回~第6回). */
export interface JpRange {
  precision: 'range';
  from: JpPoint;
  to: JpPoint;
}

export type JpDate = JpPoint | JpRange;
export type Precision = JpDate['precision'];

/** How dates are shown: 和暦, 西暦, or 和暦 with 西暦 in brackets. */
export type DateDisplay = 'wareki' | 'seireki' | 'both';

/** Why a text is not a date; mapped to Japanese in one place (domain/messages). */
export type DateErrorCode =
  | 'date.unreadable' // not a date at all
  | 'date.no_such_day' // 2月30日, 13月
  | 'date.outside_era' // 平成32年5月1日, 令和元年4月1日, 昭和65年
  | 'date.precision' // a month or range where only a day is allowed, etc.
  | 'date.range_order'; // H21.2~H20.9

export type DateParseResult = { ok: true; value: JpDate } | { ok: false; code: DateErrorCode };
