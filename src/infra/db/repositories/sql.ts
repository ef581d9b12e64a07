/**
 * Raw statements built from pieces, for `$queryRaw(strings, ...values)`: every value is
 * a bound parameter, never text in the SQL. Used where the number of rows varies (one
 * multi-row INSERT instead of one statement per row).
 */
export type Piece = string | { value: unknown };

export const v = (value: unknown): Piece => ({ value });

export function statement(pieces: readonly Piece[]): [TemplateStringsArray, ...unknown[]] {
  const strings: string[] = [''];
  const values: unknown[] = [];
  for (const p of pieces) {
    if (typeof p === 'string') strings[strings.length - 1] += p;
    else {
      values.push(p.value);
      strings.push('');
    }
  }
  return [Object.assign([...strings], { raw: [...strings] }) as unknown as TemplateStringsArray, ...values];
}

/**
 * The strings of a statement whose text depends only on a count (of rows, of cases),
 * built once per count from its pieces (any values: only the text is kept) and frozen as
 * a template literal's are, so rawSql.ts compiles its text once too. At most `max` kept.
 */
export function templateByCount(pieces: (count: number) => readonly Piece[], max = 64): (count: number) => TemplateStringsArray {
  const made = new Map<number, TemplateStringsArray>();
  return (count) => {
    let strings = made.get(count);
    if (strings) return strings;
    const [built] = statement(pieces(count));
    Object.freeze(built.raw);
    strings = Object.freeze(built);
    if (made.size >= max) made.delete(made.keys().next().value as number);
    made.set(count, strings);
    return strings;
  };
}

/** `(a, b, …), (…)` for a multi-row VALUES list. */
export function valuesList(rows: readonly (readonly unknown[])[]): Piece[] {
  const out: Piece[] = [];
  rows.forEach((row, i) => {
    out.push(i === 0 ? '(' : ', (');
    row.forEach((value, j) => {
      if (j > 0) out.push(', ');
      out.push(v(value));
    });
    out.push(')');
  });
  return out;
}

/**
 * A row of a raw query in the model API's types: the adapters hand integers back as
 * bigint (SQLite) or number, and instants as Date or text. Converted in place (a row is
 * a fresh object of its query; most cells already have these types).
 */
export function typedRow<T>(row: Record<string, unknown>, ints: readonly (keyof T & string)[], instants: readonly (keyof T & string)[]): T {
  for (const k of ints) {
    const n = row[k];
    if (n !== null && n !== undefined && typeof n !== 'number') row[k] = Number(n);
  }
  for (const k of instants) {
    const d = row[k];
    if (d !== null && d !== undefined && !(d instanceof Date)) row[k] = new Date(d as string);
  }
  return row as T;
}
