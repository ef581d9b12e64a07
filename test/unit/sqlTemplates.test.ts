import { statement, templateByCount, v, valuesList } from '../../src/infra/db/repositories/sql';

describe('statement text built once per count', () => {
  const pieces = (n: number) => ['INSERT INTO t (a, b) VALUES ', ...valuesList(Array.from({ length: n }, () => [1, 2])), ' RETURNING ', v('x')];

  it('has the text statement() builds for the same pieces, frozen like a template literal', () => {
    const insert = templateByCount(pieces);
    for (const n of [1, 2, 5]) {
      const [expected] = statement(pieces(n));
      const strings = insert(n);
      expect([...strings]).toEqual([...expected]);
      expect([...strings.raw]).toEqual([...expected.raw]);
      expect(Object.isFrozen(strings)).toBe(true);
      expect(strings.length).toBe(2 * n + 2);
    }
  });

  it('gives the same strings for the same count, and keeps at most its limit', () => {
    const built: number[] = [];
    const insert = templateByCount((n) => {
      built.push(n);
      return pieces(n);
    }, 2);
    const one = insert(1);
    expect(insert(1)).toBe(one);
    insert(2);
    insert(3); // drops 1, the oldest
    expect(insert(3)).toBe(insert(3));
    expect(insert(1)).not.toBe(one);
    expect(insert(1)).toEqual(one);
    expect(built).toEqual([1, 2, 3, 1]);
  });
});
