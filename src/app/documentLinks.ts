import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from './ports';

/**
 * Signed, expiring links to a request's PDF and to a meeting's 庁議資料 (Teams has no file
 * upload for a bot in a channel; a link needs no file consent). A request link is given
 * only to someone who may see the request; a packet link carries, signed, the items its
 * person could see when they asked (a link opened in a browser has no conversation to
 * check them in). Both stop working after `ttlMs`: a forwarded link dies soon.
 */
export type LinkTarget = { kind: 'request'; requestId: string } | { kind: 'packet'; tierId: string; day: string; items: string[]; hidden: number };

export function createDocumentLinks(a: { secret: string; publicUrl: string; clock: Clock; ttlMs?: number }) {
  const base = a.publicUrl.replace(/\/+$/, '');
  const ttlMs = a.ttlMs ?? 15 * 60_000;
  // A key of its own, so a calendar link's signature never signs a PDF path.
  const sign = (what: string) => createHmac('sha256', `pdf:${a.secret}`).update(what).digest('hex').slice(0, 40);
  const expiry = () => String(Math.floor((a.clock.now().getTime() + ttlMs) / 1000));

  function verify(what: string, sig: string | null): boolean {
    if (!sig) return false;
    const want = Buffer.from(sign(what));
    const got = Buffer.from(sig);
    return got.length === want.length && timingSafeEqual(got, want);
  }

  return {
    ttlMinutes: Math.round(ttlMs / 60_000),

    requestLink(requestId: string): string {
      const path = `/pdf/request/${encodeURIComponent(requestId)}`;
      const exp = expiry();
      return `${base}${path}?exp=${exp}&sig=${sign(`${path}\n${exp}`)}`;
    },

    packetLink(tierId: string, day: string, items: string[], hidden: number): string {
      const path = `/pdf/packet/${encodeURIComponent(tierId)}/${day}`;
      const exp = expiry();
      const list = items.map(encodeURIComponent).join(',');
      return `${base}${path}?items=${list}&hidden=${hidden}&exp=${exp}&sig=${sign(`${path}\n${list}\n${hidden}\n${exp}`)}`;
    },

    /** What a signed URL names, 'expired', or null (not a link we gave). */
    check(path: string, params: URLSearchParams): LinkTarget | 'expired' | null {
      const exp = params.get('exp');
      if (!exp || !/^\d{1,12}$/.test(exp)) return null;
      const request = /^\/pdf\/request\/([^/]+)$/.exec(path);
      const packet = /^\/pdf\/packet\/([^/]+)\/(\d{4}-\d{2}-\d{2})$/.exec(path);
      let target: LinkTarget | null = null;
      if (request && verify(`${path}\n${exp}`, params.get('sig'))) target = { kind: 'request', requestId: decodeURIComponent(request[1]) };
      // URLSearchParams decodes: sign what was signed, the list as it was encoded.
      const items = (params.get('items') ?? '').split(',').filter(Boolean);
      const list = items.map(encodeURIComponent).join(',');
      const hidden = params.get('hidden') ?? '';
      if (packet && /^\d{1,4}$/.test(hidden) && verify(`${path}\n${list}\n${hidden}\n${exp}`, params.get('sig'))) {
        target = { kind: 'packet', tierId: decodeURIComponent(packet[1]), day: packet[2], items, hidden: Number(hidden) };
      }
      if (!target) return null;
      return Number(exp) * 1000 <= a.clock.now().getTime() ? 'expired' : target;
    },
  };
}

export type DocumentLinks = ReturnType<typeof createDocumentLinks>;
