import type { DocumentLinks } from '../app/documentLinks';
import type { DocumentService } from '../app/documents';
import { deserializeJpDate, type JpDay } from '../domain/jpdate';
import type { OrgConfig } from '../domain/org';
import type { GetRoute } from './routes';

/**
 * GET /pdf/request/<id> and /pdf/packet/<tier>/<YYYY-MM-DD> with exp and sig (a packet
 * link also carries its items): the request's 案件申込書, or the meeting's 庁議資料 with
 * the items its person could see when they asked. An expired, altered or unknown link is
 * not found.
 */
export function pdfRoute(deps: { links: DocumentLinks; documents: DocumentService; org: OrgConfig }): GetRoute {
  return async (path, query) => {
    const target = deps.links.check(path, query);
    if (target === null || target === 'expired') return null;
    if (target.kind === 'request') {
      const doc = await deps.documents.requestPdfById(target.requestId);
      return doc ? { body: doc.pdf, type: 'application/pdf', filename: doc.filename } : null;
    }
    const tier = deps.org.tiers.find((t) => t.id === target.tierId);
    if (!tier) return null;
    const packet = await deps.documents.packetOf(tier, deserializeJpDate(target.day) as JpDay, target.items, target.hidden);
    return { body: packet.pdf, type: 'application/pdf', filename: packet.filename };
  };
}
