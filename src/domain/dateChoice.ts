/**
 * 審議希望日 as a choice: each tier's next meetings still open for filing, plus
 * 「その他の日」 for an irregular day typed as before. Pure: the org, a tier and an
 * instant in; the options and what a form shows selected out.
 *
 * What a form sends is resolved to one text per tier (an ISO day when a meeting was
 * chosen, the typed text for その他の日), so every check of a typed date (closed days,
 * past or irregular days confirmed, 申込締切) applies to a chosen one too.
 */
import { z } from 'zod';
import { openMeetingDates } from './cutoff';
import { formatJpDate, isoDay, parseJpDate, weekdayJa, type JpDay } from './jpdate';
import type { OrgConfig, Tier } from './org';

/** The value of 「その他の日」 among a tier's choices. */
export const OTHER_DATE = 'other';
/** The value of 「不要・未定」: Slack cannot clear a chosen option, so not needing the tier is a choice too. */
export const NO_DATE = 'none';
/** How many meetings a tier offers: enough for a few weeks of a weekly tier, far under Slack's 100 options. */
export const DATE_CHOICE_COUNT = 8;

export interface DateChoice {
  /** ISO day, e.g. 2026-12-07. */
  value: string;
  /** 令和8年12月7日(月) */
  label: string;
}

/** A tier is offered as a choice when it has regular (or extra) days; one held as needed is typed. */
export function offersChoice(tier: Tier): boolean {
  return !!tier.rrule || tier.extraDates.length > 0;
}

export function dayLabel(org: OrgConfig, d: JpDay): string {
  return `${formatJpDate(d, org.dateDisplay)}(${weekdayJa(d)})`;
}

/** How many days' choices are kept per org: a few years of meetings, and still small. */
export const CHOICE_MEMO_MAX = 2000;
const choiceMemo = new WeakMap<OrgConfig, Map<number, DateChoice>>();

/**
 * A meeting day as a choice, made once per org and day: every form shown offers the same
 * few days, and the label (era, weekday) is the same each time. Frozen, since it is shared.
 * Bounded: when full, the memo starts over (the days still offered come back at once).
 */
export function dateChoiceOf(org: OrgConfig, d: JpDay): DateChoice {
  let memo = choiceMemo.get(org);
  if (!memo) choiceMemo.set(org, (memo = new Map()));
  const key = d.year * 10000 + d.month * 100 + d.day;
  let choice = memo.get(key);
  if (!choice) {
    if (memo.size >= CHOICE_MEMO_MAX) memo.clear();
    choice = Object.freeze({ value: isoDay(d), label: dayLabel(org, d) });
    memo.set(key, choice);
  }
  return choice;
}

/** The tier's next meetings still open for filing at `now` (today on, cut-off not passed). */
export function dateChoices(org: OrgConfig, tier: Tier, now: Date): DateChoice[] {
  const days = openMeetingDates(tier, now, DATE_CHOICE_COUNT, org.closure);
  const out: DateChoice[] = new Array<DateChoice>(days.length);
  for (let i = 0; i < days.length; i++) out[i] = dateChoiceOf(org, days[i]);
  return out;
}

/** Each tier's choices (tiers held as needed left out): what a form's 審議希望日 offer. */
export function dateChoicesByTier(org: OrgConfig, now: Date): Record<string, DateChoice[]> {
  const out: Record<string, DateChoice[]> = {};
  for (const t of org.tiers) if (offersChoice(t)) out[t.id] = dateChoices(org, t, now);
  return out;
}

/** What a tier's choice shows: the option selected (an ISO day, OTHER_DATE or none) and the その他 text. */
export interface DateSelection {
  selected: string | null;
  other: string;
}

/**
 * The selection for what is kept in a draft. A kept date that is one of the options is
 * selected; any other kept text (an older request's day, a draft's irregular day, a
 * date no longer open) is shown as その他の日 with its text, so nothing typed is lost.
 */
export function dateSelection(choices: readonly DateChoice[], typed: string, otherPicked: boolean): DateSelection {
  const t = typed.trim();
  if (otherPicked) return { selected: OTHER_DATE, other: typed };
  if (t === '') return { selected: null, other: '' };
  const parsed = parseJpDate(t, ['day']);
  if (parsed.ok && parsed.value.precision === 'day') {
    const iso = isoDay(parsed.value as JpDay);
    if (choices.some((c) => c.value === iso)) return { selected: iso, other: '' };
  }
  return { selected: OTHER_DATE, other: typed };
}

/**
 * One tier's 審議希望日 as a form sends it: the choice (an ISO day, OTHER_DATE, or — for a
 * tier held as needed — the typed text) and the その他の日 text. Both platforms read
 * their inputs through this one schema into the text the form validates. A day typed
 * as その他 with nothing chosen (Teams shows the text input always) counts as その他:
 * what was typed is not dropped.
 */
export const desiredDateInput = z
  .object({ value: z.string().max(100), other: z.string().max(100).optional() })
  .transform(({ value, other }) => readDesiredDate(value, other));

/** What desiredDateInput reads from a choice and its その他 text (already checked: strings of at most 100). */
export function readDesiredDate(value: string, other: string | undefined): { typed: string; other: boolean } {
  return value === OTHER_DATE || (value.trim() === '' && (other ?? '').trim() !== '')
    ? { typed: other ?? '', other: true }
    : { typed: value === NO_DATE ? '' : value, other: false };
}
export type DesiredDateInput = z.input<typeof desiredDateInput>;
