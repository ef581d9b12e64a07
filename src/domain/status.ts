import { compareDays, type JpDay } from './jpdate';
import { currentTier, type Review } from './meeting';
import type { OrgConfig } from './org';
import type { AgendaRequest } from './request';
import { StatusLabel } from './uiText.ja';

/**
 * Where a request stands, as a person reads it: derived from what is stored (the
 * results recorded per tier and a withdrawal), never stored itself, so it cannot drift
 * from the record.
 */
export type StatusKind = 'filed' | 'reviewing' | 'approved' | 'decided' | 'returned' | 'continued' | 'withdrawn' | 'completed';

export interface RequestStatusInfo {
  kind: StatusKind;
  /** The tier it is at (審議中, 継続審議) or was decided at; null for 申込中 / 取り下げ. */
  tierId: string | null;
  /** Display text, e.g. 審議中（局経営会議）. */
  label: string;
}

export type ResultClass = 'forward' | 'approved' | 'decided' | 'returned' | 'continued' | 'other';

/**
 * What a recorded 結果等 means for the item. Results are configuration (each city words
 * them its own way), so they are read by their key words: 付議 moves it up a tier,
 * 継続 keeps it at the tier, 差し戻 sends it back, 了承 / 決定 end it.
 */
export function classifyResult(result: string): ResultClass {
  if (result.includes('付議')) return 'forward';
  if (result.includes('継続')) return 'continued';
  if (result.includes('差し戻') || result.includes('差戻')) return 'returned';
  if (result.includes('了承')) return 'approved';
  if (result.includes('決定')) return 'decided';
  return 'other';
}

type ReviewFacts = Pick<Review, 'tierId' | 'result' | 'attendance' | 'opinionSeq'>;

export function requestStatus(org: OrgConfig, request: AgendaRequest, reviews: readonly ReviewFacts[], today: JpDay): RequestStatusInfo {
  const tierName = (id: string) => org.tiers.find((t) => t.id === id)?.name ?? id;
  const at = (kind: StatusKind, tierId: string | null): RequestStatusInfo => ({
    kind,
    tierId,
    label: kind === 'reviewing' || kind === 'continued' ? StatusLabel[kind](tierName(tierId!)) : StatusLabel[kind],
  });
  if (request.status === 'withdrawn') return at('withdrawn', null);
  const decided = reviews.filter((r) => r.result !== '');
  // The highest tier that reached a result says where the item ended up.
  const last = [...org.tiers]
    .reverse()
    .map((t) => decided.find((r) => r.tierId === t.id))
    .find((r) => r !== undefined);
  if (last) {
    const c = classifyResult(last.result);
    if (c === 'continued') return at('continued', last.tierId);
    if (c === 'returned' || c === 'approved' || c === 'decided') return at(c, last.tierId);
    if (c === 'other') return at('completed', last.tierId);
    const next = currentTier(org, request, reviews);
    const nextDecided = decided.some((r) => r.tierId === next.id);
    return nextDecided ? at('completed', last.tierId) : at('reviewing', next.id);
  }
  const tier = currentTier(org, request, reviews);
  const held = reviews.some((r) => r.tierId === tier.id && (r.attendance !== null || r.opinionSeq > 0));
  const day = request.form.desiredDates[tier.id];
  return held || (day && compareDays(day, today) <= 0) ? at('reviewing', tier.id) : at('filed', null);
}
