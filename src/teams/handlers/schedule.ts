import type { Application } from '@microsoft/teams-ai';
import type { TaskModuleTaskInfo, TurnContext } from 'botbuilder';
import type { DraftData } from '../../app/requests';
import { DomainError, messageFor } from '../../domain/errors';
import type { AgendaRequest } from '../../domain/request';
import type { FormError } from '../../domain/requestForm';
import { dateChoicesByTier } from '../../domain/dateChoice';
import { FieldLabel } from '../../domain/text.ja';
import { attachment } from '../cards/card';
import { scheduleDialogCard } from '../cards/scheduleDialog';
import type { TeamsHandlerDeps } from '../deps';
import { rawFromInputs } from '../formInput';
import { ScheduleVerb } from '../ids';
import { T } from '../strings';
import { actorOf, conversationOf } from './context';

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * 「日程」 on a posted request (as in Slack): change its 審議希望日 only. The dialog opens
 * with task/fetch and saves with task/submit (same verb). RequestService decides
 * everything: who may (the filer and the 庁議事務局, as for 編集), closed days refused,
 * past or irregular days confirmed by submitting the same value again (the draft's
 * `confirmed`), `adHoc: false` tiers refusing irregular days. The card is updated in place.
 */
export function registerSchedule(app: Application, deps: TeamsHandlerDeps): void {
  const { service, logger, org } = deps;

  function dialog(draftId: string, request: AgendaRequest, data: DraftData, problems?: FormError[]): TaskModuleTaskInfo {
    const c = scheduleDialogCard({
      draftId,
      caseNo: request.caseNo,
      title: request.form.title,
      raw: data.raw,
      org,
      dateChoices: dateChoicesByTier(org, deps.clock.now()),
      problems,
    });
    return { title: T.scheduleTitle, height: 'large', width: 'medium', card: attachment(c) };
  }

  /** Known failures become their Japanese message; anything else is logged and apologised for. */
  function failure(err: unknown, where: string): string {
    if (!(err instanceof DomainError)) logger.error(`Teams: ${where} failed`, { error: err instanceof Error ? err.message : String(err) });
    return messageFor(err);
  }

  app.taskModules.fetch(ScheduleVerb.schedule, async (context: TurnContext, _state, data: Data) => {
    try {
      const { draft, data: d, request } = await service.startEdit(str(data.requestId), actorOf(context), conversationOf(context));
      return dialog(draft.id, request, d);
    } catch (err) {
      return failure(err, 'opening the schedule');
    }
  });

  app.taskModules.submit(ScheduleVerb.schedule, async (context: TurnContext, _state, data: Data) => {
    const draftId = str(data.d);
    if (!draftId) return messageFor(new DomainError('draft.not_found'));
    try {
      // The same checks as the form's first page: calendar warnings are confirmed by resubmitting.
      const typed = rawFromInputs(data);
      const page = await service.submitPage(
        draftId,
        'basics',
        { desiredDates: typed.desiredDates ?? {}, desiredDateOther: typed.desiredDateOther ?? {} },
        actorOf(context),
      );
      const mine = page.errors.filter((e) => e.path[0] === 'desiredDates');
      if (!page.draft.requestId) return messageFor(new DomainError('request.not_found'));
      if (mine.length > 0) return dialog(draftId, await service.get(page.draft.requestId), page.data, mine);
      const outcome = await service.submit(draftId, {}, actorOf(context));
      switch (outcome.kind) {
        case 'invalid':
          // Another field of the stored form no longer validates (e.g. the org file changed).
          return T.scheduleInvalid;
        case 'conflict':
          return T.scheduleConflict;
        case 'updated':
          await deps.publisher.refresh(outcome.request);
          await deps.onUpdated?.(outcome.request).catch((err: unknown) => {
            logger.warn('refreshing other platforms failed', { requestId: outcome.request.id, error: (err as Error).message });
          });
          return T.updated(outcome.request.caseNo, FieldLabel.desiredDates);
        default:
          // unchanged (a draft of a filed request is never filed anew)
          return T.unchanged(outcome.request.caseNo);
      }
    } catch (err) {
      return failure(err, 'saving the schedule');
    }
  });
}
