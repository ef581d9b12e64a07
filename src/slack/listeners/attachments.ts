import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { AttachmentLine } from '../../app/attachments';
import { DomainError, messageFor } from '../../domain/errors';
import type { Actor } from '../../domain/request';
import { mayEdit } from '../../app/requests';
import type { SlackDeps } from '../deps';
import { filesFromState, slackFileSource, type SlackFile } from '../files';
import { ActionId, CallbackId } from '../ids';
import { S } from '../strings';
import { attachmentsModal, REMOVE_BLOCK_PREFIX } from '../views/attachmentsModal';

const metaSchema = z.object({ r: z.string().min(1), c: z.string() });
const removeState = z.record(
  z.string(),
  z.record(z.string(), z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() }).passthrough()),
);

/** Ids checked for removal in the 別紙資料 modal. */
function removedIds(values: unknown): string[] {
  const parsed = removeState.safeParse(values ?? {});
  if (!parsed.success) return [];
  return Object.entries(parsed.data)
    .filter(([block]) => block.startsWith(REMOVE_BLOCK_PREFIX))
    .flatMap(([, els]) => Object.values(els).flatMap((e) => (e.selected_options ?? []).map((o) => o.value)));
}

/**
 * Downloads and stores the files a person gave in Slack, then says what happened,
 * naming every file that was not attached. The request itself is never at stake.
 */
export async function attachSlackFiles(
  deps: SlackDeps,
  client: WebClient,
  a: { requestId: string; caseNo: string; actor: Actor; files: SlackFile[]; channel: string },
): Promise<{ added: number; problems: string[] }> {
  if (!deps.attachments || a.files.length === 0) return { added: 0, problems: [] };
  const token = client.token ?? '';
  const sources = a.files.map((f) => slackFileSource(f, { token, apiUrl: client.slackApiUrl }));
  const outcome = await deps.attachments.addFiles(a.requestId, a.actor, sources);
  if (outcome.kind !== 'done') {
    const text = outcome.kind === 'forbidden' ? S.attachmentsForbidden : S.attachmentsRequestGone;
    await deps.publisher.tell(client, { channel: a.channel, user: a.actor.userId, text });
    return { added: 0, problems: [text] };
  }
  const added = outcome.files.filter((f) => f.ok).map((f) => f.name);
  const problems = outcome.files.flatMap((f) => (f.ok ? [] : [S.attachmentProblem(f.name, f.problem)]));
  const lines = [...(added.length ? [S.attachmentsAdded(a.caseNo, added)] : []), ...problems, ...(problems.length ? [S.attachmentsRetry] : [])];
  if (lines.length) await deps.publisher.tell(client, { channel: a.channel, user: a.actor.userId, text: lines.join('\n') });
  return { added: added.length, problems };
}

/** 「別紙資料」 on a posted request: a modal to add files and remove some (filer and secretariat). */
export function registerAttachments(app: SlackRoutes, deps: SlackDeps): void {
  const lines = async (requestId: string): Promise<AttachmentLine[]> => (deps.attachmentList ? deps.attachmentList(requestId) : []);

  app.action<BlockAction<ButtonAction>>(ActionId.attachments, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    const actor: Actor = { platform: 'slack', userId: body.user.id };
    const channel = body.channel?.id ?? body.container?.channel_id ?? '';
    try {
      if (!deps.attachments) throw new DomainError('request.not_found');
      const request = await deps.service.get(action.value ?? '');
      // Who may change the list may see it: the filer and the secretariat only.
      if (!(await mayEdit(deps.roles, request, actor)))
        return void (await respond({ response_type: 'ephemeral', replace_original: false, text: S.attachmentsForbidden }));
      // The modal hands out links: the visibility rule decides too (a shared channel, a failed lookup).
      const seen = await deps.visibility.visible(actor, { platform: 'slack', channelId: channel }, [request], (r) => r);
      if (!seen.ok) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: S.denied[seen.reason] }));
      if (seen.items.length === 0) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: S.attachmentsForbidden }));
      await client.views.open({
        trigger_id: body.trigger_id,
        view: attachmentsModal({
          caseNo: request.caseNo,
          title: request.form.title,
          list: await lines(request.id),
          meta: { r: request.id, c: channel },
        }),
      });
    } catch (err) {
      if (!(err instanceof DomainError)) logger.error(err);
      await respond({ response_type: 'ephemeral', replace_original: false, text: messageFor(err) }).catch((e: unknown) => logger.error(e));
    }
  });

  app.view({ callback_id: CallbackId.attachments, type: 'view_submission' }, async ({ ack, body, view, client, logger }) => {
    let meta: z.infer<typeof metaSchema>;
    try {
      meta = metaSchema.parse(JSON.parse(view.private_metadata));
    } catch {
      return void (await ack({ response_action: 'errors', errors: {} }));
    }
    // Downloads can take longer than Slack's 3 seconds: close now, report afterwards.
    await ack({ response_action: 'clear' });
    const actor: Actor = { platform: 'slack', userId: body.user.id };
    const channel = meta.c || body.user.id;
    try {
      if (!deps.attachments) return;
      const request = await deps.service.get(meta.r);
      const remove = removedIds(view.state?.values);
      let changed = false;
      if (remove.length) {
        const r = await deps.attachments.remove(request.id, actor, remove);
        if (r.kind !== 'done') {
          await deps.publisher.tell(client, {
            channel,
            user: actor.userId,
            text: r.kind === 'forbidden' ? S.attachmentsForbidden : S.attachmentsRequestGone,
          });
          return;
        }
        if (r.removed.length) {
          changed = true;
          await deps.publisher.tell(client, {
            channel,
            user: actor.userId,
            text: S.attachmentsRemoved(
              request.caseNo,
              r.removed.map((x) => x.name),
            ),
          });
        }
      }
      const added = await attachSlackFiles(deps, client, {
        requestId: request.id,
        caseNo: request.caseNo,
        actor,
        files: filesFromState(view.state?.values),
        channel,
      });
      if (changed || added.added > 0) await deps.publisher.refresh(client, await deps.service.get(request.id));
    } catch (err) {
      logger.error(err);
      await deps.publisher.tell(client, { channel, user: actor.userId, text: messageFor(err) }).catch((e: unknown) => logger.error(e));
    }
  });
}
