import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { DomainError, messageFor } from '../../domain/errors';
import { formatJpDate, tokyoToday, weekdayJa } from '../../domain/jpdate';
import type { SlackDeps } from '../deps';
import { ActionId } from '../ids';
import { reminderSettled } from '../reminderMessage';
import { S } from '../strings';
import { asBlocks } from '../views/blocks';
import { noticeModal } from '../views/notice';
import type { WebClient } from '@slack/web-api';

/**
 * The action id on a reminder post, or the same with a row number on the home tab
 * (action ids are unique within a view): reminder.done, reminder.done.3.
 */
const rowAction = (id: string) => new RegExp(`^${id.replace(/\./g, '\\.')}(\\.\\d+)?$`);

/** A click on the home tab (a view): there is no message to replace, the home is re-published instead. */
const onHome = (body: BlockAction) => body.container?.type === 'view' || body.view?.type === 'home';

/** 対応済み and 延期 on a posted reminder or on the home tab: the owner (or the secretariat) settles it. */
export function registerReminderActions(app: SlackRoutes, deps: SlackDeps): void {
  const homeNotice = async (client: WebClient, triggerId: string, text: string) => {
    await client.views
      .open({ trigger_id: triggerId, view: noticeModal(text) })
      .catch((e: unknown) => deps.logger.error('notice failed', { error: String(e) }));
  };
  const onError = async (err: unknown, logger: { error: (e: unknown) => void }, tell: (text: string) => Promise<unknown>) => {
    if (!(err instanceof DomainError)) logger.error(err);
    await tell(messageFor(err)).catch((e: unknown) => logger.error(e));
  };

  app.action<BlockAction<ButtonAction>>(rowAction(ActionId.reminderDone), async ({ ack, body, action, respond, logger, client }) => {
    await ack();
    try {
      if (!deps.reminders) throw new DomainError('request.not_found');
      const done = await deps.reminders.markDone(action.value ?? '', { platform: 'slack', userId: body.user.id });
      deps.homes?.refresh(client, [body.user.id, ...(done.request.createdBy.platform === 'slack' ? [done.request.createdBy.userId] : [])]);
      if (onHome(body)) return;
      const msg = reminderSettled(done.view, S.reminderDoneNote(body.user.id));
      await respond({ replace_original: true, text: msg.text, blocks: asBlocks(msg.blocks) });
    } catch (err) {
      if (onHome(body)) return void (await onError(err, logger, (text) => homeNotice(client, body.trigger_id, text)));
      await onError(err, logger, (text) => respond({ response_type: 'ephemeral', replace_original: false, text }));
    }
  });

  app.action<BlockAction<StaticSelectAction>>(rowAction(ActionId.reminderSnooze), async ({ ack, body, action, respond, logger, client }) => {
    await ack();
    try {
      if (!deps.reminders) throw new DomainError('request.not_found');
      const [reminderId, days] = action.selected_option.value.split(':');
      const snoozed = await deps.reminders.snooze(reminderId, Number(days), { platform: 'slack', userId: body.user.id });
      deps.homes?.refresh(client, [body.user.id, ...(snoozed.request.createdBy.platform === 'slack' ? [snoozed.request.createdBy.userId] : [])]);
      if (onHome(body)) return;
      const day = tokyoToday(snoozed.scheduled.fireAt);
      const when = `${formatJpDate(day, deps.org.dateDisplay)}（${weekdayJa(day)}）`;
      const msg = reminderSettled(snoozed.view, S.reminderSnoozedNote(body.user.id, when));
      await respond({ replace_original: true, text: msg.text, blocks: asBlocks(msg.blocks) });
    } catch (err) {
      if (onHome(body)) return void (await onError(err, logger, (text) => homeNotice(client, body.trigger_id, text)));
      await onError(err, logger, (text) => respond({ response_type: 'ephemeral', replace_original: false, text }));
    }
  });
}
