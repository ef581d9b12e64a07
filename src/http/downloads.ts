import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisterLinks } from '../app/registerLinks';
import type { Logger } from '../infra/logger';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * GET /register/<年度>.xlsx?u=…&exp=…&sig=…: the signed register links. Answers true
 * when the request was one of these (handled), false to let the server go on.
 */
export function downloadRoutes(a: { links: () => RegisterLinks | null; logger: Logger }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith('/register/') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const links = a.links();
    if (!links) {
      send(res, 404, { error: 'register links are not configured (PUBLIC_URL, LINK_SECRET)' });
      return true;
    }
    void links.serve(url.pathname, url.searchParams).then(
      (file) => {
        if (!file) return send(res, 404, { error: 'not found, expired or not allowed' });
        res.writeHead(200, {
          'content-type': XLSX,
          'content-length': String(file.bytes.length),
          'content-disposition': `attachment; filename="register.xlsx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
          'cache-control': 'private, no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : file.bytes);
      },
      (err: unknown) => {
        a.logger.error('register download failed', { error: String(err) });
        send(res, 500, { error: 'internal error' });
      },
    );
    return true;
  };
}
