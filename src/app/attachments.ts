import { createHmac, timingSafeEqual } from 'node:crypto';
import { AttachmentLimits, cleanFileName, sniffFileType, type Attachment, type FileProblem } from '../domain/attachment';

export type { FileProblem };
import type { OrgConfig } from '../domain/org';
import type { Actor } from '../domain/request';
import type { Logger } from '../infra/logger';
import type { Clock, Repositories } from './ports';
import { mayEdit } from './requests';
import { orgRoles, type Roles } from './visibility';

/**
 * A file a person handed over on a platform, not yet downloaded. `fetch` downloads it
 * (with the bot's credentials); it throws a `DownloadError`, transient or not.
 */
export interface IncomingFile {
  name: string;
  /** The size the platform declares, when it says: a file over the limit is not downloaded at all. */
  declaredSize?: number;
  fetch(): Promise<Buffer>;
}

/** A failed download: `transient` ones (timeouts, 5xx, 429) are tried again. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** A download stopped because the file is over the limit (its size as far as it was seen). */
export class FileTooLarge extends Error {
  constructor(readonly size: number) {
    super(`file of ${size} bytes is over the limit`);
    this.name = 'FileTooLarge';
  }
}

export type FileOutcome = { name: string } & ({ ok: true; attachment: Attachment } | { ok: false; problem: FileProblem });

export type AttachOutcome = { kind: 'done'; files: FileOutcome[] } | { kind: 'not_found' } | { kind: 'forbidden' };

/** A file received and checked, its bytes stored, not yet on a request (Teams: the person picks one next). */
export interface StagedFile {
  name: string;
  sha256: string;
  size: number;
}

export type LinkOutcome = { kind: 'added'; attachment: Attachment } | { kind: 'bad_link' } | { kind: 'not_found' } | { kind: 'forbidden' };

/** Where linked material may live: the city's SharePoint/OneDrive (https only). */
export function isAcceptedLink(text: string): boolean {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  return /(^|\.)sharepoint\.com$/.test(host) || /(^|\.)sharepoint\.us$/.test(host) || host === 'onedrive.live.com' || host === '1drv.ms';
}

export interface AttachmentDeps {
  repos: Pick<Repositories, 'attachments' | 'requests'>;
  org: OrgConfig;
  clock: Clock;
  logger: Logger;
  /** Who is 庁議事務局 (the role service); default the org file's lists. */
  roles?: Pick<Roles, 'isSecretariat'>;
  /**
   * Called after a request's 別紙資料 changed (added or removed): its reminders depend on
   * them (the 別紙資料 before a cut-off). Failures are logged, never the person's.
   */
  onChanged?: (requestId: string) => Promise<void>;
  /** Waits between download tries (default 0.5 s, 2 s); tests pass a no-wait. */
  wait?: (ms: number) => Promise<void>;
  retryDelaysMs?: readonly number[];
}

const defaultWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * 別紙資料: files and links on a request. chogi keeps its own copy of every file (a
 * person may delete theirs; the record may not lose it). Each file is checked on its
 * own: one refused file never costs the others or the request.
 */
export function createAttachmentService(deps: AttachmentDeps) {
  const { repos, org, clock, logger } = deps;
  const roles = deps.roles ?? orgRoles(org);
  const wait = deps.wait ?? defaultWait;
  const delays = deps.retryDelaysMs ?? [500, 2000];

  async function changed(requestId: string, any: boolean): Promise<void> {
    if (!any || !deps.onChanged) return;
    await deps.onChanged(requestId).catch((err: unknown) => logger.error('after 別紙資料 changed', { requestId, error: String(err) }));
  }

  async function download(file: IncomingFile): Promise<Buffer> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await file.fetch();
      } catch (err) {
        if (err instanceof FileTooLarge) throw err;
        const transient = err instanceof DownloadError ? err.transient : true;
        if (!transient || attempt >= delays.length) throw err;
        logger.info('attachment download failed, trying again', { name: file.name, attempt: attempt + 1, error: String(err) });
        await wait(delays[attempt]);
      }
    }
  }

  async function editable(requestId: string, actor: Actor): Promise<'ok' | 'not_found' | 'forbidden'> {
    const request = await repos.requests.get(requestId);
    if (!request) return 'not_found';
    return (await mayEdit(roles, request, actor)) ? 'ok' : 'forbidden';
  }

  /** Stores one checked file. */
  async function store(requestId: string, actor: Actor, name: string, bytes: Buffer): Promise<FileOutcome> {
    const type = sniffFileType(bytes, name) as { ok: true; mime: string };
    const attachment = await repos.attachments.add({ requestId, kind: 'file', name, mime: type.mime, bytes, addedBy: actor, now: clock.now() });
    if (!attachment) throw new Error(`request ${requestId} vanished while attaching`);
    return { name, ok: true, attachment };
  }

  /** Downloads and checks one file: its bytes, or why not. */
  async function receive(file: IncomingFile, name: string): Promise<{ ok: true; bytes: Buffer } | { ok: false; problem: FileProblem }> {
    if (file.declaredSize !== undefined && file.declaredSize > AttachmentLimits.maxBytes)
      return { ok: false, problem: { kind: 'too_big', size: file.declaredSize } };
    let bytes: Buffer;
    try {
      bytes = await download(file);
    } catch (err) {
      if (err instanceof FileTooLarge) return { ok: false, problem: { kind: 'too_big', size: err.size } };
      logger.warn('attachment download failed', { name, error: String(err) });
      return { ok: false, problem: { kind: 'download_failed' } };
    }
    const problem = check(bytes, name);
    return problem ? { ok: false, problem } : { ok: true, bytes };
  }

  function check(bytes: Buffer, name: string): FileProblem | null {
    if (bytes.length > AttachmentLimits.maxBytes) return { kind: 'too_big', size: bytes.length };
    if (bytes.length === 0) return { kind: 'empty' };
    const type = sniffFileType(bytes, name);
    if (!type.ok) return type.reason === 'refused' ? { kind: 'refused_type', what: type.what } : { kind: 'unknown_type' };
    return null;
  }

  return {
    /**
     * Receives files before the person has said which request they belong to (Teams:
     * a download URL expires in minutes, so it is fetched at once). Each is checked and
     * its bytes stored; attachStaged puts them on a request.
     */
    async stage(files: IncomingFile[]): Promise<{ staged: StagedFile[]; refused: { name: string; problem: FileProblem }[] }> {
      const staged: StagedFile[] = [];
      const refused: { name: string; problem: FileProblem }[] = [];
      for (const [i, file] of files.entries()) {
        const name = cleanFileName(file.name);
        if (i >= AttachmentLimits.perSubmission) {
          refused.push({ name, problem: { kind: 'too_many' } });
          continue;
        }
        const got = await receive(file, name);
        if (!got.ok) refused.push({ name, problem: got.problem });
        else staged.push({ name, sha256: await repos.attachments.putBlob(got.bytes, clock.now()), size: got.bytes.length });
      }
      return { staged, refused };
    },

    /**
     * Puts staged files on a request for the filer or the secretariat. The type is
     * sniffed again from the stored bytes: what comes back from a card is not trusted.
     */
    async attachStaged(requestId: string, actor: Actor, files: { name: string; sha256: string }[]): Promise<AttachOutcome> {
      const may = await editable(requestId, actor);
      if (may !== 'ok') return { kind: may };
      const room = Math.min(AttachmentLimits.perSubmission, AttachmentLimits.perRequest - (await repos.attachments.listFor(requestId)).length);
      const out: FileOutcome[] = [];
      for (const [i, f] of files.entries()) {
        const name = cleanFileName(f.name);
        const bytes = /^[0-9a-f]{64}$/.test(f.sha256) ? await repos.attachments.blob(f.sha256) : null;
        if (i >= room) out.push({ name, ok: false, problem: { kind: 'too_many' } });
        else if (!bytes) out.push({ name, ok: false, problem: { kind: 'download_failed' } });
        else {
          const problem = check(bytes, name);
          if (problem) out.push({ name, ok: false, problem });
          else {
            const type = sniffFileType(bytes, name) as { ok: true; mime: string };
            const attachment = await repos.attachments.add({
              requestId,
              kind: 'file',
              name,
              mime: type.mime,
              sha256: f.sha256,
              addedBy: actor,
              now: clock.now(),
            });
            if (!attachment) return { kind: 'not_found' };
            out.push({ name, ok: true, attachment });
          }
        }
      }
      await changed(
        requestId,
        out.some((f) => f.ok),
      );
      return { kind: 'done', files: out };
    },

    /**
     * Downloads, checks and stores up to 10 files for the filer or the secretariat. Every
     * file gets its own outcome; files beyond the limits are reported, not dropped silently.
     */
    async addFiles(requestId: string, actor: Actor, files: IncomingFile[]): Promise<AttachOutcome> {
      const may = await editable(requestId, actor);
      if (may !== 'ok') return { kind: may };
      const room = Math.min(AttachmentLimits.perSubmission, AttachmentLimits.perRequest - (await repos.attachments.listFor(requestId)).length);
      const out: FileOutcome[] = [];
      for (const [i, file] of files.entries()) {
        const name = cleanFileName(file.name);
        if (i >= room) {
          out.push({ name, ok: false, problem: { kind: 'too_many' } });
          continue;
        }
        const got = await receive(file, name);
        if (!got.ok) {
          out.push({ name, ok: false, problem: got.problem });
          continue;
        }
        out.push(await store(requestId, actor, name, got.bytes));
      }
      await changed(
        requestId,
        out.some((f) => f.ok),
      );
      return { kind: 'done', files: out };
    },

    /** A link to material kept in SharePoint/OneDrive; no bytes are stored. */
    async addLink(requestId: string, actor: Actor, a: { url: string; name?: string }): Promise<LinkOutcome> {
      if (!isAcceptedLink(a.url)) return { kind: 'bad_link' };
      const may = await editable(requestId, actor);
      if (may !== 'ok') return { kind: may };
      const url = new URL(a.url.trim()).toString();
      const fallback = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? '') || new URL(url).hostname;
      const name = cleanFileName(a.name?.trim() || fallback);
      const attachment = await repos.attachments.add({ requestId, kind: 'link', name, mime: 'text/uri-list', url, addedBy: actor, now: clock.now() });
      await changed(requestId, !!attachment);
      return attachment ? { kind: 'added', attachment } : { kind: 'not_found' };
    },

    /** Removes (marks) attachments of one request; the record and the bytes stay. */
    async remove(
      requestId: string,
      actor: Actor,
      ids: string[],
    ): Promise<{ kind: 'done'; removed: Attachment[] } | { kind: 'not_found' | 'forbidden' }> {
      const may = await editable(requestId, actor);
      if (may !== 'ok') return { kind: may };
      const removed: Attachment[] = [];
      for (const id of ids) {
        const a = await repos.attachments.get(id);
        // An id of another request is ignored: permission was checked for this one only.
        if (!a || a.requestId !== requestId) continue;
        const r = await repos.attachments.remove(id, actor, clock.now());
        if (r) removed.push(r);
      }
      await changed(requestId, removed.length > 0);
      return { kind: 'done', removed };
    },

    list: (requestId: string) => repos.attachments.listFor(requestId),

    /** A file's metadata and bytes for a download; null for a link, an unknown id or a removed one. */
    async open(id: string): Promise<{ attachment: Attachment; bytes: Buffer } | null> {
      const attachment = await repos.attachments.get(id);
      if (!attachment || attachment.kind !== 'file' || attachment.removedAt) return null;
      const bytes = await repos.attachments.content(id);
      return bytes ? { attachment, bytes } : null;
    },
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;

/**
 * Signed, expiring download links (`/files/<id>?exp=…&sig=…`), as the .ics links are
 * signed: only a link the bot handed out works, and only until it expires.
 */
export function createFileLinks(a: { secret: string; publicUrl: string; clock: Clock; ttlMs?: number }) {
  const base = a.publicUrl.replace(/\/+$/, '');
  const ttl = a.ttlMs ?? 7 * 86_400_000;
  const sign = (id: string, exp: number) => createHmac('sha256', a.secret).update(`file\u0000${id}\u0000${exp}`).digest('hex').slice(0, 32);
  return {
    /** Links are made when a post is rendered: each refresh of the post renews them. */
    link(id: string): string {
      // Rounded to the hour so a post rendered twice in an hour carries the same link.
      const exp = Math.ceil((a.clock.now().getTime() + ttl) / 3_600_000) * 3600;
      return `${base}/files/${encodeURIComponent(id)}?exp=${exp}&sig=${sign(id, exp)}`;
    },
    /** The attachment id of a valid, unexpired link, or null. */
    verify(id: string, exp: string | null, sig: string | null): string | null {
      if (!exp || !/^\d{1,12}$/.test(exp) || !sig) return null;
      const want = Buffer.from(sign(id, Number(exp)));
      const got = Buffer.from(sig);
      if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
      return Number(exp) * 1000 > a.clock.now().getTime() ? id : null;
    },
  };
}

export type FileLinks = ReturnType<typeof createFileLinks>;

/** What a post shows of one 別紙資料: name, size, and where it opens (null without PUBLIC_URL/LINK_SECRET). */
export interface AttachmentLine {
  id: string;
  kind: 'file' | 'link';
  name: string;
  size: number;
  url: string | null;
}

/** A request's 別紙資料 as a post lists them: files through signed links, links as they are. */
export function attachmentLinks(service: Pick<AttachmentService, 'list'>, links: FileLinks | null) {
  return async (requestId: string): Promise<AttachmentLine[]> =>
    (await service.list(requestId)).map((a) => ({
      id: a.id,
      kind: a.kind,
      name: a.name,
      size: a.size,
      url: a.kind === 'link' ? a.url : links ? links.link(a.id) : null,
    }));
}
