import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../infra/logger';

/** Bolt's own limit on a request body. */
const BODY_LIMIT = 4 * 1024 * 1024;

/** The first character of a JSON text that is not JSON whitespace ('' if none). */
function firstJsonChar(text: string): string {
  for (const c of text) if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return c;
  return '';
}

/** The same for a form-encoded value, decoding only up to that character. */
function firstFormValueChar(encoded: string): string {
  for (let i = 0; i < encoded.length; i++) {
    let c = encoded[i];
    if (c === '+') c = ' ';
    else if (c === '%') {
      c = String.fromCharCode(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    }
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return c;
  }
  return '';
}

/** Whether `text` is JSON of an object, or not JSON at all (Bolt answers that itself, 400). */
function objectOrUnparsable(text: string): boolean {
  // An object: a JSON text starting with `{` is one, or is no JSON. Only the rest is parsed.
  if (firstJsonChar(text) === '{') return true;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object';
  } catch {
    return true;
  }
}

/** querystring's default limit on the fields it reads. */
const QS_MAX_KEYS = 1000;

/**
 * The one `payload` field of a form body, still encoded; `undefined` when there is none,
 * `null` when the body is unusual (several of them, an encoded name, very many fields)
 * and must be read as querystring reads it. The payload is most of the body: decoding it
 * and parsing its JSON here as well as in Bolt cost as much as Bolt's own parse.
 */
function encodedPayload(text: string): string | undefined | null {
  let found: string | undefined;
  let fields = 0;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (++fields > QS_MAX_KEYS) return null;
    const eq = text.indexOf('=', start);
    const keyEnd = eq >= 0 && eq < end ? eq : end;
    const key = text.slice(start, keyEnd);
    if (key.includes('%') || key.includes('+')) return null;
    if (key === 'payload') {
      if (found !== undefined) return null;
      found = text.slice(Math.min(keyEnd + 1, end), end);
    }
    start = end + 1;
  }
  return found;
}

/**
 * Whether a body's payload is one Bolt can look into: Bolt reads fields of the parsed
 * payload without checking it is an object, and `payload=null` would throw inside its
 * receiver, where nothing answers the request or catches the error.
 */
function readable(raw: Buffer, contentType: string | undefined): boolean {
  try {
    const text = raw.toString('utf8');
    if (contentType === 'application/x-www-form-urlencoded') {
      const encoded = encodedPayload(text);
      if (encoded === undefined) return true; // a slash command: fields, not JSON
      if (encoded !== null && firstFormValueChar(encoded) === '{') return true;
      const { payload } = parseQuery(text);
      if (typeof payload !== 'string') return true;
      return objectOrUnparsable(payload);
    }
    if (text === '') return true;
    return objectOrUnparsable(text);
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
