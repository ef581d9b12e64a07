/**
 * 対応済み and 延期 on a reminder card (plain Action.Submit: a message activity with
 * `value`, routed by `verb`). The filer and the secretariat may settle a reminder
 * (canEdit, as in Slack); the card is then updated in place with who did what.
 * Registered before the message handler, which would otherwise take these activities.
 */
import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { DomainError, messageFor } from '../../domain/errors';
import { formatJpDate, tokyoToday, weekdayJa } from '../../domain/jpdate';
import { attachment, type AdaptiveCard } from '../cards/card';
import { reminderSettledCard } from '../cards/reminderCard';
import type { TeamsHandlerDeps } from '../deps';
import { ReminderInput, ReminderVerb } from '../ids';
import { T } from '../strings';
import { actorOf } from './context';

type Data = Record<string, unknown>;

/** Who pressed, as people read it (display name, else a neutral word). */
const nameOf = (context: TurnContext) => context.activity.from?.name?.trim() || T.reminderSomeone;

/** The reminder card, replaced in place (the submit's replyToId is the card's activity id). */
async function settle(context: TurnContext, card: AdaptiveCard): Promise<void> {
  const message = { type: ActivityTypes.Message, attachments: [attachment(card)] };
  const id = context.activity.replyToId;
  if (id) await context.updateActivity({ ...message, id });
  else await context.sendActivity(message);
}

export function registerReminderActions(app: Application, deps: TeamsHandlerDeps): void {
  const fail = async (context: TurnContext, err: unknown) => {
    if (!(err instanceof DomainError)) deps.logger.error('Teams: reminder action failed', { error: (err as Error).message });
    await context.sendActivity({ type: ActivityTypes.Message, text: messageFor(err) });
  };

  app.adaptiveCards.actionSubmit(ReminderVerb.done, async (context: TurnContext, _state: unknown, data: Data) => {
    try {
      if (!deps.reminders) throw new DomainError('request.not_found');
      const done = await deps.reminders.markDone(String(data.reminderId ?? ''), actorOf(context));
      await settle(context, reminderSettledCard(done.view, T.reminderDoneNote(nameOf(context))));
    } catch (err) {
      await fail(context, err);
    }
  });

  app.adaptiveCards.actionSubmit(ReminderVerb.snooze, async (context: TurnContext, _state: unknown, data: Data) => {
    try {
      if (!deps.reminders) throw new DomainError('request.not_found');
      const days = Number(data[ReminderInput.snoozeDays]);
      if (!Number.isInteger(days) || days < 1 || days > 30) {
        await context.sendActivity({ type: ActivityTypes.Message, text: T.reminderSnoozeChoose });
        return;
      }
      const snoozed = await deps.reminders.snooze(String(data.reminderId ?? ''), days, actorOf(context));
      const day = tokyoToday(snoozed.scheduled.fireAt);
      const when = `${formatJpDate(day, deps.org.dateDisplay)}（${weekdayJa(day)}）`;
      await settle(context, reminderSettledCard(snoozed.view, T.reminderSnoozedNote(nameOf(context), when)));
    } catch (err) {
      await fail(context, err);
    }
  });
}
