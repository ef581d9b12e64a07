import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { DomainError, messageFor } from '../../domain/errors';
import { formatJpDate, tokyoToday, weekdayJa } from '../../domain/jpdate';
import type { SlackDeps } from '../deps';
import { ActionId } from '../ids';
import { reminderSettled } from '../reminderMessage';
import { S } from '../strings';
import { asBlocks } from '../views/blocks';

/** 対応済み and 延期 on a posted reminder: the owner (or the secretariat) settles it. */
export function registerReminderActions(app: App, deps: SlackDeps): void {
  const onError = async (err: unknown, logger: { error: (e: unknown) => void }, tell: (text: string) => Promise<unknown>) => {
    if (!(err instanceof DomainError)) logger.error(err);
    await tell(messageFor(err)).catch((e: unknown) => logger.error(e));
  };

  app.action<BlockAction<ButtonAction>>(ActionId.reminderDone, async ({ ack, body, action, respond, logger }) => {
    await ack();
    try {
      if (!deps.reminders) throw new DomainError('request.not_found');
      const done = await deps.reminders.markDone(action.value ?? '', { platform: 'slack', userId: body.user.id });
      const msg = reminderSettled(done.view, S.reminderDoneNote(body.user.id));
      await respond({ replace_original: true, text: msg.text, blocks: asBlocks(msg.blocks) });
    } catch (err) {
      await onError(err, logger, (text) => respond({ response_type: 'ephemeral', replace_original: false, text }));
    }
  });

  app.action<BlockAction<StaticSelectAction>>(ActionId.reminderSnooze, async ({ ack, body, action, respond, logger }) => {
    await ack();
    try {
      if (!deps.reminders) throw new DomainError('request.not_found');
      const [reminderId, days] = action.selected_option.value.split(':');
      const snoozed = await deps.reminders.snooze(reminderId, Number(days), { platform: 'slack', userId: body.user.id });
      const day = tokyoToday(snoozed.scheduled.fireAt);
      const when = `${formatJpDate(day, deps.org.dateDisplay)}（${weekdayJa(day)}）`;
      const msg = reminderSettled(snoozed.view, S.reminderSnoozedNote(body.user.id, when));
      await respond({ replace_original: true, text: msg.text, blocks: asBlocks(msg.blocks) });
    } catch (err) {
      await onError(err, logger, (text) => respond({ response_type: 'ephemeral', replace_original: false, text }));
    }
  });
}
