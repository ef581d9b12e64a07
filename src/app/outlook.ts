/**
 * 見通し: the coming two weeks for the secretariat, platform independent. The meetings of
 * every tier's real calendar with their items, the deadlines that fall in the window,
 * and first the items at risk, each with why in Japanese:
 * - a council plan that no longer works (the form's warnings, worked out for today);
 * - a request filed after the 申込締切 of the meeting it asks for, or moved onto that
 *   meeting by an edit after it;
 * - a deadline whose reminder was posted and not acted upon (neither 対応済み nor 延期),
 *   due within RISK_NEAR_DAYS or already past.
 *
 * Reads are bounded by the window, not by how many requests there are: the meetings'
 * items through the (tierId, date) index, the deadlines in one grouped read of the
 * reminders due in the window, the council plans only of the requests whose session is
 * in play (its 逆算 dates have begun) found through their 議会上程時期 reminders, and the
 * requests these name in one read.
 */
import { TZDate } from '@date-fns/tz';
import { businessDaysBetween } from '../domain/businessDays';
import { councilPlan, councilSessions, dayText, planWarnings, type CouncilPlan } from '../domain/councilPlan';
import { cutoffOf } from '../domain/cutoff';
import { meetingDates } from '../domain/calendar';
import { addDays, compareDays, isoDay, tokyoToday, type JpDay } from '../domain/jpdate';
import type { OrgConfig, Tier } from '../domain/org';
import {
  askedAt,
  compareRisks,
  missedCutoff,
  nearOrPast,
  outlookWindow,
  planInputOf,
  RISK_PAST_DAYS,
  unanswered,
  weeklyOutlookDue,
  type RiskKind,
} from '../domain/outlook';
import { COUNCIL_PLAN_STEPS, dayFromIso, kindOf, type CouncilPlanStep } from '../domain/reminders';
import type { Actor, AgendaRequest, ChangeEntry, Conversation } from '../domain/request';
import { formErrorMessage } from '../domain/text.ja';
import { UiText } from '../domain/uiText.ja';
import type { AccessDenied, Viewer } from '../domain/visibility';
import type { AgendaService } from './agenda';
import type { Clock, DeadlineState, Repositories } from './ports';
import { deadlineLabel, dueText } from './reminderView';
import type { Visibility } from './visibility';

const O = UiText.outlook;

export interface OutlookMeeting {
  tier: Tier;
  day: JpDay;
  /** A day of the tier's regular calendar (else an ad-hoc meeting held for its items). */
  regular: boolean;
  /** 申込締切 of this meeting, when the tier has one. */
  cutoff: { day: JpDay; at: Date } | null;
  items: AgendaRequest[];
}

export interface OutlookDeadline {
  day: JpDay;
  /** What is due, e.g. 局経営会議の資料提出期限（3営業日前）. */
  label: string;
  /** The due day as the person gave it (a month stays a month). */
  due: string;
  /** The request it belongs to; null for the org's own dates (申込締切, the council plan of a session). */
  request: AgendaRequest | null;
  /** For a council plan date of a session: the requests whose plan it is. */
  requestIds: string[];
  done: boolean;
}

export interface OutlookRisk {
  kind: RiskKind;
  request: AgendaRequest;
  /** The day that matters most (the plan's first date, the meeting, the deadline). */
  day: JpDay | null;
  /** Why, in Japanese, as the form words its warnings. */
  reasons: string[];
}

export interface Outlook {
  today: JpDay;
  from: JpDay;
  to: JpDay;
  risks: OutlookRisk[];
  meetings: OutlookMeeting[];
  deadlines: OutlookDeadline[];
  /** Only what the asking person may see (not the secretariat). */
  filtered: boolean;
}

export type OutlookAnswer = { ok: true; viewer: Viewer; outlook: Outlook } | { ok: false; reason: AccessDenied };

const STEP_LABEL: Record<CouncilPlanStep, (plan: CouncilPlan) => string> = {
  publicCommentStart: () => UiText.councilPlan.publicCommentStart,
  publicCommentEnd: () => UiText.councilPlan.publicCommentEnd,
  decidingMeeting: (p) => UiText.councilPlan.decidingMeeting(p.decidingTier.name),
  billDeadline: () => UiText.councilPlan.billDeadline,
  councilInfo: () => UiText.councilPlan.councilInfo,
};

const stepDay = (plan: CouncilPlan, step: CouncilPlanStep): JpDay | null => plan[step];

const within = (d: JpDay, from: JpDay, to: JpDay) => compareDays(d, from) >= 0 && compareDays(d, to) <= 0;

export function createOutlookService(deps: {
  repos: Pick<Repositories, 'requests' | 'reminders'>;
  org: OrgConfig;
  clock: Clock;
  agenda: AgendaService;
  visibility?: Visibility;
}) {
  const { org, repos } = deps;
  const closure = org.closure;
  const show = (d: JpDay) => dayText(d, org.dateDisplay);

  /** Sessions not opened yet whose worked-back dates have begun by the window's end. */
  function sessionsInPlay(today: JpDay, to: JpDay): CouncilPlan[] {
    if (!org.council) return [];
    const out: CouncilPlan[] = [];
    for (const s of councilSessions(org.council)) {
      if (compareDays(s.opens, today) < 0) continue;
      const plan = councilPlan(org, s);
      const days = COUNCIL_PLAN_STEPS.map((step) => stepDay(plan, step)).filter((d): d is JpDay => !!d);
      if (days.some((d) => compareDays(d, to) <= 0)) out.push(plan);
    }
    return out;
  }

  /** The whole outlook, as the secretariat sees it. */
  async function build(): Promise<Outlook> {
    const now = deps.clock.now();
    const today = tokyoToday(now);
    const { from, to } = outlookWindow(today);

    // Meetings and their items; a request filed after its meeting's cut-off is a risk.
    const risks: OutlookRisk[] = [];
    const meetings: OutlookMeeting[] = (await deps.agenda.between(from, to)).map((a) => ({
      tier: a.tier,
      day: a.day,
      regular: a.regular,
      cutoff: cutoffOf(a.tier, a.day, closure),
      items: a.items,
    }));
    // When each item came to ask for its meeting: filed for it, or moved onto it by an
    // edit (the history of the items of meetings with a cut-off, in one read).
    const withCutoff = meetings.filter((m) => m.cutoff && m.items.length > 0);
    const history = new Map<string, ChangeEntry[]>();
    const edited = withCutoff.flatMap((m) => m.items.filter((r) => r.version > 1).map((r) => r.id));
    for (const e of edited.length ? await repos.requests.dateChanges(edited) : []) history.set(e.requestId, [...(history.get(e.requestId) ?? []), e]);
    for (const m of withCutoff) {
      for (const r of m.items) {
        const asked = askedAt(r, m.tier.id, m.day, history.get(r.id) ?? []);
        const missed = missedCutoff(m.tier, m.day, asked.at, closure);
        if (!missed) continue;
        const cutoff = `${show(missed.day)} ${m.tier.cutoff!.time}`;
        const when = show(tokyoToday(asked.at));
        risks.push({
          kind: 'cutoff',
          request: r,
          day: m.day,
          reasons: [asked.edited ? O.cutoffMoved(m.tier.name, show(m.day), cutoff, when) : O.cutoffMissed(m.tier.name, show(m.day), cutoff, when)],
        });
      }
    }

    // Deadlines from the reminders (past ones too, for reminders left unanswered).
    const states = await repos.reminders.deadlineStates({
      from: isoDay(from),
      to: isoDay(to),
      unansweredFrom: isoDay(addDays(today, -RISK_PAST_DAYS)),
    });
    const plans = sessionsInPlay(today, to);
    const planned = await repos.reminders.requestIdsWithDeadline(
      'councilSession',
      plans.map((p) => isoDay(p.session.opens)),
    );
    const known = new Map<string, AgendaRequest>();
    for (const m of meetings) for (const r of m.items) known.set(r.id, r);
    const missing = [...new Set([...states.map((s) => s.requestId), ...planned])].filter((id) => !known.has(id));
    for (const r of await repos.requests.getMany(missing)) known.set(r.id, r);

    // Council plans that no longer work, worked out for today as the form would.
    for (const id of planned) {
      const r = known.get(id);
      if (!r || r.status === 'withdrawn') continue;
      const warnings = planWarnings(org, planInputOf(r.form), today);
      if (warnings.length === 0) continue;
      const plan = plans.find((p) => p.session.name === warnings[0].params.session) ?? null;
      const first = plan ? COUNCIL_PLAN_STEPS.map((s) => stepDay(plan, s)).find((d): d is JpDay => !!d) : null;
      risks.push({
        kind: 'plan',
        request: r,
        day: first ?? null,
        reasons: [...new Set(warnings.map((w) => formErrorMessage({ path: w.path, code: w.code, params: w.params })))],
      });
    }

    // Reminders posted and not acted upon, the deadline near or past.
    for (const s of states) {
      const r = known.get(s.requestId);
      const due = dayFromIso(s.dueDate);
      if (!r || !unanswered(s) || !nearOrPast(due, today)) continue;
      risks.push({
        kind: 'reminder',
        request: r,
        day: due,
        reasons: [
          O.reminderUnanswered(
            deadlineLabel(s.deadline, r, org),
            dueText(s.deadline, s.dueDate, r, org),
            show(tokyoToday(s.lastSentAt!)),
            O.daysLeft(businessDaysBetween(today, due, closure)),
          ),
        ],
      });
    }
    risks.sort((a, b) => compareRisks({ ...a, caseNo: a.request.caseNo }, { ...b, caseNo: b.request.caseNo }));

    return { today, from, to, risks, meetings, deadlines: deadlinesIn(from, to, states, known), filtered: false };
  }

  /** The window's deadlines: the org's (cut-offs, each session's plan) and each request's. */
  function deadlinesIn(from: JpDay, to: JpDay, states: DeadlineState[], known: Map<string, AgendaRequest>): OutlookDeadline[] {
    const org_: OutlookDeadline[] = [];
    for (const tier of org.tiers) {
      if (!tier.cutoff) continue;
      // A meeting's cut-off lies a few business days before it: look a month past the window.
      for (const day of meetingDates(tier, { from, until: addDays(to, 31), closure })) {
        const c = cutoffOf(tier, day, closure);
        if (!c || !within(c.day, from, to)) continue;
        org_.push({
          day: c.day,
          label: O.cutoffDeadline(tier.name, show(day)),
          due: `${show(c.day)} ${tier.cutoff.time}`,
          request: null,
          requestIds: [],
          done: false,
        });
      }
    }
    const byStep = new Map<string, OutlookDeadline>();
    if (org.council) {
      for (const s of councilSessions(org.council)) {
        if (compareDays(s.opens, from) < 0) continue;
        const plan = councilPlan(org, s);
        for (const step of COUNCIL_PLAN_STEPS) {
          const d = stepDay(plan, step);
          if (!d || !within(d, from, to)) continue;
          const line: OutlookDeadline = {
            day: d,
            label: `${STEP_LABEL[step](plan)}（${s.name}）`,
            due: show(d),
            request: null,
            requestIds: [],
            done: false,
          };
          byStep.set(`${step}|${isoDay(d)}`, line);
          org_.push(line);
        }
      }
    }
    const own: OutlookDeadline[] = [];
    for (const s of states) {
      const day = dayFromIso(s.dueDate);
      const r = known.get(s.requestId);
      if (!r || !within(day, from, to)) continue;
      const { kind, step } = kindOf(s.deadline);
      const session = kind === 'councilPlan' && step ? byStep.get(`${step}|${s.dueDate}`) : undefined;
      if (session) {
        session.requestIds.push(r.id);
        continue;
      }
      own.push({
        day,
        label: deadlineLabel(s.deadline, r, org),
        due: dueText(s.deadline, s.dueDate, r, org),
        request: r,
        requestIds: [],
        done: s.done,
      });
    }
    own.sort((a, b) => compareDays(a.day, b.day) || a.request!.caseNo.localeCompare(b.request!.caseNo));
    return [...org_, ...own].sort((a, b) => compareDays(a.day, b.day) || Number(!!a.request) - Number(!!b.request));
  }

  /** Only what the viewer may see: each request through the visibility rule, once. */
  async function narrow(o: Outlook, viewer: Viewer, visibility: Visibility): Promise<Outlook> {
    const all = new Map<string, AgendaRequest>();
    for (const r of o.risks) all.set(r.request.id, r.request);
    for (const m of o.meetings) for (const r of m.items) all.set(r.id, r);
    for (const d of o.deadlines) if (d.request) all.set(d.request.id, d.request);
    const ids = new Set(o.deadlines.flatMap((d) => d.requestIds));
    const extra = [...ids].filter((id) => !all.has(id));
    for (const r of await repos.requests.getMany(extra)) all.set(r.id, r);
    const seen = new Set((await visibility.filter(viewer, [...all.values()])).map((r) => r.id));
    return {
      ...o,
      filtered: true,
      risks: o.risks.filter((r) => seen.has(r.request.id)),
      meetings: o.meetings.map((m) => ({ ...m, items: m.items.filter((r) => seen.has(r.id)) })),
      deadlines: o.deadlines
        .filter((d) => !d.request || seen.has(d.request.id))
        .map((d) => (d.requestIds.length ? { ...d, requestIds: d.requestIds.filter((id) => seen.has(id)) } : d)),
    };
  }

  return {
    build,

    /** The ISO week whose outlook is due now (see weeklyOutlookDue), or null. */
    dueWeek(): string | null {
      const now = deps.clock.now();
      return weeklyOutlookDue(tokyoToday(now), new TZDate(now.getTime(), 'Asia/Tokyo').getHours(), org.agendaHour, closure);
    },

    /**
     * `見通し` asked for by a person: the secretariat sees everything; anyone else the same
     * outlook with only the requests they may see (the meetings and the org's own dates
     * stay: they are the calendar, not a request). A lookup that fails shows nothing.
     */
    async forViewer(actor: Actor, here: Conversation | null): Promise<OutlookAnswer> {
      const visibility = deps.visibility;
      if (!visibility) return { ok: false, reason: 'lookup_failed' };
      const access = await visibility.viewerFor(actor, here);
      if (!access.ok) return access;
      const o = await build();
      if (access.viewer.secretariat) return { ok: true, viewer: access.viewer, outlook: o };
      try {
        return { ok: true, viewer: access.viewer, outlook: await narrow(o, access.viewer, visibility) };
      } catch {
        return { ok: false, reason: 'lookup_failed' };
      }
    },
  };
}

export type OutlookService = ReturnType<typeof createOutlookService>;

/** The key that makes a weekly outlook post happen once across restarts and instances. */
export const outlookKey = (platform: string, week: string) => `outlook:${platform}:${week}`;
