import { formatJpDate, formatJpDateShort, weekdayJa, type JpDate, type JpDay } from '../domain/jpdate';
import { ownerLabel, type OrgConfig, type Tier } from '../domain/org';
import type { Actor, AgendaRequest, Conversation } from '../domain/request';
import { Choice } from '../domain/text.ja';
import type { AccessDenied } from '../domain/visibility';
import type { AttachmentSource, FormDocument, FormPart } from '../documents/requestPdf';
import type { MeetingService } from './meetings';
import type { Clock, Repositories } from './ports';
import type { Visibility } from './visibility';

/**
 * pdfkit, pdf-lib and the 7.7 MB font are loaded with the first document, not at start:
 * together some 50 MB of memory that a bot nobody asks for a PDF never carries. The first
 * PDF after a start takes about a second longer (README, Benchmarks).
 */
const pdf = () => import('../documents/requestPdf');

const noAttachments: AttachmentSource = {
  listFor: async () => [],
  content: async () => null,
};

/**
 * The paper documents of a request and of a meeting: the 案件申込書 PDF and the
 * 庁議資料 packet. Who asks is checked here with the one visibility rule: only the
 * secretariat or someone who may see a request gets its PDF, and a packet lists only
 * the items its reader may see.
 */

export interface DocumentDeps {
  repos: Repositories;
  org: OrgConfig;
  clock: Clock;
  meetings: Pick<MeetingService, 'minutes'>;
  attachments?: AttachmentSource;
  visibility: Pick<Visibility, 'viewerFor' | 'mayShow' | 'filter'>;
}

export type DocumentRefusal = { ok: false; reason: AccessDenied | 'not_found' | 'hidden' };
export type DocumentResult = { ok: true; pdf: Buffer; filename: string; request: AgendaRequest } | DocumentRefusal;
export type PacketResult = { ok: true; pdf: Buffer; filename: string; items: AgendaRequest[]; hidden: number } | { ok: false; reason: AccessDenied };

const show = (d: JpDate | null, org: OrgConfig) => (d ? formatJpDate(d, org.dateDisplay) : '');

/** The form's values as printed on the paper (dates in the org's display, the 経過 table short). */
export function formDocument(r: AgendaRequest, org: OrgConfig, records: FormDocument['records']): FormDocument {
  const f = r.form;
  return {
    caseNo: r.caseNo,
    title: f.title,
    filedOn: formatJpDate(f.filedOn, org.dateDisplay),
    owner: f.owner,
    summary: f.summary,
    points: f.points,
    desiredDates: org.tiers.map((t) => ({ tier: t.name, date: f.desiredDates[t.id] ? show(f.desiredDates[t.id]!, org) : null })),
    ordinance: f.ordinance.required ? `${Choice.ordinance.required}（${f.ordinance.detail}）` : Choice.ordinance.none,
    councilSession: f.councilSession,
    publicComment: {
      choice: f.publicComment.planned ? Choice.publicComment.planned : Choice.publicComment.none,
      period: f.publicComment.planned ? show(f.publicComment.period, org) : '',
    },
    councilInfo: { kind: f.councilInfo.kind || Choice.councilInfoNone, period: f.councilInfo.kind ? show(f.councilInfo.period, org) : '' },
    coordination: f.coordination,
    history: f.history.map((h) => ({ date: h.date ? formatJpDateShort(h.date) : '', meeting: h.meeting, content: h.content })),
    remarks: f.remarks,
    records,
  };
}

/** A file name that is safe in a Content-Disposition header and on every file system. */
export const pdfFilename = (caseNo: string) => `${caseNo.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`;

export function createDocumentService(deps: DocumentDeps) {
  const { repos, org, clock } = deps;
  const attachments = deps.attachments ?? noAttachments;

  async function part(request: AgendaRequest): Promise<FormPart> {
    const { records } = await deps.meetings.minutes(request.id);
    return {
      form: formDocument(
        request,
        org,
        records.map((r) => r.minutes),
      ),
      attachments: await (await pdf()).prepareAttachments(attachments, request.id),
    };
  }

  /** The PDF of one request, for a caller already trusted (the admin command line). */
  async function build(request: AgendaRequest): Promise<Buffer> {
    return (await pdf()).requestPdf(await part(request), { title: `${request.caseNo} ${request.form.title}`, now: clock.now() });
  }

  /** A request named by its id or its case number (R8-001). */
  async function find(idOrCaseNo: string): Promise<AgendaRequest | null> {
    const key = idOrCaseNo.trim();
    return (await repos.requests.getByCaseNo(key.toUpperCase())) ?? (await repos.requests.get(key));
  }

  /** The items of a tier's meeting on a day, in agenda order. */
  async function agendaItems(tier: Tier, day: JpDay): Promise<AgendaRequest[]> {
    const iso = `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
    return (await repos.requests.listByTierDate(tier.id, iso, iso)).map((s) => s.request);
  }

  async function buildPacket(tier: Tier, day: JpDay, items: AgendaRequest[], hidden: number): Promise<Buffer> {
    const parts: FormPart[] = [];
    for (const r of items) parts.push(await part(r));
    return (await pdf()).packetPdf(
      {
        tier: tier.name,
        date: `${formatJpDate(day, org.dateDisplay)}(${weekdayJa(day)})`,
        time: tier.time,
        items: items.map((r) => ({ caseNo: r.caseNo, title: r.form.title, owner: ownerLabel(r.form.owner) })),
        hidden,
      },
      parts,
      { title: `${tier.name} ${formatJpDate(day, org.dateDisplay)} 庁議資料`, now: clock.now() },
    );
  }

  const packetName = (tier: Tier, day: JpDay) =>
    `shiryo-${tier.id}-${day.year}${String(day.month).padStart(2, '0')}${String(day.day).padStart(2, '0')}.pdf`;

  return {
    find,
    build,

    /** Whether `actor`, asking in `here`, may get the request's PDF (before a link is handed out). */
    async accessFor(actor: Actor, here: Conversation | null, idOrCaseNo: string): Promise<{ ok: true; request: AgendaRequest } | DocumentRefusal> {
      const access = await deps.visibility.viewerFor(actor, here);
      if (!access.ok) return access;
      const request = await find(idOrCaseNo);
      if (!request) return { ok: false, reason: 'not_found' };
      if (!(await deps.visibility.mayShow(access.viewer, request))) return { ok: false, reason: 'hidden' };
      return { ok: true, request };
    },

    /** The items of a meeting `actor`, asking in `here`, may see (for a packet link), and how many others there are. */
    async packetItemsFor(
      actor: Actor,
      here: Conversation | null,
      tier: Tier,
      day: JpDay,
    ): Promise<{ ok: true; items: AgendaRequest[]; hidden: number } | { ok: false; reason: AccessDenied }> {
      const access = await deps.visibility.viewerFor(actor, here);
      if (!access.ok) return access;
      const all = await agendaItems(tier, day);
      try {
        const items = await deps.visibility.filter(access.viewer, all);
        return { ok: true, items, hidden: all.length - items.length };
      } catch {
        return { ok: false, reason: 'lookup_failed' };
      }
    },

    /** The packet of exactly these items (decided when the link was given), still on that meeting's agenda. */
    async packetOf(tier: Tier, day: JpDay, ids: string[], hidden: number): Promise<{ pdf: Buffer; filename: string }> {
      const onAgenda = new Map((await agendaItems(tier, day)).map((r) => [r.id, r]));
      const items = ids.flatMap((id) => (onAgenda.has(id) ? [onAgenda.get(id)!] : []));
      return { pdf: await buildPacket(tier, day, items, hidden), filename: packetName(tier, day) };
    },

    /** The PDF for `actor` asking in `here` (null for a link opened outside a conversation). */
    async requestPdfFor(actor: Actor, here: Conversation | null, idOrCaseNo: string): Promise<DocumentResult> {
      const access = await deps.visibility.viewerFor(actor, here);
      if (!access.ok) return access;
      const request = await find(idOrCaseNo);
      // Unknown and not visible read the same to the asker: a case number is no oracle.
      if (!request) return { ok: false, reason: 'not_found' };
      if (!(await deps.visibility.mayShow(access.viewer, request))) return { ok: false, reason: 'hidden' };
      return { ok: true, pdf: await build(request), filename: pdfFilename(request.caseNo), request };
    },

    /** The PDF of a request by id for a signed link's holder (the link was given to someone who could see it). */
    async requestPdfById(id: string): Promise<{ pdf: Buffer; filename: string } | null> {
      const request = await repos.requests.get(id);
      return request ? { pdf: await build(request), filename: pdfFilename(request.caseNo) } : null;
    },

    /** The meeting's 庁議資料 for a trusted caller (the admin command line): every item. */
    async packet(tier: Tier, day: JpDay): Promise<{ pdf: Buffer; filename: string; items: AgendaRequest[] }> {
      const items = await agendaItems(tier, day);
      return { pdf: await buildPacket(tier, day, items, 0), filename: packetName(tier, day), items };
    },

    /** The 庁議資料 as `actor` may see it: the secretariat gets every item, others the visible ones. */
    async packetFor(actor: Actor, here: Conversation | null, tier: Tier, day: JpDay): Promise<PacketResult> {
      const access = await deps.visibility.viewerFor(actor, here);
      if (!access.ok) return access;
      const all = await agendaItems(tier, day);
      let items: AgendaRequest[];
      try {
        items = await deps.visibility.filter(access.viewer, all);
      } catch {
        return { ok: false, reason: 'lookup_failed' };
      }
      const hidden = all.length - items.length;
      return { ok: true, pdf: await buildPacket(tier, day, items, hidden), filename: packetName(tier, day), items, hidden };
    },
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
