import { z } from 'zod';
import { codePointLength } from './codePoints';
import { parseJpDate, type JpDate, type JpDay, type Precision } from './jpdate';
import { findOwner, type OrgConfig } from './org';
import type { PlanWarningCode } from './councilPlan';
import type { CoordinationRow, HistoryRow, RequestForm } from './request';

/**
 * The 案件申込書 as typed into a form, before validation: plain strings, the same on
 * Slack and Teams. Drafts store this shape, so nothing typed is ever lost, even when
 * it does not validate yet.
 */
export interface RawCoordinationRow {
  party: string;
  item: string;
  status: string;
}
export interface RawHistoryRow {
  date: string;
  meeting: string;
  content: string;
}
export interface RawRequestForm {
  filedOn: string;
  title: string;
  owner: string; // OwnerOption.key
  summary: string;
  points: string;
  desiredDates: Record<string, string>; // tier id → typed date, or the ISO day chosen
  /** Tiers whose 「その他の日」 was picked (domain/dateChoice.ts): shown picked even while its text is blank. */
  desiredDateOther?: Record<string, boolean>;
  ordinance: '' | 'none' | 'required';
  ordinanceDetail: string;
  councilSession: string;
  publicComment: '' | 'none' | 'planned';
  publicCommentPeriod: string;
  councilInfoKind: string; // '' = none
  councilInfoPeriod: string;
  coordination: RawCoordinationRow[];
  history: RawHistoryRow[];
  remarks: string;
}

/** Limits chosen to fit both Slack (3,000-character inputs and sections) and paper. */
export const Limits = {
  title: 150,
  summary: 2000,
  points: 2000,
  remarks: 1000,
  ordinanceDetail: 200,
  councilSession: 50,
  period: 30,
  rowText: 300,
  rowName: 100,
  coordinationRows: 15,
  historyRows: 20,
} as const;

/** The form's pages: each is validated before the person moves on. */
export const formPages = ['basics', 'schedule', 'history'] as const;
export type FormPage = (typeof formPages)[number];

export const pageFields: Record<FormPage, readonly (keyof RawRequestForm)[]> = {
  basics: ['filedOn', 'title', 'owner', 'summary', 'points', 'desiredDates'],
  schedule: [
    'ordinance',
    'ordinanceDetail',
    'councilSession',
    'publicComment',
    'publicCommentPeriod',
    'councilInfoKind',
    'councilInfoPeriod',
    'coordination',
  ],
  history: ['history', 'remarks'],
};

export function emptyRawForm(): RawRequestForm {
  return {
    filedOn: '',
    title: '',
    owner: '',
    summary: '',
    points: '',
    desiredDates: {},
    ordinance: '',
    ordinanceDetail: '',
    councilSession: '',
    publicComment: '',
    publicCommentPeriod: '',
    councilInfoKind: '',
    councilInfoPeriod: '',
    coordination: [],
    history: [],
    remarks: '',
  };
}

/** Error codes carried by validation issues; Japanese texts live in domain/messages. */
export type FormErrorCode =
  | 'required'
  | 'too_long'
  | 'unknown_owner'
  | 'unknown_tier'
  | 'unknown_choice'
  | 'tier_order'
  | 'detail_required'
  | 'period_required'
  | 'row_name_required'
  | 'too_many_rows'
  | 'date.unreadable'
  | 'date.no_such_day'
  | 'date.outside_era'
  | 'date.precision'
  | 'date.range_order'
  | 'date.past'
  | 'date.not_business_day'
  | 'date.not_meeting_day'
  | 'date.cutoff_passed'
  | 'date.other_required'
  | PlanWarningCode;

/** One problem with one field; path is e.g. ['history', 2, 'date']. */
export interface FormError {
  path: (string | number)[];
  code: FormErrorCode;
  /** Extra data for the message: a limit, a tier name … */
  params?: Record<string, string | number>;
  /** A warning: submitting the same value again confirms it. */
  warning?: boolean;
}

export type FormResult = { ok: true; value: RequestForm } | { ok: false; errors: FormError[] };

// ---- zod building blocks -------------------------------------------------------

function issue(ctx: z.RefinementCtx, code: FormErrorCode, path: (string | number)[] = [], params?: FormError['params']) {
  ctx.addIssue({ code: 'custom', message: code, path, params: { ...(params ?? {}), formCode: code } });
}

const text = (max: number, required: boolean) =>
  z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .superRefine((s, ctx) => {
      if (required && s === '') issue(ctx, 'required');
      else if (codePointLength(s) > max) issue(ctx, 'too_long', [], { max });
    });

function dateField<T extends JpDate>(allow: readonly Precision[], required: boolean) {
  return z.string().transform((s, ctx): T | null => {
    const t = s.trim();
    if (t === '') {
      if (required) issue(ctx, 'required');
      return null;
    }
    const r = parseJpDate(t, allow);
    if (!r.ok) {
      issue(ctx, r.code);
      return null;
    }
    return r.value as T;
  });
}

const DAY: readonly Precision[] = ['day'];
const ANY: readonly Precision[] = ['day', 'month', 'range'];

/** A table: blank rows are dropped; a typed row needs its name column (nameKey). */
function rows<O>(max: number, row: z.ZodType<O>, nameKey: string) {
  return z.array(z.record(z.string(), z.string())).transform((input, ctx): O[] => {
    const kept = input.map((r, i) => ({ r, i })).filter(({ r }) => !blankRow(r));
    if (kept.length > max) issue(ctx, 'too_many_rows', [], { max });
    const out: O[] = [];
    for (const { r, i } of kept) {
      if ((r[nameKey] ?? '').trim() === '') issue(ctx, 'row_name_required', [i, nameKey]);
      const parsed = row.safeParse(r);
      if (parsed.success) out.push(parsed.data);
      else for (const iss of parsed.error.issues) ctx.addIssue({ ...(iss as z.core.$ZodIssueCustom), code: 'custom', path: [i, ...iss.path] });
    }
    return out;
  });
}

const blankRow = (r: Record<string, string>): boolean => Object.values(r).every((v) => (v ?? '').trim() === '');

const coordinationRow: z.ZodType<CoordinationRow> = z.object({
  party: text(Limits.rowName, false),
  item: text(Limits.rowText, false),
  status: text(Limits.rowText, false),
});

const historyRow: z.ZodType<HistoryRow> = z.object({
  date: dateField<JpDate>(ANY, false),
  meeting: text(Limits.rowName, false),
  content: text(Limits.rowText, false),
});

/**
 * Built once per org config: zod compiles each object schema's parser on first use, so
 * schemas made anew for every page submitted cost that compilation (and its code) each time.
 */
const pageSchemasCache = new WeakMap<OrgConfig, ReturnType<typeof buildPageSchemas>>();

/** Schemas per page; together they make the one schema both platforms use. */
export function requestPageSchemas(org: OrgConfig): ReturnType<typeof buildPageSchemas> {
  let schemas = pageSchemasCache.get(org);
  if (!schemas) pageSchemasCache.set(org, (schemas = buildPageSchemas(org)));
  return schemas;
}

function buildPageSchemas(org: OrgConfig) {
  const basics = z
    .object({
      filedOn: dateField<JpDay>(DAY, true),
      title: text(Limits.title, true),
      owner: z.string().transform((key, ctx) => {
        if (key.trim() === '') {
          issue(ctx, 'required');
          return null;
        }
        const o = findOwner(org, key);
        if (!o) issue(ctx, 'unknown_owner');
        return o ? { bureau: o.bureau, department: o.department, unit: o.unit } : null;
      }),
      summary: text(Limits.summary, true),
      points: text(Limits.points, false),
      desiredDates: z.record(z.string(), z.string()).transform((dates, ctx) => {
        const out: Record<string, JpDay | null> = {};
        for (const [tierId, typed] of Object.entries(dates)) {
          if (!org.tiers.some((t) => t.id === tierId)) {
            if ((typed ?? '').trim() !== '') issue(ctx, 'unknown_tier', [tierId]);
            continue;
          }
          const r = (typed ?? '').trim() === '' ? null : parseJpDate(typed, DAY);
          if (r && !r.ok) issue(ctx, r.code, [tierId]);
          out[tierId] = r && r.ok ? (r.value as JpDay) : null;
        }
        // An item climbs the tiers lowest first: an upper tier cannot meet before a lower one.
        let prev: { tier: string; day: JpDay } | null = null;
        for (const tier of org.tiers) {
          const day = out[tier.id];
          if (!day) continue;
          if (prev && dayNumber(day) < dayNumber(prev.day)) {
            issue(ctx, 'tier_order', [tier.id], { lower: prev.tier, upper: tier.name });
          }
          prev = { tier: tier.name, day };
        }
        return out;
      }),
    })
    .transform((v) => v as typeof v & { owner: NonNullable<typeof v.owner>; filedOn: JpDay });

  const schedule = z.object({
    ordinance: z.enum(['', 'none', 'required']),
    ordinanceDetail: text(Limits.ordinanceDetail, false),
    councilSession: text(Limits.councilSession, false),
    publicComment: z.enum(['', 'none', 'planned']),
    publicCommentPeriod: dateField<JpDate>(ANY, false),
    councilInfoKind: z.string().transform((s) => s.trim()),
    councilInfoPeriod: dateField<JpDate>(ANY, false),
    coordination: rows(Limits.coordinationRows, coordinationRow, 'party'),
  });

  const history = z.object({
    history: rows(Limits.historyRows, historyRow, 'meeting'),
    remarks: text(Limits.remarks, false),
  });

  return { basics, schedule, history };
}

/**
 * Rules across fields, checked on what was typed so they are reported together with
 * the field errors (zod skips object refinements once a field has failed).
 */
function crossFieldErrors(org: OrgConfig, page: FormPage, raw: RawRequestForm): FormError[] {
  const blank = (s: string) => s.trim() === '';
  if (page === 'basics') {
    // 「その他の日」 picked but no day typed: say so rather than read it as 不要.
    return org.tiers
      .filter((t) => raw.desiredDateOther?.[t.id] && blank(raw.desiredDates[t.id] ?? ''))
      .map((t) => ({ path: ['desiredDates', t.id], code: 'date.other_required' as const }));
  }
  if (page !== 'schedule') return [];
  const errors: FormError[] = [];
  if (raw.ordinance === '') errors.push({ path: ['ordinance'], code: 'required' });
  if (raw.ordinance === 'required' && blank(raw.ordinanceDetail)) errors.push({ path: ['ordinanceDetail'], code: 'detail_required' });
  if (raw.publicComment === '') errors.push({ path: ['publicComment'], code: 'required' });
  if (raw.publicComment === 'planned' && blank(raw.publicCommentPeriod)) {
    errors.push({ path: ['publicCommentPeriod'], code: 'period_required' });
  }
  const kind = raw.councilInfoKind.trim();
  if (kind !== '' && !org.councilInfoKinds.includes(kind)) errors.push({ path: ['councilInfoKind'], code: 'unknown_choice' });
  if (kind !== '' && blank(raw.councilInfoPeriod)) errors.push({ path: ['councilInfoPeriod'], code: 'period_required' });
  return errors;
}

function dayNumber(d: JpDay): number {
  return d.year * 10000 + d.month * 100 + d.day;
}

function toFormErrors(error: z.ZodError): FormError[] {
  return error.issues.map((iss) => {
    const params = ((iss as { params?: Record<string, unknown> }).params ?? {}) as Record<string, string | number>;
    const { formCode, ...rest } = params;
    const code = (typeof formCode === 'string' ? formCode : 'unknown_choice') as FormErrorCode;
    return {
      path: iss.path.filter((p): p is string | number => typeof p !== 'symbol'),
      code,
      ...(Object.keys(rest).length ? { params: rest } : {}),
    };
  });
}

const RAW_KEYS = Object.keys(emptyRawForm());

/** Whether the form's first keys are every field, in emptyRawForm's order (as a normalized form's are). */
function hasRawKeysInOrder(raw: Partial<RawRequestForm>): boolean {
  let i = 0;
  for (const k in raw) {
    if (i === RAW_KEYS.length) break;
    if (k !== RAW_KEYS[i++] || !Object.prototype.hasOwnProperty.call(raw, k)) return false;
  }
  return i === RAW_KEYS.length;
}

/**
 * Fills in anything a platform did not send, so a partial draft validates predictably.
 * A form that already has every field in order (a stored draft's) is copied as it is:
 * the defaults would all be overwritten, in the same places.
 */
export function normalizeRaw(raw: Partial<RawRequestForm>): RawRequestForm {
  return hasRawKeysInOrder(raw) ? ({ ...raw } as RawRequestForm) : { ...emptyRawForm(), ...raw };
}

/** Validates one page of the form. */
export function validatePage(org: OrgConfig, page: FormPage, raw: Partial<RawRequestForm>): FormError[] {
  const full = normalizeRaw(raw);
  const r = requestPageSchemas(org)[page].safeParse(full);
  return [...(r.success ? [] : toFormErrors(r.error)), ...crossFieldErrors(org, page, full)];
}

/** Validates the whole form: the one entry point both platforms file through. */
export function parseRequestForm(org: OrgConfig, raw: Partial<RawRequestForm>): FormResult {
  const full = normalizeRaw(raw);
  const schemas = requestPageSchemas(org);
  const b = schemas.basics.safeParse(full);
  const s = schemas.schedule.safeParse(full);
  const h = schemas.history.safeParse(full);
  const errors = [...[b, s, h].flatMap((r) => (r.success ? [] : toFormErrors(r.error))), ...formPages.flatMap((p) => crossFieldErrors(org, p, full))];
  if (!b.success || !s.success || !h.success || errors.length > 0) return { ok: false, errors };
  const form: RequestForm = {
    filedOn: b.data.filedOn,
    title: b.data.title,
    owner: b.data.owner,
    summary: b.data.summary,
    points: b.data.points,
    desiredDates: b.data.desiredDates,
    ordinance: { required: s.data.ordinance === 'required', detail: s.data.ordinance === 'required' ? s.data.ordinanceDetail : '' },
    councilSession: s.data.councilSession,
    publicComment: {
      planned: s.data.publicComment === 'planned',
      period: s.data.publicComment === 'planned' ? s.data.publicCommentPeriod : null,
    },
    councilInfo: { kind: s.data.councilInfoKind, period: s.data.councilInfoKind ? s.data.councilInfoPeriod : null },
    coordination: s.data.coordination,
    history: h.data.history,
    remarks: h.data.remarks,
  };
  return { ok: true, value: form };
}

/** Which page a field belongs to (for showing an error where the field is). */
export function pageOf(path: (string | number)[]): FormPage {
  const field = String(path[0]) as keyof RawRequestForm;
  return formPages.find((p) => pageFields[p].includes(field)) ?? 'basics';
}
