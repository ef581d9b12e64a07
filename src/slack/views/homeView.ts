/**
 * The home tab: a person's desk as Block Kit. A pure function of the DeskView and the
 * requests' Slack permalinks; user text escaped and clipped; at most ~70 blocks (the
 * home allows 100) whatever the data, since each list has at most DESK_ROWS rows.
 */
import type { HomeView } from '@slack/types';
import type { DeskList, DeskMeetingRow, DeskView, Listed } from '../../app/desk';
import type { ReminderView } from '../../app/reminderView';
import type { AgendaRequest } from '../../domain/request';
import { ActionId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { remainingText } from '../reminderMessage';
import { S } from '../strings';
import { actions, asBlocks, button, context, divider, header, option, plain, section, type Block } from './blocks';

export type Links = Map<string, string | null>;

/** Section text stays under Slack's 3,000 characters. */
const SECTION_MAX = 2900;

function titleOf(r: AgendaRequest, links: Links, max = 60): string {
  const title = esc(clip(r.form.title, max));
  const link = links.get(r.id);
  return link ? `<${link}|${title}>` : title;
}

function lines(items: string[]): string {
  let out = '';
  for (const l of items) {
    if (out.length + l.length + 1 > SECTION_MAX) break;
    out += (out ? '\n' : '') + l;
  }
  return out;
}

function heading(title: string, list: Listed<unknown>): Block {
  return section(`*${title}*${S.deskCount(list.items.length, list.total)}`);
}

function allButton(list: DeskList, l: Listed<unknown>): Block[] {
  return l.total > l.items.length ? [actions(`home.all.${list}`, [button({ id: `${ActionId.homeAll}.${list}`, text: S.deskAll, value: list })])] : [];
}

export function deadlineLine(v: ReminderView, links: Links, request?: AgendaRequest): string {
  const what = request ? titleOf(request, links, 50) : esc(clip(v.title, 50));
  return `*${esc(v.label)}*：${esc(v.due)}　${remainingText(v.businessDaysLeft)}\n　${esc(v.caseNo)} ${what}`;
}

/** A near deadline with the reminder's own 対応済み / 延期 (the same actions as on a reminder post). */
function deadlineRow(v: ReminderView, row: number, links: Links, request: AgendaRequest | undefined): Block[] {
  return [
    section(deadlineLine(v, links, request)),
    actions(`home.reminder.${v.reminderId}`, [
      button({ id: `${ActionId.reminderDone}.${row}`, text: S.reminderDone, value: v.reminderId }),
      {
        type: 'static_select',
        action_id: `${ActionId.reminderSnooze}.${row}`,
        placeholder: plain(S.reminderSnooze),
        options: v.snoozeDays.map((d) => option(S.reminderSnoozeOption(d), `${v.reminderId}:${d}`)),
      },
    ]),
  ];
}

export function mineLine(row: DeskView['mine']['items'][number], links: Links): string {
  const status = S.deskStatus[row.status] ?? row.status;
  const next = row.status === 'filed' ? `・${S.deskNextMeeting(esc(row.tierName), row.nextMeeting)}${S.deskWaiting(row.waitingOpinions)}` : '';
  return `• *${esc(row.request.caseNo)}* ${titleOf(row.request, links)}　${status}${next}`;
}

export function meetingLine(m: DeskMeetingRow): string {
  return `• ${esc(m.date)}　${esc(m.tier.name)}　${S.deskItems(m.count)}`;
}

export function agendaText(m: DeskMeetingRow, links: Links, max = 10): string {
  const shown = m.items.slice(0, max);
  const items = shown.map((r) => `　${esc(r.caseNo)} ${titleOf(r, links, 50)}`);
  if (m.count > shown.length) items.push(`　${S.deskMore(m.count - shown.length)}`);
  return lines([`*${esc(m.date)}　${esc(m.tier.name)}*（${S.deskItems(m.count)}）`, ...items]);
}

export function opinionLine(o: NonNullable<DeskView['office']>['unanswered']['items'][number], links: Links): string {
  return `• ${esc(o.request.caseNo)} ${titleOf(o.request, links, 30)}　${esc(o.tierName)} ○(${o.opinion.seq}) ${esc(clip(o.opinion.text, 60))}`;
}

export function unrecordedLine(u: NonNullable<DeskView['office']>['unrecorded']['items'][number], links: Links): string {
  return `• ${esc(u.date)}　${esc(u.tier.name)}　${esc(u.request.caseNo)} ${titleOf(u.request, links, 40)}　— ${u.missing.map((m) => S.deskMissing[m]).join('・')}`;
}

/** Every request a desk shows (for their permalinks). */
export function deskRequests(desk: DeskView, byId: Map<string, AgendaRequest>): AgendaRequest[] {
  const out = new Map<string, AgendaRequest>();
  const add = (r: AgendaRequest | undefined) => r && out.set(r.id, r);
  desk.mine.items.forEach((m) => add(m.request));
  desk.deadlines.items.forEach((d) => add(byId.get(d.requestId)));
  desk.office?.agenda.items.forEach((m) => m.items.slice(0, 10).forEach(add));
  desk.office?.unanswered.items.forEach((o) => add(o.request));
  desk.office?.unrecorded.items.forEach((u) => add(u.request));
  desk.office?.overdue.items.forEach((d) => add(byId.get(d.requestId)));
  return [...out.values()];
}

export function homeView(desk: DeskView, links: Links, byId: Map<string, AgendaRequest>, metadata: string): HomeView {
  const blocks: Block[] = [
    header(S.deskTitle),
    context(S.deskToday(esc(desk.today))),
    actions('home.actions', [
      button({ id: ActionId.homeNew, text: S.deskNew, style: 'primary' }),
      ...(desk.secretariat ? [button({ id: ActionId.homeRoster, text: S.deskRoster })] : []),
    ]),
    ...(desk.groupUnreadable ? [context(S.secretariatGroupUnreadable)] : []),
    divider(),
    heading(S.deskDeadlines, desk.deadlines),
  ];
  if (desk.deadlines.items.length === 0) blocks.push(context(S.deskEmpty));
  desk.deadlines.items.forEach((v, i) => blocks.push(...deadlineRow(v, i, links, byId.get(v.requestId))));
  blocks.push(...allButton('deadlines', desk.deadlines), divider());

  blocks.push(heading(S.deskMine, desk.mine));
  blocks.push(desk.mine.items.length ? section(lines(desk.mine.items.map((m) => mineLine(m, links)))) : context(S.deskEmpty));
  blocks.push(...allButton('mine', desk.mine), divider());

  blocks.push(heading(S.deskMeetings, desk.meetings));
  blocks.push(desk.meetings.items.length ? section(lines(desk.meetings.items.map(meetingLine))) : context(S.deskEmpty));
  blocks.push(...allButton('meetings', desk.meetings));

  const office = desk.office;
  if (office) {
    blocks.push(divider(), header(S.deskOffice));
    blocks.push(heading(S.deskAgenda, office.agenda));
    if (office.agenda.items.length === 0) blocks.push(context(S.deskEmpty));
    // One section per meeting, at most five here: the rest is behind 「すべて表示」.
    const meetings = office.agenda.items.slice(0, 5);
    for (const m of meetings) blocks.push(section(agendaText(m, links)));
    blocks.push(...allButton('agenda', { items: meetings, total: office.agenda.total }));
    const simple = (title: string, list: DeskList, l: Listed<unknown>, text: string[]) => {
      blocks.push(heading(title, l), text.length ? section(lines(text)) : context(S.deskEmpty), ...allButton(list, l));
    };
    simple(
      S.deskUnanswered,
      'unanswered',
      office.unanswered,
      office.unanswered.items.map((o) => opinionLine(o, links)),
    );
    simple(
      S.deskUnrecorded,
      'unrecorded',
      office.unrecorded,
      office.unrecorded.items.map((u) => unrecordedLine(u, links)),
    );
    simple(
      S.deskOverdue,
      'overdue',
      office.overdue,
      office.overdue.items.map((v) => `• ${deadlineLine(v, links, byId.get(v.requestId))}`),
    );
  }
  return { type: 'home', private_metadata: metadata, blocks: asBlocks(blocks) };
}

/** 「すべて表示」: one list, up to ALL_ROWS rows, as a modal (sections of ≤ 2,900 characters). */
export function deskListModal(desk: DeskView, list: DeskList, links: Links, byId: Map<string, AgendaRequest>) {
  const office = desk.office;
  const titles: Record<DeskList, string> = {
    deadlines: S.deskDeadlines,
    mine: S.deskMine,
    meetings: S.deskMeetings,
    agenda: S.deskAgenda,
    unanswered: S.deskUnanswered,
    unrecorded: S.deskUnrecorded,
    overdue: S.deskOverdue,
  };
  let rows: string[] = [];
  if (list === 'deadlines') rows = desk.deadlines.items.map((v) => deadlineLine(v, links, byId.get(v.requestId)));
  if (list === 'mine') rows = desk.mine.items.map((m) => mineLine(m, links));
  if (list === 'meetings') rows = desk.meetings.items.map(meetingLine);
  if (list === 'agenda' && office) rows = office.agenda.items.map((m) => agendaText(m, links, 20));
  if (list === 'unanswered' && office) rows = office.unanswered.items.map((o) => opinionLine(o, links));
  if (list === 'unrecorded' && office) rows = office.unrecorded.items.map((u) => unrecordedLine(u, links));
  if (list === 'overdue' && office) rows = office.overdue.items.map((v) => deadlineLine(v, links, byId.get(v.requestId)));
  const blocks: Block[] = [];
  let chunk: string[] = [];
  const flush = () => {
    if (chunk.length) blocks.push(section(lines(chunk)));
    chunk = [];
  };
  for (const r of rows) {
    if ([...chunk, r].join('\n').length > SECTION_MAX) flush();
    chunk.push(r);
  }
  flush();
  if (blocks.length === 0) blocks.push(context(S.deskEmpty));
  return {
    type: 'modal' as const,
    title: plain(clip(titles[list], 24)),
    close: plain(S.cancel),
    blocks: asBlocks(blocks.slice(0, 100)),
  };
}
