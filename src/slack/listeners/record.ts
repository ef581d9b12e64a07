import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { mayEdit } from '../../app/requests';
import { DomainError, messageFor } from '../../domain/errors';
import type { SlackDeps } from '../deps';
import { ActionId, CallbackId } from '../ids';
import { S } from '../strings';
import { historyModal, withdrawModal } from '../views/recordModals';
import { noticeModal } from '../views/notice';

const WithdrawMeta = z.object({ r: z.string().min(1), c: z.string() });
const WithdrawState = z.object({
  withdrawReason: z.object({ withdrawReason: z.object({ value: z.string().nullish() }) }),
});

/** 取り下げ (with a reason, in a modal), its undo by the secretariat, and 「履歴」. */
export function registerRecord(app: SlackRoutes, deps: SlackDeps): void {
  const refuse = async (err: unknown, logger: { error: (e: unknown) => void }, respond: (m: object) => Promise<unknown>) => {
    if (!(err instanceof DomainError)) logger.error(err);
    await respond({ response_type: 'ephemeral', replace_original: false, text: messageFor(err) }).catch((e: unknown) => logger.error(e));
  };

  app.action<BlockAction<ButtonAction>>(ActionId.withdraw, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    try {
      const request = await deps.service.get(action.value ?? '');
      // Said before the modal opens, so nobody types a reason for nothing.
      if (!(await mayEdit(deps.roles, request, { platform: 'slack', userId: body.user.id }))) throw new DomainError('request.forbidden_withdraw');
      if (request.status === 'withdrawn') throw new DomainError('request.withdrawn');
      await client.views.open({ trigger_id: body.trigger_id, view: withdrawModal(request, body.channel?.id ?? '') });
    } catch (err) {
      await refuse(err, logger, respond);
    }
  });

  app.view({ callback_id: CallbackId.withdraw, type: 'view_submission' }, async ({ ack, body, view, client, logger }) => {
    let meta: z.infer<typeof WithdrawMeta>;
    try {
      meta = WithdrawMeta.parse(JSON.parse(view.private_metadata || '{}'));
    } catch {
      return void (await ack({ response_action: 'update', view: noticeModal(messageFor(new DomainError('request.not_found'))) }));
    }
    const state = WithdrawState.safeParse(view.state?.values);
    const reason = state.success ? (state.data.withdrawReason.withdrawReason.value ?? '') : '';
    const actor = { platform: 'slack' as const, userId: body.user.id };
    try {
      const outcome = await deps.service.withdraw(meta.r, actor, reason);
      if (!outcome.ok) {
        const text = outcome.error === 'reason_required' ? S.withdrawReasonRequired : S.withdrawReasonTooLong(500);
        return void (await ack({ response_action: 'errors', errors: { withdrawReason: text } }));
      }
      await ack({ response_action: 'clear' });
      await deps.publisher.refresh(client, outcome.request);
      if (meta.c) await deps.publisher.tell(client, { channel: meta.c, user: body.user.id, text: S.withdrewNotice(outcome.request.caseNo) });
    } catch (err) {
      if (!(err instanceof DomainError)) logger.error(err);
      await ack({ response_action: 'update', view: noticeModal(messageFor(err)) });
    }
  });

  app.action<BlockAction<ButtonAction>>(ActionId.restore, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    try {
      const request = await deps.service.restore(action.value ?? '', { platform: 'slack', userId: body.user.id });
      await deps.publisher.refresh(client, request);
      await respond({ response_type: 'ephemeral', replace_original: false, text: S.restoredNotice(request.caseNo) });
    } catch (err) {
      await refuse(err, logger, respond);
    }
  });

  async function history(requestId: string) {
    if (!deps.meetings) throw new Error('history needs the meeting service');
    return deps.meetings.history(requestId);
  }

  app.action<BlockAction<ButtonAction>>(ActionId.history, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    try {
      const { request, items } = await history(action.value ?? '');
      await client.views.open({ trigger_id: body.trigger_id, view: historyModal(request, items, 0) });
    } catch (err) {
      await refuse(err, logger, respond);
    }
  });

  for (const id of [ActionId.historyNewer, ActionId.historyOlder]) {
    app.action<BlockAction<ButtonAction>>(id, async ({ ack, body, action, client, logger }) => {
      await ack();
      const [requestId, page] = (action.value ?? '').split('|');
      const view = (body as { view?: { id: string; hash?: string } }).view;
      if (!view) return;
      try {
        const { request, items } = await history(requestId);
        await client.views.update({ view_id: view.id, hash: view.hash, view: historyModal(request, items, Number(page)) });
      } catch (err) {
        if (!(err instanceof DomainError)) logger.error(err);
        await client.views.update({ view_id: view.id, view: noticeModal(messageFor(err)) }).catch((e: unknown) => logger.error(e));
      }
    });
  }
}
