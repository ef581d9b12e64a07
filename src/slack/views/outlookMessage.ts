import type { Outlook, OutlookDeadline, OutlookMeeting, OutlookRisk } from '../../app/outlook';
import { dayText } from '../../domain/councilPlan';
import { compareDays, type DateDisplay, type JpDay } from '../../domain/jpdate';
import { ownerLabel } from '../../domain/org';
import type { AgendaRequest } from '../../domain/request';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { context, divider, header, md, type Block } from './blocks';

const O = S.outlook;
/** Blocks each part may use; with the header, headings and notes the message stays within Slack's 50. */
const RISK_BLOCKS = 15;
const MEETING_BLOCKS = 13;
const DEADLINE_BLOCKS = 10;
const ITEMS_PER_MEETING = 8;
const LINES_PER_DAY = 12;
/** Slack's limit on a section's text. */
const SECTION_TEXT = 3000;

const section = (text: string): Block => ({ type: 'section', text: md(clip(text, SECTION_TEXT)) });

function requestText(r: AgendaRequest, links: Map<string, string | null>): string {
  const title = esc(clip(r.form.title, 120));
  const link = links.get(r.id);
  return `*${r.caseNo}*　${link ? `<${link}|${title}>` : title}　（${esc(ownerLabel(r.form.owner))}）`;
}

const RISK_LABEL = { plan: O.riskPlan, cutoff: O.riskCutoff, reminder: O.riskReminder } as const;

function riskBlock(r: OutlookRisk, links: Map<string, string | null>): Block {
  const reasons = r.reasons.map((x) => `• ${esc(x)}`).join('\n');
  return section(`:warning: 【${RISK_LABEL[r.kind]}】${requestText(r.request, links)}\n${reasons}`);
}

function meetingBlock(m: OutlookMeeting, links: Map<string, string | null>, display: DateDisplay): Block {
  const show = (d: JpDay) => dayText(d, display);
  const cutoff = m.cutoff && m.tier.cutoff ? `　${O.cutoff(show(m.cutoff.day), m.tier.cutoff.time)}` : '';
  const head = `*${show(m.day)} ${esc(m.tier.name)}*${m.regular ? '' : `（${O.adHoc}）`}${cutoff}`;
  const items = m.items.slice(0, ITEMS_PER_MEETING).map((r, i) => `${i + 1}. ${requestText(r, links)}`);
  if (m.items.length > ITEMS_PER_MEETING) items.push(`　${O.more(m.items.length - ITEMS_PER_MEETING)}`);
  return section(`${head}\n${items.length ? items.join('\n') : `　${O.noItems}`}`);
}

function deadlineLine(d: OutlookDeadline, links: Map<string, string | null>): string {
  const what = `${esc(d.label)}　${esc(d.due)}`;
  const done = d.done ? `（${O.done}）` : '';
  if (d.request) return `• ${what}　${requestText(d.request, links)}${done}`;
  return `• ${what}${d.requestIds.length ? `（${O.forRequests(d.requestIds.length)}）` : ''}`;
}

/** The deadlines grouped by day, one section per day. */
function deadlineBlocks(deadlines: OutlookDeadline[], links: Map<string, string | null>, display: DateDisplay): { blocks: Block[]; shown: number } {
  const days: { day: JpDay; items: OutlookDeadline[] }[] = [];
  for (const d of deadlines) {
    const last = days.at(-1);
    if (last && compareDays(last.day, d.day) === 0) last.items.push(d);
    else days.push({ day: d.day, items: [d] });
  }
  const blocks: Block[] = [];
  let shown = 0;
  for (const g of days.slice(0, DEADLINE_BLOCKS)) {
    const lines = g.items.slice(0, LINES_PER_DAY).map((d) => deadlineLine(d, links));
    if (g.items.length > LINES_PER_DAY) lines.push(`　${O.more(g.items.length - LINES_PER_DAY)}`);
    shown += Math.min(g.items.length, LINES_PER_DAY);
    blocks.push(section(`*${dayText(g.day, display)}*\n${lines.join('\n')}`));
  }
  return { blocks, shown };
}

/**
 * 見通し as one Slack message: risks first (each with why), then the meetings and the
 * deadlines of the two weeks. Beyond what fits in 50 blocks it says how many it left
 * out and where to see them all.
 */
export function outlookMessage(
  o: Outlook,
  links: Map<string, string | null>,
  display: DateDisplay,
  opts: { heading?: string; command?: string } = {},
): { text: string; blocks: Block[] } {
  const title = `${opts.heading ? `${opts.heading}　` : ''}${O.heading(dayText(o.from, display), dayText(o.to, display))}`;
  const blocks: Block[] = [header(clip(title, 150))];
  if (o.filtered) blocks.push(context(O.secretariatOnly));
  const left: string[] = [];

  blocks.push(section(`*${O.risks(o.risks.length)}*${o.risks.length ? '' : `\n${O.noRisks}`}`));
  for (const r of o.risks.slice(0, RISK_BLOCKS)) blocks.push(riskBlock(r, links));
  if (o.risks.length > RISK_BLOCKS) blocks.push(context(O.more(o.risks.length - RISK_BLOCKS)));

  blocks.push(divider());
  blocks.push(section(`*${O.meetings(o.meetings.length)}*${o.meetings.length ? '' : `\n${O.noMeetings}`}`));
  for (const m of o.meetings.slice(0, MEETING_BLOCKS)) blocks.push(meetingBlock(m, links, display));
  const itemsLeft = o.meetings.slice(0, MEETING_BLOCKS).some((m) => m.items.length > ITEMS_PER_MEETING);
  if (o.meetings.length > MEETING_BLOCKS) blocks.push(context(O.more(o.meetings.length - MEETING_BLOCKS)));
  if (o.meetings.length > MEETING_BLOCKS || itemsLeft) left.push(`\`${opts.command ?? '/案件申込'} 日程\``);

  blocks.push(divider());
  blocks.push(section(`*${O.deadlines(o.deadlines.length)}*${o.deadlines.length ? '' : `\n${O.noDeadlines}`}`));
  const d = deadlineBlocks(o.deadlines, links, display);
  blocks.push(...d.blocks);
  if (d.shown < o.deadlines.length) {
    blocks.push(context(O.more(o.deadlines.length - d.shown)));
    left.push(`\`${opts.command ?? '/案件申込'} 期限\``);
  }
  if (left.length) blocks.push(context(O.showAll(left.join('・'))));

  const text = `${title}　${O.risks(o.risks.length)}・${O.meetings(o.meetings.length)}・${O.deadlines(o.deadlines.length)}`;
  return { text, blocks };
}

/** Every request the message may link to. */
export function outlookRequests(o: Outlook): AgendaRequest[] {
  return [...o.risks.map((r) => r.request), ...o.meetings.flatMap((m) => m.items), ...o.deadlines.flatMap((d) => (d.request ? [d.request] : []))];
}
