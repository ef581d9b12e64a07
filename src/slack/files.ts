import { z } from 'zod';
import { DownloadError, type IncomingFile } from '../app/attachments';
import type { PendingFile } from '../app/requests';
import { readLimited, transientStatus } from '../infra/download';

/** The block and action id of the file inputs (the form's last page, the 別紙資料 modal). */
export const FILE_INPUT_ID = 'attachments';

/** A file object as view_submission carries it in a file_input's state. */
const slackFile = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    title: z.string().nullish(),
    size: z.number().nonnegative().optional(),
    url_private_download: z.string().url().optional(),
    url_private: z.string().url().optional(),
  })
  .passthrough();
export type SlackFile = z.infer<typeof slackFile>;

const fileBlock = z.record(z.string(), z.object({ type: z.string(), files: z.array(z.unknown()).optional() }));

/**
 * The files in a view's file inputs (block FILE_INPUT_ID); malformed entries are skipped.
 * Only that block is read: parsing the whole state for it copied every other input.
 */
export function filesFromState(values: unknown): SlackFile[] {
  const block = values !== null && typeof values === 'object' ? (values as Record<string, unknown>)[FILE_INPUT_ID] : undefined;
  if (block === undefined) return [];
  const parsed = fileBlock.safeParse(block);
  if (!parsed.success) return [];
  const out: SlackFile[] = [];
  for (const el of Object.values(parsed.data)) {
    if (el.type !== 'file_input') continue;
    for (const f of el.files ?? []) {
      const ok = slackFile.safeParse(f);
      if (ok.success) out.push(ok.data);
    }
  }
  return out;
}

/** Files of a view's file inputs, as a draft keeps them. */
export function pendingFromState(values: unknown): PendingFile[] {
  return filesFromState(values).map((f) => ({ id: f.id, name: f.name || f.title || f.id, ref: f }));
}

/** The Slack files a draft kept (entries of another shape are skipped). */
export function slackFilesOf(pending: readonly PendingFile[] | undefined): SlackFile[] {
  return (pending ?? []).flatMap((p) => {
    const f = slackFile.safeParse(p.ref);
    return f.success ? [f.data] : [];
  });
}

/**
 * Hosts the bot token may be sent to: Slack's file hosts, and the Web API's own host
 * (GovSlack, a proxy, the tests' fake). A URL elsewhere is never fetched with the token.
 */
function tokenMayGo(url: URL, apiUrl: string | undefined): boolean {
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:' && (host === 'slack.com' || host.endsWith('.slack.com') || host.endsWith('.slack-gov.com'))) return true;
  if (!apiUrl) return false;
  const api = new URL(apiUrl);
  return url.protocol === api.protocol && url.host === api.host;
}

/**
 * A Slack file as an IncomingFile: downloaded from url_private_download with the bot
 * token. Slack answers a request it will not serve (no files:read, a deleted file) with
 * its HTML sign-in page rather than an error status, so HTML counts as a refusal.
 */
export function slackFileSource(file: SlackFile, a: { token: string; apiUrl?: string; fetchImpl?: typeof fetch; timeoutMs?: number }): IncomingFile {
  const name = file.name || file.title || file.id;
  return {
    name,
    ...(file.size !== undefined ? { declaredSize: file.size } : {}),
    async fetch() {
      const raw = file.url_private_download ?? file.url_private;
      if (!raw) throw new DownloadError(`file ${file.id} has no download URL`, false);
      const url = new URL(raw);
      if (!tokenMayGo(url, a.apiUrl)) throw new DownloadError(`file ${file.id}: download host ${url.host} is not Slack's`, false);
      let res: Response;
      try {
        res = await (a.fetchImpl ?? fetch)(url, {
          headers: { authorization: `Bearer ${a.token}` },
          redirect: 'manual',
          signal: AbortSignal.timeout(a.timeoutMs ?? 60_000),
        });
      } catch (err) {
        throw new DownloadError(`file ${file.id}: ${String(err)}`, true);
      }
      if (transientStatus(res.status)) throw new DownloadError(`file ${file.id}: HTTP ${res.status}`, true);
      if (res.status !== 200) throw new DownloadError(`file ${file.id}: HTTP ${res.status}`, false);
      if ((res.headers.get('content-type') ?? '').startsWith('text/html'))
        throw new DownloadError(`file ${file.id}: Slack answered with a sign-in page (files:read missing?)`, false);
      return readLimited(res, file.id);
    },
  };
}
