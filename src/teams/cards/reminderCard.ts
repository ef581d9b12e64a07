/**
 * A deadline reminder as a Teams Adaptive Card: what is due, when (和暦), the business
 * days left, the filer mentioned, and 対応済み / 延期 (Action.Submit, routed by `verb`).
 * A pure function of the ReminderView. Labels and titles can carry user text (the
 * 議会上程時期 as typed, the 案件名): they go in TextRuns or through plainText.
 *
 * The card carries a marker (`REMINDER_MARKER + id`, the id of its first element) that
 * the crash-recovery check looks for in Microsoft Graph (src/teams/reminders.ts).
 */
import type { ReminderView } from '../../app/reminderView';
import { ReminderInput, ReminderVerb } from '../ids';
import { T } from '../strings';
import { actionSet, card, choiceSet, clip, container, note, plainText, submit, textBlock, type AdaptiveCard, type Element } from './card';

/** Present in every reminder card (posted or settled) as an element id. */
export const REMINDER_MARKER = 'chogi-reminder-';
export const reminderMarker = (reminderId: string) => `${REMINDER_MARKER}${reminderId}`;

export function remainingText(days: number): string {
  if (days > 0) return T.reminderDaysLeft(days);
  if (days === 0) return T.reminderDueToday;
  return T.reminderOverdue(-days);
}

/** Teams mentions a user by the Microsoft Entra object id; we do not store names, so the mention reads @申込者. */
function mention(v: ReminderView): { text: string; entity: Record<string, unknown> } | null {
  if (v.owner.platform !== 'teams' || !v.owner.userId) return null;
  const text = `<at>${T.reminderOwner}</at>`;
  return { text, entity: { type: 'mention', text, mentioned: { id: v.owner.userId, name: T.reminderOwner } } };
}

function facts(v: ReminderView, lead: string | null): Element[] {
  return [
    container(
      [
        ...(lead ? [textBlock(lead)] : []),
        {
          type: 'RichTextBlock',
          inlines: [
            { type: 'TextRun', text: v.label, weight: 'Bolder' },
            { type: 'TextRun', text: `：${v.due}` },
            { type: 'TextRun', text: `　${remainingText(v.businessDaysLeft)}`, color: v.businessDaysLeft < 0 ? 'Attention' : 'Default' },
          ],
        },
        {
          type: 'RichTextBlock',
          inlines: [
            { type: 'TextRun', text: `${T.reminderCase} ` },
            { type: 'TextRun', text: v.caseNo, weight: 'Bolder' },
            { type: 'TextRun', text: `「${clip(v.title, 150)}」` },
          ],
          spacing: 'Small',
        },
      ],
      { id: reminderMarker(v.reminderId) },
    ),
  ];
}

/** The posted reminder, with its buttons. */
export function reminderCard(v: ReminderView): AdaptiveCard {
  const m = mention(v);
  const body: Element[] = [
    ...facts(v, `${m ? `${m.text} ` : ''}${T.reminderLead}`),
    choiceSet({
      id: ReminderInput.snoozeDays,
      label: T.reminderSnoozeLabel,
      style: 'compact',
      value: String(v.snoozeDays[1] ?? v.snoozeDays[0]),
      choices: v.snoozeDays.map((d) => ({ title: T.reminderSnoozeOption(d), value: String(d) })),
    }),
    actionSet([
      submit(T.reminderDone, { verb: ReminderVerb.done, reminderId: v.reminderId }, { style: 'positive', inputs: 'none' }),
      submit(T.reminderSnooze, { verb: ReminderVerb.snooze, reminderId: v.reminderId }),
    ]),
  ];
  const c = card(body, [], false);
  // Mentions in a card are declared in msteams.entities (the text carries <at>…</at>).
  return m ? ({ ...c, msteams: { entities: [m.entity] } } as unknown as AdaptiveCard) : c;
}

/** After 対応済み or 延期: the same facts, no buttons, who did what. */
export function reminderSettledCard(v: ReminderView, noteText: string): AdaptiveCard {
  return card([...facts(v, null), note(plainText(noteText), { spacing: 'Medium' })], [], false);
}

/** The notification text (activity summary) of a reminder. */
export const reminderSummary = (v: ReminderView) => `${T.reminderLead} ${v.label}：${v.due} ${remainingText(v.businessDaysLeft)}（${v.caseNo}）`;
