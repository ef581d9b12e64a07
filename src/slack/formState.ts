import { z } from 'zod';
import type { RawCoordinationRow, RawHistoryRow, RawRequestForm } from '../domain/requestForm';

/**
 * Reads a modal's view.state.values back into the typed form. The payload comes from
 * outside: its shape is checked, unknown blocks are ignored, and every value stays a
 * string so nothing typed is dropped before validation.
 */
const elementState = z
  .object({
    type: z.string(),
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
    selected_date: z.string().nullish(),
  })
  .passthrough();

export const stateValuesSchema = z.record(z.string(), z.record(z.string(), elementState));
export type StateValues = z.infer<typeof stateValuesSchema>;

const textFields = [
  'filedOn',
  'title',
  'summary',
  'points',
  'ordinanceDetail',
  'councilSession',
  'publicCommentPeriod',
  'councilInfoPeriod',
  'remarks',
] as const;

function valueOf(state: z.infer<typeof elementState>): string {
  return state.value ?? state.selected_option?.value ?? state.selected_date ?? '';
}

export function rawFromState(values: unknown): Partial<RawRequestForm> {
  const parsed = stateValuesSchema.safeParse(values ?? {});
  if (!parsed.success) return {};
  const out: Partial<RawRequestForm> = {};
  const coordination: RawCoordinationRow[] = [];
  const history: RawHistoryRow[] = [];
  let sawCoordination = false;
  let sawHistory = false;
  for (const [blockId, actions] of Object.entries(parsed.data)) {
    const first = Object.values(actions)[0];
    if (!first) continue;
    const v = valueOf(first);
    const parts = blockId.split('.');
    if ((textFields as readonly string[]).includes(blockId)) {
      out[blockId as (typeof textFields)[number]] = v;
    } else if (blockId === 'owner') {
      out.owner = v;
    } else if (blockId === 'ordinance') {
      out.ordinance = v === 'none' || v === 'required' ? v : '';
    } else if (blockId === 'publicComment') {
      out.publicComment = v === 'none' || v === 'planned' ? v : '';
    } else if (blockId === 'councilInfoKind') {
      out.councilInfoKind = v === 'none' ? '' : v;
    } else if (parts[0] === 'desiredDates' && parts.length === 2) {
      out.desiredDates = { ...(out.desiredDates ?? {}), [parts[1]]: v };
    } else if (parts[0] === 'coordination' && parts.length === 3 && /^\d{1,2}$/.test(parts[1])) {
      const i = Number(parts[1]);
      const key = parts[2];
      if (key !== 'party' && key !== 'item' && key !== 'status') continue;
      sawCoordination = true;
      coordination[i] = { ...(coordination[i] ?? { party: '', item: '', status: '' }), [key]: v };
    } else if (parts[0] === 'history' && parts.length === 3 && /^\d{1,2}$/.test(parts[1])) {
      const i = Number(parts[1]);
      const key = parts[2];
      if (key !== 'date' && key !== 'meeting' && key !== 'content') continue;
      sawHistory = true;
      history[i] = { ...(history[i] ?? { date: '', meeting: '', content: '' }), [key]: v };
    }
  }
  // Array holes (a row whose blocks were missing) become blank rows, keeping indexes.
  if (sawCoordination) out.coordination = Array.from(coordination, (r) => r ?? { party: '', item: '', status: '' });
  if (sawHistory) out.history = Array.from(history, (r) => r ?? { date: '', meeting: '', content: '' });
  return out;
}

/** The block that shows an error for a form path: ['history', 2, 'date'] → history.2.date */
export function blockIdFor(path: (string | number)[]): string {
  return path.map(String).join('.');
}
