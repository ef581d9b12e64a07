/**
 * 逆算: the latest dates of an item aimed at a council session, worked back from the
 * session's 開会日 with the org's rules, and the warnings when a plan cannot work.
 * Pure: the org, the typed plan and today in; dates and warnings out.
 *
 * The chain, latest first to earliest:
 *   開会日 − billDeadline                        → 議案提出期限
 *   議案提出期限 − decisionBefore                  → the deciding tier must have met by then;
 *                                                 its last real meeting on or before it
 *   that meeting − publicCommentResults          → パブリックコメント must have ended
 *   end − (publicCommentDays − 1) calendar days  → パブリックコメント latest start
 *   開会日 − councilInfo                         → 議会への情報提供
 * A count in calendar days that lands on a closed day moves to the business day before
 * (nothing is handed in on a day the office is closed).
 */
import { addBusinessDays, previousBusinessDay, type ClosurePolicy } from './businessDays';
import { meetingDates } from './calendar';
import {
  addDays,
  compareDays,
  deserializeJpDate,
  firstDayOf,
  formatJpDate,
  parseJpDate,
  weekdayJa,
  type DateDisplay,
  type JpDate,
  type JpDay,
} from './jpdate';
import type { CouncilConfig, CouncilSession, DaysBefore, OrgConfig, Tier } from './org';

/** A session with its days read. */
export interface Session {
  name: string;
  notice: JpDay | null;
  opens: JpDay;
  closes: JpDay;
  /** The month people call it by (12 for 12月定例会) and that month's year. */
  month: number;
  year: number;
}

/** The chain of latest dates for one session. */
export interface CouncilPlan {
  session: Session;
  /** 議案提出期限. */
  billDeadline: JpDay;
  /** The day the deciding tier must have met by (議案提出期限 − decisionBefore). */
  decisionBy: JpDay;
  decidingTier: Tier;
  /**
   * The deciding tier's last meeting on or before decisionBy, from its calendar; a tier
   * held as needed (no regular days) can meet on decisionBy itself. null = the tier has
   * regular days but none within a year before decisionBy.
   */
  decidingMeeting: JpDay | null;
  /** パブリックコメント: latest end (results compiled before the deciding meeting) and latest start. */
  publicCommentEnd: JpDay | null;
  publicCommentStart: JpDay | null;
  /** 議会への情報提供 (委員会への説明). */
  councilInfo: JpDay;
}

const day = (iso: string): JpDay => deserializeJpDate(iso) as JpDay; // the org schema checked it

const sessionsCache = new WeakMap<CouncilConfig, readonly Session[]>();

/** The council's sessions by 開会日. */
export function councilSessions(council: CouncilConfig): readonly Session[] {
  const hit = sessionsCache.get(council);
  if (hit) return hit;
  const out = council.sessions
    .map((s: CouncilSession): Session => {
      const opens = day(s.opens);
      const month = s.month ?? opens.month;
      // A 12月定例会 opening on 11/30 is still that year's; a 1月 name on a December 開会日 is the next year's.
      const year = month < opens.month - 6 ? opens.year + 1 : month > opens.month + 6 ? opens.year - 1 : opens.year;
      return { name: s.name, notice: s.notice ? day(s.notice) : null, opens, closes: day(s.closes), month, year };
    })
    .sort((a, b) => compareDays(a.opens, b.opens));
  sessionsCache.set(council, out);
  return out;
}

/** What a 議会上程時期 text names. */
export type SessionMatch =
  | { kind: 'none' } // blank or not about a session (未定, 次年度以降 …)
  | { kind: 'unknown' } // reads like a session, but the calendar has none such
  | { kind: 'session'; session: Session };

const squash = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\s()（）]/g, '')
    .trim();

const ERA_OFFSET: Record<string, number> = { 令和: 2018, R: 2018, r: 2018, 平成: 1988, H: 1988, h: 1988 };

/**
 * The session a 議会上程時期 names: a session's name or the start of it
 * (令和8年第4回定例会), the n-th session of a year (令和8年第4回定例会, 2026年第4回), a
 * month with its year (R8.12, 令和8年12月定例会, 2026-12) or with its 年度
 * (令和8年度2月定例月会議: February 2027, as a 通年会期 city writes it), or a month alone (12月定例会,
 * 12月定例月会議: the next such session that has not opened by today). A city with a
 * 通年会期 lists each 定例月会議 as a session.
 */
export function resolveSession(council: CouncilConfig, text: string, today: JpDay): SessionMatch {
  const t = squash(text);
  if (t === '') return { kind: 'none' };
  const sessions = councilSessions(council);

  const byName = sessions.filter((s) => {
    const n = squash(s.name);
    return n === t || n.startsWith(t) || t.startsWith(n);
  });
  if (byName.length === 1) return { kind: 'session', session: byName[0] };

  const nth = /^(令和|平成|[RrHh])?(\d{1,4}|元)年?第(\d{1,2})回/.exec(t);
  if (nth) {
    const y = nth[2] === '元' ? 1 : Number(nth[2]);
    const year = nth[1] ? ERA_OFFSET[nth[1]] + y : y;
    const found = sessions.filter((s) => s.opens.year === year)[Number(nth[3]) - 1];
    return found ? { kind: 'session', session: found } : { kind: 'unknown' };
  }

  const bare = t.replace(/(定例月?会議?|定例会|議会|臨時会)$/, '');
  const monthOnly = /^(\d{1,2})月$/.exec(bare);
  if (monthOnly) {
    const m = Number(monthOnly[1]);
    const found = sessions.find((s) => s.month === m && compareDays(s.opens, today) >= 0);
    return found ? { kind: 'session', session: found } : { kind: 'unknown' };
  }
  // A month of a 年度 (a 通年会期 runs April to March): 令和8年度2月 is February 2027.
  const fiscal = /^(令和|平成|[RrHh])?(\d{1,4}|元)年度(\d{1,2})月$/.exec(bare);
  if (fiscal) {
    const y = fiscal[2] === '元' ? 1 : Number(fiscal[2]);
    const fy = fiscal[1] ? ERA_OFFSET[fiscal[1]] + y : y;
    const m = Number(fiscal[3]);
    const found = sessions.find((s) => s.month === m && s.year === (m >= 4 ? fy : fy + 1));
    return found ? { kind: 'session', session: found } : { kind: 'unknown' };
  }
  const parsed = parseJpDate(bare, ['month', 'day']);
  if (parsed.ok && parsed.value.precision !== 'range') {
    const v = parsed.value;
    const found = sessions.find((s) => s.month === v.month && s.year === v.year);
    return found ? { kind: 'session', session: found } : { kind: 'unknown' };
  }
  // 会期 alone (通年会期) names no 定例月会議 to aim at: unknown, so the person is asked which.
  return /定例|議会|臨時会|会期/.test(t) ? { kind: 'unknown' } : { kind: 'none' };
}

/** d less a number of business or calendar days; a calendar count never ends on a closed day. */
export function daysBefore(d: JpDay, rule: DaysBefore, closure: ClosurePolicy): JpDay {
  return rule.in === 'business' ? addBusinessDays(d, -rule.days, closure) : previousBusinessDay(addDays(d, -rule.days), closure);
}

/** The tier that decides a bill: the configured one, else the highest. */
export function decidingTier(org: OrgConfig): Tier {
  const id = org.council?.decidingTier;
  return org.tiers.find((t) => t.id === id) ?? org.tiers[org.tiers.length - 1];
}

// Sessions are built once per org config (councilSessions), so a plan is worked out once per session.
const planCache = new WeakMap<Session, CouncilPlan>();

/** The chain of latest dates for a session (see the top of this file). */
export function councilPlan(org: OrgConfig, session: Session): CouncilPlan {
  const council = org.council;
  if (!council) throw new Error('councilPlan: the org has no council');
  const cached = planCache.get(session);
  if (cached) return cached;
  const closure = org.closure;
  const tier = decidingTier(org);
  const billDeadline = daysBefore(session.opens, council.billDeadline, closure);
  const decisionBy = daysBefore(billDeadline, council.decisionBefore, closure);
  const decidingMeeting = tier.rrule ? lastMeetingBy(tier, decisionBy, closure) : previousBusinessDay(decisionBy, closure);
  const publicCommentEnd = decidingMeeting ? daysBefore(decidingMeeting, council.publicCommentResults, closure) : null;
  const publicCommentStart = publicCommentEnd ? previousBusinessDay(addDays(publicCommentEnd, -(council.publicCommentDays - 1)), closure) : null;
  const plan: CouncilPlan = {
    session,
    billDeadline,
    decisionBy,
    decidingTier: tier,
    decidingMeeting,
    publicCommentEnd,
    publicCommentStart,
    councilInfo: daysBefore(session.opens, council.councilInfo, closure),
  };
  planCache.set(session, plan);
  return plan;
}

/** The tier's last meeting on or before `day` within a year; two months are looked at first (most tiers meet monthly or more). */
function lastMeetingBy(tier: Tier, day: JpDay, closure: ClosurePolicy): JpDay | null {
  for (const back of [62, 366]) {
    const found = meetingDates(tier, { from: addDays(day, -back), until: day, closure }).at(-1);
    if (found) return found;
  }
  return null;
}

/** The plan for what 議会上程時期 names, or why there is none. */
export function planFor(
  org: OrgConfig,
  councilSession: string,
  today: JpDay,
): { kind: 'none' } | { kind: 'unknown' } | { kind: 'plan'; plan: CouncilPlan } {
  if (!org.council) return { kind: 'none' };
  const match = resolveSession(org.council, councilSession, today);
  return match.kind === 'session' ? { kind: 'plan', plan: councilPlan(org, match.session) } : match;
}

/** Whether the chain can still be kept from today on (with or without a public comment). */
function workable(plan: CouncilPlan, today: JpDay, publicComment: boolean): boolean {
  const last = publicComment ? plan.publicCommentStart : plan.decidingMeeting;
  return !!last && compareDays(today, last) <= 0;
}

/** The first session after `after` whose chain can still be kept. */
export function nextWorkable(org: OrgConfig, after: Session | null, today: JpDay, publicComment: boolean): CouncilPlan | null {
  if (!org.council) return null;
  for (const s of councilSessions(org.council)) {
    if (after && compareDays(s.opens, after.opens) <= 0) continue;
    const plan = councilPlan(org, s);
    if (workable(plan, today, publicComment)) return plan;
  }
  return null;
}

// ---- feasibility -------------------------------------------------------------

export type PlanWarningCode =
  | 'plan.unknown_session'
  | 'plan.bill_deadline_passed'
  | 'plan.decision_passed'
  | 'plan.no_deciding_meeting'
  | 'plan.public_comment_start'
  | 'plan.public_comment_end'
  | 'plan.public_comment_short'
  | 'plan.council_info_late'
  | 'plan.desired_after';

export interface PlanWarning {
  path: (string | number)[];
  code: PlanWarningCode;
  /** Display text only (dates already in 和暦 with weekday). */
  params: Record<string, string>;
}

/** What the feasibility check reads, as parsed from the form (unreadable fields left null). */
export interface PlanInput {
  councilSession: string;
  publicComment: { planned: boolean; period: JpDate | null };
  councilInfo: { kind: string; period: JpDate | null };
  desiredDates: Record<string, JpDay | null>;
}

/** 令和8年11月16日(月) */
export function dayText(d: JpDay, display: DateDisplay): string {
  return `${formatJpDate(d, display)}(${weekdayJa(d)})`;
}

/**
 * Why the plan cannot work, each warning on the field it concerns. Empty when the org
 * has no council, when 議会上程時期 names no session, or when every date still fits.
 */
export function planWarnings(org: OrgConfig, input: PlanInput, today: JpDay): PlanWarning[] {
  const found = planFor(org, input.councilSession, today);
  if (found.kind === 'none') return [];
  if (found.kind === 'unknown') return [{ path: ['councilSession'], code: 'plan.unknown_session', params: { text: input.councilSession.trim() } }];
  const plan = found.plan;
  const display = org.dateDisplay;
  const show = (d: JpDay) => dayText(d, display);
  const council = org.council!;
  const pc = input.publicComment.planned;
  const next = nextWorkable(org, plan.session, today, pc);
  const base = {
    session: plan.session.name,
    deadline: show(plan.billDeadline),
    tier: plan.decidingTier.name,
    next: next ? nextText(next, pc, show) : 'なし（設定された定例会に間に合うものがありません）',
  };
  const out: PlanWarning[] = [];

  if (!plan.decidingMeeting) {
    out.push({ path: ['councilSession'], code: 'plan.no_deciding_meeting', params: { ...base, by: show(plan.decisionBy) } });
    return out;
  }
  const meeting = show(plan.decidingMeeting);
  if (compareDays(today, plan.billDeadline) > 0) {
    out.push({ path: ['councilSession'], code: 'plan.bill_deadline_passed', params: base });
  } else if (compareDays(today, plan.decidingMeeting) > 0) {
    out.push({ path: ['councilSession'], code: 'plan.decision_passed', params: { ...base, meeting } });
  }

  if (pc && plan.publicCommentStart && plan.publicCommentEnd) {
    const period = input.publicComment.period;
    const where = period ? 'publicCommentPeriod' : 'publicComment';
    const params = {
      ...base,
      meeting,
      days: String(council.publicCommentDays),
      start: show(plan.publicCommentStart),
      end: show(plan.publicCommentEnd),
    };
    const tooLate = compareDays(today, plan.publicCommentStart) > 0;
    const typedStart = period ? firstDayOf(period) : null;
    if (tooLate || (typedStart && compareDays(typedStart, plan.publicCommentStart) > 0)) {
      out.push({ path: [where], code: 'plan.public_comment_start', params: { ...params, passed: tooLate ? 'yes' : '' } });
    } else if (period?.precision === 'range') {
      const endOfTyped = period.to.precision === 'day' ? period.to : firstDayOf(period.to);
      if (compareDays(endOfTyped, plan.publicCommentEnd) > 0) {
        out.push({ path: [where], code: 'plan.public_comment_end', params });
      } else if (period.from.precision === 'day' && period.to.precision === 'day') {
        const length =
          Math.round(
            (Date.UTC(period.to.year, period.to.month - 1, period.to.day) - Date.UTC(period.from.year, period.from.month - 1, period.from.day)) /
              86_400_000,
          ) + 1;
        if (length < council.publicCommentDays)
          out.push({ path: [where], code: 'plan.public_comment_short', params: { ...params, length: String(length) } });
      }
    }
  }

  if (input.councilInfo.kind.trim() !== '') {
    const period = input.councilInfo.period;
    const typedStart = period ? firstDayOf(period) : null;
    if (compareDays(today, plan.councilInfo) > 0 || (typedStart && compareDays(typedStart, plan.councilInfo) > 0)) {
      out.push({
        path: [period ? 'councilInfoPeriod' : 'councilInfoKind'],
        code: 'plan.council_info_late',
        params: { ...base, by: show(plan.councilInfo), kind: input.councilInfo.kind.trim() },
      });
    }
  }

  const desired = input.desiredDates[plan.decidingTier.id];
  if (desired && compareDays(desired, plan.decidingMeeting) > 0) {
    out.push({ path: ['desiredDates', plan.decidingTier.id], code: 'plan.desired_after', params: { ...base, meeting, desired: show(desired) } });
  }
  return out;
}

function nextText(plan: CouncilPlan, publicComment: boolean, show: (d: JpDay) => string): string {
  const by =
    publicComment && plan.publicCommentStart
      ? `パブリックコメントを${show(plan.publicCommentStart)}までに開始`
      : `${plan.decidingTier.name}を${show(plan.decidingMeeting!)}までに開催`;
  return `${plan.session.name}（${by}、議案提出期限 ${show(plan.billDeadline)}）`;
}

/** The typed form read leniently for the check: what does not parse is left out (the form reports it). */
export function planInputFromRaw(raw: {
  councilSession: string;
  publicComment: string;
  publicCommentPeriod: string;
  councilInfoKind: string;
  councilInfoPeriod: string;
  desiredDates: Record<string, string>;
}): PlanInput {
  const date = (s: string): JpDate | null => {
    const r = s.trim() === '' ? null : parseJpDate(s);
    return r && r.ok ? r.value : null;
  };
  const desiredDates: Record<string, JpDay | null> = {};
  for (const [tier, typed] of Object.entries(raw.desiredDates)) {
    const d = date(typed ?? '');
    desiredDates[tier] = d?.precision === 'day' ? d : null;
  }
  return {
    councilSession: raw.councilSession,
    publicComment: { planned: raw.publicComment === 'planned', period: date(raw.publicCommentPeriod) },
    councilInfo: { kind: raw.councilInfoKind, period: date(raw.councilInfoPeriod) },
    desiredDates,
  };
}
