/**
 * Line breaking for Japanese text in a fixed-width cell, as a printed form does it:
 * any character may end a line except that closing marks (、。）」…) never start one
 * and opening marks (（「…) never end one (禁則処理); a run of Latin letters and digits
 * is kept whole when it fits on a line. Pure: the caller measures characters.
 */

/** One printed line: its text and how far it is indented (hanging indent after ○, →, 1 …). */
export interface Line {
  text: string;
  indent: number;
}

const NO_START = new Set([...'、。，．,.）)]｝}」』】〕〉》’”・：；？！!?:;ー～ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%％']);
const NO_END = new Set([...'（([｛{「『【〔〈《‘“']);
const WORD = /[A-Za-z0-9０-９Ａ-Ｚａ-ｚ.,\-_/:@]/;

/** A paragraph's leading mark (○, →, ・, ①, "1 ", "(1)") after which wrapped lines hang. */
export function hangingMark(paragraph: string): string {
  const m = /^([○◯●・→※＊*\-－]|[①-⑳]|[0-9０-９]{1,2}[ 　.．、)]|[（(][0-9０-９]{1,2}[)）])\s?/.exec(paragraph);
  return m ? m[0] : '';
}

/**
 * Breaks `text` (paragraphs separated by \n; an empty line stays an empty line) into
 * lines no wider than `width`, measured by `measure`.
 */
export function wrapText(text: string, width: number, measure: (s: string) => number): Line[] {
  const out: Line[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (paragraph === '') {
      out.push({ text: '', indent: 0 });
      continue;
    }
    const mark = hangingMark(paragraph);
    const hang = mark ? Math.min(measure(mark), width / 3) : 0;
    const chars = [...paragraph];
    let start = 0;
    let first = true;
    while (start < chars.length) {
      const avail = width - (first ? 0 : hang);
      let end = start;
      let w = 0;
      while (end < chars.length) {
        const cw = measure(chars[end]);
        if (w + cw > avail && end > start) break;
        w += cw;
        end++;
      }
      if (end < chars.length) end = adjustBreak(chars, start, end);
      out.push({ text: chars.slice(start, end).join(''), indent: first ? 0 : hang });
      start = end;
      // A line never starts with the spaces it was broken at.
      while (start < chars.length && (chars[start] === ' ' || chars[start] === '　')) start++;
      first = false;
    }
  }
  return out;
}

/** Moves a break at `end` so that 禁則 holds and a Latin word is not cut, when that is possible. */
function adjustBreak(chars: string[], start: number, end: number): number {
  let e = end;
  // Closing marks: pull the previous character down with them (at most two steps).
  for (let i = 0; i < 2 && e - 1 > start && NO_START.has(chars[e]); i++) e--;
  // Opening marks: carry them to the next line.
  while (e - 1 > start && NO_END.has(chars[e - 1])) e--;
  // A Latin word or number: break before it if it started on this line.
  if (WORD.test(chars[e]) && WORD.test(chars[e - 1])) {
    let w = e;
    while (w > start && WORD.test(chars[w - 1])) w--;
    if (w > start) e = w;
  }
  return e > start ? e : end;
}
