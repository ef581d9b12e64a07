import type { Application } from '@microsoft/teams-ai';
import type { TaskModuleTaskInfo, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { mayEdit } from '../../app/requests';
import { DomainError, messageFor } from '../../domain/errors';
import type { AgendaRequest } from '../../domain/request';
import { attachment, type AdaptiveCard } from '../cards/card';
import { historyDialogCard, restoreDialogCard, withdrawDialogCard } from '../cards/recordDialogs';
import type { TeamsHandlerDeps } from '../deps';
import { RecordInput, RecordVerb } from '../ids';
import { T } from '../strings';
import { actorOf } from './context';

const Data = z.object({
  requestId: z.string().default(''),
  page: z.coerce.number().int().min(0).default(0),
  [RecordInput.reason]: z.string().default(''),
});

/** 取り下げ (with a reason), its undo by the secretariat and 履歴, as dialogs on a posted request. */
export function registerRecord(app: Application, deps: TeamsHandlerDeps): void {
  const { service, meetings, logger } = deps;
  const dialog = (title: string, c: AdaptiveCard, height: 'medium' | 'large' = 'medium'): TaskModuleTaskInfo => ({
    title,
    height,
    width: 'medium',
    card: attachment(c),
  });
  const parse = (data: unknown) => Data.safeParse(data ?? {});

  function failure(err: unknown, where: string): string {
    if (!(err instanceof DomainError)) logger.error(`Teams: ${where} failed`, { error: err instanceof Error ? err.message : String(err) });
    return messageFor(err);
  }

  async function changed(request: AgendaRequest): Promise<void> {
    await deps.publisher.refresh(request);
    await deps
      .onUpdated?.(request)
      .catch((err: unknown) => logger.warn('refreshing other platforms failed', { requestId: request.id, error: String(err) }));
  }

  app.taskModules.fetch(RecordVerb.withdraw, async (context: TurnContext, _state, data: unknown) => {
    try {
      const request = await service.get(parse(data).data?.requestId ?? '');
      if (!(await mayEdit(deps.roles, request, actorOf(context)))) throw new DomainError('request.forbidden_withdraw');
      if (request.status === 'withdrawn') throw new DomainError('request.withdrawn');
      return dialog(T.withdrawRequestTitle, withdrawDialogCard(request));
    } catch (err) {
      return failure(err, 'opening the withdrawal');
    }
  });

  app.taskModules.submit(RecordVerb.withdraw, async (context: TurnContext, _state, data: unknown) => {
    const d = parse(data);
    if (!d.success) return messageFor(new DomainError('request.not_found'));
    try {
      const reason = d.data[RecordInput.reason];
      const outcome = await service.withdraw(d.data.requestId, actorOf(context), reason);
      if (!outcome.ok) {
        const error = outcome.error === 'reason_required' ? T.withdrawReasonRequired : T.withdrawReasonTooLong(500);
        return dialog(T.withdrawRequestTitle, withdrawDialogCard(await service.get(d.data.requestId), { reason, error }));
      }
      await changed(outcome.request);
      return T.withdrewNotice(outcome.request.caseNo);
    } catch (err) {
      return failure(err, 'withdrawing');
    }
  });

  app.taskModules.fetch(RecordVerb.restore, async (context: TurnContext, _state, data: unknown) => {
    try {
      const request = await service.get(parse(data).data?.requestId ?? '');
      if (!(await deps.roles.isSecretariat(actorOf(context)))) throw new DomainError('request.forbidden_restore');
      if (request.status !== 'withdrawn') throw new DomainError('request.not_withdrawn');
      return dialog(T.restoreButton, restoreDialogCard(request));
    } catch (err) {
      return failure(err, 'opening the undo of a withdrawal');
    }
  });

  app.taskModules.submit(RecordVerb.restore, async (context: TurnContext, _state, data: unknown) => {
    try {
      const request = await service.restore(parse(data).data?.requestId ?? '', actorOf(context));
      await changed(request);
      return T.restoredNotice(request.caseNo);
    } catch (err) {
      return failure(err, 'undoing a withdrawal');
    }
  });

  const history = async (data: unknown) => {
    const d = parse(data).data ?? { requestId: '', page: 0 };
    try {
      const { request, items } = await meetings.history(d.requestId);
      return dialog(T.historyTitle(request.caseNo), historyDialogCard(request, items, d.page), 'large');
    } catch (err) {
      return failure(err, 'showing the history');
    }
  };
  app.taskModules.fetch(RecordVerb.history, async (_context: TurnContext, _state, data: unknown) => history(data));
  app.taskModules.submit(RecordVerb.history, async (_context: TurnContext, _state, data: unknown) => history(data));
}
