/**
 * A reminder as a Slack message: what is due, when, business days left, the owner
 * mentioned, and 対応済み / 延期. A pure function of the ReminderView; user text escaped.
 */
import type { ReminderView } from '../app/reminderView';
import { ActionId } from './ids';
import { clip, esc } from './mrkdwn';
import { S } from './strings';
import { actions, button, context, md, option, plain, section, type Block } from './views/blocks';

/** Slack message metadata: lets a restarted instance find what it already posted. */
export const REMINDER_EVENT_TYPE = 'chogi_reminder';

export function reminderMetadata(reminderId: string) {
  return { event_type: REMINDER_EVENT_TYPE, event_payload: { reminder_id: reminderId } };
}

export function remainingText(days: number): string {
  if (days > 0) return S.reminderDaysLeft(days);
  if (days === 0) return S.reminderDueToday;
  return S.reminderOverdue(-days);
}

function heading(v: ReminderView): string {
  return `*${esc(v.label)}*：${esc(v.due)}　${remainingText(v.businessDaysLeft)}`;
}

function requestLine(v: ReminderView): string {
  return S.reminderRequest(esc(v.caseNo), esc(clip(v.title, 150)));
}

export function reminderMessage(v: ReminderView): { text: string; blocks: Block[] } {
  const mention = v.owner.platform === 'slack' ? `<@${v.owner.userId}> ` : '';
  const blocks: Block[] = [
    section(`${mention}${S.reminderLead}\n${heading(v)}`),
    context(requestLine(v)),
    actions(`reminder.${v.reminderId}`, [
      button({ id: ActionId.reminderDone, text: S.reminderDone, value: v.reminderId, style: 'primary' }),
      {
        type: 'static_select',
        action_id: ActionId.reminderSnooze,
        placeholder: plain(S.reminderSnooze),
        options: v.snoozeDays.map((d) => option(S.reminderSnoozeOption(d), `${v.reminderId}:${d}`)),
      },
    ]),
  ];
  const text = `${mention}${esc(`${S.reminderLead} ${v.label}：${v.due} ${remainingText(v.businessDaysLeft)}（${v.caseNo}）`)}`;
  return { text, blocks };
}

/** The message after 対応済み or 延期: the same facts, no buttons, who did what. */
export function reminderSettled(v: ReminderView, note: string): { text: string; blocks: Block[] } {
  return {
    text: `${esc(v.label)}：${esc(v.due)} — ${note}`,
    blocks: [section(heading(v)), context(requestLine(v)), { type: 'context', elements: [md(note)] }],
  };
}

/** /案件申込 期限: one line per coming deadline. */
export function deadlineLines(items: { view: ReminderView; link: string | null; nextReminder: string }[]): string {
  return items
    .map(({ view: v, link, nextReminder }) => {
      const title = esc(clip(v.title, 60));
      const what = link ? `<${link}|${title}>` : title;
      return `• *${esc(v.due)}*　${esc(v.label)}　${remainingText(v.businessDaysLeft)}\n　　${esc(v.caseNo)} ${what}（${S.nextReminder(nextReminder)}）`;
    })
    .join('\n');
}
