import { requestStatus, type RequestStatusInfo } from '../domain/status';
import { formatJpDate, formatJpDateShort, parseJpDate, tokyoToday, type DateDisplay, type JpDate, type JpDay } from '../domain/jpdate';
import type { RawRequestForm } from '../domain/requestForm';
import { ownerLabel, type OrgConfig } from '../domain/org';
import type { MeetingSummary } from '../domain/meeting';
import type { AgendaRequest } from '../domain/request';
import { Choice, DocumentTitle, FieldLabel } from '../domain/text.ja';
import { dayText, planFor } from '../domain/councilPlan';
import { UiText } from '../domain/uiText.ja';

/**
 * A filed request as both platforms show it, laid out like the paper form: every
 * value already in display text, so Slack blocks and Teams cards only arrange it.
 */
export interface RequestView {
  id: string;
  documentTitle: string;
  caseNo: string;
  title: string;
  filedOn: string;
  owner: string;
  summary: string;
  points: string;
  desiredDates: { tier: string; date: string | null }[];
  ordinance: string;
  councilSession: string | null;
  /**
   * The latest dates worked back from the session 議会上程時期 names, latest last, each
   * in 和暦 with weekday; null when the org has no council calendar or the text names none.
   */
  councilPlan: { heading: string; lines: { label: string; date: string }[] } | null;
  publicComment: string;
  councilInfo: string;
  coordination: { party: string; item: string; status: string }[];
  history: { date: string; meeting: string; content: string }[];
  remarks: string | null;
  createdBy: { platform: 'slack' | 'teams'; userId: string };
  updatedOn: string;
  version: number;
  /** The current meeting's live summary (issue 4); absent where not shown. */
  meeting?: MeetingSummary | null;
  /** 状況 as read (申込中, 審議中（tier）, 了承 …, 取り下げ). */
  status: string;
  withdrawn: boolean;
}

const show = (d: JpDate | null, display: DateDisplay) => (d ? formatJpDate(d, display) : null);

export function requestView(
  r: AgendaRequest,
  org: OrgConfig,
  meeting: MeetingSummary | null = null,
  status: RequestStatusInfo | null = null,
): RequestView {
  const f = r.form;
  const display = org.dateDisplay;
  const pc = f.publicComment;
  const ci = f.councilInfo;
  return {
    id: r.id,
    documentTitle: DocumentTitle,
    caseNo: r.caseNo,
    title: f.title,
    filedOn: formatJpDate(f.filedOn, display),
    owner: ownerLabel(f.owner),
    summary: f.summary,
    points: f.points,
    desiredDates: org.tiers.map((t) => ({ tier: t.name, date: show(f.desiredDates[t.id] ?? null, display) })),
    ordinance: f.ordinance.required ? `${Choice.ordinance.required}（${f.ordinance.detail}）` : Choice.ordinance.none,
    councilSession: f.councilSession || null,
    councilPlan: councilPlanView(r, org),
    publicComment: pc.planned ? `${Choice.publicComment.planned}　時期 ${show(pc.period, display) ?? '未定'}` : Choice.publicComment.none,
    councilInfo: ci.kind ? `${ci.kind}　時期 ${show(ci.period, display) ?? '未定'}` : Choice.councilInfoNone,
    coordination: f.coordination,
    // The paper's 経過 table uses the short form (H21.4.16, H20.9~H21.2).
    history: f.history.map((h) => ({ date: h.date ? formatJpDateShort(h.date) : '', meeting: h.meeting, content: h.content })),
    remarks: f.remarks || null,
    createdBy: r.createdBy,
    updatedOn: formatJpDate(tokyoToday(r.updatedAt), display),
    version: r.version,
    meeting,
    // Without the reviews at hand the status still never hides a withdrawal.
    status: (status ?? requestStatus(org, r, [], tokyoToday(r.updatedAt))).label,
    withdrawn: r.status === 'withdrawn',
  };
}

/**
 * The chain for the request: the session is read as of the filing date, so a request
 * keeps showing the session it was filed for.
 */
function councilPlanView(r: AgendaRequest, org: OrgConfig): RequestView['councilPlan'] {
  return councilPlanOf(
    org,
    { councilSession: r.form.councilSession, publicComment: r.form.publicComment.planned, councilInfo: r.form.councilInfo.kind },
    r.form.filedOn,
  );
}

/**
 * The chain for what is typed in the form, as a one-line hint under 議会上程時期 (read
 * as of the typed 申込日, as the posted request will be); null when there is nothing to
 * show or the 申込日 does not read.
 */
export function councilPlanHint(org: OrgConfig, raw: RawRequestForm): string | null {
  const filed = raw.filedOn.trim() === '' ? null : parseJpDate(raw.filedOn, ['day']);
  if (!filed || !filed.ok) return null;
  const on = filed.value as JpDay;
  const plan = councilPlanOf(
    org,
    { councilSession: raw.councilSession, publicComment: raw.publicComment === 'planned', councilInfo: raw.councilInfoKind },
    on,
  );
  return plan ? `${plan.heading}: ${plan.lines.map((l) => `${l.label} ${l.date}`).join('、')}` : null;
}

function councilPlanOf(
  org: OrgConfig,
  f: { councilSession: string; publicComment: boolean; councilInfo: string },
  on: JpDay,
): RequestView['councilPlan'] {
  const found = planFor(org, f.councilSession, on);
  if (found.kind === 'none') return null;
  const T = UiText.councilPlan;
  if (found.kind === 'unknown') return { heading: T.heading(f.councilSession), lines: [{ label: T.session, date: T.unknown }] };
  const p = found.plan;
  const show = (d: JpDay) => dayText(d, org.dateDisplay);
  const lines: { label: string; date: string }[] = [];
  if (f.publicComment && p.publicCommentStart && p.publicCommentEnd) {
    lines.push({ label: T.publicCommentStart, date: show(p.publicCommentStart) }, { label: T.publicCommentEnd, date: show(p.publicCommentEnd) });
  }
  lines.push(
    p.decidingMeeting
      ? { label: T.decidingMeeting(p.decidingTier.name), date: show(p.decidingMeeting) }
      : { label: T.noDecidingMeeting(p.decidingTier.name), date: show(p.decisionBy) },
  );
  lines.push({ label: T.billDeadline, date: show(p.billDeadline) });
  if (f.councilInfo.trim() !== '') lines.push({ label: T.councilInfo, date: show(p.councilInfo) });
  lines.push({ label: T.opens, date: show(p.session.opens) });
  return { heading: T.heading(p.session.name), lines };
}

export { FieldLabel };
