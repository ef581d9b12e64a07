import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { WebAPIPlatformError, WebAPIRequestError, WebClient, type WebAPICallResult, type WebClientOptions } from '@slack/web-api';

/**
 * The methods a person's click waits for, sent as one JSON POST on a kept-alive connection.
 * Slack accepts JSON bodies for these (chat.* and views.*).
 */
const JSON_METHODS = new Set([
  'views.open',
  'views.update',
  'views.push',
  'views.publish',
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'chat.delete',
]);

const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Connections kept to Slack at most. A burst (100 opinions posted at once) waits for a
 * free one rather than opening a connection each: every new one is a TCP (and TLS)
 * handshake, which cost more CPU than the posts queued behind a few kept connections.
 */
const LEAN_SOCKETS = 8;

type Answer = { kind: 'answer'; result: WebAPICallResult } | { kind: 'retry' } | { kind: 'timeout' };

/**
 * A WebClient whose busiest methods skip the WebClient's request pipeline.
 *
 * For every call the WebClient form-encodes the arguments (each block list becomes a JSON
 * string inside a URL-encoded body) and builds a redacted copy of the arguments and of the
 * answer for its debug log, even when that log is off: on a filing, more than the call's
 * own payload several times over. Here the JSON methods go out as the JSON they already
 * are. Anything else — other methods, files, a per-call token — and every answer that is
 * not a plain 200 (429, 5xx, a network error) goes through the WebClient itself, with
 * its retry policy and errors, so callers see the WebClient's behaviour.
 */
export class LeanWebClient extends WebClient {
  private readonly leanBase: URL;
  private readonly leanAgent: HttpAgent;
  private readonly leanSend: typeof httpRequest;
  private readonly leanAuth: string;
  private readonly leanTeamId: string | undefined;
  private readonly leanTimeout: number;

  constructor(token: string, options: WebClientOptions = {}) {
    super(token, options);
    const base = options.slackApiUrl ?? 'https://slack.com/api/';
    this.leanBase = new URL(base.endsWith('/') ? base : `${base}/`);
    const secure = this.leanBase.protocol === 'https:';
    this.leanAgent = secure
      ? new HttpsAgent({ keepAlive: true, maxSockets: LEAN_SOCKETS })
      : new HttpAgent({ keepAlive: true, maxSockets: LEAN_SOCKETS });
    this.leanSend = secure ? httpsRequest : httpRequest;
    this.leanAuth = `Bearer ${token}`;
    this.leanTeamId = options.teamId;
    this.leanTimeout = options.timeout && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_MS;
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    if (!JSON_METHODS.has(method) || typeof options !== 'object' || options === null || 'token' in options) {
      return super.apiCall(method, options);
    }
    const body = this.leanTeamId !== undefined && !('team_id' in options) ? { team_id: this.leanTeamId, ...options } : options;
    const answer = await this.leanPost(method, body);
    if (answer.kind === 'retry') return super.apiCall(method, options);
    // No second attempt after a timeout: Slack may have done it (a post would show twice).
    if (answer.kind === 'timeout') throw new WebAPIRequestError(new Error(`${method}: no answer within ${this.leanTimeout} ms`));
    const result = answer.result;
    if (!result.ok) throw new WebAPIPlatformError(result as WebAPICallResult & { error: string });
    return result;
  }

  /** Stops keeping connections open (at shutdown). */
  close(): void {
    this.leanAgent.destroy();
  }

  private leanPost(method: string, body: Record<string, unknown>): Promise<Answer> {
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise<Answer>((resolve) => {
      let settled = false;
      const done = (a: Answer) => {
        if (settled) return;
        settled = true;
        resolve(a);
      };
      const req = this.leanSend(
        new URL(method, this.leanBase),
        {
          method: 'POST',
          agent: this.leanAgent,
          headers: { authorization: this.leanAuth, 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) return done({ kind: 'retry' });
            try {
              const result = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebAPICallResult;
              done(typeof result === 'object' && result !== null && typeof result.ok === 'boolean' ? { kind: 'answer', result } : { kind: 'retry' });
            } catch {
              done({ kind: 'retry' });
            }
          });
          res.on('error', () => done({ kind: 'retry' }));
        },
      );
      req.setTimeout(this.leanTimeout, () => {
        done({ kind: 'timeout' });
        req.destroy();
      });
      req.on('error', () => done({ kind: 'retry' }));
      req.end(payload);
    });
  }
}
