/**
 * RFC 5545 iCalendar text: VCALENDAR with a VTIMEZONE for Asia/Tokyo and VEVENTs.
 * Outlook and Google Calendar import it; the details that matter to them are here:
 * CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character, which
 * matters for Japanese: 3 octets each), TEXT escaping, DTSTAMP in UTC.
 */
import { TZDate } from '@date-fns/tz';

export const ICS_PRODID = '-//chogi//庁議ボット//JA';
const TZID = 'Asia/Tokyo';

export interface IcsEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  url?: string;
  categories?: string[];
}

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''); // other controls are not allowed in TEXT
}

const octets = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Splits a content line into lines of at most 75 octets (RFC 5545 3.1); each
 * continuation starts with a space, which counts towards its 75. Splits between
 * code points only, so a multi-byte character is never cut.
 */
export function foldLine(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = octets(ch);
    if (size + n > 75) {
      out.push(current);
      current = ' ';
      size = 1;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 20261207T010000Z */
export function utcStamp(t: Date): string {
  return `${pad(t.getUTCFullYear(), 4)}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}T${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}Z`;
}

/** 20261207T100000: the wall clock in Tokyo, for DTSTART;TZID=Asia/Tokyo. */
export function tokyoStamp(t: Date): string {
  const z = new TZDate(t.getTime(), TZID);
  return `${pad(z.getFullYear(), 4)}${pad(z.getMonth() + 1)}${pad(z.getDate())}T${pad(z.getHours())}${pad(z.getMinutes())}${pad(z.getSeconds())}`;
}

function uri(u: string): string {
  // A URI value is not escaped; it must simply not contain anything that breaks the line.
  if (/[\s\u0000-\u001f\u007f"<>]/.test(u)) throw new RangeError(`not a URL for .ics: ${JSON.stringify(u)}`);
  return u;
}

// Japan has kept +09:00 without daylight saving since 1951: one STANDARD block is exact.
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TZID}`,
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0900',
  'TZOFFSETTO:+0900',
  'TZNAME:JST',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function eventLines(e: IcsEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;TZID=${TZID}:${tokyoStamp(e.start)}`,
    `DTEND;TZID=${TZID}:${tokyoStamp(e.end)}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.url) lines.push(`URL:${uri(e.url)}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
  lines.push('END:VEVENT');
  return lines;
}

/** A whole .ics file: CRLF after every line, the last one included. */
export function icsCalendar(events: readonly IcsEvent[], opts: { now: Date; name: string }): string {
  const stamp = utcStamp(opts.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(opts.name)}`, // RFC 7986
    `X-WR-CALNAME:${escapeText(opts.name)}`, // what Outlook and Google read
    `X-WR-TIMEZONE:${TZID}`,
    ...VTIMEZONE,
    ...events.flatMap((e) => eventLines(e, stamp)),
    'END:VCALENDAR',
  ];
  return lines.flatMap(foldLine).join('\r\n') + '\r\n';
}
