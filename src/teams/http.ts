import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { Logger } from '../infra/logger';

/** Activities are small; a form page with every row filled stays far below this. */
export const MAX_BODY_BYTES = 1024 * 1024;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
export const isLoopback = (address: string | undefined): boolean => !!address && LOOPBACK.has(address);

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyError(413, `body larger than ${limit} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyError(413, `body larger than ${limit} bytes`));
      } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new BodyError(400, 'body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

/** The timestamps the Bot Framework SDK expects as Dates (what its own body parser would do). */
function asActivity(body: unknown): Activity | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || a.type === '') return null;
  for (const key of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    if (typeof a[key] === 'string') a[key] = new Date(a[key]);
  }
  return a as unknown as Activity;
}

/**
 * `/api/messages` for node's http server: reads and parses the body (size limit, clear
 * 400s), lets the adapter authenticate the activity (Bot Framework JWT; 401 before any
 * processing when it fails) and answers with the invoke response, if any. In local
 * mode only the machine itself may talk to it.
 */
/** What the listener needs of the adapter: authenticate, then run the logic (see ./adapter). */
export interface ActivityProcessor {
  processAuthenticated(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined>;
}

export function messagesListener(a: {
  adapter: ActivityProcessor;
  logic: (context: TurnContext) => Promise<void>;
  localMode: boolean;
  logger: Logger;
}): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      if (a.localMode && !isLoopback(req.socket.remoteAddress)) {
        a.logger.warn('Teams local mode: refused a request from another host', { remote: req.socket.remoteAddress });
        return send(res, 403, { error: 'local mode accepts requests from this machine only' });
      }
      let body: unknown;
      try {
        body = await readJson(req, MAX_BODY_BYTES);
      } catch (err) {
        const status = err instanceof BodyError ? err.status : 400;
        return send(res, status, { error: (err as Error).message });
      }
      const activity = asActivity(body);
      if (!activity) return send(res, 400, { error: 'body is not a Bot Framework activity (no "type")' });
      const auth = req.headers.authorization ?? '';
      // The adapter authenticates before it runs the logic: anything thrown before
      // that point is a refused (or unverifiable) token, whatever its error class.
      let authenticated = false;
      const logic = (context: TurnContext) => {
        authenticated = true;
        return a.logic(context);
      };
      try {
        const invoke = await a.adapter.processAuthenticated(auth, activity, logic);
        send(res, invoke?.status ?? 200, invoke?.body);
      } catch (err) {
        if (!authenticated) {
          // The reason is logged, never the token.
          a.logger.warn('Teams: refused an activity that is not authenticated', { reason: String((err as Error).message).slice(0, 200) });
          return send(res, 401, { error: 'unauthorized' });
        }
        a.logger.error('Teams: processing an activity failed', { type: activity.type, error: (err as Error).message });
        send(res, 500, { error: 'internal error' });
      }
    })();
  };
}
