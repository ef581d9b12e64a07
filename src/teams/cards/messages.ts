import type { MeetingAgenda } from '../../app/agenda';
import { formatJpDate, weekdayJa, type DateDisplay } from '../../domain/jpdate';
import { ownerLabel } from '../../domain/org';
import type { AgendaRequest } from '../../domain/request';
import type { ReminderView } from '../../app/reminderView';
import { remainingText } from './reminderCard';
import { DocumentVerb, Verb } from '../ids';
import { T } from '../strings';
import { actionSet, card, CARD_MAX_BYTES, cardBytes, clip, heading, note, submit, textBlock, type AdaptiveCard, type Element } from './card';

/** The answer to 案件申込: a button that opens the form dialog (task/fetch). */
export function launcherCard(): AdaptiveCard {
  return card(
    [
      heading(T.launcherTitle),
      textBlock(T.launcherText),
      actionSet([submit(T.openForm, { verb: Verb.openForm }, { dialog: true, style: 'positive' })]),
    ],
    [],
    false,
  );
}

/** 一覧: recent requests, one line each (titles are user text: TextRuns, never Markdown). */
export function listCard(items: { request: AgendaRequest; owner: string; filedOn: string; status?: string }[]): AdaptiveCard {
  if (items.length === 0) return card([textBlock(T.listEmpty)], [], false);
  const lines: Element[] = items.map(({ request, owner, filedOn, status }) => ({
    type: 'RichTextBlock',
    inlines: [
      { type: 'TextRun', text: request.caseNo, weight: 'Bolder' },
      ...(status ? [{ type: 'TextRun', text: `　【${status}】` }] : []),
      { type: 'TextRun', text: `　${request.form.title}` },
      { type: 'TextRun', text: `　（${owner}・${filedOn}）`, isSubtle: true },
    ],
    separator: true,
  }));
  return card([heading(T.listHeading(items.length)), ...lines], [], false);
}

/** ヘルプ: our own text (Markdown is fine here: nothing in it comes from users). */
export const helpCard = (prefix?: string): AdaptiveCard =>
  card(
    [
      ...(prefix ? [note(prefix)] : []),
      ...T.help
        .split('\n')
        .filter(Boolean)
        .map((line) => textBlock(line, { spacing: 'Small' })),
    ],
    [],
    false,
  );

// ---- 期限 and 日程 (issue 6) ----

/** 期限: the coming deadlines with a pending reminder, soonest first (labels and titles are user text). */
export function deadlinesCard(items: { view: ReminderView; nextReminder: string }[]): AdaptiveCard {
  if (items.length === 0) return card([textBlock(T.deadlinesEmpty)], [], false);
  const lines: Element[] = items.map(({ view: v, nextReminder }) => ({
    type: 'RichTextBlock',
    inlines: [
      { type: 'TextRun', text: v.due, weight: 'Bolder' },
      { type: 'TextRun', text: `　${v.label}　${remainingText(v.businessDaysLeft)}\n` },
      { type: 'TextRun', text: v.caseNo, weight: 'Bolder' },
      { type: 'TextRun', text: `　${clip(v.title, 60)}` },
      { type: 'TextRun', text: `（${T.nextReminder(nextReminder)}）`, isSubtle: true },
    ],
    separator: true,
  }));
  return card([heading(T.deadlinesHeading(items.length)), ...lines], [], false);
}

/** A meeting with its items, as the 日程 and agenda cards show it. */
export interface ScheduledMeeting {
  day: string;
  tier: string;
  adHoc: boolean;
  items: { caseNo: string; title: string; owner: string }[];
}

/** A meeting of the agenda service, in words: 令和8年12月10日(木) 13:30, the items' owners as 局 部 担当. */
export function scheduledMeeting(a: MeetingAgenda, display: DateDisplay): ScheduledMeeting {
  return {
    day: `${formatJpDate(a.day, display)}(${weekdayJa(a.day)})${a.tier.time ? ` ${a.tier.time}` : ''}`,
    tier: a.tier.name,
    adHoc: !a.regular,
    items: a.items.map((r) => ({ caseNo: r.caseNo, title: r.form.title, owner: ownerLabel(r.form.owner) })),
  };
}

/**
 * A meeting day's agenda, posted in the tier's Teams conversation (as in its Slack
 * channel): the items in order. Titles are user text: TextRuns, never Markdown.
 */
export function agendaCard(m: ScheduledMeeting, packet?: { tierId: string; day: string }): AdaptiveCard {
  const lines: Element[] = m.items.map((r, i) => ({
    type: 'RichTextBlock',
    separator: i === 0,
    inlines: [
      { type: 'TextRun', text: `${i + 1}. ` },
      { type: 'TextRun', text: r.caseNo, weight: 'Bolder' },
      { type: 'TextRun', text: `　${clip(r.title, 150)}` },
      { type: 'TextRun', text: `（${r.owner}）`, isSubtle: true },
    ],
  }));
  const body: Element[] = [heading(`${T.agendaHeading}　${m.tier}　${m.day}`)];
  let bytes = cardBytes(card(body));
  let shown = 0;
  for (const line of lines) {
    bytes += cardBytes(line) + 1;
    if (bytes > CARD_MAX_BYTES - 1024) break;
    body.push(line);
    shown++;
  }
  if (m.items.length === 0) body.push(textBlock(T.agendaEmpty));
  if (shown < m.items.length) body.push(note(T.scheduleMoreItems(m.items.length - shown)));
  body.push(note(m.adHoc ? `${T.agendaCount(m.items.length)}　${T.scheduleAdHoc}` : T.agendaCount(m.items.length), { separator: true }));
  // 「庁議資料」: the meeting's packet, as a link for whoever presses it.
  const actions = packet && m.items.length > 0 ? [submit(T.packetButton, { verb: DocumentVerb.packet, ...packet }, { inputs: 'none' })] : [];
  return card(body, actions, false);
}

/** The most meetings one 日程 card shows (Teams refuses messages over about 28 KB). */
const SCHEDULE_MAX = 40;

/** 日程: the coming meetings (4 weeks) and their items; with calendar links per tier when configured. */
export function scheduleCard(meetings: ScheduledMeeting[], calendars: { tier: string; url: string }[] = [], calendarsNote?: string): AdaptiveCard {
  const links: Element[] = calendars.length
    ? [
        note(T.tierCalendars, { spacing: 'Medium' }),
        { type: 'ActionSet', actions: calendars.map((c) => ({ type: 'Action.OpenUrl', title: clip(c.tier, 40), url: c.url })) },
        ...(calendarsNote ? [note(calendarsNote, { spacing: 'None' })] : []),
      ]
    : [];
  if (meetings.length === 0) return card([textBlock(T.scheduleEmpty), ...links], [], false);
  const blocks: Element[] = [];
  let bytes = cardBytes(card([heading(T.scheduleHeading), note(T.scheduleMore(999)), ...links]));
  for (const m of meetings.slice(0, SCHEDULE_MAX)) {
    const block = meetingBlock(m);
    bytes += cardBytes(block) + 1;
    if (bytes > CARD_MAX_BYTES - 1024) break;
    blocks.push(block);
  }
  const more = meetings.length > blocks.length ? [note(T.scheduleMore(meetings.length - blocks.length))] : [];
  return card([heading(T.scheduleHeading), ...blocks, ...more, ...links], [], false);
}

function meetingBlock(m: ScheduledMeeting): Element {
  return {
    type: 'Container',
    separator: true,
    items: [
      {
        type: 'RichTextBlock',
        inlines: [
          { type: 'TextRun', text: `${m.day} ${m.tier}`, weight: 'Bolder' },
          ...(m.adHoc ? [{ type: 'TextRun', text: `（${T.scheduleAdHoc}）` }] : []),
        ],
      },
      m.items.length === 0
        ? note(T.scheduleNoItems, { spacing: 'None' })
        : {
            type: 'RichTextBlock',
            spacing: 'None',
            inlines: m.items
              .slice(0, 15)
              .flatMap((r, i) => [
                { type: 'TextRun', text: `${i > 0 ? '\n' : ''}${i + 1}. ` },
                { type: 'TextRun', text: r.caseNo, weight: 'Bolder' },
                { type: 'TextRun', text: `　${clip(r.title, 60)}` },
                { type: 'TextRun', text: `（${r.owner}）`, isSubtle: true },
              ])
              .concat(m.items.length > 15 ? [{ type: 'TextRun', text: `\n${T.scheduleMoreItems(m.items.length - 15)}` }] : []),
          },
    ],
  };
}
// ---- end 期限 and 日程 ----

/** A one-line answer (a refusal, a notice). */
export const noticeCard = (text: string): AdaptiveCard => card([textBlock(text)], [], false);

/** A notice with a link button (Action.OpenUrl), e.g. the register's signed link. */
export function linkCard(text: string, title: string, url: string): AdaptiveCard {
  return card([textBlock(text), { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title, url }] }], [], false);
}

/** 検索 results: one line each (user text as plain runs, never Markdown). */
export function searchCard(heading_: string, items: { request: AgendaRequest; status: string; owner: string; filedOn: string }[]): AdaptiveCard {
  const lines: Element[] = items.map(({ request, status, owner, filedOn }) => ({
    type: 'RichTextBlock',
    inlines: [
      { type: 'TextRun', text: request.caseNo, weight: 'Bolder' },
      { type: 'TextRun', text: `　【${status}】` },
      { type: 'TextRun', text: request.form.title },
      { type: 'TextRun', text: `　（${owner}・${filedOn}）`, isSubtle: true },
    ],
    separator: true,
  }));
  return card([heading(heading_), ...lines], [], false);
}
