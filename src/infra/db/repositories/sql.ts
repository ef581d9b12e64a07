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
 * bigint (SQLite) or number, and instants as Date or text.
 */
export function typedRow<T>(row: Record<string, unknown>, ints: readonly (keyof T & string)[], instants: readonly (keyof T & string)[]): T {
  const out: Record<string, unknown> = { ...row };
  for (const k of ints) if (out[k] !== null && out[k] !== undefined) out[k] = Number(out[k]);
  for (const k of instants) {
    const d = out[k];
    if (d !== null && d !== undefined && !(d instanceof Date)) out[k] = new Date(d as string);
  }
  return out as T;
}
