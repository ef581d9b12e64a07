import type { Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { attachment, card, openUrl, textBlock } from '../cards/card';
import type { TeamsHandlerDeps } from '../deps';
import { DocumentVerb } from '../ids';
import { T } from '../strings';
import { actorOf, conversationOf } from './context';

type Data = Record<string, unknown>;

/**
 * 「PDF」 on a posted request in Teams: for someone who may see the request, a short-lived
 * signed link to its 案件申込書 (opened in the browser; Teams needs no file consent for a
 * link). It is answered in the conversation the button was pressed in, where the request
 * is posted, so the link reaches no one who could not see the request there.
 */
export function registerDocuments(app: Application, deps: TeamsHandlerDeps): void {
  app.adaptiveCards.actionSubmit(DocumentVerb.pdf, async (context: TurnContext, _state, data: Data) => {
    const say = (text: string) => context.sendActivity({ type: 'message', text }).then(() => undefined);
    try {
      const { documents, documentLinks } = deps;
      if (!documents || !documentLinks) return await say(T.documentsOff);
      const requestId = typeof data.requestId === 'string' ? data.requestId : '';
      const access = await documents.accessFor(actorOf(context), conversationOf(context), requestId);
      if (!access.ok) {
        if (access.reason === 'not_found' || access.reason === 'hidden') return await say(T.pdfHiddenHere);
        return await say(T.documentDenied[access.reason]);
      }
      const { request } = access;
      const c = card([textBlock(T.pdfLinkReady(request.caseNo, documentLinks.ttlMinutes))], [openUrl(T.pdfLinkOpen, documentLinks.requestLink(request.id))], false);
      await context.sendActivity({ type: 'message', summary: T.pdfLinkReady(request.caseNo, documentLinks.ttlMinutes), attachments: [attachment(c)] });
    } catch (err) {
      deps.logger.error('Teams: PDF link failed', { error: err instanceof Error ? err.message : String(err) });
      await say(T.pdfFailed).catch(() => undefined);
    }
  });
}
