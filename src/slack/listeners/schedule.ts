import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { DomainError, messageFor } from '../../domain/errors';
import { dateChoicesByTier } from '../../domain/dateChoice';
import { formErrorMessage } from '../../domain/text.ja';
import type { SlackDeps } from '../deps';
import { ActionId, CallbackId } from '../ids';
import { rawFromState, blockIdFor } from '../formState';
import { S } from '../strings';
import { noticeModal } from '../views/notice';
import { scheduleModal } from '../views/scheduleModal';
import { scheduleDraftId } from './dateChoice';

const dateChoices = (deps: SlackDeps) => dateChoicesByTier(deps.org, deps.clock.now());

/** 「日程」 on a posted request: change its 審議希望日; the message is updated in place. */
export function registerSchedule(app: SlackRoutes, deps: SlackDeps): void {
  // The calendar button is a link (the browser downloads the .ics); Slack still tells us of the click.
  app.action(ActionId.calendar, async ({ ack }) => {
    await ack();
  });

  app.action<BlockAction<ButtonAction>>(ActionId.schedule, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    try {
      const { draft, data, request } = await deps.service.startEdit(
        action.value ?? '',
        { platform: 'slack', userId: body.user.id },
        { platform: 'slack', channelId: body.channel?.id ?? '' },
      );
      await client.views.open({
        trigger_id: body.trigger_id,
        view: scheduleModal({
          draftId: draft.id,
          caseNo: request.caseNo,
          title: request.form.title,
          raw: data.raw,
          org: deps.org,
          dateChoices: dateChoices(deps),
        }),
      });
    } catch (err) {
      if (!(err instanceof DomainError)) logger.error(err);
      await respond({ response_type: 'ephemeral', replace_original: false, text: messageFor(err) }).catch((e: unknown) => logger.error(e));
    }
  });

  app.view({ callback_id: CallbackId.schedule, type: 'view_submission' }, async ({ ack, body, view, client, logger }) => {
    const draftId = scheduleDraftId(view.private_metadata);
    if (!draftId) return void (await ack({ response_action: 'update', view: noticeModal(messageFor(new DomainError('draft.not_found'))) }));
    const typed = rawFromState(view.state?.values);
    try {
      // The same checks as the form's first page: calendar warnings are confirmed by resubmitting.
      const page = await deps.service.submitPage(
        draftId,
        'basics',
        { desiredDates: typed.desiredDates ?? {}, desiredDateOther: typed.desiredDateOther ?? {} },
        { platform: 'slack', userId: body.user.id },
      );
      const mine = page.errors.filter((e) => e.path[0] === 'desiredDates');
      if (mine.length > 0) {
        return void (await ack({
          response_action: 'errors',
          errors: Object.fromEntries(mine.map((e) => [blockIdFor(e.path), formErrorMessage(e)])),
        }));
      }
      const outcome = await deps.service.submit(draftId, {}, { platform: 'slack', userId: body.user.id });
      if (outcome.kind === 'invalid') {
        // Another field of the stored form no longer validates (e.g. the org file changed).
        return void (await ack({ response_action: 'update', view: noticeModal(S.scheduleInvalid) }));
      }
      if (outcome.kind === 'conflict') return void (await ack({ response_action: 'update', view: noticeModal(S.scheduleConflict) }));
      await ack({ response_action: 'clear' });
      if (outcome.kind === 'updated') await deps.publisher.refresh(client, outcome.request);
    } catch (err) {
      if (!(err instanceof DomainError)) logger.error(err);
      await ack({ response_action: 'update', view: noticeModal(messageFor(err)) });
    }
  });
}
