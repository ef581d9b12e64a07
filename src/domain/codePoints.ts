/**
 * How many characters a text has as people count them (code points, as `[...s].length`
 * counts: a surrogate pair is one, a lone surrogate one too), counted without building
 * the array of characters that spreading the string would.
 */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}
