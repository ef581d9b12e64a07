import { formatJpDate, fiscalYearText, type JpDate, type JpDay } from '../domain/jpdate';
import type { OrgConfig } from '../domain/org';
import type { Actor, AgendaRequest, Conversation } from '../domain/request';
import { requestStatus } from '../domain/status';
import { Choice, FieldLabel } from '../domain/text.ja';
import { tokyoToday } from '../domain/jpdate';
import type { Clock, Repositories } from './ports';
import type { Visibility, Visible } from './visibility';

/**
 * The 年度 register (庁議案件一覧): one row per request of the 年度, withdrawn ones
 * included (their fate is part of the record), as Excel (real dates in 和暦 format,
 * ready to print) or CSV. Rows go through the visibility rule before they are written.
 */
export interface RegisterRow {
  caseNo: string;
  filedOn: JpDay;
  title: string;
  bureau: string;
  department: string;
  unit: string;
  /** Per tier, in the org's order: 審議希望日 and the result recorded. */
  tiers: { date: JpDay | null; result: string }[];
  publicComment: string;
  councilInfo: string;
  councilSession: string;
  status: string;
}

/** What a person may see of some requests (the visibility service's `visible`). */
export type VisibleFilter = (actor: Actor, here: Conversation | null, requests: AgendaRequest[]) => Promise<Visible<AgendaRequest>>;

/** The visibility service as a filter of requests; undefined while it is not wired. */
export function visibleFilter(v: Visibility | undefined): VisibleFilter | undefined {
  return v ? (actor, here, requests) => v.visible(actor, here, requests, (r) => r) : undefined;
}

export const RegisterText = {
  sheet: (fy: number) => fiscalYearText(fy),
  title: (fy: number) => `${fiscalYearText(fy)} 庁議案件一覧`,
  caseNo: '案件番号',
  bureau: '所管（局）',
  department: '所管（部）',
  unit: '所管（担当）',
  tierDate: (tier: string) => `${tier} 審議希望日`,
  tierResult: (tier: string) => `${tier} 結果`,
  status: '状況',
  fileName: (fy: number, ext: 'xlsx' | 'csv') => `庁議案件一覧_${fiscalYearText(fy)}.${ext}`,
} as const;

/** 和暦 date format for Excel (元年 for year 1): the cell holds a real date, so it sorts. */
export const WAREKI_FORMAT = '[$-ja-JP-x-gannen]ggge"年"m"月"d"日"';

export function registerHeaders(org: OrgConfig): string[] {
  return [
    RegisterText.caseNo,
    FieldLabel.filedOn,
    FieldLabel.title,
    RegisterText.bureau,
    RegisterText.department,
    RegisterText.unit,
    ...org.tiers.flatMap((t) => [RegisterText.tierDate(t.name), RegisterText.tierResult(t.name)]),
    FieldLabel.publicComment,
    FieldLabel.councilInfoKind,
    FieldLabel.councilSession,
    RegisterText.status,
  ];
}

const period = (d: JpDate | null, display: OrgConfig['dateDisplay']) => (d ? formatJpDate(d, display) : '未定');

export function createRegister({ repos, org, clock }: { repos: Pick<Repositories, 'requests' | 'reviews'>; org: OrgConfig; clock: Clock }) {
  const display = org.dateDisplay;

  function rowOf(r: AgendaRequest, reviews: { tierId: string; result: string; attendance: string[] | null; opinionSeq: number }[]): RegisterRow {
    const f = r.form;
    return {
      caseNo: r.caseNo,
      filedOn: f.filedOn,
      title: f.title,
      bureau: f.owner.bureau,
      department: f.owner.department,
      unit: f.owner.unit ?? '',
      tiers: org.tiers.map((t) => ({ date: f.desiredDates[t.id] ?? null, result: reviews.find((x) => x.tierId === t.id)?.result ?? '' })),
      publicComment: f.publicComment.planned
        ? `${Choice.publicComment.planned}（${period(f.publicComment.period, display)}）`
        : Choice.publicComment.none,
      councilInfo: f.councilInfo.kind ? `${f.councilInfo.kind}（${period(f.councilInfo.period, display)}）` : Choice.councilInfoNone,
      councilSession: f.councilSession,
      status: requestStatus(org, r, reviews, tokyoToday(clock.now())).label,
    };
  }

  /**
   * The rows `actor` may have: with the visibility service, exactly what it lets them
   * see; without it (the CLI's 'all' aside), fail closed: the secretariat gets every
   * row, anyone else only the requests they filed.
   */
  async function rows(
    fiscalYear: number,
    who: { actor: Actor; here: Conversation | null; visible?: VisibleFilter } | 'all',
  ): Promise<{ ok: true; rows: RegisterRow[] } | { ok: false; reason: string }> {
    let requests = await repos.requests.listByFiscalYear(fiscalYear);
    if (who !== 'all') {
      if (who.visible) {
        const v = await who.visible(who.actor, who.here, requests);
        if (!v.ok) return { ok: false, reason: v.reason };
        requests = v.items;
      } else {
        // Without the visibility rule wired, only what the person filed (fail closed).
        requests = requests.filter((r) => r.createdBy.platform === who.actor.platform && r.createdBy.userId === who.actor.userId);
      }
    }
    const reviews = await repos.reviews.listForMany(requests.map((r) => r.id));
    return { ok: true, rows: requests.map((r) => rowOf(r, reviews.get(r.id) ?? [])) };
  }

  return { rows };
}

export type Register = ReturnType<typeof createRegister>;

/** Excel cells hold dates without a zone: the wall-clock day as midnight UTC. */
const excelDate = (d: JpDay) => new Date(Date.UTC(d.year, d.month - 1, d.day));

/**
 * The register as .xlsx: a merged title row, Japanese headers (frozen, filtered,
 * repeated on every printed page), real date cells in 和暦 format, A4 landscape
 * fitted to the page width.
 */
export async function registerXlsx(org: OrgConfig, fiscalYear: number, rows: readonly RegisterRow[]): Promise<Buffer> {
  // exceljs (some 28 MB once loaded) is read with the first register, not at start.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'chogi';
  const headers = registerHeaders(org);
  const ws = wb.addWorksheet(RegisterText.sheet(fiscalYear), {
    views: [{ state: 'frozen', ySplit: 2, xSplit: 3 }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '2:2',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&P / &N' },
  });
  const dateCols = new Set<number>([2, ...org.tiers.map((_t, i) => 7 + i * 2)]);
  const widths = headers.map((h, i) => (i === 2 ? 48 : dateCols.has(i + 1) ? 17 : h.includes('結果') ? 26 : 16));
  const thin = { style: 'thin' as const };
  const border = { top: thin, bottom: thin, left: thin, right: thin };
  // Styles live on the columns: every data cell takes its column's (one shared style each,
  // rather than 90,000 cell styles for a 年度 of 5,000 rows).
  ws.columns = widths.map((width, i) => ({
    width,
    style: { border, alignment: { vertical: 'top', wrapText: true }, ...(dateCols.has(i + 1) ? { numFmt: WAREKI_FORMAT } : {}) },
  }));

  ws.mergeCells(1, 1, 1, headers.length);
  const title = ws.getCell(1, 1);
  title.value = RegisterText.title(fiscalYear);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 24;

  const header = ws.getRow(2);
  header.values = headers;
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 32;
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    c.border = border;
    c.numFmt = 'General';
  });

  for (const r of rows) {
    const row = ws.addRow([
      r.caseNo,
      excelDate(r.filedOn),
      r.title,
      r.bureau,
      r.department,
      r.unit,
      ...r.tiers.flatMap((t) => [t.date ? excelDate(t.date) : null, t.result]),
      r.publicComment,
      r.councilInfo,
      r.councilSession,
      r.status,
    ]);
    // Blank cells still get their column's border (addRow creates only the cells it fills).
    for (let col = 1; col <= headers.length; col++) row.getCell(col);
  }
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: Math.max(2, rows.length + 2), column: headers.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The register as CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), CRLF, 和暦 dates as text. */
export function registerCsv(org: OrgConfig, rows: readonly RegisterRow[]): string {
  const display = org.dateDisplay;
  const lines = [registerHeaders(org)];
  for (const r of rows) {
    lines.push([
      r.caseNo,
      formatJpDate(r.filedOn, display),
      r.title,
      r.bureau,
      r.department,
      r.unit,
      ...r.tiers.flatMap((t) => [t.date ? formatJpDate(t.date, display) : '', t.result]),
      r.publicComment,
      r.councilInfo,
      r.councilSession,
      r.status,
    ]);
  }
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
