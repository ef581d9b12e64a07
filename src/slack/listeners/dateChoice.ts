import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import type { SlackRoutes } from '../router';
import { dateChoicesByTier } from '../../domain/dateChoice';
import { DomainError } from '../../domain/errors';
import type { SlackDeps } from '../deps';
import { CallbackId, DesiredDateAction } from '../ids';
import { pendingFromState } from '../files';
import { rawFromState } from '../formState';
import { scheduleModal } from '../views/scheduleModal';
import { pageView, readMetadata } from './formFlow';

type ViewBody = BlockAction<StaticSelectAction> & {
  view?: { id: string; hash: string; callback_id?: string; private_metadata?: string; state?: { values: unknown } };
};

/**
 * A 審議希望日 choice picked in the request modal or in 日程: what the view holds is
 * kept in the draft and the view re-rendered from it, so 「その他の日」 shows its text
 * input (and another pick hides it) with everything already typed in place.
 */
export function registerDateChoice(app: SlackRoutes, deps: SlackDeps): void {
  app.action<BlockAction<StaticSelectAction>>(DesiredDateAction, async ({ ack, body, client, logger }) => {
    await ack();
    const view = (body as ViewBody).view;
    if (!view) return;
    const actor = { platform: 'slack' as const, userId: body.user.id };
    try {
      const typed = rawFromState(view.state?.values);
      if (view.callback_id === CallbackId.requestForm) {
        const meta = readMetadata(view.private_metadata);
        if (!meta) return;
        await deps.service.keepFiles(meta.d, pendingFromState(view.state?.values), actor);
        const { draft, data } = await deps.service.keepTyped(meta.d, typed, actor);
        const editing = draft.requestId ? await deps.service.get(draft.requestId) : null;
        await client.views.update({ view_id: view.id, hash: view.hash, view: pageView(deps, { draftId: meta.d, page: meta.p, data, editing }) });
      } else if (view.callback_id === CallbackId.schedule) {
        const draftId = scheduleDraftId(view.private_metadata);
        if (!draftId) return;
        const { draft, data } = await deps.service.keepTyped(
          draftId,
          { desiredDates: typed.desiredDates ?? {}, desiredDateOther: typed.desiredDateOther ?? {} },
          actor,
        );
        if (!draft.requestId) return;
        const request = await deps.service.get(draft.requestId);
        await client.views.update({
          view_id: view.id,
          hash: view.hash,
          view: scheduleModal({
            draftId,
            caseNo: request.caseNo,
            title: request.form.title,
            raw: data.raw,
            org: deps.org,
            dateChoices: dateChoicesByTier(deps.org, deps.clock.now()),
          }),
        });
      }
    } catch (err) {
      // The submit still validates everything: a failed re-render loses nothing typed.
      if (!(err instanceof DomainError)) logger.error(err);
    }
  });
}

/** The draft id in 日程's private_metadata; '' when it is not ours. */
export function scheduleDraftId(metadata: string | undefined): string {
  try {
    return String((JSON.parse(metadata || '{}') as { d?: unknown }).d ?? '');
  } catch {
    return '';
  }
}
