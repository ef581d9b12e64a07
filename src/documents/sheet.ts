import type PDFDocument from 'pdfkit';
import type { FormFont } from './font';
import { wrapText, type Line } from './wrap';

/**
 * A bordered table laid out row by row on A4 pages, the way the paper 案件申込書 is
 * drawn: label cells shaded, a label spanning several rows (審議希望日, 検討経過等), a
 * row taller than what is left of a page split line by line onto the next page, and
 * a table's header rows drawn again at the top of that page.
 */

export const A4 = { width: 595.28, height: 841.89 } as const;
export const MARGIN = { left: 42, right: 42, top: 40, bottom: 48 } as const;
export const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;

const PAD_X = 4;
const PAD_Y = 3.5;
const LEADING = 1.45;
const SHADE = '#eeeeee';
const BOX = 7.5;

export interface CellSpec {
  /** Left edge and width, relative to the table's left edge. */
  x: number;
  w: number;
  text: string;
  size?: number;
  align?: 'left' | 'center' | 'right';
  /** A label cell: shaded, repeated on a page a split row continues on. */
  label?: boolean;
  /** Draw no border of its own (its row's frame encloses it). */
  borderless?: boolean;
  /** One checkbox per paragraph of `text` (true ticked, false empty). */
  checks?: boolean[];
  /** At least this many lines per paragraph, so paragraphs of cells side by side line up. */
  minLines?: number[];
}

export interface RowSpec {
  cells: CellSpec[];
  /** A label in the left column spanning every consecutive row with the same group. */
  group?: { id: string; label: string; w: number };
  /** Rows drawn again before this one when it starts a new page (a table's header). */
  header?: RowSpec[];
  /** Draw one border around the non-label cells instead of one per cell. */
  frame?: boolean;
  /** Start a new page unless this much room is left (a block that should begin together). */
  needs?: number;
  /** Never the last row of a page (a table's title and header stay with its first row). */
  keepWithNext?: boolean;
}

/** A row shorter than this moves to the next page whole instead of being split. */
const KEEP_WHOLE = 150;

interface LaidCell {
  spec: CellSpec;
  lines: Line[];
  /** Paragraph index of each line that starts a paragraph with a checkbox, else -1. */
  boxes: number[];
}

interface Segment {
  id: string;
  label: string;
  w: number;
  top: number;
  bottom: number;
}

export interface SheetHooks {
  /** Draws the running head of a continuation page; returns where the table resumes. */
  continuation(doc: PDFKit.PDFDocument): number;
}

export class Sheet {
  y: number;
  private tableTop: number | null = null;
  private segment: Segment | null = null;
  /** Where rows start on a continuation page (a row there is never moved on). */
  private hooksTop = -1;

  constructor(
    readonly doc: InstanceType<typeof PDFDocument>,
    readonly font: FormFont,
    private hooks: SheetHooks,
    startY: number,
  ) {
    this.y = startY;
  }

  get bottom(): number {
    return A4.height - MARGIN.bottom;
  }

  measure = (s: string, size: number) => this.font.measure(s, size);

  /** Text at a point, no wrapping (the caller has measured it). */
  text(s: string, x: number, y: number, size: number, opts: { align?: 'left' | 'center' | 'right'; width?: number; color?: string } = {}): void {
    if (s === '') return;
    let dx = 0;
    if (opts.width !== undefined && opts.align && opts.align !== 'left') {
      const free = opts.width - this.measure(s, size);
      dx = opts.align === 'center' ? free / 2 : free;
    }
    this.doc
      .fontSize(size)
      .fillColor(opts.color ?? 'black')
      .text(s, x + Math.max(0, dx), y, { lineBreak: false });
  }

  /** Starts a table at the current y. */
  beginTable(): void {
    this.tableTop = this.y;
  }

  /** Closes the table: its outer frame and any spanning label. */
  endTable(): void {
    this.closeSegment();
    if (this.tableTop !== null && this.y > this.tableTop) {
      this.doc
        .lineWidth(1)
        .strokeColor('black')
        .rect(MARGIN.left, this.tableTop, CONTENT_WIDTH, this.y - this.tableTop)
        .stroke();
    }
    this.tableTop = null;
  }

  /** Space between blocks outside a table. */
  gap(h: number): void {
    this.y += h;
  }

  /** Starts a new page, continuing the table that was open. */
  newPage(): void {
    const inTable = this.tableTop !== null;
    if (inTable) this.endTable();
    this.doc.addPage();
    this.y = this.hooks.continuation(this.doc);
    this.hooksTop = this.y;
    if (inTable) this.beginTable();
  }

  /** The lines of one paragraph of a cell as lay() breaks them. */
  paragraphLines(spec: Pick<CellSpec, 'w' | 'size' | 'checks'>, paragraph: string): Line[] {
    const size = spec.size ?? 9.5;
    const width = spec.w - 2 * PAD_X - (spec.checks ? BOX + 3 : 0);
    return wrapText(paragraph, width, (s) => this.measure(s, size));
  }

  private lay(spec: CellSpec): LaidCell {
    const lines: Line[] = [];
    const boxes: number[] = [];
    spec.text.split('\n').forEach((p, i) => {
      const wrapped = this.paragraphLines(spec, p);
      while (wrapped.length < (spec.minLines?.[i] ?? 0)) wrapped.push({ text: '', indent: 0 });
      wrapped.forEach((l, j) => {
        lines.push(l);
        boxes.push(spec.checks && j === 0 ? i : -1);
      });
    });
    return { spec, lines, boxes };
  }

  private lineHeight(cells: LaidCell[]): number {
    return Math.max(...cells.map((c) => (c.spec.size ?? 9.5) * LEADING));
  }

  /** Lays out and draws rows, breaking pages as needed. */
  rows(rows: RowSpec[]): void {
    rows.forEach((row, i) => {
      if (row.keepWithNext && i > 0 && !rows[i - 1].keepWithNext && this.y > this.hooksTop) {
        let need = 0;
        let j = i;
        for (; j < rows.length && rows[j].keepWithNext; j++) need += this.heightOf(rows[j]);
        // …and the first row after them, or two lines of it when it may be split.
        if (j < rows.length) {
          const h = this.heightOf(rows[j]);
          need += h > KEEP_WHOLE ? 2 * this.lineHeight(rows[j].cells.map((c) => this.lay(c))) + 2 * PAD_Y : h;
        }
        if (this.y + need > this.bottom) this.newPage();
      }
      this.row(row);
    });
  }

  /** The height a row takes when drawn whole. */
  heightOf(row: RowSpec): number {
    const cells = row.cells.map((c) => this.lay(c));
    return Math.max(1, ...cells.map((c) => c.lines.length)) * this.lineHeight(cells) + 2 * PAD_Y;
  }

  row(row: RowSpec, continued = false): void {
    const cells = row.cells.map((c) => this.lay(c));
    const lh = this.lineHeight(cells);
    const count = Math.max(1, ...cells.map((c) => c.lines.length));
    const height = count * lh + 2 * PAD_Y;
    const fresh = this.y <= this.hooksTop;
    if (!fresh && row.needs !== undefined && this.y + row.needs > this.bottom) {
      this.newPage();
      this.row(row, true);
      return;
    }
    if (this.y + height <= this.bottom) {
      this.draw(row, cells, count, lh);
      return;
    }
    const fit = Math.floor((this.bottom - this.y - 2 * PAD_Y) / lh);
    // Split only a tall row, when a useful part fits here and something is left for the next page.
    if ((fresh || height > KEEP_WHOLE) && fit >= 2 && count > fit) {
      const head = cells.map((c) => ({ ...c, lines: c.lines.slice(0, fit), boxes: c.boxes.slice(0, fit) }));
      this.draw(row, head, fit, lh);
      const rest: LaidCell[] = cells.map((c) =>
        c.spec.label
          ? { spec: c.spec, lines: [...c.lines, { text: '（続き）', indent: 0 }], boxes: [] }
          : { spec: c.spec, lines: c.lines.slice(fit), boxes: c.boxes.slice(fit) },
      );
      this.newPage();
      for (const h of row.header ?? []) this.row(h, true);
      this.drawRest(row, rest, lh);
      return;
    }
    this.newPage();
    if (!continued) for (const h of row.header ?? []) this.row(h, true);
    this.row(row, true);
  }

  /** The part of a split row that goes on a new page (it may need further pages). */
  private drawRest(row: RowSpec, cells: LaidCell[], lh: number): void {
    const count = Math.max(1, ...cells.map((c) => c.lines.length));
    const fit = Math.floor((this.bottom - this.y - 2 * PAD_Y) / lh);
    if (count <= fit) {
      this.draw(row, cells, count, lh);
      return;
    }
    this.draw(
      row,
      cells.map((c) => ({ ...c, lines: c.lines.slice(0, fit), boxes: c.boxes.slice(0, fit) })),
      fit,
      lh,
    );
    this.newPage();
    for (const h of row.header ?? []) this.row(h, true);
    this.drawRest(
      row,
      cells.map((c) => (c.spec.label ? c : { ...c, lines: c.lines.slice(fit), boxes: c.boxes.slice(fit) })),
      lh,
    );
  }

  private draw(row: RowSpec, cells: LaidCell[], count: number, lh: number): void {
    const doc = this.doc;
    const top = this.y;
    const height = count * lh + 2 * PAD_Y;
    const x0 = MARGIN.left;
    if (row.group) {
      doc.rect(x0, top, row.group.w, height).fill(SHADE);
      if (!this.segment || this.segment.id !== row.group.id) {
        this.closeSegment();
        this.segment = { id: row.group.id, label: row.group.label, w: row.group.w, top, bottom: top };
        // The label is written where its block starts, so it is read before the block.
        const size = 9.5;
        const lines = wrapText(row.group.label, row.group.w - 2 * PAD_X, (t) => this.measure(t, size));
        lines.forEach((l, i) =>
          this.text(l.text, x0 + PAD_X, top + PAD_Y + i * size * LEADING + (size * LEADING - size * 1.2) / 2, size, {
            align: 'center',
            width: row.group!.w - 2 * PAD_X,
          }),
        );
      }
      this.segment.bottom = top + height;
    } else {
      this.closeSegment();
    }
    for (const c of cells) {
      if (c.spec.label) doc.rect(x0 + c.spec.x, top, c.spec.w, height).fill(SHADE);
    }
    doc.lineWidth(0.5).strokeColor('black');
    for (const c of cells) {
      if (!c.spec.borderless) doc.rect(x0 + c.spec.x, top, c.spec.w, height).stroke();
    }
    if (row.frame) {
      const inner = cells.filter((c) => c.spec.borderless);
      if (inner.length) {
        const left = Math.min(...inner.map((c) => c.spec.x));
        const right = Math.max(...inner.map((c) => c.spec.x + c.spec.w));
        doc.rect(x0 + left, top, right - left, height).stroke();
      }
    }
    for (const c of cells) {
      const size = c.spec.size ?? 9.5;
      const boxW = c.spec.checks ? BOX + 3 : 0;
      // A label of one or two lines sits in the middle of a taller row, as on the paper.
      const offset = c.spec.label ? Math.max(0, ((count - c.lines.length) * lh) / 2) : 0;
      c.lines.forEach((line, i) => {
        const y = top + PAD_Y + offset + i * lh + (lh - size * 1.2) / 2;
        const x = x0 + c.spec.x + PAD_X;
        const p = c.boxes[i] ?? -1;
        if (p >= 0 && c.spec.checks) this.checkbox(x, y + (size * 1.2 - BOX) / 2 + 0.5, c.spec.checks[p] ?? false);
        this.text(line.text, x + boxW + line.indent, y, size, { align: c.spec.align, width: c.spec.w - 2 * PAD_X - boxW });
      });
    }
    this.y = top + height;
  }

  /** ☐ / ☑ drawn as lines: the font has no such glyphs. */
  checkbox(x: number, y: number, checked: boolean): void {
    const doc = this.doc;
    doc.lineWidth(0.6).strokeColor('black').rect(x, y, BOX, BOX).stroke();
    if (checked) {
      doc
        .lineWidth(1.1)
        .moveTo(x + 1.4, y + BOX * 0.5)
        .lineTo(x + BOX * 0.42, y + BOX - 1.3)
        .lineTo(x + BOX + 1.2, y - 1.2)
        .stroke();
    }
  }

  private closeSegment(): void {
    const s = this.segment;
    if (!s) return;
    this.segment = null;
    this.doc
      .lineWidth(0.5)
      .strokeColor('black')
      .rect(MARGIN.left, s.top, s.w, s.bottom - s.top)
      .stroke();
  }
}
