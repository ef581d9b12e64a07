import { minutesParts, type MinutesInput } from '../../domain/meetingMinutes';
import { T } from '../strings';
import { CARD_MAX_BYTES, card, cardBytes, heading, type AdaptiveCard, type Element } from './card';

/** Characters per text element: a long part is continued in the next element, never dropped. */
const PIECE_MAX = 3000;

const runs = (text: string, o: Record<string, unknown> = {}): Element => ({
  type: 'RichTextBlock',
  inlines: [{ type: 'TextRun', text, ...o }],
  spacing: 'Small',
});

/** A line longer than `max` characters, cut between characters. */
function cut(line: string, max: number): string[] {
  const chars = [...line];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
  return out.length > 0 ? out : [''];
}

/** Whole lines joined up to `max` characters per piece. */
function pieces(lines: string[], max: number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines.flatMap((l) => cut(l, max))) {
    const n = [...line].length;
    if (current.length > 0 && size + 1 + n > max) {
      out.push(current.join('\n'));
      current = [];
      size = 0;
    }
    current.push(line);
    size += (current.length > 1 ? 1 : 0) + n;
  }
  if (current.length > 0) out.push(current.join('\n'));
  return out;
}

/**
 * 議事録 as cards: a heading, then each part (結果等, 出席課・機関等, 主な意見) of each
 * tier's record, in plain TextRuns (opinions are user text). A record larger than one
 * card (Teams' ~28 KB) continues in the next card: never dropped.
 */
export function minutesCards(caseNo: string, records: MinutesInput[]): AdaptiveCard[] {
  const elements: Element[] = [];
  for (const m of records) {
    for (const part of minutesParts(m)) {
      elements.push({ ...runs(`【${part.title}】`, { weight: 'Bolder' }), spacing: 'Medium', separator: true });
      for (const p of pieces(part.lines, PIECE_MAX)) elements.push(runs(p));
    }
  }
  const cards: AdaptiveCard[] = [];
  let body: Element[] = [heading(T.minutesHeading(caseNo))];
  for (const e of elements) {
    if (body.length > 1 && cardBytes(card([...body, e])) > CARD_MAX_BYTES) {
      cards.push(card(body));
      body = [heading(T.minutesContinued(caseNo, cards.length))];
    }
    body.push(e);
  }
  cards.push(card(body));
  return cards;
}
