import { esc } from '../../src/slack/mrkdwn';
import { escapedPieces } from '../../src/slack/views/requestMessage';

/** The cut as first written: each character escaped on its own, pieces built by appending. */
function reference(text: string, budget: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let size = 0;
  for (const ch of text) {
    const e = esc(ch);
    if (size + e.length > budget) {
      pieces.push(piece);
      piece = '';
      size = 0;
    }
    piece += e;
    size += e.length;
  }
  pieces.push(piece);
  return pieces;
}

describe('escapedPieces', () => {
  const alphabet = ['a', 'あ', '&', '<', '>', '😀', '𠮷', '\uD800', '\uDC00', '\n', ' '];

  it('cuts and escapes exactly as escaping character by character did', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      const length = Math.floor(random() * 60);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const budget = 1 + Math.floor(random() * 24);
      expect(escapedPieces(text, budget)).toEqual(reference(text, budget));
    }
  });

  it('keeps short text whole and gives one empty piece for empty text', () => {
    expect(escapedPieces('a<b', 100)).toEqual(['a&lt;b']);
    expect(escapedPieces('', 100)).toEqual(['']);
  });
});
