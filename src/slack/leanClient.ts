import { jsonPoster, type JsonAnswer, type JsonPoster } from './jsonPost';
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

/**
 * Read methods a filing calls (the shared-channel check before a post, the post's
 * permalink), sent form-encoded on the same connections when their arguments are plain
 * values: Slack reads these methods' arguments from form fields only.
 */
const FORM_METHODS = new Set(['conversations.info', 'chat.getPermalink']);

const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Connections kept to Slack at most. A burst (100 opinions posted at once) waits for a
 * free one rather than opening a connection each: every new one is a TCP (and TLS)
 * handshake, which cost more CPU than the posts queued behind a few kept connections.
 */
const LEAN_SOCKETS = 8;

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
  private readonly lean: JsonPoster;
  private readonly leanTeamId: string | undefined;
  private readonly leanTimeout: number;

  constructor(token: string, options: WebClientOptions = {}) {
    super(token, options);
    this.leanTimeout = options.timeout && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_MS;
    this.lean = jsonPoster(token, { slackApiUrl: options.slackApiUrl, timeoutMs: this.leanTimeout, maxSockets: LEAN_SOCKETS });
    this.leanTeamId = options.teamId;
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    if (typeof options !== 'object' || options === null || 'token' in options) return super.apiCall(method, options);
    let answer: JsonAnswer;
    if (JSON_METHODS.has(method)) {
      const body = this.leanTeamId !== undefined && !('team_id' in options) ? { team_id: this.leanTeamId, ...options } : options;
      answer = await this.lean.post(method, body);
    } else {
      const fields = FORM_METHODS.has(method) ? this.formFields(options) : null;
      if (!fields) return super.apiCall(method, options);
      answer = await this.lean.postForm(method, fields);
    }
    // No second attempt after a timeout: Slack may have done it (a post would show twice).
    if (answer.kind === 'timeout') throw new WebAPIRequestError(new Error(`${method}: no answer within ${this.leanTimeout} ms`));
    const result = answer.kind === 'answer' && answer.status === 200 ? resultOf(answer.body) : null;
    if (!result) return super.apiCall(method, options);
    if (!result.ok) throw new WebAPIPlatformError(result as WebAPICallResult & { error: string });
    return result;
  }

  /** The arguments as form fields (with the team), or null when one is not a plain value. */
  private formFields(options: Record<string, unknown>): Record<string, string | number | boolean> | null {
    const fields: Record<string, string | number | boolean> = {};
    if (this.leanTeamId !== undefined && !('team_id' in options)) fields.team_id = this.leanTeamId;
    for (const k in options) {
      const v = options[k];
      if (v === undefined) continue;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return null;
      fields[k] = v;
    }
    return fields;
  }

  /** Stops keeping connections open (at shutdown). */
  close(): void {
    this.lean.close();
  }
}

/** A Web API answer, or null when the body is not one (left to the WebClient). */
function resultOf(body: string): WebAPICallResult | null {
  try {
    const result = JSON.parse(body) as WebAPICallResult;
    return typeof result === 'object' && result !== null && typeof result.ok === 'boolean' ? result : null;
  } catch {
    return null;
  }
}
