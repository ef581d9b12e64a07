import type { AttachmentService, FileLinks } from '../app/attachments';
import type { GetRoute } from './routes';

/**
 * GET /files/<id>?exp=…&sig=…: a 別紙資料 through a signed, expiring link, with its stored
 * type (sniffed from the content when it was received) and its name as the download
 * name, never as a path. Unknown, removed, expired or badly signed: the same 404, so a
 * link reveals nothing about what exists.
 */
export function fileRoute(links: FileLinks, attachments: Pick<AttachmentService, 'open'>): GetRoute {
  return async (path, query) => {
    const m = /^\/files\/([^/]+)$/.exec(path);
    if (!m) return null;
    let id: string;
    try {
      id = decodeURIComponent(m[1]);
    } catch {
      return null;
    }
    if (!links.verify(id, query.get('exp'), query.get('sig'))) return null;
    const file = await attachments.open(id);
    return file ? { body: file.bytes, type: file.attachment.mime, filename: file.attachment.name } : null;
  };
}
