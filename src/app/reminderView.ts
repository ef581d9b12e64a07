/**
 * A reminder as every platform shows it: what is due, when (和暦), how many business
 * days remain, whose it is. Display text only; Slack blocks and Teams cards arrange it.
 */
import { businessDaysBetween, type ClosurePolicy } from '../domain/businessDays';
import { formatJpDate, weekdayJa, type JpDay } from '../domain/jpdate';
import type { OrgConfig } from '../domain/org';
import { councilSessionDay, dayFromIso, kindOf, SNOOZE_DAYS, type DeadlineKey } from '../domain/reminders';
import type { AgendaRequest } from '../domain/request';
import { decidingTier, planFor } from '../domain/councilPlan';

export interface ReminderView {
  reminderId: string;
  requestId: string;
  caseNo: string;
  title: string;
  /** The filer, to mention (same platform only). */
  owner: { platform: 'slack' | 'teams'; userId: string };
  deadline: DeadlineKey;
  /** e.g. パブリックコメントの実施（時期） */
  label: string;
  /** e.g. 令和8年12月1日（火） or 令和8年12月（1日から起算） */
  due: string;
  /** Business days from today to the due day (0 = today, negative = past it). */
  businessDaysLeft: number;
  snoozeDays: readonly number[];
}

const dayText = (d: JpDay, org: OrgConfig) => `${formatJpDate(d, org.dateDisplay)}（${weekdayJa(d)}）`;

/** The session a request's 議会上程時期 names in the council calendar, or the text as typed. */
function sessionName(request: AgendaRequest, org: OrgConfig): string {
  const found = planFor(org, request.form.councilSession, request.form.filedOn);
  return found.kind === 'plan' ? found.plan.session.name : request.form.councilSession;
}

function councilPlanLabel(step: string | null, request: AgendaRequest, org: OrgConfig): string {
  const session = sessionName(request, org);
  const tier = decidingTier(org).name;
  switch (step) {
    case 'publicCommentStart':
      return `パブリックコメントの開始（${session}に間に合う最終日）`;
    case 'publicCommentEnd':
      return `パブリックコメントの終了（${session}に間に合う最終日）`;
    case 'decidingMeeting':
      return `${tier}での決定（${session}に間に合う最後の会議）`;
    case 'billDeadline':
      return `議案提出期限（${session}）`;
    case 'councilInfo':
      return `議会への情報提供（${request.form.councilInfo.kind || '情報提供'}、${session}）`;
    default:
      return session;
  }
}

export function deadlineLabel(deadline: DeadlineKey, request: AgendaRequest, org: OrgConfig): string {
  const { kind, tierId, step } = kindOf(deadline);
  const tier = org.tiers.find((t) => t.id === tierId)?.name ?? tierId ?? '';
  switch (kind) {
    case 'publicComment':
      return 'パブリックコメント（意見公募）の実施時期';
    case 'councilInfo':
      return `議会への情報提供（${request.form.councilInfo.kind || '情報提供'}）の時期`;
    case 'councilSession':
      return `議会上程時期（${request.form.councilSession}）`;
    case 'councilPlan':
      return councilPlanLabel(step, request, org);
    case 'materials':
      return `${tier}の資料提出期限（${org.reminders.materialsBusinessDays}営業日前）`;
    case 'meeting':
      return `${tier}（審議希望日）`;
    case 'attachments':
      return `${tier}の申込締切（別紙資料がまだ登録されていません）`;
    default:
      return deadline;
  }
}

/** The due day as the person gave it: a month stays a month, with the day counted from. */
export function dueText(deadline: DeadlineKey, dueDate: string, request: AgendaRequest, org: OrgConfig): string {
  const due = dayFromIso(dueDate);
  const { kind } = kindOf(deadline);
  const given = kind === 'publicComment' ? request.form.publicComment.period : kind === 'councilInfo' ? request.form.councilInfo.period : null;
  if (kind === 'attachments') {
    // The cut-off has a time of day: say it, as the form's cut-off message does.
    const time = org.tiers.find((t) => t.id === kindOf(deadline).tierId)?.cutoff?.time;
    return time ? `${dayText(due, org)} ${time}まで` : dayText(due, org);
  }
  if (given && given.precision !== 'day') return `${formatJpDate(given, org.dateDisplay)}（${dayText(due, org)}から起算）`;
  if (kind === 'councilSession' && planFor(org, request.form.councilSession, request.form.filedOn).kind === 'plan')
    return `${dayText(due, org)}（開会日）`;
  if (
    kind === 'councilSession' &&
    councilSessionDay(request.form.councilSession, request.form.filedOn) &&
    !/\d+日/.test(request.form.councilSession)
  ) {
    return `${dayText(due, org)}から起算`;
  }
  return dayText(due, org);
}

/**
 * Business days from today to a due day, remembered per closure policy and (today, due
 * day): a burst of reminders shares a handful of due days, and counting walks every day
 * between them.
 */
const businessDayCounts = new WeakMap<ClosurePolicy, Map<string, number>>();
function businessDaysLeft(today: JpDay, dueDate: string, closure: ClosurePolicy): number {
  let counts = businessDayCounts.get(closure);
  if (!counts) businessDayCounts.set(closure, (counts = new Map()));
  const key = `${today.year}-${today.month}-${today.day}|${dueDate}`;
  let n = counts.get(key);
  if (n === undefined) {
    n = businessDaysBetween(today, dayFromIso(dueDate), closure);
    if (counts.size >= 10_000) counts.clear();
    counts.set(key, n);
  }
  return n;
}

export function reminderView(
  r: { id: string; deadline: DeadlineKey; dueDate: string },
  request: AgendaRequest,
  org: OrgConfig,
  today: JpDay,
  closure: ClosurePolicy,
): ReminderView {
  return {
    reminderId: r.id,
    requestId: request.id,
    caseNo: request.caseNo,
    title: request.form.title,
    owner: request.createdBy,
    deadline: r.deadline,
    label: deadlineLabel(r.deadline, request, org),
    due: dueText(r.deadline, r.dueDate, request, org),
    businessDaysLeft: businessDaysLeft(today, r.dueDate, closure),
    snoozeDays: SNOOZE_DAYS,
  };
}
