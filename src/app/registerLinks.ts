import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Actor, Conversation } from '../domain/request';
import type { Clock } from './ports';
import { RegisterText, registerXlsx, type Register, type VisibleFilter } from './register';
import type { OrgConfig } from '../domain/org';

/**
 * Signed, expiring links to the 年度 register (Teams has no file upload for bots in
 * channels): the link names the 年度 and the person, and the rows are decided again
 * when it is opened, by the same visibility rule, so a link passed on shows nothing
 * more than its owner may see and nothing after it expires.
 */
export function createRegisterLinks(a: {
  register: Register;
  org: OrgConfig;
  clock: Clock;
  secret: string;
  publicUrl: string;
  /** The visibility service's filter; absent = the secretariat all, others their own. */
  visible?: () => VisibleFilter | undefined;
  ttlMinutes?: number;
}) {
  const base = a.publicUrl.replace(/\/+$/, '');
  const ttlMinutes = a.ttlMinutes ?? 15;
  const sign = (payload: string) => createHmac('sha256', a.secret).update(`register|${payload}`).digest('hex').slice(0, 40);
  const payloadOf = (fy: number, who: string, where: string, exp: number) => `${fy}|${who}|${where}|${exp}`;
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

  return {
    ttlMinutes,

    /**
     * A link for `actor`, asked in `here` (the personal chat): the rows are decided for
     * that person in that conversation when it is opened (Teams can say who someone is
     * only within a conversation).
     */
    link(actor: Actor, fiscalYear: number, here: Conversation): string {
      const who = b64(`${actor.platform}:${actor.userId}`);
      const where = b64(here.channelId);
      const exp = Math.floor(a.clock.now().getTime() / 1000) + ttlMinutes * 60;
      const q = new URLSearchParams({ u: who, c: where, exp: String(exp), sig: sign(payloadOf(fiscalYear, who, where, exp)) });
      return `${base}/register/${fiscalYear}.xlsx?${q.toString()}`;
    },

    /** The file for a signed, unexpired link, or null (bad signature, expired, not allowed). */
    async serve(path: string, query: URLSearchParams): Promise<{ filename: string; bytes: Buffer } | null> {
      const m = /^\/register\/(\d{4})\.xlsx$/.exec(path);
      const who = query.get('u') ?? '';
      const where = query.get('c') ?? '';
      const exp = Number(query.get('exp'));
      const sig = query.get('sig') ?? '';
      if (!m || !who || !Number.isInteger(exp)) return null;
      const fy = Number(m[1]);
      const want = Buffer.from(sign(payloadOf(fy, who, where, exp)));
      const got = Buffer.from(sig);
      if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
      if (exp * 1000 < a.clock.now().getTime()) return null;
      const [platform, ...rest] = Buffer.from(who, 'base64url').toString('utf8').split(':');
      if (platform !== 'slack' && platform !== 'teams') return null;
      const actor: Actor = { platform, userId: rest.join(':') };
      const here: Conversation = { platform: actor.platform, channelId: Buffer.from(where, 'base64url').toString('utf8') };
      const rows = await a.register.rows(fy, { actor, here, visible: a.visible?.() });
      if (!rows.ok) return null;
      return { filename: RegisterText.fileName(fy, 'xlsx'), bytes: await registerXlsx(a.org, fy, rows.rows) };
    },
  };
}

export type RegisterLinks = ReturnType<typeof createRegisterLinks>;
