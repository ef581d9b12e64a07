/**
 * How a RequestForm and a change list are stored: JSON text. JpDate values are plain
 * objects ({ precision: 'day', year, month, day }), so JSON carries them as they are.
 * Reading validates the whole shape: a corrupt row fails loudly with its id instead of
 * handing half a form to the domain. Writing validates too, so junk is never stored.
 */
import { z } from 'zod';
import type { FieldChange, RequestForm } from '../../domain/request';
import { StoredDataError } from './errors';

const jpDay = z.strictObject({
  precision: z.literal('day'),
  year: z.int(),
  month: z.int().min(1).max(12),
  day: z.int().min(1).max(31),
});
const jpMonth = z.strictObject({
  precision: z.literal('month'),
  year: z.int(),
  month: z.int().min(1).max(12),
});
const jpPoint = z.discriminatedUnion('precision', [jpDay, jpMonth]);
const jpRange = z.strictObject({ precision: z.literal('range'), from: jpPoint, to: jpPoint });
const jpDate = z.discriminatedUnion('precision', [jpDay, jpMonth, jpRange]);

const formSchema = z.strictObject({
  filedOn: jpDay,
  title: z.string(),
  owner: z.strictObject({ bureau: z.string(), department: z.string(), unit: z.string().nullable() }),
  summary: z.string(),
  points: z.string(),
  desiredDates: z.record(z.string(), jpDay.nullable()),
  ordinance: z.strictObject({ required: z.boolean(), detail: z.string() }),
  councilSession: z.string(),
  publicComment: z.strictObject({ planned: z.boolean(), period: jpDate.nullable() }),
  councilInfo: z.strictObject({ kind: z.string(), period: jpDate.nullable() }),
  coordination: z.array(z.strictObject({ party: z.string(), item: z.string(), status: z.string() })),
  history: z.array(z.strictObject({ date: jpDate.nullable(), meeting: z.string(), content: z.string() })),
  remarks: z.string(),
});

// The schema must describe RequestForm exactly: a field added to the domain type and
// not here fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const formSchemaMatches: Same<z.output<typeof formSchema>, RequestForm> = true;
void formSchemaMatches;

const changesSchema = z.array(z.strictObject({ field: z.string(), old: z.unknown(), new: z.unknown() }));

function parseJson(text: string, table: string, id: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StoredDataError(table, id, `not JSON (${(e as Error).message})`);
  }
}

export function encodeForm(form: RequestForm): string {
  return encodedForm(form).text;
}

/**
 * The stored text of a form and the form as `decodeForm` reads that text back: the
 * validated copy the text was made of (JSON carries every value of a valid form as it
 * is), so a row just written need not be parsed and validated again.
 */
export function encodedForm(form: RequestForm): { text: string; form: RequestForm } {
  const valid = formSchema.parse(form);
  return { text: JSON.stringify(valid), form: valid };
}

/** @param requestId named in the error when the stored form is invalid */
export function decodeForm(json: string, requestId: string): RequestForm {
  const parsed = formSchema.safeParse(parseJson(json, 'Request', requestId));
  if (!parsed.success) throw new StoredDataError('Request', requestId, z.prettifyError(parsed.error));
  return parsed.data;
}

export function encodeChanges(changes: FieldChange[]): string {
  return JSON.stringify(changesSchema.parse(changes));
}

export function decodeChanges(json: string, changeId: string): FieldChange[] {
  const parsed = changesSchema.safeParse(parseJson(json, 'RequestChange', changeId));
  if (!parsed.success) throw new StoredDataError('RequestChange', changeId, z.prettifyError(parsed.error));
  return parsed.data.map((c) => ({ field: c.field, old: c.old, new: c.new }));
}
