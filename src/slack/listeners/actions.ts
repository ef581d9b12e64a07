import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction, ConversationsSelectAction } from '@slack/bolt';
import { DomainError, messageFor } from '../../domain/errors';
import { formPages, type FormPage } from '../../domain/requestForm';
import type { SlackDeps } from '../deps';
import { ActionId } from '../ids';
import { rawFromState } from '../formState';
import { pendingFromState } from '../files';
import { S } from '../strings';
import { pageView, readMetadata } from './formFlow';
import { mayEdit } from '../../app/requests';

type ModalBody = BlockAction & { view?: { id: string; hash: string; private_metadata?: string; state?: { values: unknown } } };

/** Buttons: rows, back, start over inside the modal; edit, repost and post-to on messages. */
export function registerActions(app: SlackRoutes, deps: SlackDeps): void {
  /** Re-renders the modal in place after saving what was typed, so nothing is lost. */
  async function rerender(
    body: ModalBody,
    client: Parameters<Parameters<SlackRoutes['action']>[1]>[0]['client'],
    step: (draftId: string, typed: ReturnType<typeof rawFromState>) => Promise<{ page: FormPage; resumed?: boolean }>,
  ) {
    const meta = readMetadata(body.view?.private_metadata);
    if (!meta || !body.view) return;
    const typed = rawFromState(body.view.state?.values);
    // A re-rendered file input is empty: its files stay with the draft.
    await deps.service.keepFiles(meta.d, pendingFromState(body.view.state?.values), { platform: 'slack', userId: body.user.id });
    const { page, resumed } = await step(meta.d, typed);
    const { draft, data } = await deps.service.loadDraft(meta.d);
    const editing = draft.requestId ? await deps.service.get(draft.requestId) : null;
    await client.views.update({
      view_id: body.view.id,
      hash: body.view.hash,
      view: pageView(deps, { draftId: meta.d, page, data, editing, resumed }),
    });
  }

  const onError = async (err: unknown, logger: { error: (e: unknown) => void }, tell: (text: string) => Promise<unknown>) => {
    if (!(err instanceof DomainError)) logger.error(err);
    await tell(messageFor(err)).catch((e: unknown) => logger.error(e));
  };

  for (const [actionId, table, page] of [
    [ActionId.addCoordinationRow, 'coordination', 'schedule'],
    [ActionId.addHistoryRow, 'history', 'history'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, client, logger }) => {
      await ack();
      try {
        await rerender(body as ModalBody, client, async (draftId, typed) => {
          await deps.service.addRow(draftId, table, typed, { platform: 'slack', userId: body.user.id });
          return { page };
        });
      } catch (err) {
        logger.error(err);
      }
    });
  }

  app.action<BlockAction<ButtonAction>>(ActionId.back, async ({ ack, body, action, client, logger }) => {
    await ack();
    const to = formPages.includes(action.value as FormPage) ? (action.value as FormPage) : 'basics';
    try {
      await rerender(body as ModalBody, client, async (draftId, typed) => {
        await deps.service.keepTyped(draftId, typed, { platform: 'slack', userId: body.user.id });
        return { page: to };
      });
    } catch (err) {
      logger.error(err);
    }
  });

  app.action<BlockAction<ButtonAction>>(ActionId.startOver, async ({ ack, body, client, logger }) => {
    await ack();
    try {
      await rerender(body as ModalBody, client, async (draftId) => {
        await deps.service.startOver(draftId, { platform: 'slack', userId: body.user.id });
        return { page: 'basics' };
      });
    } catch (err) {
      logger.error(err);
    }
  });

  app.action<BlockAction<ButtonAction>>(ActionId.edit, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
    try {
      const { draft, data, request } = await deps.service.startEdit(
        action.value ?? '',
        { platform: 'slack', userId: body.user.id },
        { platform: 'slack', channelId },
      );
      await client.views.open({
        trigger_id: body.trigger_id,
        view: pageView(deps, { draftId: draft.id, page: 'basics', data, editing: request }),
      });
    } catch (err) {
      await onError(err, logger, (text) => respond({ response_type: 'ephemeral', replace_original: false, text }));
    }
  });

  app.action<BlockAction<ButtonAction>>(ActionId.repost, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    try {
      const request = await deps.service.get(action.value ?? '');
      // Only the filer and the secretariat decide where a request is posted.
      if (!(await mayEdit(deps.roles, request, { platform: 'slack', userId: body.user.id }))) throw new DomainError('request.forbidden_edit');
      const channel = request.origin.channelId;
      const r = await deps.publisher.publishFiled(client, request, channel, body.user.id);
      if (r.kind === 'posted') await respond({ replace_original: true, text: S.postedTo(request.caseNo, r.channel) });
    } catch (err) {
      await onError(err, logger, (text) => respond({ response_type: 'ephemeral', replace_original: false, text }));
    }
  });

  app.action<BlockAction<ConversationsSelectAction>>(ActionId.postTo, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    const requestId = (action.block_id ?? '').replace(/^post_to\./, '');
    try {
      const request = await deps.service.get(requestId);
      if (!(await mayEdit(deps.roles, request, { platform: 'slack', userId: body.user.id }))) throw new DomainError('request.forbidden_edit');
      const channel = action.selected_conversation;
      const r = await deps.publisher.publishFiled(client, request, channel, body.user.id);
      if (r.kind === 'posted') await respond({ replace_original: true, text: S.postedTo(request.caseNo, r.channel) });
    } catch (err) {
      await onError(err, logger, (text) => respond({ response_type: 'ephemeral', replace_original: false, text }));
    }
  });
}
