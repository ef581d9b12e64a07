import { codePointLength } from '../../src/domain/codePoints';

describe('codePointLength', () => {
  it('counts characters as spreading the string does', () => {
    const samples = [
      '',
      'a',
      'あいう',
      '😀',
      'a😀b',
      '𠮷野家',
      '\uD800',
      '\uDC00',
      '\uDC00\uD800',
      '\uD800\uD800\uDC00',
      '😀\uD83D',
      '\uD83D😀\uDE00',
    ];
    for (const s of samples) expect(codePointLength(s)).toBe([...s].length);
    const alphabet = ['a', 'あ', '😀', '\uD800', '\uDC00', '\uDBFF', '\uDFFF'];
    let seed = 3;
    for (let n = 0; n < 2000; n++) {
      let s = '';
      for (let i = 0; i < n % 17; i++) s += alphabet[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length];
      expect(codePointLength(s)).toBe([...s].length);
    }
  });
});
