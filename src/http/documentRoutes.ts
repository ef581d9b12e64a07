import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocumentLinks } from '../app/documentLinks';
import type { DocumentService } from '../app/documents';
import type { Logger } from '../infra/logger';

/** Pages a browser shows when a PDF link does not work. */
const Page = {
  expired: 'このリンクは有効期限が切れています。Teams の申込書の「PDF」からもう一度開いてください。',
  invalid: 'このリンクは無効です。',
  failed: 'PDFを作成できませんでした。しばらくしてからもう一度お試しください。',
} as const;

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * GET /pdf/request/<id>?exp=…&sig=…: the request's 案件申込書 for whoever holds a link the
 * bot gave (after checking that person could see it). Returns false for other paths.
 */
export function documentRoutes(deps: { links: DocumentLinks | null; documents: DocumentService; logger: Logger }) {
  return function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith('/pdf/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      text(res, 405, Page.invalid);
      return true;
    }
    const checked = deps.links?.check(url.pathname, url.searchParams.get('exp'), url.searchParams.get('sig')) ?? null;
    if (checked === null || checked === 'expired') {
      if (checked === null) text(res, 404, Page.invalid);
      else text(res, 410, Page.expired);
      return true;
    }
    void deps.documents.requestPdfById(checked.requestId).then(
      (doc) => {
        if (!doc) return text(res, 404, Page.invalid);
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-length': String(doc.pdf.length),
          // The name is made from the case number only: a typed title is never a file name.
          'content-disposition': `attachment; filename="${doc.filename}"`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : doc.pdf);
      },
      (err: unknown) => {
        deps.logger.error('pdf link failed', { error: String(err) });
        text(res, 500, Page.failed);
      },
    );
    return true;
  };
}
