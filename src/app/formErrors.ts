import type { OrgConfig } from '../domain/org';
import { formPages, pageOf, type FormError, type FormPage } from '../domain/requestForm';
import { FieldLabel, formErrorMessage } from '../domain/text.ja';

/**
 * Where a validation error is, in words, for platforms that show errors away from
 * their field (a note on another page of the form). Platform neutral: Slack and Teams.
 */

/** A readable name for where an error is: 打合せ・会議の経過 3行目 月日 */
export function errorPlace(path: (string | number)[], tierName: (id: string) => string): string {
  const [field, a, b] = path;
  const label = FieldLabel[field as keyof typeof FieldLabel] ?? String(field);
  if (field === 'desiredDates' && typeof a === 'string') return `${label} ${tierName(a)}`;
  if (typeof a === 'number') return `${label} ${a + 1}行目${b ? ` ${FieldLabel[b as keyof typeof FieldLabel] ?? b}` : ''}`;
  return label;
}

/** 「打合せ・会議の経過 3行目 月日: 日付として読めません…」 */
export function errorNote(org: OrgConfig, e: FormError): string {
  const tierName = (id: string) => org.tiers.find((t) => t.id === id)?.name ?? id;
  return `${errorPlace(e.path, tierName)}: ${formErrorMessage(e)}`;
}

/** The first page holding one of these errors. */
export function firstPageWith(errors: FormError[]): FormPage {
  const pages = new Set(errors.map((e) => pageOf(e.path)));
  return formPages.find((p) => pages.has(p)) ?? 'basics';
}
