import { isUtf8 } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';
import {
  HTTPModuleFunctions,
  LogLevel,
  ReceiverMultipleAckError,
  type App,
  type Logger as BoltLogger,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import type { Logger } from '../infra/logger';

/**
 * /slack/events in HTTP mode, in place of Bolt's HTTPReceiver: the same answers (status
 * codes, ack bodies, Bolt's log lines), but the body is read once into one Buffer, signed
 * bytes are verified as bytes, and the form body is decoded once. HTTPReceiver (behind a
 * listener of ours that buffered the body and checked the payload) turned the body into a
 * string twice, parsed the whole form with querystring twice and hashed a JS string that
 * had to be encoded back to bytes, for every request.
 */

/** Bolt's own limit on a request body. */
const BODY_LIMIT = HTTPModuleFunctions.defaultBodyLimit;
/** Bolt's time to wait for ack() before answering 404 itself (longer for function_executed). */
const UNHANDLED_TIMEOUT_MS = 3001;
const UNHANDLED_FUNCTION_TIMEOUT_MS = 5001;
/** Bolt refuses a timestamp older than this (it does not refuse one in the future). */
const MAX_AGE_SEC = 5 * 60;
const FORM = 'application/x-www-form-urlencoded';
const VERIFY = 'Failed to verify authenticity';

// ---------------------------------------------------------------- form bodies

/** querystring's default limit on the fields it reads. */
const QS_MAX_KEYS = 1000;
const AMP = 0x26;
const EQ = 0x3d;
const PCT = 0x25;
const PLUS = 0x2b;
const PAYLOAD = Buffer.from('payload');
const SSL_CHECK = Buffer.from('ssl_check');

/** What one pass over a usual form body found: where `payload`'s value is, and whether it is an ssl_check. */
export interface FormScan {
  /** Byte range of the still-encoded `payload` value; start is -1 when there is none. */
  payloadStart: number;
  payloadEnd: number;
  sslCheck: boolean;
}

/**
 * Where the name of the field in b[start, end) ends (at its `=`, or `end`), or -1 when the
 * name is encoded or not ASCII: it might decode to anything, so querystring must read it.
 */
function plainKeyEnd(b: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c === EQ) return i;
    if (c === PCT || c === PLUS || c >= 0x80) return -1;
  }
  return end;
}

function isKey(b: Buffer, start: number, end: number, key: Buffer): boolean {
  return end - start === key.length && b.compare(key, 0, key.length, start, end) === 0;
}

/**
 * One pass over a form body, reading names only. `null` when the body is unusual and must
 * be read as querystring reads it: an encoded or non-ASCII name (it might decode to
 * `payload`), a repeated `payload` or `ssl_check`, more fields than querystring reads.
 */
export function scanForm(b: Buffer): FormScan | null {
  const scan: FormScan = { payloadStart: -1, payloadEnd: -1, sslCheck: false };
  let sslSeen = false;
  let segments = 0;
  const n = b.length;
  for (let start = 0; start < n;) {
    let end = b.indexOf(AMP, start);
    if (end < 0) end = n;
    // querystring counts empty segments against its limit too.
    if (++segments > QS_MAX_KEYS) return null;
    const keyEnd = plainKeyEnd(b, start, end);
    if (keyEnd < 0) return null;
    const valueStart = keyEnd < end ? keyEnd + 1 : end;
    if (isKey(b, start, keyEnd, PAYLOAD)) {
      if (scan.payloadStart >= 0) return null;
      scan.payloadStart = valueStart;
      scan.payloadEnd = end;
    } else if (isKey(b, start, keyEnd, SSL_CHECK)) {
      if (sslSeen) return null;
      sslSeen = true;
      if (end - valueStart === 1 && b[valueStart] === 0x31) scan.sslCheck = true;
      else for (let i = valueStart; i < end; i++) if (b[i] === PCT || b[i] === PLUS) return null;
    }
    start = end + 1;
  }
  return scan;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Decoding space, reused: a value is decoded into it and copied out once as a string. */
let scratch: Buffer = Buffer.allocUnsafe(0);
const SCRATCH_KEEP = 256 * 1024;

/** A second space, for the payload's JSON text written in ASCII (see asciiJson). */
let jsonScratch: Buffer = Buffer.allocUnsafe(0);
const HEX_DIGITS = Buffer.from('0123456789abcdef');

function room(current: Buffer, size: number): Buffer {
  return current.length >= size ? current : Buffer.allocUnsafe(size);
}

/**
 * A form value decoded (`+` and percent escapes, then UTF-8), as querystring decodes it;
 * `null` when querystring's answer would not be that (a raw non-ASCII byte, a malformed
 * escape, bytes that are not UTF-8: it falls back to a lossy decoding of its own).
 * With `json`, a JSON text may come back instead that parses to the same value (see asciiJson).
 */
export function decodeFormValue(b: Buffer, start: number, end: number, json = false): string | null {
  let encoded = false;
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c >= 0x80) return null;
    if (c === PCT || c === PLUS) encoded = true;
  }
  if (!encoded) return b.toString('latin1', start, end);
  const size = end - start;
  const out = room(scratch, size);
  if (out !== scratch && size <= SCRATCH_KEEP) scratch = out;
  let o = 0;
  let ascii = true;
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c === PLUS) out[o++] = 0x20;
    else if (c === PCT) {
      if (i + 2 >= end) return null;
      const hi = hexValue(b[i + 1]);
      const lo = hexValue(b[i + 2]);
      if (hi < 0 || lo < 0) return null;
      if (hi >= 8) ascii = false;
      out[o++] = (hi << 4) | lo;
      i += 2;
    } else out[o++] = c;
  }
  if (ascii) return out.toString('latin1', 0, o);
  if (!isUtf8(new Uint8Array(out.buffer, out.byteOffset, o))) return null;
  return (json && asciiJson(out, o, size)) || out.toString('utf8', 0, o);
}

function writeUnit(out: Buffer, o: number, u: number): number {
  out[o] = 0x5c; // \u
  out[o + 1] = 0x75;
  out[o + 2] = HEX_DIGITS[u >> 12];
  out[o + 3] = HEX_DIGITS[(u >> 8) & 15];
  out[o + 4] = HEX_DIGITS[(u >> 4) & 15];
  out[o + 5] = HEX_DIGITS[u & 15];
  return o + 6;
}

/**
 * The JSON text in `src[0, n)` (valid UTF-8) with each non-ASCII character written as a
 * `\u` escape, which JSON reads as the same character: a one-byte string, where one
 * Japanese character makes the whole payload a two-byte string (a payload is mostly
 * ASCII: keys, ids, block structure). `null` when that would not be smaller, or when a
 * character follows a backslash (escaping it would change what the text means). The
 * caller parses the original text again when this one does not parse, for the error.
 * `room` bytes are enough: every non-ASCII byte came from a three-byte `%XX`.
 */
function asciiJson(src: Buffer, n: number, size: number): string | null {
  const out = room(jsonScratch, size);
  if (out !== jsonScratch && size <= SCRATCH_KEEP) jsonScratch = out;
  let o = 0;
  let units = 0;
  let backslash = false;
  for (let i = 0; i < n;) {
    const c = src[i];
    if (c < 0x80) {
      out[o++] = c;
      backslash = c === 0x5c ? !backslash : false;
      i++;
      units++;
      continue;
    }
    if (backslash) return null;
    let cp: number;
    if (c < 0xe0) {
      cp = ((c & 0x1f) << 6) | (src[i + 1] & 0x3f);
      i += 2;
    } else if (c < 0xf0) {
      cp = ((c & 0x0f) << 12) | ((src[i + 1] & 0x3f) << 6) | (src[i + 2] & 0x3f);
      i += 3;
    } else {
      cp = (((c & 0x07) << 18) | ((src[i + 1] & 0x3f) << 12) | ((src[i + 2] & 0x3f) << 6) | (src[i + 3] & 0x3f)) - 0x10000;
      o = writeUnit(out, o, 0xd800 | (cp >> 10));
      cp = 0xdc00 | (cp & 0x3ff);
      i += 4;
      units++;
    }
    o = writeUnit(out, o, cp);
    units++;
  }
  return o < 2 * units ? out.toString('latin1', 0, o) : null;
}

/** The plain fields of a usual form body (a slash command), as querystring gives them; `null` when unusual. */
export function formFields(b: Buffer): ParsedUrlQuery | null {
  const fields = Object.create(null) as Record<string, string>;
  let count = 0;
  const n = b.length;
  for (let start = 0; start < n;) {
    let end = b.indexOf(AMP, start);
    if (end < 0) end = n;
    if (++count > QS_MAX_KEYS) return null;
    if (end > start) {
      const keyEnd = plainKeyEnd(b, start, end);
      if (keyEnd < 0) return null;
      const key = b.toString('latin1', start, keyEnd);
      // A repeated name becomes an array in querystring: rare enough to leave to it.
      if (key in fields) return null;
      const value = decodeFormValue(b, keyEnd < end ? keyEnd + 1 : end, end);
      if (value === null) return null;
      fields[key] = value;
    }
    start = end + 1;
  }
  return fields;
}

/**
 * What Bolt reads out of a form body: the `payload` field's text (JSON, parsed by the
 * caller) or, without one, all fields; `sslCheck` as Bolt tests `ssl_check === '1'`.
 */
export type FormBody =
  { sslCheck: boolean; payload: string; fields?: undefined } | { sslCheck: boolean; payload?: undefined; fields: ParsedUrlQuery };

/**
 * The form body decoded once, exactly as `querystring.parse` would (it still does for
 * unusual bodies). With `json`, the payload is a JSON text that parses to what the exact
 * one parses to (see asciiJson); only an exact reading gives JSON.parse's error message.
 */
export function readForm(raw: Buffer, json = false): FormBody {
  const scan = scanForm(raw);
  if (scan) {
    if (scan.payloadStart >= 0) {
      const payload = decodeFormValue(raw, scan.payloadStart, scan.payloadEnd, json);
      if (payload !== null) return { sslCheck: scan.sslCheck, payload };
    } else {
      const fields = formFields(raw);
      if (fields) return { sslCheck: scan.sslCheck, fields };
    }
  }
  const qs = parseQuery(raw.toString());
  const sslCheck = qs.ssl_check === '1';
  return typeof qs.payload === 'string' ? { sslCheck, payload: qs.payload } : { sslCheck, fields: qs };
}

/**
 * The payload's JSON. When the (possibly ASCII-escaped) text does not parse, the exact
 * text is parsed instead, so the error is JSON.parse's own message on it, as Bolt logs it.
 */
function parsePayload(raw: Buffer, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const exact = readForm(raw).payload;
    if (exact !== undefined && exact !== text) return JSON.parse(exact);
    throw err;
  }
}

// ---------------------------------------------------------------- signatures

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Slack's signature checked as Bolt's verifySlackRequest checks it, over the raw bytes:
 * `undefined` when valid, otherwise Bolt's message (no secret in it).
 */
export function verifySignature(
  headers: IncomingMessage['headers'],
  raw: Buffer,
  signingSecret: string,
  nowMs: number = Date.now(),
): string | undefined {
  const signature = headers['x-slack-signature'];
  if (typeof signature !== 'string')
    return `${VERIFY}: header x-slack-signature did not have the expected type (received ${typeof signature}, expected string)`;
  const timestampHeader = headers['x-slack-request-timestamp'];
  if (typeof timestampHeader !== 'string') {
    return `${VERIFY}: header x-slack-request-timestamp did not have the expected type (received ${typeof timestampHeader}, expected string)`;
  }
  const timestamp = Number(timestampHeader);
  if (Number.isNaN(timestamp)) return `${VERIFY}: header x-slack-request-timestamp did not have the expected type (${timestamp})`;
  if (timestamp < Math.floor(nowMs / 1000) - MAX_AGE_SEC) {
    return `${VERIFY}: x-slack-request-timestamp must differ from system time by no more than 5 minutes or request is stale`;
  }
  // Bolt splits on '=' and reads the first two parts: `v0=<hash>` (anything after a second '=' is ignored).
  const eq = signature.indexOf('=');
  if ((eq < 0 ? signature : signature.slice(0, eq)) !== 'v0') return `${VERIFY}: unknown signature version`;
  const next = signature.indexOf('=', eq + 1);
  const hash = signature.slice(eq + 1, next < 0 ? signature.length : next);
  // Bolt signs what the timestamp reads as a number, and compares lowercase hex.
  const ours = createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(raw).digest();
  if (!HEX64.test(hash) || !timingSafeEqual(Buffer.from(hash, 'hex'), ours)) return `${VERIFY}: signature mismatch`;
  return undefined;
}

// ---------------------------------------------------------------- the receiver

export interface SlackReceiverOptions {
  signingSecret: string;
  /** The app's own log (refused payloads, failures); Bolt's lines go to Bolt's logger. */
  log: Logger;
  /** Bolt's logger; the App's when not given. */
  logger?: BoltLogger;
  unhandledRequestTimeoutMillis?: number;
  bodyLimit?: number;
}

type Body = ReceiverEvent['body'];

/**
 * A Bolt receiver for POST /slack/events, routed by our own server (`requestListener`).
 * Acks as HTTPResponseAck does with `processBeforeResponse: false`: the answer is sent
 * when a listener calls ack() and the listener goes on.
 */
export class SlackReceiver implements Receiver {
  private app: App | undefined;
  private logger: BoltLogger | undefined;
  private readonly signingSecret: string;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly bodyLimit: number;

  constructor(options: SlackReceiverOptions) {
    if (!options.signingSecret) {
      // As HTTPReceiver refuses to start without one.
      throw new Error(
        'signingSecret is required when signature verification is enabled. You can find your Signing Secret in your Slack App Settings.',
      );
    }
    this.signingSecret = options.signingSecret;
    this.log = options.log;
    this.logger = options.logger;
    this.timeoutMs = options.unhandledRequestTimeoutMillis ?? UNHANDLED_TIMEOUT_MS;
    this.bodyLimit = options.bodyLimit ?? BODY_LIMIT;
  }

  init(app: App): void {
    this.app = app;
    this.logger ??= app.logger;
  }

  /** Nothing to listen on: the app's server routes /slack/events to `requestListener`. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  readonly requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > this.bodyLimit) tooLarge = true;
      else chunks.push(c);
    });
    req.on('error', () => {
      if (!res.headersSent) res.writeHead(400).end();
    });
    req.on('end', () => {
      if (tooLarge) return void res.writeHead(413).end();
      try {
        this.dispatch(req, res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
      } catch (err) {
        this.log.error('Slack request failed', { error: String(err) });
        if (!res.headersSent) res.writeHead(500).end();
      }
    });
  };

  private dispatch(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const logger = this.boltLogger();
    const form = req.headers['content-type'] === FORM ? readForm(raw, true) : undefined;
    // Slack's ssl_check is not signed; Bolt answers it without looking at anything else.
    if (form?.sslCheck) return HTTPModuleFunctions.buildSSLCheckResponse(res);
    const failure = verifySignature(req.headers, raw, this.signingSecret);
    if (failure !== undefined) {
      logger.warn(`Failed to parse and verify the request data: ${failure}`);
      return HTTPModuleFunctions.buildNoBodyResponse(res, 401);
    }
    let body: unknown;
    try {
      body = form ? (form.fields ?? parsePayload(raw, form.payload)) : JSON.parse(raw.toString());
    } catch (err) {
      logger.warn(`Malformed request body: ${(err as Error).message}`);
      return HTTPModuleFunctions.buildNoBodyResponse(res, 400);
    }
    // Bolt reads fields of the payload without checking it is an object: `payload=null`
    // would throw inside Bolt, where nothing answers the request.
    if (body === null || typeof body !== 'object') {
      this.log.warn('refused Slack payload', { kind: 'unknown', why: 'payload is not an object' });
      return HTTPModuleFunctions.buildNoBodyResponse(res, 400);
    }
    const parsed = body as Body;
    if (parsed.ssl_check === '1') return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (parsed.type === 'url_verification') return HTTPModuleFunctions.buildUrlVerificationResponse(res, parsed);
    void this.process(req, res, parsed, logger);
  }

  private async process(req: IncomingMessage, res: ServerResponse, body: Body, logger: BoltLogger): Promise<void> {
    let acked = false;
    const timeoutMs = (body.event as { type?: unknown } | undefined)?.type === 'function_executed' ? UNHANDLED_FUNCTION_TIMEOUT_MS : this.timeoutMs;
    const timer = setTimeout(() => {
      if (!acked) HTTPModuleFunctions.defaultUnhandledRequestHandler({ logger, request: req, response: res });
    }, timeoutMs);
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        const debug = logger.getLevel() === LogLevel.DEBUG;
        if (debug) logger.debug(`ack() call begins (body: ${String(response)})`);
        if (acked) throw new ReceiverMultipleAckError();
        acked = true;
        clearTimeout(timer);
        HTTPModuleFunctions.buildContentResponse(res, response);
        if (debug) logger.debug(`ack() response sent (body: ${String(response)})`);
      },
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
    };
    try {
      await this.app?.processEvent(event);
    } catch (error) {
      const handled = await HTTPModuleFunctions.defaultProcessEventErrorHandler({
        error: error as Error,
        logger,
        request: req,
        response: res,
        storedResponse: undefined,
      });
      if (handled) {
        acked = true;
        clearTimeout(timer);
      }
    }
  }

  private boltLogger(): BoltLogger {
    if (!this.logger) throw new Error('SlackReceiver used before App.init');
    return this.logger;
  }
}
