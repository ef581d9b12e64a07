import type { Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { deserializeJpDate, type JpDay } from '../../domain/jpdate';
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
        return await say(T.denied[access.reason]);
      }
      const { request } = access;
      const c = card(
        [textBlock(T.pdfLinkReady(request.caseNo, documentLinks.ttlMinutes))],
        [openUrl(T.pdfLinkOpen, documentLinks.requestLink(request.id))],
        false,
      );
      await context.sendActivity({
        type: 'message',
        summary: T.pdfLinkReady(request.caseNo, documentLinks.ttlMinutes),
        attachments: [attachment(c)],
      });
    } catch (err) {
      deps.logger.error('Teams: PDF link failed', { error: err instanceof Error ? err.message : String(err) });
      await say(T.pdfFailed).catch(() => undefined);
    }
  });

  // 「庁議資料」 on a meeting day's agenda: a link to the packet of the items the person who
  // pressed it may see (decided now, where their conversation can be checked).
  app.adaptiveCards.actionSubmit(DocumentVerb.packet, async (context: TurnContext, _state, data: Data) => {
    const say = (text: string) => context.sendActivity({ type: 'message', text }).then(() => undefined);
    try {
      const { documents, documentLinks } = deps;
      if (!documents || !documentLinks) return await say(T.documentsOff);
      const tier = deps.org.tiers.find((t) => t.id === data.tierId);
      const day = typeof data.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(data.day) ? data.day : null;
      if (!tier || !day) return await say(T.pdfFailed);
      const got = await documents.packetItemsFor(actorOf(context), conversationOf(context), tier, deserializeJpDate(day) as JpDay);
      if (!got.ok) return await say(T.denied[got.reason]);
      const ready = T.packetLinkReady(tier.name, got.items.length, documentLinks.ttlMinutes);
      const link = documentLinks.packetLink(
        tier.id,
        day,
        got.items.map((r) => r.id),
        got.hidden,
      );
      const c = card([textBlock(ready)], [openUrl(T.pdfLinkOpen, link)], false);
      await context.sendActivity({ type: 'message', summary: ready, attachments: [attachment(c)] });
    } catch (err) {
      deps.logger.error('Teams: packet link failed', { error: err instanceof Error ? err.message : String(err) });
      await say(T.pdfFailed).catch(() => undefined);
    }
  });
}
