import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';

/**
 * The 明朝 the paper form is printed in: Noto Serif JP Regular (OFL-1.1) from the npm
 * package @expo-google-fonts/noto-serif-jp. Parsing its 7.7 MB takes most of a second,
 * so it is parsed once per process and shared by every document (pdfkit embeds a
 * subset of the glyphs each document uses).
 */
const FONT_PATH = '@expo-google-fonts/noto-serif-jp/400Regular/NotoSerifJP_400Regular.ttf';

export interface FormFont {
  /** The parsed font, handed to pdfkit. */
  font: fontkit.Font;
  /** Width of `text` at `size` points. */
  measure(text: string, size: number): number;
}

let loaded: FormFont | null = null;

export function formFont(): FormFont {
  if (loaded) return loaded;
  const parsed = fontkit.create(readFileSync(require.resolve(FONT_PATH)));
  if (!('glyphForCodePoint' in parsed)) throw new Error(`${FONT_PATH} is a font collection, not a font`);
  const font = parsed as fontkit.Font;
  const perEm = font.unitsPerEm;
  // Advance widths per code point, in font units; CJK text has no kerning to care about.
  const widths = new Map<number, number>();
  const advance = (cp: number): number => {
    let w = widths.get(cp);
    if (w === undefined) {
      w = font.glyphForCodePoint(cp).advanceWidth;
      widths.set(cp, w);
    }
    return w;
  };
  loaded = {
    font,
    measure(text, size) {
      let units = 0;
      for (const ch of text) units += advance(ch.codePointAt(0)!);
      return (units * size) / perEm;
    },
  };
  return loaded;
}
