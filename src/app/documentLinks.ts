import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from './ports';

/**
 * Signed, expiring links to a request's PDF (Teams has no file upload for a bot in a
 * channel; a link needs no file consent). The link is given only to someone who may see
 * the request, and stops working after `ttlMs`: a forwarded link dies soon.
 */
export function createDocumentLinks(a: { secret: string; publicUrl: string; clock: Clock; ttlMs?: number }) {
  const base = a.publicUrl.replace(/\/+$/, '');
  const ttlMs = a.ttlMs ?? 15 * 60_000;
  // A key of its own, so a calendar link's signature never signs a PDF path.
  const sign = (path: string, exp: string) => createHmac('sha256', `pdf:${a.secret}`).update(`${path}\n${exp}`).digest('hex').slice(0, 40);

  return {
    ttlMinutes: Math.round(ttlMs / 60_000),

    requestLink(requestId: string): string {
      const path = `/pdf/request/${encodeURIComponent(requestId)}`;
      const exp = String(Math.floor((a.clock.now().getTime() + ttlMs) / 1000));
      return `${base}${path}?exp=${exp}&sig=${sign(path, exp)}`;
    },

    /** What a signed path names: the request id, 'expired', or null (not a link we gave). */
    check(path: string, exp: string | null, sig: string | null): { requestId: string } | 'expired' | null {
      if (!exp || !/^\d{1,12}$/.test(exp) || !sig) return null;
      const want = Buffer.from(sign(path, exp));
      const got = Buffer.from(sig);
      if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
      const m = /^\/pdf\/request\/([^/]+)$/.exec(path);
      if (!m) return null;
      if (Number(exp) * 1000 <= a.clock.now().getTime()) return 'expired';
      return { requestId: decodeURIComponent(m[1]) };
    },
  };
}

export type DocumentLinks = ReturnType<typeof createDocumentLinks>;
