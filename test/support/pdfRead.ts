/**
 * Reads a generated PDF back with pdf.js (pure JavaScript, no system packages): the
 * text of each page in drawing order with positions, the fonts' dictionaries, the
 * outline, and the vector ticks of drawn checkboxes.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';

// pdf.js warns on load that it cannot polyfill canvas drawing, which reading text does not need.
const pdfjs = (() => {
  const log = console.log;
  console.log = () => undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('pdfjs-dist/legacy/build/pdf.js') as typeof import('pdfjs-dist');
  } finally {
    console.log = log;
  }
})();

export interface TextItem {
  str: string;
  x: number;
  y: number;
  size: number;
}

export interface ReadPdf {
  pages: TextItem[][];
  /** Text of each page with every item joined (no separators, no white space). */
  pageText: string[];
  /** All pages' text joined. */
  text: string;
  outline: string[];
  /** Per page: ticks of checkboxes (a three-point polyline) drawn. */
  ticks: number[];
}

export async function readPdf(bytes: Buffer): Promise<ReadPdf> {
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, verbosity: 0 });
  const doc = await task.promise;
  const pages: TextItem[][] = [];
  const ticks: number[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const items: TextItem[] = [];
    for (const it of content.items) {
      if (!('str' in it) || it.str === '') continue;
      items.push({ str: it.str, x: it.transform[4], y: it.transform[5], size: Math.hypot(it.transform[0], it.transform[1]) });
    }
    pages.push(items);
    const ops = await page.getOperatorList();
    let n = 0;
    ops.fnArray.forEach((fn: number, k: number) => {
      if (fn !== pdfjs.OPS.constructPath) return;
      const [kinds] = ops.argsArray[k] as [number[]];
      // moveTo lineTo lineTo: the tick of a checked box (boxes are rectangles).
      if (kinds.length === 3 && kinds[0] === pdfjs.OPS.moveTo && kinds[1] === pdfjs.OPS.lineTo && kinds[2] === pdfjs.OPS.lineTo) n++;
    });
    ticks.push(n);
  }
  const outline = ((await doc.getOutline()) ?? []).map((o: { title: string }) => o.title);
  await doc.destroy();
  const pageText = pages.map((p) =>
    p
      .map((t) => t.str)
      .join('')
      .replace(/\s/g, ''),
  );
  return { pages, pageText, text: pageText.join(''), outline, ticks };
}

export interface FontInfo {
  baseFont: string;
  subtype: string;
  embedded: boolean;
  toUnicode: boolean;
}

/** Every font dictionary of the file, with whether its program is embedded. */
export async function fontsOf(bytes: Buffer): Promise<FontInfo[]> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const ctx = pdf.context;
  const out: FontInfo[] = [];
  const deref = (o: unknown) => (o instanceof PDFRef ? ctx.lookup(o) : o);
  for (const [, obj] of ctx.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = String(obj.get(PDFName.of('Subtype')));
    if (subtype === '/CIDFontType2' || subtype === '/CIDFontType0') continue; // counted through its Type0 parent
    let descriptor: PDFDict | undefined;
    const descendants = deref(obj.get(PDFName.of('DescendantFonts')));
    if (descendants instanceof PDFArray) {
      const cid = deref(descendants.get(0));
      if (cid instanceof PDFDict) descriptor = deref(cid.get(PDFName.of('FontDescriptor'))) as PDFDict;
    } else {
      descriptor = deref(obj.get(PDFName.of('FontDescriptor'))) as PDFDict | undefined;
    }
    const file = descriptor
      ? ['FontFile', 'FontFile2', 'FontFile3']
          .map((k) => deref(descriptor!.get(PDFName.of(k))))
          .find((f) => f instanceof PDFStream || f instanceof PDFRawStream)
      : undefined;
    out.push({
      baseFont: String(obj.get(PDFName.of('BaseFont'))).replace(/^\//, ''),
      subtype,
      embedded: file !== undefined,
      toUnicode: obj.get(PDFName.of('ToUnicode')) !== undefined,
    });
  }
  return out;
}
