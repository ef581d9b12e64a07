import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { formDocument } from '../../src/app/documents';
import { packetPdf, prepareAttachments, requestPdf, type AttachmentMeta, type AttachmentSource } from '../../src/documents/requestPdf';
import { wrapText } from '../../src/documents/wrap';
import { loadOrg } from '../../src/infra/config';
import { seedForm } from '../fixtures/seedForm';
import { paperOpinionLines, seedMeeting } from '../fixtures/seedMeeting';
import { seedDocument, seedMinutes, seedRequest } from '../fixtures/seedDocument';
import { fontsOf, readPdf } from '../support/pdfRead';

const { org } = loadOrg(undefined);
const now = new Date('2026-12-01T00:00:00Z');
const opts = { title: 'H21-001 seed', now };
const squash = (s: string) => s.replace(/\s/g, '');

/** Keeps a generated PDF for scripts/render-pdf.sh when CHOGI_PDF_OUT names a folder. */
function keep(name: string, pdf: Buffer): Buffer {
  if (process.env.CHOGI_PDF_OUT) writeFileSync(join(process.env.CHOGI_PDF_OUT, name), pdf);
  return pdf;
}

/** Asserts that each of `parts` occurs in `text`, in this order. */
function expectInOrder(text: string, parts: string[]): void {
  let at = 0;
  for (const p of parts) {
    const i = text.indexOf(squash(p), at);
    if (i < 0) throw new Error(`"${p}" not found after position ${at}: …${text.slice(Math.max(0, at - 40), at + 80)}…`);
    at = i + squash(p).length;
  }
}

/** A PDF of `pages` pages, each saying ATTACHMENT <label> PAGE n (pdf-lib's own Latin font). */
async function attachmentPdf(label: string, pages: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) pdf.addPage([595, 842]).drawText(`ATTACHMENT ${label} PAGE ${i}`, { x: 60, y: 760, size: 18, font });
  return Buffer.from(await pdf.save());
}

/** A readable PDF whose trailer names an /Encrypt dictionary: what a password-protected file looks like. */
async function encryptedPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage();
  const text = Buffer.from(await pdf.save({ useObjectStreams: false })).toString('latin1');
  return Buffer.from(
    text.replace(
      'trailer\n<<',
      'trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4 >>',
    ),
    'latin1',
  );
}

function source(files: { meta: AttachmentMeta; bytes: Buffer | null }[]): AttachmentSource {
  return {
    listFor: async () => files.map((f) => f.meta),
    content: async (id) => files.find((f) => f.meta.id === id)?.bytes ?? null,
  };
}

describe('the 案件申込書 PDF of the seed', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = keep('seed.pdf', await requestPdf({ form: seedDocument(org), attachments: [] }, opts));
  });

  it('prints every field of the seed in the paper order, 和暦 dates, on numbered pages', async () => {
    const read = await readPdf(pdf);
    const f = seedForm();
    expect(read.pages).toHaveLength(2);
    expectInOrder(read.text, [
      '案件番号',
      'H21-001',
      '庁議 案件申込書',
      '申込日',
      '平成21年5月14日',
      '案件名',
      f.title,
      '所管',
      '企画財政局',
      '企画部',
      '情報政策担当',
      '概要',
      ...f.summary.split('\n').filter(Boolean),
      '審議内容(論点)',
      ...f.points.split('\n'),
      '審議希望日',
      '関係課長会議',
      '平成21年4月16日',
      '政策調整会議',
      '年月日',
      '局経営会議',
      '平成21年5月18日',
      '政策会議',
      '年月日',
      '日程等調整事項',
      '条例等の調整',
      'なし',
      '議会上程時期',
      'パブリックコメント',
      '実施あり',
      '時期',
      '平成21年12月',
      '議会への情報提供',
      '資料提供',
      '時期',
      '平成21年10月',
      '検討経過等',
      '関係部局との調整',
      '関係部局名等',
      '調整項目',
      '調整状況',
      ...f.coordination.flatMap((c) => [c.party, c.item, c.status]),
      '打合せ・会議の経過',
      '月日',
      '会議名等',
      '内容',
      'H20.7.17',
      '主管会議',
      '①現行計画の評価・検証について ②策定方針について',
      'H20.12.22',
      'H20.9~H21.2',
      '作業部会(第1回~第6回)',
      '計画概要の検討',
      'H21.3.6',
      'H21.4.16',
      'H21.5.14',
      '合同検討部会(第1回)',
      '①計画概要 ②検討部会・作業部会の役割・実施事項',
      '備考',
      '関係課長会議(第3回検討会議)結果等',
      '原案を上部庁議へ付議する',
      ...seedMeeting.followUps,
      '(関係課長会議)出席課・機関等',
      '主な意見',
      ...paperOpinionLines,
    ]);
    expect(read.pageText[0].endsWith('1/2')).toBe(true);
    expect(read.pageText[1].endsWith('2/2')).toBe(true);
    // The page it continues on says whose form it is.
    expect(read.pageText[1].startsWith(squash('庁議 案件申込書 案件番号 H21-001（続き）'))).toBe(true);
  });

  it('embeds one font, a subset of Noto Serif JP with a ToUnicode map (no standard font is referenced)', async () => {
    const fonts = await fontsOf(pdf);
    expect(fonts).toHaveLength(1);
    expect(fonts[0]).toMatchObject({ subtype: '/Type0', embedded: true, toUnicode: true });
    expect(fonts[0].baseFont).toMatch(/^[A-Z]{6}\+NotoSerifJP-Regular$/);
    // A subset: the whole font is 7.7 MB.
    expect(pdf.length).toBeLessThan(200_000);
  });

  it('draws the 17 sections in four columns in the paper order, each with a ticked box', async () => {
    const read = await readPdf(pdf);
    const names = org.sections.map((s) => s.name);
    expect(names).toHaveLength(17);
    // The paper's cell is four columns; read down each column as the seed's text has them.
    const columnOrder = [0, 1, 2, 3].flatMap((c) => names.filter((_, i) => i % 4 === c));
    expect(columnOrder.slice(0, 5)).toEqual(['企画部長', '情報システム課長', '職員課長', '環境経済総務室長', '企画部参事(情報政策担当)']);
    const page = read.pages[1];
    const start = page.findIndex((t) => t.str === '企画部長');
    const end = page.findIndex((t) => t.str === '主な意見');
    const cell = page.slice(start, end);
    expect(squash(cell.map((t) => t.str).join(''))).toBe(columnOrder.join(''));
    // Column by column: every name of a column at the same x, four distinct columns, rows aligned.
    const xOf = (name: string) => cell.find((t) => t.str.startsWith(name.slice(0, 6)))!;
    const xs = names.map((n) => Math.round(xOf(n).x));
    names.forEach((_, i) => expect(xs[i]).toBe(xs[i % 4]));
    expect(new Set(xs).size).toBe(4);
    expect(Math.round(xOf('情報システム課長').y)).toBe(Math.round(xOf('財務課長').y));
    expect(read.ticks[1]).toBe(17);
  });
});

describe('the record of a meeting', () => {
  it('ticks only the sections present and says when attendance is not recorded', async () => {
    const some = await readPdf(
      await requestPdf({ form: formDocument(seedRequest(), org, [seedMinutes(org, (i) => i % 3 === 0)]), attachments: [] }, opts),
    );
    expect(some.ticks.reduce((a, b) => a + b, 0)).toBe(6);

    const blank = {
      ...seedMinutes(org),
      result: '',
      followUps: [],
      opinions: [],
      sections: org.sections.map((s) => ({ name: s.name, present: null })),
    };
    const none = await readPdf(await requestPdf({ form: formDocument(seedRequest(), org, [blank]), attachments: [] }, opts));
    expect(none.ticks.reduce((a, b) => a + b, 0)).toBe(0);
    expectInOrder(none.text, ['結果等', '（未記録）', '出席課・機関等', '（未記録）', '企画部長', '主な意見', '（なし）']);
  });

  it('prints every tier held, lowest first', async () => {
    const kyoku = {
      ...seedMinutes(org),
      tierName: '局経営会議',
      meetingLabel: '',
      result: '修正のうえ上部庁議へ付議する',
      followUps: ['成果指標を見直す。'],
      opinions: [{ text: '指標は年度ごとに。', answers: [] }],
    };
    const read = await readPdf(await requestPdf({ form: formDocument(seedRequest(), org, [seedMinutes(org), kyoku]), attachments: [] }, opts));
    expectInOrder(read.text, [
      '関係課長会議(第3回検討会議)結果等',
      '原案を上部庁議へ付議する',
      '局経営会議結果等',
      '修正のうえ上部庁議へ付議する',
      '・成果指標を見直す。',
      '(局経営会議)出席課・機関等',
      '主な意見',
      '○指標は年度ごとに。',
    ]);
  });
});

describe('long content', () => {
  it('flows onto more pages, repeats the table header there and numbers the pages n/N', async () => {
    const r = seedRequest();
    r.form.summary = Array.from({ length: 12 }, (_, i) => `${i + 1} ${'市民の視点に立った行政サービスのさらなる向上を図るため、'.repeat(3)}`).join(
      '\n',
    );
    r.form.history = Array.from({ length: 20 }, (_, i) => ({
      date: { precision: 'day' as const, year: 2009, month: 4, day: i + 1 },
      meeting: `検討会議(第${i + 1}回)`,
      content: `第${i + 1}回の内容。`.repeat(6),
    }));
    const read = await readPdf(keep('long.pdf', await requestPdf({ form: formDocument(r, org, [seedMinutes(org)]), attachments: [] }, opts)));
    const n = read.pages.length;
    expect(n).toBeGreaterThanOrEqual(3);
    read.pageText.forEach((t, i) => expect(t.endsWith(`${i + 1}/${n}`)).toBe(true));
    // Every 経過 row, in order, across the pages.
    expectInOrder(
      read.text,
      r.form.history.map((h) => h.meeting),
    );
    // A page on which the 経過 table continues starts with its header again.
    const continued = read.pageText.findIndex((t, i) => i > 0 && t.includes('検討会議(第15回)'));
    expect(continued).toBeGreaterThan(0);
    const page = read.pageText[continued];
    expect(page.indexOf(squash('打合せ・会議の経過月日会議名等内容'))).toBeGreaterThanOrEqual(0);
    expect(page.indexOf(squash('打合せ・会議の経過月日会議名等内容'))).toBeLessThan(page.indexOf('検討会議(第'));
  });
});

describe('別紙資料', () => {
  it('appends PDF attachments after the form and lists the others on a last page, saying why each was not merged', async () => {
    const files = [
      { meta: { id: 'a1', name: '計画体系図.pdf', size: 0, mime: 'application/pdf' }, bytes: await attachmentPdf('TAIKEIZU', 2) },
      { meta: { id: 'a2', name: '写真.png', size: 2048, mime: 'image/png' }, bytes: Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1') },
      { meta: { id: 'a3', name: '壊れた.pdf', size: 40, mime: 'application/pdf' }, bytes: Buffer.from('%PDF-1.7\n1 0 obj << garbage') },
      { meta: { id: 'a4', name: '保護された.pdf', size: 900, mime: 'application/pdf' }, bytes: await encryptedPdf() },
      { meta: { id: 'a5', name: '予算.pdf', size: 1_500_000, mime: 'application/pdf' }, bytes: await attachmentPdf('YOSAN', 1) },
      {
        meta: { id: 'a6', name: '消えた.docx', size: 10, mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        bytes: null,
      },
    ];
    const prepared = await prepareAttachments(source(files), 'seed-request');
    expect(prepared.map((p) => p.problem)).toEqual([null, 'not_pdf', 'unreadable', 'encrypted', null, 'missing']);
    const read = await readPdf(keep('attachments.pdf', await requestPdf({ form: seedDocument(org), attachments: prepared }, opts)));
    // 2 form pages, 2 + 1 attachment pages, the list.
    expect(read.pages).toHaveLength(6);
    expect(read.pageText[2]).toBe('ATTACHMENTTAIKEIZUPAGE1');
    expect(read.pageText[3]).toBe('ATTACHMENTTAIKEIZUPAGE2');
    expect(read.pageText[4]).toBe('ATTACHMENTYOSANPAGE1');
    expectInOrder(read.pageText[5], [
      '別紙資料',
      '計画体系図.pdf',
      '3〜4ページに添付',
      '写真.png',
      'PDFではないため添付していません',
      '壊れた.pdf',
      'PDFとして読み取れないため添付できませんでした',
      '保護された.pdf',
      '暗号化（パスワード保護）されたPDFのため添付できませんでした',
      '予算.pdf',
      '1.4 MB',
      '5ページに添付',
      '消えた.docx',
      'ファイルが見つからないため添付できませんでした',
    ]);
    // The form keeps its own numbering.
    expect(read.pageText[1].endsWith('2/2')).toBe(true);
  });
});

describe('the 庁議資料 of a meeting', () => {
  it('has a cover with the agenda, then each item with its PDF attachments, and a bookmark per item', async () => {
    const second = seedRequest({ id: 'r2', caseNo: 'H21-002' });
    second.form.title = '市民協働推進条例の改正について';
    second.form.owner = { bureau: '市民局', department: '市民部', unit: '市民協働推進課' };
    const attached = await prepareAttachments(
      source([{ meta: { id: 'x', name: '体系図.pdf', size: 100, mime: 'application/pdf' }, bytes: await attachmentPdf('ONE', 1) }]),
      'seed-request',
    );
    const pdf = await packetPdf(
      {
        tier: '局経営会議',
        date: '平成21年5月18日(月)',
        time: '10:00',
        items: [
          { caseNo: 'H21-001', title: seedForm().title, owner: '企画財政局 企画部 情報政策担当' },
          { caseNo: 'H21-002', title: second.form.title, owner: '市民局 市民部 市民協働推進課' },
        ],
        hidden: 1,
      },
      [
        { form: seedDocument(org), attachments: attached },
        { form: formDocument(second, org, [seedMinutes(org)]), attachments: [] },
      ],
      opts,
    );
    const read = await readPdf(keep('packet.pdf', pdf));
    expectInOrder(read.pageText[0], [
      '庁議資料',
      '局経営会議',
      '平成21年5月18日(月)',
      '10:00',
      '順',
      '案件番号',
      '案件名',
      '所管',
      '1',
      'H21-001',
      seedForm().title,
      '企画財政局企画部情報政策担当',
      '2',
      'H21-002',
      second.form.title,
      'ほかに、あなたが閲覧できない案件が1件あります。',
    ]);
    // cover, form 1 (2 pages), its attachment, form 2 (2 pages)
    expect(read.pages).toHaveLength(6);
    expect(read.pageText[1]).toContain('H21-001');
    expect(read.pageText[3]).toBe('ATTACHMENTONEPAGE1');
    expect(read.pageText[4]).toContain(squash(second.form.title));
    expect(read.outline).toEqual(['庁議資料', `1. H21-001 ${seedForm().title}`, `2. H21-002 ${second.form.title}`]);
  });
});

describe('line breaking', () => {
  const measure = (s: string) => [...s].length * 10;

  it('keeps closing marks off the start of a line and opening marks off its end', () => {
    const lines = wrapText('あいうえおかきくけこ。さしすせそたちつ（てと）', 100, measure).map((l) => l.text);
    expect(lines[0]).toBe('あいうえおかきくけ');
    expect(lines[1].startsWith('こ。')).toBe(true);
    expect(lines[2].startsWith('（てと）')).toBe(true);
    lines.forEach((l) => expect(l.endsWith('（')).toBe(false));
  });

  it('hangs the lines after ○, → and a number under the text, and keeps a Latin word whole', () => {
    const lines = wrapText('○あいうえおかきくけこさしすせ', 100, measure);
    expect(lines[0].indent).toBe(0);
    expect(lines[1].indent).toBe(10);
    expect(wrapText('あいうえおかきくICT2026', 100, measure).map((l) => l.text)).toEqual(['あいうえおかきく', 'ICT2026']);
    expect(wrapText('一\n\n二', 100, measure).map((l) => l.text)).toEqual(['一', '', '二']);
  });
});
