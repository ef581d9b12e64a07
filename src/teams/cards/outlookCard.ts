import type { Outlook, OutlookDeadline, OutlookMeeting, OutlookRisk } from '../../app/outlook';
import { dayText } from '../../domain/councilPlan';
import type { DateDisplay, JpDay } from '../../domain/jpdate';
import { ownerLabel } from '../../domain/org';
import type { AgendaRequest } from '../../domain/request';
import { T } from '../strings';
import { card, CARD_MAX_BYTES, cardBytes, clip, heading, label, note, type AdaptiveCard, type Element } from './card';

const O = T.outlook;
const RISK_LABEL = { plan: O.riskPlan, cutoff: O.riskCutoff, reminder: O.riskReminder } as const;
const ITEMS_PER_MEETING = 8;

/** User text goes in TextRuns (never Markdown); ours may sit beside it. */
const run = (text: string, o: Record<string, unknown> = {}) => ({ type: 'TextRun', text, ...o });
const rich = (inlines: Record<string, unknown>[], o: Record<string, unknown> = {}): Element => ({ type: 'RichTextBlock', inlines, ...o });

const requestRuns = (r: AgendaRequest) => [
  run(r.caseNo, { weight: 'Bolder' }),
  run(`　${clip(r.form.title, 120)}`),
  run(`（${ownerLabel(r.form.owner)}）`, { isSubtle: true }),
];

function riskElement(r: OutlookRisk): Element {
  return {
    type: 'Container',
    separator: true,
    items: [
      rich([run(`⚠ 【${RISK_LABEL[r.kind]}】`, { color: 'Attention', weight: 'Bolder' }), ...requestRuns(r.request)]),
      ...r.reasons.map((x) => rich([run(`・${x}`)], { spacing: 'None' })),
    ],
  };
}

function meetingElement(m: OutlookMeeting, display: DateDisplay): Element {
  const show = (d: JpDay) => dayText(d, display);
  const cutoff = m.cutoff && m.tier.cutoff ? `　${O.cutoff(show(m.cutoff.day), m.tier.cutoff.time)}` : '';
  const items = m.items.slice(0, ITEMS_PER_MEETING).map((r, i) => rich([run(`${i + 1}. `), ...requestRuns(r)], { spacing: 'None' }));
  if (m.items.length > ITEMS_PER_MEETING) items.push(note(O.more(m.items.length - ITEMS_PER_MEETING), { spacing: 'None' }));
  return {
    type: 'Container',
    separator: true,
    items: [
      rich([
        run(`${show(m.day)} `, { weight: 'Bolder' }),
        run(m.tier.name, { weight: 'Bolder' }),
        run(`${m.regular ? '' : `（${O.adHoc}）`}${cutoff}`),
      ]),
      ...(items.length ? items : [note(O.noItems, { spacing: 'None' })]),
    ],
  };
}

function deadlineElement(d: OutlookDeadline, display: DateDisplay): Element {
  const runs = [run(`${dayText(d.day, display)}　`, { weight: 'Bolder' }), run(`${d.label}　${d.due}`)];
  if (d.request) runs.push(run('　'), ...requestRuns(d.request));
  if (d.requestIds.length) runs.push(run(`（${O.forRequests(d.requestIds.length)}）`, { isSubtle: true }));
  if (d.done) runs.push(run(`（${O.done}）`, { isSubtle: true }));
  return rich(runs, { spacing: 'Small' });
}

/**
 * 見通し as one Adaptive Card 1.5: risks first (each with why), then the meetings and the
 * deadlines. Each part takes what fits in Teams' size limit, in that order, and says how
 * many it left out.
 */
export function outlookCard(o: Outlook, display: DateDisplay, opts: { heading?: string } = {}): AdaptiveCard {
  const title = `${opts.heading ? `${opts.heading}　` : ''}${O.heading(dayText(o.from, display), dayText(o.to, display))}`;
  const body: Element[] = [heading(title)];
  if (o.filtered) body.push(note(O.secretariatOnly));
  // Room for the headings, the notes of what was left out and the envelope.
  const budget = CARD_MAX_BYTES - 3 * 1024;
  let bytes = cardBytes(card(body, [], false));
  const left: string[] = [];
  const part = <T>(head: string, empty: string, items: T[], build: (t: T) => Element, showAll?: string) => {
    body.push(label(head));
    bytes += cardBytes(body.at(-1)) + 1;
    if (items.length === 0) body.push(note(empty));
    let shown = 0;
    for (const it of items) {
      const el = build(it);
      const size = cardBytes(el) + 1;
      if (bytes + size > budget) break;
      body.push(el);
      bytes += size;
      shown++;
    }
    if (shown < items.length) {
      body.push(note(O.more(items.length - shown)));
      if (showAll) left.push(showAll);
    }
  };
  part(O.risks(o.risks.length), O.noRisks, o.risks, riskElement);
  part(O.meetings(o.meetings.length), O.noMeetings, o.meetings, (m) => meetingElement(m, display), '日程');
  part(O.deadlines(o.deadlines.length), O.noDeadlines, o.deadlines, (d) => deadlineElement(d, display), '期限');
  if (o.meetings.some((m) => m.items.length > ITEMS_PER_MEETING) && !left.includes('日程')) left.unshift('日程');
  if (left.length) body.push(note(O.showAll(left.map((x) => `「${x}」`).join('・')), { separator: true }));
  return card(body, [], false);
}
