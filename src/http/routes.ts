import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CalendarFeeds } from '../app/calendarFeeds';
import type { InFlight } from '../infra/inflight';
import type { Logger } from '../infra/logger';

export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** A signed download (calendar, file, PDF): the path and query, answered with bytes or null. */
export type GetRoute = (path: string, query: URLSearchParams) => Promise<{ body: string | Buffer; type: string; filename: string } | null>;

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name, never a path. */
export function attachmentDisposition(filename: string): string {
  const base = filename.split(/[\\/]/).pop() || 'download';
  const ascii = base.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}

/**
 * The bot's HTTP surface, in one place: /healthz, the platforms' POST endpoints
 * (/slack/events, /api/messages, registered as they start) and signed GET downloads
 * (/calendar/…, and any prefix registered with `get`).
 */
export function createHttpRoutes(a: {
  ready: () => Promise<boolean> | boolean;
  logger: Logger;
  /** Requests until answered are counted here, so a graceful stop waits for them. */
  inflight?: InFlight;
  /** True once a stop began: new requests are refused. */
  stopping?: () => boolean;
}) {
  const posts = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const gets: { prefix: string; route: GetRoute }[] = [];

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (a.stopping?.()) {
      // A keep-alive connection may still bring a request: refused, so Slack retries it
      // elsewhere (or after the restart) instead of it being cut off half done.
      res.setHeader('connection', 'close');
      return send(res, 503, { error: 'shutting down' });
    }
    // Until answered; a listener's work after its answer is tracked by the platform (Slack middleware).
    void a.inflight?.track(new Promise<void>((resolve) => res.once('close', resolve)));
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      void Promise.resolve()
        .then(a.ready)
        .then(
          (ok: boolean) => send(res, ok ? 200 : 503, { status: ok ? 'ok' : 'starting' }),
          () => send(res, 503, { status: 'database unavailable' }),
        );
      return;
    }
    if (req.method === 'GET') {
      const get = gets.find((g) => path.startsWith(g.prefix));
      if (get) {
        void get.route(path, url.searchParams).then(
          (found) => {
            if (!found) return send(res, 404, { error: 'not found or link not valid' });
            res.writeHead(200, {
              'content-type': found.type,
              'content-disposition': attachmentDisposition(found.filename),
              'cache-control': 'private, no-store',
              'x-content-type-options': 'nosniff',
            });
            res.end(found.body);
          },
          (err: unknown) => {
            a.logger.error('download failed', { path: get.prefix, error: String(err) });
            send(res, 500, { error: 'internal error' });
          },
        );
        return;
      }
    }
    const handler = posts.get(path);
    if (handler && req.method === 'POST') return handler(req, res);
    send(res, 404, { error: 'not found' });
  }

  return {
    handle,
    /** A platform endpoint (POST). */
    post: (path: string, handler: (req: IncomingMessage, res: ServerResponse) => void) => void posts.set(path, handler),
    /** Signed downloads under a prefix (GET). */
    get: (prefix: string, route: GetRoute) => void gets.push({ prefix, route }),
  };
}

/** The calendar files as a GET route. */
export function calendarRoute(feeds: CalendarFeeds): GetRoute {
  return async (path) => {
    const ics = await feeds.serve(path);
    return ics === null ? null : { body: ics, type: 'text/calendar; charset=utf-8', filename: 'chogi.ics' };
  };
}
