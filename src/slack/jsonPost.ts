import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What one JSON POST to the Slack Web API came to. */
export type JsonAnswer =
  | { kind: 'answer'; status: number; retryAfter: string | undefined; body: string }
  /** No answer: the connection failed or broke (Slack may or may not have acted). */
  | { kind: 'error'; error: Error }
  /** No answer within the time allowed (Slack may still act on it). */
  | { kind: 'timeout' };

export interface JsonPoster {
  /** POSTs `body` as JSON to the Web API method; resolves with what came back, never rejects. */
  post(method: string, body: unknown): Promise<JsonAnswer>;
  /**
   * POSTs scalar arguments form-encoded, for the read methods, which Slack reads only
   * from form fields or the query string (not from a JSON body).
   */
  postForm(method: string, args: Record<string, string | number | boolean>): Promise<JsonAnswer>;
  /** Stops keeping connections open (at shutdown). */
  close(): void;
}

/**
 * Web API calls as one JSON POST each on kept-alive connections to the API URL, with the
 * bot token: what the lean client and the reminder poster both send.
 */
export function jsonPoster(token: string, opts: { slackApiUrl?: string; timeoutMs: number; maxSockets: number }): JsonPoster {
  const given = opts.slackApiUrl ?? 'https://slack.com/api/';
  const base = new URL(given.endsWith('/') ? given : `${given}/`);
  const secure = base.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: opts.maxSockets })
    : new HttpAgent({ keepAlive: true, maxSockets: opts.maxSockets });
  const send = secure ? httpsRequest : httpRequest;
  const auth = `Bearer ${token}`;

  function post(method: string, body: unknown): Promise<JsonAnswer> {
    return send1(method, 'application/json; charset=utf-8', JSON.stringify(body));
  }

  function postForm(method: string, args: Record<string, string | number | boolean>): Promise<JsonAnswer> {
    let text = '';
    for (const k in args) text += `${text === '' ? '' : '&'}${encodeURIComponent(k)}=${encodeURIComponent(String(args[k]))}`;
    return send1(method, 'application/x-www-form-urlencoded', text);
  }

  // The body is written as the string it is (no copy into a Buffer first), and the answer
  // read as text as it comes.
  function send1(method: string, contentType: string, payload: string): Promise<JsonAnswer> {
    return new Promise<JsonAnswer>((resolve) => {
      let settled = false;
      const done = (a: JsonAnswer) => {
        if (settled) return;
        settled = true;
        resolve(a);
      };
      const req = send(
        new URL(method, base),
        {
          method: 'POST',
          agent,
          headers: { authorization: auth, 'content-type': contentType, 'content-length': Buffer.byteLength(payload, 'utf8') },
        },
        (res: IncomingMessage) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            const retryAfter = res.headers['retry-after'];
            done({
              kind: 'answer',
              status: res.statusCode ?? 0,
              retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
              body: text,
            });
          });
          res.on('error', (error) => done({ kind: 'error', error }));
        },
      );
      req.setTimeout(opts.timeoutMs, () => {
        done({ kind: 'timeout' });
        req.destroy();
      });
      req.on('error', (error) => done({ kind: 'error', error }));
      req.end(payload, 'utf8');
    });
  }

  return { post, postForm, close: () => agent.destroy() };
}
