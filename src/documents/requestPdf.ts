import PDFDocument from 'pdfkit';
import { PDFDocument as PdfLibDocument, EncryptedPDFError } from 'pdf-lib';
import { FieldLabel, DocumentTitle } from '../domain/text.ja';
import { MinutesText, type MinutesInput } from '../domain/meetingMinutes';
import type { OwnerRef } from '../domain/request';
import { formFont } from './font';
import { A4, CONTENT_WIDTH, MARGIN, Sheet, type CellSpec, type RowSpec } from './sheet';
import { DocText, sizeText } from './text.ja';

/**
 * The 案件申込書 as the secretariat prints it, in the layout of the paper form
 * (shared seed): A4 portrait, one bordered table from 案件名 to 備考, then for every tier
 * held its 結果等, 出席課・機関等 and 主な意見. Also the meeting's 庁議資料 (a cover with
 * the agenda, then each item's form with a bookmark). PDF 別紙資料 are appended as
 * they are; other files, and PDFs that cannot be read, are listed on a last page.
 * Platform free: the caller gives display text and file bytes.
 */

/** Every value already as printed (dates in 和暦 or as the org shows them). */
export interface FormDocument {
  caseNo: string;
  title: string;
  filedOn: string;
  owner: OwnerRef;
  summary: string;
  points: string;
  /** In tier order; null = left blank on the paper. */
  desiredDates: { tier: string; date: string | null }[];
  ordinance: string;
  councilSession: string;
  publicComment: { choice: string; period: string };
  councilInfo: { kind: string; period: string };
  coordination: { party: string; item: string; status: string }[];
  history: { date: string; meeting: string; content: string }[];
  remarks: string;
  /** Each tier held, lowest first. */
  records: MinutesInput[];
}

export interface AttachmentMeta {
  id: string;
  name: string;
  size: number;
  mime: string;
}

/** Where a request's 別紙資料 come from (the attachment store implements it). */
export interface AttachmentSource {
  listFor(requestId: string): Promise<AttachmentMeta[]>;
  content(id: string): Promise<Buffer | null>;
}

export const noAttachments: AttachmentSource = {
  listFor: async () => [],
  content: async () => null,
};

export type AttachmentProblem = 'not_pdf' | 'encrypted' | 'unreadable' | 'missing';

/** An attachment checked before the document is built: merged pages, or why not. */
export interface PreparedAttachment {
  meta: AttachmentMeta;
  pdf: PdfLibDocument | null;
  pages: number;
  problem: AttachmentProblem | null;
}

/** Reads each attachment; a PDF that pdf-lib can load is merged, anything else listed. */
export async function prepareAttachments(source: AttachmentSource, requestId: string): Promise<PreparedAttachment[]> {
  const out: PreparedAttachment[] = [];
  for (const meta of await source.listFor(requestId)) {
    const bytes = await source.content(meta.id);
    if (!bytes) {
      out.push({ meta, pdf: null, pages: 0, problem: 'missing' });
      continue;
    }
    // By content, not by the name or the declared type.
    if (bytes.subarray(0, 1024).indexOf('%PDF-') < 0) {
      out.push({ meta, pdf: null, pages: 0, problem: 'not_pdf' });
      continue;
    }
    try {
      const pdf = await PdfLibDocument.load(bytes, { updateMetadata: false });
      const pages = pdf.getPageCount();
      out.push(pages > 0 ? { meta, pdf, pages, problem: null } : { meta, pdf: null, pages: 0, problem: 'unreadable' });
    } catch (err) {
      out.push({ meta, pdf: null, pages: 0, problem: isEncryptedError(err) ? 'encrypted' : 'unreadable' });
    }
  }
  return out;
}

// pdf-lib is compiled to ES5, where a subclass of Error is not an instanceof its class.
const isEncryptedError = (err: unknown) => err instanceof EncryptedPDFError || (err instanceof Error && /is encrypted/.test(err.message));

export interface FormPart {
  form: FormDocument;
  attachments: PreparedAttachment[];
}

export interface PacketCover {
  tier: string;
  date: string;
  time: string;
  items: { caseNo: string; title: string; owner: string }[];
  /** Items of the meeting the reader may not see (not listed, only counted). */
  hidden: number;
}

export interface BuildOptions {
  /** Document title in the PDF's properties. */
  title: string;
  now: Date;
}

// ---- layout -------------------------------------------------------------------

const L = 84; // label column
const R = CONTENT_WIDTH - L;
const LABEL = 9;
const SUB = 8.5;
const BODY = 9.5;

const label = (x: number, w: number, text: string, size = LABEL): CellSpec => ({ x, w, text, size, label: true, align: 'center' });
const value = (x: number, w: number, text: string, extra: Partial<CellSpec> = {}): CellSpec => ({ x, w, text, size: BODY, ...extra });

/** Rows of a table with its header rows repeated on every page it continues on. */
function table(group: RowSpec['group'], title: string, columns: [string, number][], rows: string[][]): RowSpec[] {
  const titleRow: RowSpec = { group, keepWithNext: true, cells: [{ ...label(L, R, title), align: 'left' }] };
  let x = L;
  const cols = columns.map(([name, w]) => {
    const c = { x, w };
    x += w;
    return { ...c, name };
  });
  const headerRow: RowSpec = { group, keepWithNext: true, cells: cols.map((c) => label(c.x, c.w, c.name, SUB)) };
  const body = (rows.length ? rows : [cols.map(() => '')]).map((r) => ({
    group,
    header: [titleRow, headerRow],
    cells: cols.map((c, i) => value(c.x, c.w, r[i] ?? '')),
  }));
  return [titleRow, headerRow, ...body];
}

function formRows(sheet: Sheet, f: FormDocument): RowSpec[] {
  const rows: RowSpec[] = [];
  rows.push({ cells: [label(0, L, FieldLabel.title), value(L, R, f.title)] });
  const third = R / 3;
  rows.push({
    cells: [
      label(0, L, FieldLabel.owner),
      value(L, third, f.owner.bureau, { align: 'center' }),
      value(L + third, third, f.owner.department, { align: 'center' }),
      value(L + 2 * third, R - 2 * third, f.owner.unit ?? '', { align: 'center' }),
    ],
  });
  rows.push({ cells: [label(0, L, FieldLabel.summary), value(L, R, f.summary)] });
  rows.push({ cells: [label(0, L, FieldLabel.points), value(L, R, f.points)] });

  // 審議希望日: the paper's 2 × 2 grid, lower tiers down the left column.
  const dates = { id: 'dates', label: FieldLabel.desiredDates, w: L };
  const half = R / 2;
  const tn = 92;
  const perColumn = Math.ceil(f.desiredDates.length / 2);
  for (let i = 0; i < perColumn; i++) {
    const left = f.desiredDates[i];
    const right = f.desiredDates[i + perColumn];
    const cells: CellSpec[] = [label(L, tn, left.tier, SUB), value(L + tn, half - tn, left.date ?? DocText.blankDate, { align: 'right' })];
    cells.push(
      label(L + half, tn, right?.tier ?? '', SUB),
      value(L + half + tn, R - half - tn, right ? (right.date ?? DocText.blankDate) : '', { align: 'right' }),
    );
    rows.push({ group: dates, cells });
  }

  // 日程等調整事項: 条例等の調整 / 議会上程時期, パブリックコメント / 議会への情報提供.
  const sched = { id: 'schedule', label: '日程等調整事項', w: L };
  const sw = half - tn;
  rows.push({
    group: sched,
    cells: [
      label(L, tn, FieldLabel.ordinance, SUB),
      value(L + tn, sw, f.ordinance),
      label(L + half, tn, FieldLabel.councilSession, SUB),
      value(L + half + tn, sw, f.councilSession),
    ],
  });
  const withTiming = (head: string, period: string) => (period ? `${head}\n${DocText.timing}　${period}` : head);
  rows.push({
    group: sched,
    cells: [
      label(L, tn, FieldLabel.publicComment, SUB),
      value(L + tn, sw, withTiming(f.publicComment.choice, f.publicComment.period)),
      label(L + half, tn, FieldLabel.councilInfoKind, SUB),
      value(L + half + tn, sw, withTiming(f.councilInfo.kind, f.councilInfo.period)),
    ],
  });

  // 検討経過等: the two tables of the paper.
  const review = { id: 'review', label: '検討経過等', w: L };
  const cw = (R - 120) / 2;
  rows.push(
    ...table(
      review,
      FieldLabel.coordination,
      [
        [FieldLabel.party, 120],
        [FieldLabel.item, cw],
        [FieldLabel.status, R - 120 - cw],
      ],
      f.coordination.map((c) => [c.party, c.item, c.status]),
    ),
  );
  rows.push(
    ...table(
      review,
      FieldLabel.history,
      [
        [FieldLabel.date, 78],
        [FieldLabel.meeting, 118],
        [FieldLabel.content, R - 196],
      ],
      f.history.map((h) => [h.date, h.meeting, h.content]),
    ),
  );
  rows.push({ cells: [label(0, L, FieldLabel.remarks), value(L, R, f.remarks)] });

  for (const m of f.records) rows.push(...recordRows(sheet, m));
  return rows;
}

const followUpMark = /^[○◯●・･\-－*＊]/;

/** 結果等, 出席課・機関等 (4 columns of checkboxes, the paper's order) and 主な意見 of one tier. */
function recordRows(sheet: Sheet, m: MinutesInput): RowSpec[] {
  const heading = (t: string) => label(0, L, t, SUB);
  const result =
    m.result === '' && m.followUps.length === 0
      ? DocText.notRecorded
      : [...(m.result ? [m.result] : []), ...m.followUps.map((l) => (followUpMark.test(l) ? l : `${MinutesText.bullet}${l}`))].join('\n');
  const rows: RowSpec[] = [{ needs: 170, cells: [heading(MinutesText.resultHeading(m.tierName, m.meetingLabel)), value(L, R, result)] }];

  const recorded = m.sections.some((s) => s.present !== null);
  const cols = 4;
  const cw = R / cols;
  const columns = Array.from({ length: cols }, (_, c) => m.sections.filter((_, i) => i % cols === c));
  const specs = columns.map((col, c): CellSpec => ({
    x: L + c * cw,
    w: cw,
    text: col.map((s) => s.name).join('\n'),
    size: SUB,
    borderless: true,
    checks: col.map((s) => s.present === true),
  }));
  // A long name wraps: every column gives each grid row as many lines as its tallest entry.
  const gridRows = Math.max(0, ...columns.map((c) => c.length));
  const heights = Array.from({ length: gridRows }, (_, r) =>
    Math.max(1, ...columns.map((col, c) => (col[r] ? sheet.paragraphLines(specs[c], col[r].name).length : 0))),
  );
  for (const s of specs) s.minLines = heights;
  const attendanceLabel = MinutesText.attendanceHeading(m.tierName) + (recorded ? '' : `\n${DocText.notRecorded}`);
  rows.push({ frame: true, cells: [heading(attendanceLabel), ...(specs.length && m.sections.length ? specs : [value(L, R, '')])] });

  const opinions = m.opinions.flatMap((o) => [`${MinutesText.opinion}${o.text}`, ...o.answers.map((a) => `${MinutesText.answer}${a}`)]);
  rows.push({ cells: [heading(MinutesText.opinionsHeading), value(L, R, opinions.length ? opinions.join('\n') : DocText.none)] });
  return rows;
}

// ---- drawing ------------------------------------------------------------------

function newDoc(opts: BuildOptions) {
  const font = formFont();
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    bufferPages: true,
    margin: 0,
    // The one font of the document: no standard (unembedded) font is ever referenced.
    font: font.font as unknown as string,
    info: { Title: opts.title, Producer: 'chogi', Creator: 'chogi', CreationDate: opts.now, ModDate: opts.now },
    lang: 'ja-JP',
    displayTitle: true,
    pdfVersion: '1.7',
  });
  return { doc, font };
}

interface Built {
  /** pdfkit page indices, end exclusive. */
  formPages: { start: number; end: number; caseNo: string }[];
  /** Attachment pages to insert before pdfkit page `at` (in pdfkit indices). */
  inserts: { at: number; attachments: PreparedAttachment[] }[];
}

function drawForm(doc: InstanceType<typeof PDFDocument>, font: ReturnType<typeof formFont>, f: FormDocument): Sheet {
  doc.addPage();
  const sheet = new Sheet(
    doc,
    font,
    {
      continuation: () => {
        const head = `${DocumentTitle}　${DocText.caseNo} ${f.caseNo}${DocText.continued}`;
        sheet.text(head, MARGIN.left, MARGIN.top - 16, 8, { color: '#444444' });
        return MARGIN.top;
      },
    },
    MARGIN.top,
  );
  sheet.text(`${DocText.caseNo}　${f.caseNo}`, MARGIN.left, MARGIN.top - 14, 9, { align: 'right', width: CONTENT_WIDTH });
  sheet.text(DocumentTitle, MARGIN.left, MARGIN.top + 4, 17, { align: 'center', width: CONTENT_WIDTH });
  sheet.text(`${FieldLabel.filedOn}　${f.filedOn}`, MARGIN.left, MARGIN.top + 36, 10, { align: 'right', width: CONTENT_WIDTH });
  sheet.y = MARGIN.top + 56;
  sheet.beginTable();
  const rows = formRows(sheet, f);
  // A tier's three rows start together on a page where they can.
  sheet.rows(rows);
  sheet.endTable();
  return sheet;
}

function drawAttachmentList(
  doc: InstanceType<typeof PDFDocument>,
  font: ReturnType<typeof formFont>,
  caseNo: string,
  list: { a: PreparedAttachment; firstPage: number }[],
): void {
  doc.addPage();
  const sheet = new Sheet(doc, font, { continuation: () => MARGIN.top }, MARGIN.top);
  sheet.text(DocText.attachmentsTitle, MARGIN.left, MARGIN.top, 15, { align: 'center', width: CONTENT_WIDTH });
  sheet.text(DocText.attachmentsIntro(caseNo), MARGIN.left, MARGIN.top + 30, 10);
  sheet.y = MARGIN.top + 50;
  const cols: [string, number][] = [
    [DocText.attachmentColumns.name, 190],
    [DocText.attachmentColumns.type, 80],
    [DocText.attachmentColumns.size, 60],
    [DocText.attachmentColumns.handling, CONTENT_WIDTH - 330],
  ];
  let x = 0;
  const at = cols.map(([, w]) => {
    const here = x;
    x += w;
    return here;
  });
  const header: RowSpec = { cells: cols.map(([n, w], i) => label(at[i], w, n)) };
  sheet.beginTable();
  sheet.row(header);
  for (const { a, firstPage } of list) {
    const handling =
      a.problem === null
        ? DocText.merged(firstPage, firstPage + a.pages - 1)
        : a.problem === 'not_pdf'
          ? DocText.notPdf
          : a.problem === 'encrypted'
            ? DocText.encrypted
            : a.problem === 'missing'
              ? DocText.missing
              : DocText.unreadable;
    sheet.row({
      header: [header],
      cells: [
        value(at[0], cols[0][1], a.meta.name),
        value(at[1], cols[1][1], a.meta.mime, { size: 8 }),
        value(at[2], cols[2][1], sizeText(a.meta.size), { align: 'right' }),
        value(at[3], cols[3][1], handling),
      ],
    });
  }
  sheet.endTable();
}

function drawCover(doc: InstanceType<typeof PDFDocument>, font: ReturnType<typeof formFont>, cover: PacketCover, problems: boolean): void {
  doc.addPage();
  const sheet = new Sheet(doc, font, { continuation: () => MARGIN.top }, MARGIN.top);
  sheet.text(DocText.packetTitle, MARGIN.left, MARGIN.top + 20, 22, { align: 'center', width: CONTENT_WIDTH });
  sheet.text(DocText.packetMeeting(cover.tier, cover.date, cover.time), MARGIN.left, MARGIN.top + 64, 12, { align: 'center', width: CONTENT_WIDTH });
  sheet.y = MARGIN.top + 100;
  const cols: [string, number][] = [
    [DocText.packetColumns.order, 28],
    [DocText.packetColumns.caseNo, 64],
    [DocText.packetColumns.title, 270],
    [DocText.packetColumns.owner, CONTENT_WIDTH - 362],
  ];
  let x = 0;
  const at = cols.map(([, w]) => {
    const here = x;
    x += w;
    return here;
  });
  const header: RowSpec = { cells: cols.map(([n, w], i) => label(at[i], w, n)) };
  if (cover.items.length === 0) {
    sheet.text(DocText.packetEmpty, MARGIN.left, sheet.y, 10.5);
    sheet.y += 20;
  } else {
    sheet.beginTable();
    sheet.row(header);
    cover.items.forEach((item, i) => {
      sheet.row({
        header: [header],
        cells: [
          value(at[0], cols[0][1], String(i + 1), { align: 'center' }),
          value(at[1], cols[1][1], item.caseNo, { align: 'center' }),
          value(at[2], cols[2][1], item.title),
          value(at[3], cols[3][1], item.owner, { size: 8.5 }),
        ],
      });
    });
    sheet.endTable();
  }
  sheet.y += 10;
  if (cover.hidden > 0) {
    sheet.text(DocText.packetHidden(cover.hidden), MARGIN.left, sheet.y, 9.5);
    sheet.y += 16;
  }
  if (problems) sheet.text(DocText.packetProblems, MARGIN.left, sheet.y, 9.5);
}

/** Draws one form and, when some attachment is not merged, its list page; records where attachments go. */
function drawPart(
  doc: InstanceType<typeof PDFDocument>,
  font: ReturnType<typeof formFont>,
  part: FormPart,
  built: Built,
  insertedBefore: number,
): number {
  const start = doc.bufferedPageRange().count;
  drawForm(doc, font, part.form);
  const end = doc.bufferedPageRange().count;
  built.formPages.push({ start, end, caseNo: part.form.caseNo });
  const merged = part.attachments.filter((a) => a.problem === null);
  if (merged.length) built.inserts.push({ at: end, attachments: merged });
  let inserted = 0;
  if (part.attachments.some((a) => a.problem !== null)) {
    // Final page numbers (1-based) of the merged files, counting pages inserted earlier.
    let next = end + insertedBefore + 1;
    const list = part.attachments.map((a) => {
      const firstPage = next;
      next += a.problem === null ? a.pages : 0;
      return { a, firstPage };
    });
    drawAttachmentList(doc, font, part.form.caseNo, list);
  }
  inserted = merged.reduce((n, a) => n + a.pages, 0);
  return inserted;
}

async function finish(doc: InstanceType<typeof PDFDocument>, built: Built): Promise<Buffer> {
  // Page numbers of each form: 1/3, 2/3, 3/3 (its own pages, not the attachments').
  for (const f of built.formPages) {
    const n = f.end - f.start;
    for (let i = f.start; i < f.end; i++) {
      doc.switchToPage(i);
      const size = 8.5;
      const text = DocText.page(i - f.start + 1, n);
      const w = formFont().measure(text, size);
      doc
        .fontSize(size)
        .fillColor('black')
        .text(text, (A4.width - w) / 2, A4.height - MARGIN.bottom + 18, { lineBreak: false });
    }
  }
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
  if (built.inserts.length === 0) return bytes;
  const out = await PdfLibDocument.load(bytes, { updateMetadata: false });
  // From the back, so earlier insertion points keep their index.
  for (const ins of [...built.inserts].sort((a, b) => b.at - a.at)) {
    let at = ins.at;
    for (const a of ins.attachments) {
      const pages = await out.copyPages(a.pdf!, a.pdf!.getPageIndices());
      for (const p of pages) out.insertPage(at++, p);
    }
  }
  return Buffer.from(await out.save());
}

/** One 案件申込書 with its PDF attachments after it (and a list of the others). */
export async function requestPdf(part: FormPart, opts: BuildOptions): Promise<Buffer> {
  const { doc, font } = newDoc(opts);
  const built: Built = { formPages: [], inserts: [] };
  drawPart(doc, font, part, built, 0);
  return finish(doc, built);
}

/** The meeting's 庁議資料: cover with the agenda, then each item's form and attachments, one bookmark per item. */
export async function packetPdf(cover: PacketCover, parts: FormPart[], opts: BuildOptions): Promise<Buffer> {
  const { doc, font } = newDoc(opts);
  const built: Built = { formPages: [], inserts: [] };
  drawCover(
    doc,
    font,
    cover,
    parts.some((p) => p.attachments.some((a) => a.problem !== null)),
  );
  doc.outline.addItem(DocText.packetTitle);
  let inserted = 0;
  parts.forEach((part, i) => {
    inserted += drawPart(doc, font, part, built, inserted);
    const start = built.formPages[built.formPages.length - 1].start;
    doc.switchToPage(start);
    doc.outline.addItem(`${i + 1}. ${part.form.caseNo} ${part.form.title}`);
    doc.switchToPage(doc.bufferedPageRange().count - 1);
  });
  return finish(doc, built);
}
