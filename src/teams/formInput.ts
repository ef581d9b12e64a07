import { z } from 'zod';
import { desiredDateInput } from '../domain/dateChoice';
import { formPages, type FormPage, type RawCoordinationRow, type RawHistoryRow, type RawRequestForm } from '../domain/requestForm';
import { ChoiceValue, FormStep, Verb } from './ids';

/**
 * Reads what a dialog button sent (task/submit `value.data`: the card's inputs plus the
 * button's data) back into the typed form. The payload comes from outside: only known
 * ids are read, every value stays a string, so nothing typed is dropped before validation.
 */
const ROW = /^(coordination|history)\.(\d{1,2})\.(\w+)$/;
const textFields = [
  'filedOn',
  'title',
  'owner',
  'summary',
  'points',
  'ordinanceDetail',
  'councilSession',
  'publicCommentPeriod',
  'councilInfoPeriod',
  'remarks',
] as const;

const stepSchema = z.object({
  verb: z.literal(Verb.form),
  d: z.string().min(1).max(100),
  p: z.enum(formPages),
  step: z.enum([FormStep.next, FormStep.back, FormStep.addRow, FormStep.startOver]),
});
export type FormSubmission = z.infer<typeof stepSchema> & { patch: Partial<RawRequestForm> };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export function readFormSubmission(data: unknown): FormSubmission | null {
  if (!data || typeof data !== 'object') return null;
  const step = stepSchema.safeParse(data);
  if (!step.success) return null;
  return { ...step.data, patch: rawFromInputs(data as Record<string, unknown>) };
}

export function rawFromInputs(data: Record<string, unknown>): Partial<RawRequestForm> {
  const out: Partial<RawRequestForm> = {};
  const coordination: RawCoordinationRow[] = [];
  const history: RawHistoryRow[] = [];
  let sawCoordination = false;
  let sawHistory = false;
  // Per tier: its choice (or typed text, for a tier held as needed) and its その他の日 text.
  const dateInputs = Object.create(null) as Record<string, { value?: string; other?: string }>;
  for (const [id, value] of Object.entries(data)) {
    const v = str(value);
    if (v === undefined) continue;
    if ((textFields as readonly string[]).includes(id)) {
      out[id as (typeof textFields)[number]] = v;
    } else if (id === 'ordinance') {
      out.ordinance = v === ChoiceValue.none || v === ChoiceValue.required ? v : '';
    } else if (id === 'publicComment') {
      out.publicComment = v === ChoiceValue.none || v === ChoiceValue.planned ? v : '';
    } else if (id === 'councilInfoKind') {
      out.councilInfoKind = v === ChoiceValue.none ? '' : v;
    } else if (id.startsWith('desiredDates.') && id.split('.').length === 2) {
      (dateInputs[id.split('.')[1]] ??= {}).value = v;
    } else if (id.startsWith('desiredDates.') && id.split('.').length === 3 && id.endsWith('.other')) {
      (dateInputs[id.split('.')[1]] ??= {}).other = v;
    } else {
      const m = ROW.exec(id);
      if (!m) continue;
      const i = Number(m[2]);
      if (m[1] === 'coordination' && (m[3] === 'party' || m[3] === 'item' || m[3] === 'status')) {
        sawCoordination = true;
        coordination[i] = { ...(coordination[i] ?? { party: '', item: '', status: '' }), [m[3]]: v };
      } else if (m[1] === 'history' && (m[3] === 'date' || m[3] === 'meeting' || m[3] === 'content')) {
        sawHistory = true;
        history[i] = { ...(history[i] ?? { date: '', meeting: '', content: '' }), [m[3]]: v };
      }
    }
  }
  for (const [tier, input] of Object.entries(dateInputs)) {
    if (input.value === undefined) continue; // a その他 text without its choice is not one of our cards
    const d = desiredDateInput.safeParse(input);
    if (!d.success) continue;
    (out.desiredDates ??= {})[tier] = d.data.typed;
    (out.desiredDateOther ??= {})[tier] = d.data.other;
  }
  // Holes (a row whose inputs were missing) become blank rows, keeping indexes.
  if (sawCoordination) out.coordination = Array.from(coordination, (r) => r ?? { party: '', item: '', status: '' });
  if (sawHistory) out.history = Array.from(history, (r) => r ?? { date: '', meeting: '', content: '' });
  return out;
}

export const pageOfStep = (p: string): FormPage | null => ((formPages as readonly string[]).includes(p) ? (p as FormPage) : null);
