/**
 * 別紙資料 from Teams. Adaptive Cards have no file input: a person sends files to the bot
 * in personal chat (manifest `supportsFiles`), each arriving as a
 * `application/vnd.microsoft.teams.file.download.info` attachment whose downloadUrl is
 * pre-authenticated for a few minutes, so the files are fetched and checked at once. The
 * bot then asks which request they belong to (the person's editable requests); the same
 * card takes a SharePoint/OneDrive link. Typing 別紙資料 shows the card for a link only.
 */
import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { DownloadError, type IncomingFile } from '../../app/attachments';
import { mayEdit } from '../../app/requests';
import { DomainError, messageFor } from '../../domain/errors';
import type { AgendaRequest } from '../../domain/request';
import { readLimited, transientStatus } from '../../infra/download';
import { attachDoneCard, attachPickerCard } from '../cards/attachmentsCard';
import { attachment, type AdaptiveCard } from '../cards/card';
import type { TeamsHandlerDeps } from '../deps';
import { AttachmentInput, AttachmentVerb } from '../ids';
import { T } from '../strings';
import { actorOf, conversationOf } from './context';
import { which } from './messages';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const downloadInfo = z.object({
  contentType: z.literal(FILE_DOWNLOAD_INFO),
  name: z.string().min(1),
  content: z.object({ downloadUrl: z.string().url(), uniqueId: z.string().optional(), fileType: z.string().optional() }).passthrough(),
});

const submitData = z.object({
  files: z
    .array(z.object({ name: z.string().max(400), sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .max(10)
    .default([]),
  [AttachmentInput.requestId]: z.string().default(''),
  [AttachmentInput.link]: z.string().max(2000).default(''),
  [AttachmentInput.linkName]: z.string().max(400).default(''),
});

/** A Teams file: its pre-authenticated URL, fetched without any credential of ours. */
function teamsFileSource(name: string, url: string, fetchImpl: typeof fetch = fetch): IncomingFile {
  return {
    name,
    async fetch() {
      const u = new URL(url);
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'))) {
        throw new DownloadError(`download URL scheme ${u.protocol} refused`, false);
      }
      let res: Response;
      try {
        res = await fetchImpl(u, { signal: AbortSignal.timeout(60_000) });
      } catch (err) {
        throw new DownloadError(`${name}: ${String(err)}`, true);
      }
      if (transientStatus(res.status)) throw new DownloadError(`${name}: HTTP ${res.status}`, true);
      if (res.status !== 200) throw new DownloadError(`${name}: HTTP ${res.status} (the link may have expired)`, false);
      return readLimited(res, name);
    },
  };
}

const cardMessage = (c: AdaptiveCard) => ({ type: ActivityTypes.Message, attachments: [attachment(c)] });

export function registerAttachments(app: Application, deps: TeamsHandlerDeps): void {
  const service = deps.attachments;
  if (!service) return;

  /** The requests this person may add 別紙資料 to, newest first. */
  async function editable(context: TurnContext): Promise<AgendaRequest[]> {
    const actor = actorOf(context);
    const recent = await deps.service.listRecent(100);
    const editable = await Promise.all(recent.map((r) => mayEdit(deps.roles, r, actor)));
    return recent.filter((_, i) => editable[i]);
  }

  const filesOf = (context: TurnContext) =>
    (context.activity.attachments ?? []).flatMap((a) => {
      const p = downloadInfo.safeParse(a);
      return p.success ? [p.data] : [];
    });

  app.activity(
    async (context: TurnContext) =>
      context.activity.type === ActivityTypes.Message &&
      (filesOf(context).length > 0 || (!context.activity.value && which(context.activity.text ?? '') === 'attachments')),
    async (context: TurnContext) => {
      try {
        const files = filesOf(context);
        // Only in personal chat: Teams hands files over only there, and the card lists the person's requests.
        if (context.activity.conversation?.conversationType !== 'personal') {
          await context.sendActivity({ type: ActivityTypes.Message, text: T.attachPersonalOnly });
          return;
        }
        // The card lists requests: the visibility rule decides what may be listed here.
        const seen = await deps.visibility.visible(actorOf(context), conversationOf(context), await editable(context), (r) => r);
        if (!seen.ok) {
          await context.sendActivity({ type: ActivityTypes.Message, text: T.denied[seen.reason] });
          return;
        }
        const requests = seen.items;
        // Fetched right after: the download URLs expire within minutes.
        const { staged, refused } = await service.stage(files.map((f) => teamsFileSource(f.name, f.content.downloadUrl)));
        await context.sendActivity(
          cardMessage(
            attachPickerCard({
              staged,
              refused: refused.map((r) => T.attachmentProblem(r.name, r.problem)),
              requests: requests.map((r) => ({ id: r.id, caseNo: r.caseNo, title: r.form.title })),
            }),
          ),
        );
      } catch (err) {
        deps.logger.error('Teams: receiving attachments failed', { error: (err as Error).message });
        await context.sendActivity({ type: ActivityTypes.Message, text: messageFor(err) });
      }
    },
  );

  app.adaptiveCards.actionSubmit(AttachmentVerb.attach, async (context: TurnContext, _state: unknown, raw: Record<string, unknown>) => {
    try {
      const parsed = submitData.safeParse(raw);
      if (!parsed.success) throw new DomainError('request.not_found');
      const data = parsed.data;
      const link = data[AttachmentInput.link].trim();
      if (data.files.length === 0 && !link) {
        await context.sendActivity({ type: ActivityTypes.Message, text: T.attachNothing });
        return;
      }
      const actor = actorOf(context);
      const request = await deps.service.get(data[AttachmentInput.requestId]);
      const lines: string[] = [];
      let changed = false;
      if (link) {
        const added = await service.addLink(request.id, actor, { url: link, name: data[AttachmentInput.linkName] });
        if (added.kind === 'bad_link') {
          // Nothing is attached yet: the card stays as it is, so the person can correct the link.
          await context.sendActivity({ type: ActivityTypes.Message, text: T.attachmentBadLink });
          return;
        }
        if (added.kind === 'forbidden') lines.push(T.attachmentsForbidden);
        else if (added.kind === 'not_found') lines.push(T.attachmentsRequestGone);
        else {
          changed = true;
          lines.push(T.attachmentLinkAdded(request.caseNo, added.attachment.name));
        }
      }
      if (data.files.length > 0) {
        const outcome = await service.attachStaged(request.id, actor, data.files);
        if (outcome.kind === 'forbidden') lines.push(T.attachmentsForbidden);
        else if (outcome.kind === 'not_found') lines.push(T.attachmentsRequestGone);
        else {
          const ok = outcome.files.filter((f) => f.ok).map((f) => f.name);
          if (ok.length) {
            changed = true;
            lines.push(T.attachmentsAdded(request.caseNo, ok));
          }
          for (const f of outcome.files) if (!f.ok) lines.push(T.attachmentProblem(f.name, f.problem));
        }
      }
      if (!changed) {
        // Nothing attached: the card stays usable (another request, a corrected link).
        await context.sendActivity({ type: ActivityTypes.Message, text: [...new Set(lines)].join('\n') });
        return;
      }
      const done = cardMessage(attachDoneCard([...new Set(lines)]));
      const id = context.activity.replyToId;
      if (id) await context.updateActivity({ ...done, id });
      else await context.sendActivity(done);
      const fresh = await deps.service.get(request.id);
      await deps.publisher.refresh(fresh);
      await deps.onUpdated?.(fresh).catch((err: unknown) => deps.logger.warn('Teams: refreshing other platforms failed', { error: String(err) }));
    } catch (err) {
      if (!(err instanceof DomainError)) deps.logger.error('Teams: attaching failed', { error: (err as Error).message });
      await context.sendActivity({ type: ActivityTypes.Message, text: messageFor(err) });
    }
  });
}
