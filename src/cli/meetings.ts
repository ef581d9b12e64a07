/**
 * `meetings`: a tier's next meeting days, so an office can check its calendar
 * configuration against its own 庁議規程 before going live.
 *
 *   2026-05-07  令和8年5月7日(木)  （5月4日(月)がみどりの日のため移動）
 */
import { holidayName, isBusinessDay, type ClosurePolicy } from '../domain/businessDays';
import { MAX_COUNT, meetingSchedule, type ScheduledMeeting } from '../domain/calendar';
import { dayOfWeek, formatJpDate, isoDay, parseJpDate, weekdayJa, type JpDay } from '../domain/jpdate';
import type { OrgConfig, Tier } from '../domain/org';
import { CliError } from './errors';

export const meetingsUsage = `使い方: npm run cli -- meetings --tier NAME [--from YYYY-MM-DD] [--count N]
  --tier   会議名 (例: 局経営会議) または id (例: kyoku)
  --from   この日以降 (当日を含む)。省略時は今日 (Asia/Tokyo)。R8.12.1 などの和暦も可
  --count  表示する件数 (1〜${MAX_COUNT}、既定 10)
設定ファイルは環境変数 ORG_CONFIG (既定 config/org.example.yaml)。`;

export interface MeetingsArgs {
  tier?: string;
  from?: string;
  count?: string;
}

export function findTier(org: OrgConfig, nameOrId: string): Tier {
  const q = nameOrId.trim();
  const tier = org.tiers.find((t) => t.name === q || t.id === q);
  if (tier) return tier;
  const valid = org.tiers.map((t) => `${t.name} (${t.id})`).join(', ');
  throw new CliError(`unknown tier "${nameOrId}"; valid tiers: ${valid}`);
}

export function parseFrom(text: string): JpDay {
  const r = parseJpDate(text, ['day']);
  if (!r.ok || r.value.precision !== 'day') {
    throw new CliError(`--from: "${text}" is not a date (write YYYY-MM-DD, e.g. 2026-12-01)`);
  }
  return r.value;
}

export function parseCount(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT) {
    throw new CliError(`--count: "${text}" must be a whole number from 1 to ${MAX_COUNT}`);
  }
  return n;
}

/** 5月4日(月), with the year when it differs from the meeting's: 2026年12月29日(火). */
function shortDay(d: JpDay, relativeTo: JpDay): string {
  const year = d.year === relativeTo.year ? '' : `${d.year}年`;
  return `${year}${d.month}月${d.day}日(${weekdayJa(d)})`;
}

/** Why a regular day was not a business day, in the words an office uses. */
export function closedReason(d: JpDay, closure: ClosurePolicy): string {
  const holiday = holidayName(d);
  if (holiday) return holiday === '休日' ? '国民の休日' : holiday;
  const dow = dayOfWeek(d);
  if (dow === 0) return '日曜日';
  if (dow === 6) return '土曜日';
  if (!isBusinessDay(d, closure)) return '年末年始の閉庁日';
  return '閉庁日';
}

/** One output line: ISO date, 和暦 with weekday, and a note when the day is not the rule's own. */
export function meetingLine(m: ScheduledMeeting, closure: ClosurePolicy): string {
  const head = `${isoDay(m.day)}  ${formatJpDate(m.day, 'wareki')}(${weekdayJa(m.day)})`;
  if (m.movedFrom) return `${head}  （${shortDay(m.movedFrom, m.day)}が${closedReason(m.movedFrom, closure)}のため移動）`;
  if (m.extra) return `${head}  （臨時開催）`;
  return head;
}

/** The lines to print, or a note (to stderr) when the tier has none. */
export function meetingsReport(org: OrgConfig, args: MeetingsArgs, today: JpDay): { lines: string[]; note: string | null } {
  if (args.tier === undefined) throw new CliError('--tier is required (e.g. --tier 局経営会議)');
  const tier = findTier(org, args.tier);
  const from = args.from === undefined ? today : parseFrom(args.from);
  const count = args.count === undefined ? 10 : parseCount(args.count);
  const schedule = meetingSchedule(tier, { from, count, closure: org.closure });
  const lines = schedule.map((m) => meetingLine(m, org.closure));
  let note: string | null = null;
  if (lines.length === 0) {
    note = tier.rrule
      ? `${tier.name}: no meeting days from ${isoDay(from)} (rrule ${tier.rrule})`
      : `${tier.name}: no regular meeting days (no rrule: held as needed)`;
  }
  return { lines, note };
}
