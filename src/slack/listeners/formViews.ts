import type { SlackRoutes } from '../router';
import type { FileOutcome } from '../../app/requests';
import { DomainError, messageFor } from '../../domain/errors';
import { formPages, type FormPage } from '../../domain/requestForm';
import { FieldLabel } from '../../domain/text.ja';
import type { SlackDeps } from '../deps';
import { CallbackId } from '../ids';
import { rawFromState } from '../formState';
import { conflictModal } from '../views/requestModal';
import { noticeModal } from '../views/notice';
import { errorNote, firstPageWith } from '../../app/formErrors';
import { pageView, placeErrors, readMetadata } from './formFlow';
import { attachSlackFiles } from './attachments';
import { pendingFromState, slackFilesOf } from '../files';
import type { AgendaRequest } from '../../domain/request';

const nextPage = (p: FormPage): FormPage | null => formPages[formPages.indexOf(p) + 1] ?? null;

/** The request modal: page submissions, the final filing, and closing it. */
export function registerFormViews(app: SlackRoutes, deps: SlackDeps): void {
  app.view({ callback_id: CallbackId.requestForm, type: 'view_submission' }, async ({ ack, body, view, client, logger }) => {
    const meta = readMetadata(view.private_metadata);
    if (!meta) return void (await ack({ response_action: 'update', view: noticeModal(messageFor(new DomainError('draft.not_found'))) }));
    const patch = rawFromState(view.state?.values);
    const actor = { platform: 'slack' as const, userId: body.user.id };
    try {
      // Files given on the last page stay with the draft until it is filed (errors may send the person back a page).
      await deps.service.keepFiles(meta.d, pendingFromState(view.state?.values), actor);
      const next = nextPage(meta.p);
      if (next) {
        const { data, draft, errors } = await deps.service.submitPage(meta.d, meta.p, patch, actor);
        if (errors.length > 0) {
          const { inline, elsewhere } = placeErrors(deps, errors, view as unknown as { blocks: Record<string, unknown>[] });
          if (Object.keys(inline).length > 0) return void (await ack({ response_action: 'errors', errors: inline }));
          logger.warn('page errors without an input block', { errors: elsewhere });
        }
        const editing = draft.requestId ? await deps.service.get(draft.requestId) : null;
        return void (await ack({ response_action: 'update', view: pageView(deps, { draftId: meta.d, page: next, data, editing }) }));
      }
      const outcome = await deps.service.submit(meta.d, patch, actor);
      await answer(outcome);
      await afterwards(outcome);
    } catch (err) {
      if (!(err instanceof DomainError)) logger.error(err);
      await ack({ response_action: 'update', view: noticeModal(messageFor(err)) });
    }

    async function answer(outcome: FileOutcome): Promise<void> {
      if (outcome.kind === 'invalid') {
        const { inline, elsewhere } = placeErrors(deps, outcome.errors, view as unknown as { blocks: Record<string, unknown>[] });
        if (elsewhere.length === 0) return void (await ack({ response_action: 'errors', errors: inline }));
        // Errors on an earlier page: go there and list them; what was typed is kept.
        const page = firstPageWith(elsewhere);
        const { draft, data } = await deps.service.loadDraft(meta!.d);
        const editing = draft.requestId ? await deps.service.get(draft.requestId) : null;
        const notes = outcome.errors.map((e) => errorNote(deps.org, e));
        return void (await ack({ response_action: 'update', view: pageView(deps, { draftId: meta!.d, page, data, editing, notes }) }));
      }
      if (outcome.kind === 'conflict') {
        const labels = outcome.conflicts.map((f) => FieldLabel[f as keyof typeof FieldLabel] ?? f);
        const typed = Object.entries(outcome.typed)
          .filter(([k]) => outcome.conflicts.some((c) => k === c || k.startsWith(c)))
          .map(([k, v]) => ({ label: FieldLabel[k as keyof typeof FieldLabel] ?? k, text: typeof v === 'string' ? v : JSON.stringify(v, null, 1) }));
        return void (await ack({ response_action: 'update', view: conflictModal({ caseNo: outcome.request.caseNo, conflicts: labels, typed }) }));
      }
      await ack({ response_action: 'clear' });
    }

    // Slow work happens after the ack: Slack's 3-second window is for the answer only.
    async function afterwards(outcome: FileOutcome): Promise<void> {
      try {
        // 別紙資料 given in the form: stored before the post, so it lists them.
        const files = slackFilesOf((await deps.service.loadDraft(meta!.d)).data.files);
        const attach = async (request: AgendaRequest, channel: string) =>
          files.length ? (await attachSlackFiles(deps, client, { requestId: request.id, caseNo: request.caseNo, actor, files, channel })).added : 0;
        if (outcome.kind === 'filed') {
          const r = outcome.request;
          const { draft } = await deps.service.loadDraft(meta!.d);
          await attach(r, draft.conversation.channelId).catch((err: unknown) => logger.error(err));
          await deps.publisher.publishFiled(client, r, draft.conversation.channelId, actor.userId);
        } else if (outcome.kind === 'updated' || outcome.kind === 'unchanged' || outcome.kind === 'conflict') {
          // Files do not take part in a conflict of fields: they are attached either way.
          const { draft } = await deps.service.loadDraft(meta!.d);
          const added = await attach(outcome.request, draft.conversation.channelId);
          if (outcome.kind === 'updated' || added > 0) await deps.publisher.refresh(client, await deps.service.get(outcome.request.id));
        }
      } catch (err) {
        logger.error(err);
      }
    }
  });

  app.view({ callback_id: CallbackId.requestForm, type: 'view_closed' }, async ({ ack, body, view, logger }) => {
    await ack();
    const meta = readMetadata(view.private_metadata);
    if (!meta) return;
    try {
      await deps.service.keepTyped(meta.d, rawFromState(view.state?.values), { platform: 'slack', userId: body.user.id });
      await deps.service.keepFiles(meta.d, pendingFromState(view.state?.values), { platform: 'slack', userId: body.user.id });
    } catch (err) {
      // Closing a modal after filing is normal: the draft is already submitted.
      if (!(err instanceof DomainError)) logger.error(err);
    }
  });
}
