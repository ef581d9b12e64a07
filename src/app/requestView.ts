import { requestStatus, type RequestStatusInfo } from '../domain/status';
import { formatJpDate, formatJpDateShort, tokyoToday, type DateDisplay, type JpDate } from '../domain/jpdate';
import { ownerLabel, type OrgConfig } from '../domain/org';
import type { MeetingSummary } from '../domain/meeting';
import type { AgendaRequest } from '../domain/request';
import { Choice, DocumentTitle, FieldLabel } from '../domain/text.ja';

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

export function requestView(r: AgendaRequest, org: OrgConfig, meeting: MeetingSummary | null = null, status: RequestStatusInfo | null = null): RequestView {
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
    publicComment: pc.planned
      ? `${Choice.publicComment.planned}　時期 ${show(pc.period, display) ?? '未定'}`
      : Choice.publicComment.none,
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

export { FieldLabel };
