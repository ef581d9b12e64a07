import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AttachmentService, FileLinks } from '../app/attachments';
import type { Logger } from '../infra/logger';

/** RFC 5987/6266: an ASCII fallback plus the UTF-8 name; the name is never a path. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'file';
  const utf8 = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store' });
  res.end(text);
}

/**
 * GET /files/<id>?exp=…&sig=…: a 別紙資料 through a signed, expiring link. Returns false
 * when the path is not ours. Unknown, removed, expired or badly signed: the same 404, so
 * a link reveals nothing about what exists.
 */
export function fileRoute(deps: { links: FileLinks | null; attachments: AttachmentService; logger: Logger }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/files\/([^/]+)$/.exec(url.pathname);
    if (!m || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    if (!deps.links) {
      plain(res, 404, '別紙資料のリンクが設定されていません（PUBLIC_URL, LINK_SECRET）。');
      return true;
    }
    let id: string;
    try {
      id = decodeURIComponent(m[1]);
    } catch {
      plain(res, 404, 'リンクが正しくないか、有効期限が切れています。');
      return true;
    }
    if (!deps.links.verify(id, url.searchParams.get('exp'), url.searchParams.get('sig'))) {
      plain(res, 404, 'リンクが正しくないか、有効期限が切れています。投稿された申込書からもう一度開いてください。');
      return true;
    }
    void deps.attachments.open(id).then(
      (file) => {
        if (!file) return plain(res, 404, 'この別紙資料は見つかりませんでした（削除された可能性があります）。');
        res.writeHead(200, {
          'content-type': file.attachment.mime,
          'content-length': String(file.bytes.length),
          'content-disposition': contentDisposition(file.attachment.name),
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : file.bytes);
      },
      (err: unknown) => {
        deps.logger.error('attachment download failed', { id, error: String(err) });
        plain(res, 500, 'internal error');
      },
    );
    return true;
  };
}
