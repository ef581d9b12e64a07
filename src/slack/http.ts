import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../infra/logger';

/** Bolt's own limit on a request body. */
const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Whether a body's payload is one Bolt can look into: Bolt reads fields of the parsed
 * payload without checking it is an object, and `payload=null` would throw inside its
 * receiver, where nothing answers the request or catches the error.
 */
function readable(raw: Buffer, contentType: string | undefined): boolean {
  try {
    const text = raw.toString('utf8');
    if (contentType === 'application/x-www-form-urlencoded') {
      const { payload } = parseQuery(text);
      if (typeof payload !== 'string') return true; // a slash command: fields, not JSON
      const parsed: unknown = JSON.parse(payload);
      return parsed !== null && typeof parsed === 'object';
    }
    if (text === '') return true;
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object';
  } catch {
    return true; // Bolt answers unparsable bodies itself (400)
  }
}

/**
 * /slack/events: the body is buffered here (Bolt reuses a buffered `rawBody`) and a
 * payload that is not an object is answered 400 before Bolt sees it.
 */
export function slackEventsListener(receiver: HTTPReceiver, logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) tooLarge = true;
      else chunks.push(c);
    });
    req.on('error', () => {
      if (!res.headersSent) res.writeHead(400).end();
    });
    req.on('end', () => {
      if (tooLarge) return void res.writeHead(413).end();
      const raw = Buffer.concat(chunks);
      if (!readable(raw, req.headers['content-type'])) {
        logger.warn('refused Slack payload', { kind: 'unknown', why: 'payload is not an object' });
        return void res.writeHead(400).end();
      }
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      try {
        receiver.requestListener(req, res);
      } catch (err) {
        logger.error('Slack request failed', { error: String(err) });
        if (!res.headersSent) res.writeHead(500).end();
      }
    });
  };
}
