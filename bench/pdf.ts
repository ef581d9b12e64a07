/**
 * Benchmark for the paper documents (npm run bench:pdf), in one run on this machine:
 *  1. the font parsed once (cold) and the first seed PDF;
 *  2. the seed 案件申込書 with its 関係課長会議 record, warm: p50/p99 (target p99 < 300 ms);
 *  3. a 庁議資料 packet of 20 items, each with a 5-page PDF attachment (target < 5 s,
 *     RSS growth < 100 MB).
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { formFont } from '../src/documents/font';
import { packetPdf, prepareAttachments, requestPdf, type FormPart } from '../src/documents/requestPdf';
import { loadOrg } from '../src/infra/config';
import { seedDocument } from '../test/fixtures/seedDocument';
import { pct } from './support';

const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

async function attachment(i: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= 5; p++) {
    const page = pdf.addPage([595, 842]);
    for (let line = 0; line < 40; line++)
      page.drawText(`Attachment ${i} page ${p} line ${line}: plan structure chart and figures`, { x: 40, y: 800 - line * 18, size: 10, font });
  }
  return Buffer.from(await pdf.save());
}

async function main(): Promise<void> {
  const { org } = loadOrg(undefined);
  const now = new Date();
  const out: string[] = [];

  let t0 = performance.now();
  formFont();
  const parse = performance.now() - t0;
  t0 = performance.now();
  const first = await requestPdf({ form: seedDocument(org), attachments: [] }, { title: 'seed', now });
  out.push(
    `font parsed once: ${parse.toFixed(0)} ms; first seed PDF after it: ${(performance.now() - t0).toFixed(0)} ms (${(first.length / 1024).toFixed(0)} KB)`,
  );

  const times: number[] = [];
  for (let run = 0; run < 60; run++) {
    t0 = performance.now();
    await requestPdf({ form: seedDocument(org), attachments: [] }, { title: 'seed', now });
    times.push(performance.now() - t0);
  }
  out.push(
    `seed 案件申込書 with its minutes, warm (60 runs): p50 ${pct(times, 50).toFixed(0)} ms, p99 ${pct(times, 99).toFixed(0)} ms (target p99 < 300 ms)`,
  );

  const files = await Promise.all(Array.from({ length: 20 }, (_, i) => attachment(i)));
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const packetTimes: number[] = [];
  let size = 0;
  let peak = rss0;
  for (let run = 0; run < 3; run++) {
    t0 = performance.now();
    const parts: FormPart[] = [];
    for (let i = 0; i < 20; i++) {
      const meta = { id: `a${i}`, name: `別紙${i}.pdf`, size: files[i].length, mime: 'application/pdf' };
      const attachments = await prepareAttachments({ listFor: async () => [meta], content: async () => files[i] }, `r${i}`);
      parts.push({ form: { ...seedDocument(org), caseNo: `R8-${String(i + 1).padStart(3, '0')}` }, attachments });
    }
    const cover = {
      tier: '局経営会議',
      date: '令和8年12月7日(月)',
      time: '09:30',
      items: parts.map((p) => ({ caseNo: p.form.caseNo, title: p.form.title, owner: '企画財政局 企画部 情報政策担当' })),
      hidden: 0,
    };
    const pdf = await packetPdf(cover, parts, { title: 'packet', now });
    packetTimes.push(performance.now() - t0);
    size = pdf.length;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  out.push(
    `庁議資料 of 20 items with 20 × 5-page attachments (3 runs): ${packetTimes.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')} (target < 5 s); ${mb(size)} MB; RSS growth ${mb(peak - rss0)} MB (target < 100 MB)`,
  );
  for (const line of out) console.log(line);
}

void main();
