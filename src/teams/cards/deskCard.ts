/**
 * The desk (ホーム) as an Adaptive Card in the person's personal chat: the same lists as
 * the Slack home tab. User text (titles, opinions) goes into TextRuns; the card stays
 * under Teams' size limit with DESK_ROWS rows per list.
 */
import type { DeskDeadline, DeskView } from '../../app/desk';
import type { RosterEntry } from '../../app/ports';
import type { Section } from '../../domain/org';
import { DeskVerb, Verb } from '../ids';
import { T } from '../strings';
import { actionSet, card, choiceSet, clip, container, heading, label, note, submit, textBlock, type AdaptiveCard, type Element } from './card';
import { remainingText } from './reminderCard';

const run = (text: string, o: Record<string, unknown> = {}) => ({ type: 'TextRun', text, ...o });
const rich = (inlines: Record<string, unknown>[], o: Record<string, unknown> = {}): Element => ({ type: 'RichTextBlock', inlines, ...o });
const count = (shown: number, total: number) => T.deskCount(shown, total);

function deadlineRow(v: DeskDeadline, i: number): Element {
  return container(
    [
      rich([
        run(v.label, { weight: 'Bolder' }),
        run(`：${v.due}`),
        run(`　${remainingText(v.businessDaysLeft)}`, { color: v.businessDaysLeft < 0 ? 'Attention' : 'Default' }),
      ]),
      rich([run(`${v.caseNo} `, { weight: 'Bolder' }), run(clip(v.title, 80))], { spacing: 'None' }),
      choiceSet({
        id: `snooze.${i}`,
        label: T.reminderSnoozeLabel,
        style: 'compact',
        value: String(v.snoozeDays[1] ?? v.snoozeDays[0]),
        choices: v.snoozeDays.map((d) => ({ title: T.reminderSnoozeOption(d), value: String(d) })),
      }),
      actionSet([
        submit(T.reminderDone, { verb: DeskVerb.done, reminderId: v.reminderId }, { inputs: 'none' }),
        submit(T.reminderSnooze, { verb: DeskVerb.snooze, reminderId: v.reminderId, row: i }),
      ]),
    ],
    { separator: true },
  );
}

const empty = () => note(T.deskEmpty);
const more = (shown: number, total: number) => (total > shown ? [note(T.deskMoreInSlack(total - shown))] : []);

export function deskCard(desk: DeskView): AdaptiveCard {
  const body: Element[] = [
    heading(T.deskTitle),
    note(T.deskToday(desk.today), { spacing: 'None' }),
    actionSet([
      submit(T.deskNew, { verb: Verb.openForm }, { dialog: true, style: 'positive' }),
      ...(desk.secretariat ? [submit(T.deskRoster, { verb: DeskVerb.roster }, { inputs: 'none' })] : []),
      submit(T.deskReload, { verb: DeskVerb.reload }, { inputs: 'none' }),
    ]),
    ...(desk.groupUnreadable ? [textBlock(T.secretariatGroupUnreadable, { color: 'Attention' })] : []),
    label(`${T.deskDeadlines}${count(desk.deadlines.items.length, desk.deadlines.total)}`),
  ];
  if (!desk.deadlines.items.length) body.push(empty());
  desk.deadlines.items.forEach((v, i) => body.push(deadlineRow(v, i)));
  body.push(...more(desk.deadlines.items.length, desk.deadlines.total));

  body.push(label(`${T.deskMine}${count(desk.mine.items.length, desk.mine.total)}`));
  if (!desk.mine.items.length) body.push(empty());
  for (const m of desk.mine.items) {
    const status = T.deskStatus[m.status] ?? m.status;
    const next = m.status === 'filed' ? `・${T.deskNextMeeting(m.tierName, m.nextMeeting)}${T.deskWaiting(m.waitingOpinions)}` : '';
    body.push(
      rich([run(`${m.request.caseNo} `, { weight: 'Bolder' }), run(clip(m.request.form.title, 80)), run(`　${status}${next}`, { isSubtle: true })], {
        separator: true,
      }),
    );
  }
  body.push(...more(desk.mine.items.length, desk.mine.total));

  body.push(label(`${T.deskMeetings}${count(desk.meetings.items.length, desk.meetings.total)}`));
  if (!desk.meetings.items.length) body.push(empty());
  for (const m of desk.meetings.items) body.push(textBlock(`${m.date}　${m.tier.name}　${T.deskItems(m.count)}`, { spacing: 'Small' }));

  const office = desk.office;
  if (office) {
    body.push(heading(T.deskOffice, { spacing: 'Large', separator: true }));
    body.push(label(`${T.deskAgenda}${count(office.agenda.items.length, office.agenda.total)}`));
    if (!office.agenda.items.length) body.push(empty());
    for (const m of office.agenda.items.slice(0, 5)) {
      body.push(textBlock(`${m.date}　${m.tier.name}（${T.deskItems(m.count)}）`, { weight: 'Bolder', spacing: 'Small' }));
      const shown = m.items.slice(0, 10);
      for (const r of shown) body.push(rich([run(`${r.caseNo} `), run(clip(r.form.title, 60))], { spacing: 'None' }));
      if (m.count > shown.length) body.push(note(T.deskMore(m.count - shown.length), { spacing: 'None' }));
    }
    body.push(label(`${T.deskUnanswered}${count(office.unanswered.items.length, office.unanswered.total)}`));
    if (!office.unanswered.items.length) body.push(empty());
    for (const o of office.unanswered.items) {
      body.push(
        rich([run(`${o.request.caseNo} `, { weight: 'Bolder' }), run(`${o.tierName} ○(${o.opinion.seq}) `), run(clip(o.opinion.text, 80))], {
          spacing: 'Small',
        }),
      );
    }
    body.push(label(`${T.deskUnrecorded}${count(office.unrecorded.items.length, office.unrecorded.total)}`));
    if (!office.unrecorded.items.length) body.push(empty());
    for (const u of office.unrecorded.items) {
      body.push(
        rich(
          [
            run(`${u.date}　${u.tier.name}　`),
            run(`${u.request.caseNo} `, { weight: 'Bolder' }),
            run(clip(u.request.form.title, 50)),
            run(`　— ${u.missing.map((m) => T.deskMissing[m]).join('・')}`, { color: 'Attention' }),
          ],
          { spacing: 'Small' },
        ),
      );
    }
    body.push(label(`${T.deskOverdue}${count(office.overdue.items.length, office.overdue.total)}`));
    if (!office.overdue.items.length) body.push(empty());
    for (const v of office.overdue.items) {
      body.push(
        rich(
          [
            run(v.label, { weight: 'Bolder' }),
            run(`：${v.due}　${remainingText(v.businessDaysLeft)}　`),
            run(`${v.caseNo} `, { weight: 'Bolder' }),
            run(clip(v.title, 50)),
          ],
          { spacing: 'Small' },
        ),
      );
    }
  }
  return card(body);
}

export const deskDeniedCard = (): AdaptiveCard => card([heading(T.deskTitle), textBlock(T.deskDenied)]);

/** Sections per page of the Teams 名簿. */
export const TEAMS_ROSTER_PAGE = 20;

/**
 * 出席者名簿: a people picker per section (Input.ChoiceSet with choices.data from Microsoft
 * Graph users: Teams fills in the tenant's people; the values are Entra object ids).
 */
export function rosterCard(vm: {
  sections: readonly Section[];
  page: number;
  people: readonly RosterEntry[];
  notice?: string;
  /** Shown above the pickers in the warning colour (the 事務局 group cannot be read). */
  warning?: string;
  errors?: Record<string, string>;
}): AdaptiveCard {
  const shown = vm.sections.slice(vm.page * TEAMS_ROSTER_PAGE, (vm.page + 1) * TEAMS_ROSTER_PAGE);
  const pages = Math.max(1, Math.ceil(vm.sections.length / TEAMS_ROSTER_PAGE));
  const from = vm.page * TEAMS_ROSTER_PAGE + 1;
  const body: Element[] = [heading(T.rosterTitle), textBlock(T.rosterIntro(from, from + shown.length - 1, vm.sections.length))];
  if (vm.warning) body.push(textBlock(vm.warning, { color: 'Attention' }));
  if (vm.notice) body.push(textBlock(vm.notice, { color: 'Good' }));
  for (const s of shown) {
    const current = vm.people.filter((p) => p.sectionId === s.id).map((p) => p.userId);
    body.push({
      type: 'Input.ChoiceSet',
      id: `roster.${s.id}`,
      label: clip(s.name, 100),
      isMultiSelect: true,
      style: 'filtered',
      // Prepopulated people need a choice each (chogi keeps ids, not names: the id's end identifies them).
      choices: current.map((id) => ({ title: T.rosterKnownPerson(id), value: id })),
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
      ...(current.length ? { value: current.join(',') } : {}),
    });
    const error = vm.errors?.[s.id];
    if (error) body.push(textBlock(error, { color: 'Attention', size: 'Small', spacing: 'None' }));
  }
  body.push(
    actionSet([submit(vm.page + 1 < pages ? T.rosterSaveNext : T.rosterSave, { verb: DeskVerb.rosterSave, page: vm.page }, { style: 'positive' })]),
  );
  return card(body);
}
