import { formatJpDate, type DateDisplay, type JpDate } from './jpdate';
import { ownerKey } from './org';
import type { FieldChange, RequestForm } from './request';
import type { RawRequestForm } from './requestForm';

type Field = keyof RequestForm;
const fields: Field[] = [
  'filedOn',
  'title',
  'owner',
  'summary',
  'points',
  'desiredDates',
  'ordinance',
  'councilSession',
  'publicComment',
  'councilInfo',
  'coordination',
  'history',
  'remarks',
];

/** Stable JSON: key order must not make two equal values look different. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );
}

/** The fields that differ between two versions of a form, old → new. */
export function diffForms(before: RequestForm, after: RequestForm): FieldChange[] {
  return fields.filter((f) => canonical(before[f]) !== canonical(after[f])).map((f) => ({ field: f, old: before[f], new: after[f] }));
}

export type MergeResult = { ok: true; form: RequestForm; changes: FieldChange[] } | { ok: false; conflicts: string[] };

/**
 * Applies my edit (base → mine) on top of what is stored now (base → current).
 * Fields only I changed are taken from mine, fields only they changed are kept;
 * a field both of us changed differently is a conflict: never silently lose either.
 */
export function mergeEdit(base: RequestForm, mine: RequestForm, current: RequestForm): MergeResult {
  const myFields = new Set(diffForms(base, mine).map((c) => c.field));
  const theirFields = new Set(diffForms(base, current).map((c) => c.field));
  const conflicts = [...myFields].filter((f) => theirFields.has(f) && canonical(mine[f as Field]) !== canonical(current[f as Field]));
  if (conflicts.length > 0) return { ok: false, conflicts };
  const form = { ...current } as Record<Field, unknown>;
  for (const f of myFields) form[f as Field] = mine[f as Field];
  const merged = form as unknown as RequestForm;
  return { ok: true, form: merged, changes: diffForms(current, merged) };
}

function dateText(d: JpDate | null, display: DateDisplay): string {
  if (!d) return '';
  // 'both' adds brackets the parser need not read back: edit in plain 和暦.
  return formatJpDate(d, display === 'seireki' ? 'seireki' : 'wareki');
}

/** A filed form as the fields of the modal, so an edit starts from what is stored. */
export function toRawForm(form: RequestForm, display: DateDisplay): RawRequestForm {
  return {
    filedOn: dateText(form.filedOn, display),
    title: form.title,
    owner: ownerKey(form.owner),
    summary: form.summary,
    points: form.points,
    desiredDates: Object.fromEntries(Object.entries(form.desiredDates).map(([k, d]) => [k, dateText(d, display)])),
    ordinance: form.ordinance.required ? 'required' : 'none',
    ordinanceDetail: form.ordinance.detail,
    councilSession: form.councilSession,
    publicComment: form.publicComment.planned ? 'planned' : 'none',
    publicCommentPeriod: dateText(form.publicComment.period, display),
    councilInfoKind: form.councilInfo.kind,
    councilInfoPeriod: dateText(form.councilInfo.period, display),
    coordination: form.coordination.map((r) => ({ ...r })),
    history: form.history.map((r) => ({ date: dateText(r.date, display), meeting: r.meeting, content: r.content })),
    remarks: form.remarks,
  };
}
