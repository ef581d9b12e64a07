import type { Application } from '@microsoft/teams-ai';
import type { TaskModuleTaskInfo, TurnContext } from 'botbuilder';
import { errorNote, firstPageWith } from '../../app/formErrors';
import type { DraftData, FileOutcome } from '../../app/requests';
import { DomainError, messageFor } from '../../domain/errors';
import { dateChoicesByTier } from '../../domain/dateChoice';
import type { AgendaRequest } from '../../domain/request';
import type { FormError, FormPage } from '../../domain/requestForm';
import { FieldLabel } from '../../domain/text.ja';
import { attachment, type AdaptiveCard } from '../cards/card';
import { conflictCard, formTitle, inputIds, nextPage, placeErrors, previousPage, requestFormCard } from '../cards/requestFormCard';
import type { TeamsHandlerDeps } from '../deps';
import { readFormSubmission, type FormSubmission } from '../formInput';
import { FormStep, Verb } from '../ids';
import { T } from '../strings';
import { actorOf, conversationOf } from './context';

const dialog = (title: string, c: AdaptiveCard): TaskModuleTaskInfo => ({ title, height: 'large', width: 'large', card: attachment(c) });

/**
 * The form dialog (task module): opening it (task/fetch, new or edit) and every button
 * inside it (task/submit). Handlers are thin: read → RequestService → card.
 */
export function registerDialog(app: Application, deps: TeamsHandlerDeps): void {
  const { service, logger, org } = deps;

  function page(a: {
    draftId: string;
    page: FormPage;
    data: DraftData;
    editing: AgendaRequest | null;
    resumed?: boolean;
    errors?: FormError[];
    notes?: string[];
  }) {
    const editing = a.editing?.caseNo ?? null;
    const dateChoices = a.page === 'basics' ? dateChoicesByTier(org, deps.clock.now()) : undefined;
    const c = requestFormCard({
      draftId: a.draftId,
      page: a.page,
      raw: a.data.raw,
      org,
      editing,
      resumed: a.resumed,
      errors: a.errors,
      notes: a.notes,
      dateChoices,
    });
    return dialog(formTitle(a.page, editing), c);
  }

  /** Known failures become their Japanese message; anything else is logged and apologised for. */
  function failure(err: unknown, where: string): string {
    if (!(err instanceof DomainError)) logger.error(`Teams: ${where} failed`, { error: err instanceof Error ? err.message : String(err) });
    return messageFor(err);
  }

  app.taskModules.fetch(Verb.openForm, async (context: TurnContext) => {
    try {
      const actor = actorOf(context);
      const conversation = conversationOf(context);
      const resumed = await service.resumeNew(actor, conversation);
      const { draft, data } = resumed ?? (await service.startNew(actor, conversation));
      return page({ draftId: draft.id, page: 'basics', data, editing: null, resumed: !!resumed });
    } catch (err) {
      return failure(err, 'opening the form');
    }
  });

  app.taskModules.fetch(Verb.edit, async (context: TurnContext, _state, data: { requestId?: unknown }) => {
    try {
      const requestId = typeof data.requestId === 'string' ? data.requestId : '';
      const { draft, data: d, request } = await service.startEdit(requestId, actorOf(context), conversationOf(context));
      return page({ draftId: draft.id, page: 'basics', data: d, editing: request });
    } catch (err) {
      return failure(err, 'opening the edit form');
    }
  });

  app.taskModules.submit(Verb.form, async (context: TurnContext, _state, data: Record<string, unknown>) => {
    const sub = readFormSubmission(data);
    if (!sub) return messageFor(new DomainError('draft.not_found'));
    try {
      return await step(context, sub);
    } catch (err) {
      return failure(err, `form step ${sub.step}`);
    }
  });

  async function step(context: TurnContext, sub: FormSubmission): Promise<TaskModuleTaskInfo | string> {
    const actor = actorOf(context);
    const editingOf = async (requestId: string | null) => (requestId ? service.get(requestId) : null);
    if (sub.step === FormStep.back) {
      const { draft, data } = await service.keepTyped(sub.d, sub.patch, actor);
      return page({ draftId: sub.d, page: previousPage(sub.p) ?? sub.p, data, editing: await editingOf(draft.requestId) });
    }
    if (sub.step === FormStep.addRow) {
      const { draft, data } =
        sub.p === 'basics'
          ? await service.keepTyped(sub.d, sub.patch, actor)
          : await service.addRow(sub.d, sub.p === 'schedule' ? 'coordination' : 'history', sub.patch, actor);
      return page({ draftId: sub.d, page: sub.p, data, editing: await editingOf(draft.requestId) });
    }
    if (sub.step === FormStep.startOver) {
      const { draft, data } = await service.startOver(sub.d, actor);
      return page({ draftId: sub.d, page: 'basics', data, editing: await editingOf(draft.requestId) });
    }
    const next = nextPage(sub.p);
    if (next) {
      const { draft, data, errors } = await service.submitPage(sub.d, sub.p, sub.patch, actor);
      const editing = await editingOf(draft.requestId);
      // Errors stay on this page, next to their inputs, with everything typed kept.
      if (errors.length > 0) return page({ draftId: sub.d, page: sub.p, data, editing, errors });
      return page({ draftId: sub.d, page: next, data, editing });
    }
    const outcome = await service.submit(sub.d, sub.patch, actor);
    return answer(context, sub, outcome);
  }

  async function answer(context: TurnContext, sub: FormSubmission, outcome: FileOutcome): Promise<TaskModuleTaskInfo | string> {
    switch (outcome.kind) {
      case 'invalid': {
        const { draft, data } = await service.loadDraft(sub.d);
        const editing = draft.requestId ? await service.get(draft.requestId) : null;
        const here = requestFormCard({ draftId: sub.d, page: sub.p, raw: data.raw, org, editing: null });
        const { elsewhere } = placeErrors(inputIds(here.body), outcome.errors);
        // Errors on an earlier page: go there, show them in place and list them all.
        const target = elsewhere.length === 0 ? sub.p : firstPageWith(elsewhere);
        const notes = elsewhere.length === 0 ? undefined : outcome.errors.map((e) => errorNote(org, e));
        return page({ draftId: sub.d, page: target, data, editing, errors: outcome.errors, notes });
      }
      case 'conflict': {
        const labels = outcome.conflicts.map((f) => FieldLabel[f as keyof typeof FieldLabel] ?? f);
        const typed = Object.entries(outcome.typed)
          .filter(([k]) => outcome.conflicts.some((c) => k === c || k.startsWith(c)))
          .map(([k, v]) => ({ label: FieldLabel[k as keyof typeof FieldLabel] ?? k, text: typeof v === 'string' ? v : JSON.stringify(v, null, 1) }));
        return dialog(T.conflictTitle, conflictCard({ conflicts: labels, typed }));
      }
      case 'filed': {
        const posted = await deps.publisher.post(context, outcome.request).catch((err: unknown) => {
          logger.error('Teams: posting a filed request failed', { requestId: outcome.request.id, error: (err as Error).message });
          return null;
        });
        if (posted) await deps.onPosted?.(outcome.request, conversationOf(context).channelId);
        return T.filed(outcome.request.caseNo);
      }
      case 'duplicate':
        return T.duplicate(outcome.request.caseNo);
      case 'updated': {
        await deps.publisher.refresh(outcome.request);
        await deps.onUpdated?.(outcome.request).catch((err: unknown) => {
          logger.warn('refreshing other platforms failed', { requestId: outcome.request.id, error: (err as Error).message });
        });
        const fields = [...new Set(outcome.changes.map((c) => FieldLabel[c.field as keyof typeof FieldLabel] ?? c.field))].join('、');
        return T.updated(outcome.request.caseNo, fields);
      }
      case 'unchanged':
        return T.unchanged(outcome.request.caseNo);
    }
  }
}
