import { z } from 'zod';
import { isBusinessDay, type ClosurePolicy } from './businessDays';
import { deserializeJpDate, type JpDay } from './jpdate';
import { recurrence, rruleProblem } from './recurrence';

/**
 * The organisation a bot serves: its directory (局/部/担当), the sections that attend
 * meetings, the meeting tiers in order and who runs the secretariat. Configuration,
 * never code: a city describes itself in a YAML/JSON file validated by this schema.
 */

const nonEmpty = z.string().trim().min(1);
// Names end up in Slack option values (150 characters at most for 局/部/担当 together).
const orgName = z.string().trim().min(1).max(40);
const idString = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, "-" or "_", at most 32 characters');

export const orgDepartmentSchema = z.object({
  name: orgName,
  /** 担当 / 課 under the 部; empty when the 部 itself owns items. */
  units: z.array(orgName).default([]),
});

export const orgBureauSchema = z.object({
  name: orgName,
  departments: z.array(orgDepartmentSchema).min(1),
});

export const sectionSchema = z.object({
  id: idString,
  name: orgName,
  /**
   * The 所管 this section stands for (局, 局/部 or 局/部/担当 of `organization`): people the
   * roster maps to the section see that 所管's requests. Absent = none.
   */
  owner: z
    // Also as written back by the transform below ('' and null for "whole 局/部"): a loaded file round-trips.
    .object({ bureau: orgName, department: z.union([orgName, z.literal('')]).optional(), unit: orgName.nullish() })
    .transform((o) => ({ bureau: o.bureau, department: o.department ?? '', unit: o.unit ?? null }))
    .optional(),
});

// ---- Tiers and their calendars (see domain/calendar.ts) ----------------------

/** A calendar day as written in the file: 2026-12-24. */
const isoDayString = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && dayOrNull(s) !== null, 'must be a date written YYYY-MM-DD (e.g. 2026-12-24)');

/** The day an ISO string names, or null when it is not one (already reported elsewhere). */
function dayOrNull(s: string): JpDay | null {
  try {
    const d = deserializeJpDate(s);
    return d.precision === 'day' ? d : null;
  } catch {
    return null;
  }
}

// 2024 is a leap year, so 02-29 is allowed.
const isValidDayOfYear = (md: string): boolean => dayOrNull(`2024-${md}`) !== null;

/** A month and day such as 12-29, for the year-end closure. */
const monthDayString = z
  .string()
  .refine((s) => /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(s) && isValidDayOfYear(s), 'must be a month and day written MM-DD (e.g. 12-29)');

export const tierSchema = z
  .object({
    id: idString,
    name: orgName,
    /**
     * Regular meeting days: an RFC 5545 RRULE without DTSTART (FREQ=WEEKLY;BYDAY=MO,
     * FREQ=MONTHLY;BYDAY=1WE,3WE …). Absent = held as needed, no regular days.
     */
    rrule: z
      .string()
      .superRefine((s, ctx) => {
        const problem = rruleProblem(s);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    /**
     * DTSTART of the rule: INTERVAL counts from it and no regular day falls before it.
     * Only needed with INTERVAL (隔週: FREQ=WEEKLY;INTERVAL=2;BYDAY=MO with a Monday
     * the meeting was actually held); default 2000-01-01.
     */
    anchor: isoDayString.optional(),
    /** A regular day that is not a business day moves to the next one, the previous one, or is dropped. */
    holidays: z.enum(['next', 'previous', 'skip'], { error: 'must be next, previous or skip' }).default('next'),
    /** Start time, Asia/Tokyo, 24-hour HH:MM. */
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time written HH:MM (e.g. 10:00)')
      .default('10:00'),
    /** Slack channel where the tier's agenda is posted on meeting days. */
    channel: z
      .string()
      .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD')
      .optional(),
    /** Teams conversation (channel) id where the agenda is posted. */
    teamsConversation: nonEmpty.optional(),
    /** Meetings held in addition to the regular days (not moved by the holiday policy). */
    extraDates: z.array(isoDayString).default([]),
    /** Meetings that do not take place: the day the meeting would be held, after any holiday move. */
    cancelledDates: z.array(isoDayString).default([]),
    /** Whether a request may ask for a business day that is not a meeting day (with a warning). */
    adHoc: z.boolean().default(true),
    /**
     * Section ids usually present at this tier's meetings: the attendance form starts with
     * them checked (issue 4). Absent = every section of `sections`.
     */
    attendees: z.array(idString).optional(),
    /**
     * 申込締切: a request for a meeting must be in `businessDays` business days before it,
     * by `time` (Asia/Tokyo). Past it the request is refused or warned (`action`), naming
     * the next meeting still open. Absent = no cut-off.
     */
    cutoff: z
      .object({
        businessDays: z.number().int('must be a whole number of business days').min(0, 'must be 0 or more').max(30, 'must be at most 30'),
        time: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time written HH:MM (e.g. 12:00)')
          .default('17:00'),
        action: z.enum(['refuse', 'warn'], { error: 'must be refuse or warn' }).default('warn'),
      })
      .strict()
      .optional(),
  })
  .superRefine((tier, ctx) => {
    if (tier.rrule === undefined || rruleProblem(tier.rrule)) return;
    const anchor = tier.anchor === undefined ? undefined : dayOrNull(tier.anchor);
    if (anchor === null) return; // reported on its own key
    if (!recurrence(tier.rrule, anchor).productive) {
      ctx.addIssue({
        code: 'custom',
        path: ['rrule'],
        message: 'never yields a date (checked over a span of 10 years): e.g. BYMONTH=2;BYMONTHDAY=30 names no real day',
      });
    }
  });

const closureSchema = z.object({
  /** Inclusive; from later in the year than to = spans the new year. null = no closure. */
  yearEnd: z.object({ from: monthDayString, to: monthDayString }).nullable(),
});

// ---- reminders (issue 5) -----------------------------------------------------
const leadList = z.array(z.number().int().min(0).max(366)).max(10);

/**
 * Deadline reminders: lead times in calendar days before each kind of deadline, how
 * many business days before a meeting its materials are due, the hour (Asia/Tokyo)
 * reminders are posted, and whether they go in the request's thread or the channel.
 */
export const remindersSchema = z.object({
  leadDays: z
    .object({
      publicComment: leadList.default([30, 14, 7, 1]),
      councilInfo: leadList.default([30, 14, 7, 1]),
      councilSession: leadList.default([30, 14, 7, 1]),
      materials: leadList.default([2, 0]),
      meeting: leadList.default([0]),
      /** 別紙資料 not yet given, before each 申込締切 (tiers with a cutoff): the business day before and the day itself. */
      attachments: leadList.default([1, 0]),
      /** The latest dates worked back from the council session (see councilSchema). */
      councilPlan: leadList.default([14, 7, 1]),
    })
    .prefault({}),
  materialsBusinessDays: z.number().int().min(0).max(30).default(3),
  postHour: z.number().int().min(0).max(23).default(9),
  where: z.enum(['thread', 'channel']).default('thread'),
});
export type RemindersConfig = z.infer<typeof remindersSchema>;
// ---- end reminders ----------------------------------------------------------

// ---- council calendar (議会の定例会) -------------------------------------------
/** A number of days before a date, counted in business days (開庁日) or calendar days. */
export const daysBeforeSchema = z
  .object({
    days: z
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(0, 'must be 0 or more')
      .max(120, 'must be at most 120'),
    in: z.enum(['business', 'calendar'], { error: 'must be business or calendar' }),
  })
  .strict();
export type DaysBefore = z.infer<typeof daysBeforeSchema>;

/** One 定例会 (or 臨時会) of the city council. */
export const councilSessionSchema = z
  .object({
    /** As the council writes it: 令和8年第4回定例会（12月）. */
    name: z.string().trim().min(1).max(60),
    /** 告示日 (or 招集日): when the session was called; shown, not planned from. */
    notice: isoDayString.optional(),
    /** 開会日: every deadline counts back from it. */
    opens: isoDayString,
    /** 閉会日. */
    closes: isoDayString,
    /** The month people call it by (12 for 12月定例会); default: the month of `opens`. */
    month: z.number().int().min(1, 'must be a month 1–12').max(12, 'must be a month 1–12').optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    // ISO days sort as the days they name; malformed ones are reported on their own key.
    const [notice, opens, closes] = [s.notice, s.opens, s.closes].map((d) => (d !== undefined && dayOrNull(d) ? d : null));
    if (notice && opens && notice > opens) ctx.addIssue({ code: 'custom', path: ['notice'], message: `${s.notice} is after opens (${s.opens})` });
    if (opens && closes && opens > closes) ctx.addIssue({ code: 'custom', path: ['closes'], message: `${s.closes} is before opens (${s.opens})` });
  });
export type CouncilSession = z.infer<typeof councilSessionSchema>;

/**
 * The council calendar and the rules that tie an item to it: the latest dates of an
 * item aimed at a session are worked back from its 開会日 (domain/councilPlan.ts).
 */
export const councilSchema = z
  .object({
    /** The tier that decides a bill (政策会議); default: the last (highest) tier. */
    decidingTier: idString.optional(),
    /** 議案提出期限: the bill reaches the council office this many days before 開会日. */
    billDeadline: daysBeforeSchema,
    /** The deciding tier meets at the latest this many days before the 議案提出期限. */
    decisionBefore: daysBeforeSchema,
    /** パブリックコメント: shortest period in calendar days (意見公募手続: 30). */
    publicCommentDays: z.number().int('must be a whole number of days').min(1, 'must be 1 or more').max(120, 'must be at most 120').default(30),
    /** Its results are compiled by this many days before the deciding tier's meeting. */
    publicCommentResults: daysBeforeSchema,
    /** 議会への情報提供 (委員会への説明) this many days before 開会日. */
    councilInfo: daysBeforeSchema,
    /** The sessions, any order; name them as people write them in 議会上程時期. */
    sessions: z.array(councilSessionSchema).min(1).max(200),
  })
  .strict();
export type CouncilConfig = z.infer<typeof councilSchema>;
// ---- end council calendar -------------------------------------------------

export const orgConfigSchema = z
  .object({
    /** e.g. 〇〇市; shown in help texts. */
    name: nonEmpty.default('〇〇市'),
    dateDisplay: z.enum(['wareki', 'seireki', 'both']).default('wareki'),
    organization: z.array(orgBureauSchema).min(1),
    /** 出席課・機関等: the sections that attend meetings, in the order of the paper form. */
    sections: z.array(sectionSchema).min(1),
    /** Meeting tiers, lowest first: an item climbs them in this order. */
    tiers: z.array(tierSchema).min(1).max(10),
    /** Days the office is closed beyond weekends and national holidays (年末年始: 12/29–1/3). */
    closure: closureSchema.default({ yearEnd: { from: '12-29', to: '01-03' } }),
    /** Hour (Asia/Tokyo, 0–23) at which a meeting day's agenda is posted in the tier's channel. */
    agendaHour: z.number().int('must be a whole hour 0–23').min(0, 'must be a whole hour 0–23').max(23, 'must be a whole hour 0–23').default(8),
    /** Kinds of 議会への情報提供 offered in the form. */
    councilInfoKinds: z.array(nonEmpty).min(1).max(20).default(['資料提供', '報告', '説明']),
    secretariat: z
      .object({
        slack: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id such as U0123ABCD')).default([]),
        teams: z.array(nonEmpty).default([]),
        /**
         * A Slack user group (S0123ABCD) whose members are the secretariat besides the
         * lists above: read with usergroups.users.list (scope usergroups:read), kept a few
         * minutes. When it cannot be read, only the people listed above are the secretariat.
         */
        slackUsergroup: z
          .string()
          .regex(/^S[A-Z0-9]+$/, 'a Slack user group id such as S0123ABCD')
          .optional(),
        /** Slack channel where the week's 見通し is posted on the first business day of each week. */
        channel: z
          .string()
          .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD')
          .optional(),
        /** Teams conversation (channel) id where the week's 見通し is posted. */
        teamsConversation: nonEmpty.optional(),
        /**
         * An Entra ID group (its object id, a GUID) whose members, nested groups included,
         * are the secretariat in Teams: read with Microsoft Graph (application permission
         * GroupMember.Read.All), kept a few minutes; when it cannot be read, only the
         * people listed under `teams` are the secretariat.
         */
        teamsGroup: z
          .string()
          .regex(
            /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
            'an Entra group object id (a GUID such as 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0)',
          )
          .optional(),
      })
      .default({ slack: [], teams: [] }),
    /**
     * Pre-decision material (意思決定過程の情報) is not posted into channels shared with
     * other organisations unless the city says so here.
     */
    allowExternalSharedChannels: z.boolean().default(false),
    /**
     * Calendar (.ics) links: how many days a link works, and whether a tier's feed shows
     * item titles (false = 件名を表示しない: case numbers only, for links that travel).
     */
    calendarLinks: z
      .object({
        days: z.number().int().min(1).max(366).default(30),
        showTitles: z.boolean().default(true),
      })
      .prefault({}),
    /** Deadline reminders (see remindersSchema); every field has a default. */
    reminders: remindersSchema.prefault({}),
    // ---- meeting day (issue 4) ----
    /**
     * Who sits for which attending section: a person marks their own section present
     * and their opinions default to it. Slack user id / Teams AAD object id → section id.
     */
    members: z
      .object({
        slack: z.record(z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id such as U0123ABCD'), idString).default({}),
        teams: z.record(nonEmpty, idString).default({}),
      })
      .default({ slack: {}, teams: {} }),
    /**
     * Who may also write opinions for sections other than their own (a section's clerk
     * for its chief, a deputy): user id → section ids. The secretariat may for any.
     */
    proxies: z
      .object({
        slack: z.record(z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id such as U0123ABCD'), z.array(idString).max(100)).default({}),
        teams: z.record(nonEmpty, z.array(idString).max(100)).default({}),
      })
      .default({ slack: {}, teams: {} }),
    /** 結果等: the results a tier's meeting can reach, offered when a result is recorded. */
    results: z.array(orgName).min(1).max(20).default(['原案を上部庁議へ付議する', '修正のうえ上部庁議へ付議する', '継続審議', '了承', '差し戻し']),
    // ---- end meeting day ----
    /** 議会の定例会 and the 逆算 rules (see councilSchema); absent = no council planning. */
    council: councilSchema.optional(),
  })
  .superRefine((org, ctx) => {
    const dup = <T>(items: T[], key: (t: T) => string, path: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const k = key(item);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [path, i], message: `duplicate "${k}"` });
        seen.add(k);
      });
    };
    dup(org.tiers, (t) => t.id, 'tiers');
    dup(org.tiers, (t) => t.name, 'tiers');
    org.tiers.forEach((tier, i) => {
      for (const [key, problem] of tierCalendarProblems(tier, org.closure)) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, ...key], message: problem });
      }
    });
    dup(org.sections, (s) => s.id, 'sections');
    // ---- meeting day (issue 4): attendees and members name sections of `sections` ----
    const sectionIds = new Set(org.sections.map((s) => s.id));
    org.tiers.forEach((tier, i) => {
      (tier.attendees ?? []).forEach((id, j) => {
        if (!sectionIds.has(id))
          ctx.addIssue({ code: 'custom', path: ['tiers', i, 'attendees', j], message: `"${id}" is not a section id of sections` });
      });
    });
    for (const platform of ['slack', 'teams'] as const) {
      for (const [user, id] of Object.entries(org.members[platform])) {
        if (!sectionIds.has(id))
          ctx.addIssue({ code: 'custom', path: ['members', platform, user], message: `"${id}" is not a section id of sections` });
      }
      for (const [user, ids] of Object.entries(org.proxies[platform])) {
        ids.forEach((id, j) => {
          if (!sectionIds.has(id))
            ctx.addIssue({ code: 'custom', path: ['proxies', platform, user, j], message: `"${id}" is not a section id of sections` });
        });
      }
    }
    if (org.council)
      councilProblems(
        org.council,
        org.tiers.map((t) => t.id),
      ).forEach(([path, message]) => ctx.addIssue({ code: 'custom', path: ['council', ...path], message }));
    dup(org.organization, (b) => b.name, 'organization');
    org.sections.forEach((section, i) => {
      const o = section.owner;
      if (!o) return;
      const bureau = org.organization.find((b) => b.name === o.bureau);
      const department = o.department ? bureau?.departments.find((d) => d.name === o.department) : undefined;
      const problem = !bureau
        ? `"${o.bureau}" is not a 局 of organization`
        : o.department && !department
          ? `"${o.department}" is not a 部 of ${o.bureau}`
          : o.unit && (!department || !department.units.includes(o.unit))
            ? `"${o.unit}" is not a 担当 of ${o.bureau} ${o.department}`
            : null;
      if (problem) ctx.addIssue({ code: 'custom', path: ['sections', i, 'owner'], message: problem });
    });
  });

/** Council entries judged against each other and the tiers. */
function councilProblems(council: CouncilConfig, tierIds: string[]): [(string | number)[], string][] {
  const out: [(string | number)[], string][] = [];
  if (council.decidingTier !== undefined && !tierIds.includes(council.decidingTier)) {
    out.push([['decidingTier'], `"${council.decidingTier}" is not a tier id of tiers`]);
  }
  const names = new Set<string>();
  const sorted = council.sessions.map((s, i) => ({ s, i })).sort((a, b) => (a.s.opens < b.s.opens ? -1 : a.s.opens > b.s.opens ? 1 : 0));
  sorted.forEach(({ s, i }, k) => {
    if (names.has(s.name)) out.push([['sessions', i, 'name'], `duplicate "${s.name}"`]);
    names.add(s.name);
    const prev = sorted[k - 1]?.s;
    if (prev && s.opens <= prev.closes) out.push([['sessions', i, 'opens'], `${s.opens} is within "${prev.name}" (${prev.opens} to ${prev.closes})`]);
  });
  return out;
}

/**
 * Calendar entries that can only be judged with the org's closure: a cancelled day
 * on which no meeting could be held anyway (someone cancelled the regular day before
 * its holiday move instead of the day the meeting moved to) and contradictions.
 */
function tierCalendarProblems(tier: z.infer<typeof tierSchema>, closure: ClosurePolicy): [(string | number)[], string][] {
  const out: [(string | number)[], string][] = [];
  tier.cancelledDates.forEach((iso, j) => {
    if (tier.extraDates.includes(iso)) {
      out.push([['cancelledDates', j], `${iso} is also in extraDates`]);
      return;
    }
    const day = dayOrNull(iso);
    if (day && !businessDayOr(day, closure, true)) {
      out.push([['cancelledDates', j], `${iso} is not a business day, so no meeting is held on it; cancel the day the meeting was moved to`]);
    }
  });
  return out;
}

// A malformed closure is reported on its own key; do not let it throw here.
function businessDayOr(day: JpDay, closure: ClosurePolicy, fallback: boolean): boolean {
  try {
    return isBusinessDay(day, closure);
  } catch {
    return fallback;
  }
}

export type OrgConfig = z.infer<typeof orgConfigSchema>;
export type Tier = z.infer<typeof tierSchema>;
export type Section = z.infer<typeof sectionSchema>;

/** One selectable 所管: a 部, or a 担当 within it. */
export interface OwnerOption {
  key: string; // stable key: bureau/department[/unit]
  bureau: string;
  department: string;
  unit: string | null;
  label: string; // 企画財政局 企画部 情報政策担当
}

export function ownerKey(o: { bureau: string; department: string; unit: string | null }): string {
  return [o.bureau, o.department, o.unit].filter((p): p is string => !!p).join('/');
}

export function ownerLabel(o: { bureau: string; department: string; unit: string | null }): string {
  return [o.bureau, o.department, o.unit].filter((p): p is string => !!p).join(' ');
}

/** An org config is read once and not changed: its owner list is built once per config. */
const ownerOptionsCache = new WeakMap<OrgConfig, readonly OwnerOption[]>();

/** Every 部 and 担当 of the directory, in directory order (shared and frozen). */
export function ownerOptions(org: OrgConfig): readonly OwnerOption[] {
  const hit = ownerOptionsCache.get(org);
  if (hit) return hit;
  const out: OwnerOption[] = [];
  for (const b of org.organization) {
    for (const d of b.departments) {
      const base = { bureau: b.name, department: d.name };
      out.push({ ...base, unit: null, key: ownerKey({ ...base, unit: null }), label: ownerLabel({ ...base, unit: null }) });
      for (const u of d.units) {
        out.push({ ...base, unit: u, key: ownerKey({ ...base, unit: u }), label: ownerLabel({ ...base, unit: u }) });
      }
    }
  }
  const frozen = Object.freeze(out.map((o) => Object.freeze(o)));
  ownerOptionsCache.set(org, frozen);
  return frozen;
}

export function findOwner(org: OrgConfig, key: string): OwnerOption | null {
  return ownerOptions(org).find((o) => o.key === key) ?? null;
}

/** Matches a typed query against 局/部/担当 names (substring, ignoring spaces). */
export function searchOwners(org: OrgConfig, query: string, limit = 100): OwnerOption[] {
  const q = query.replace(/[\s　]/g, '');
  const all = ownerOptions(org);
  const hits = q === '' ? all : all.filter((o) => o.label.replace(/\s/g, '').includes(q));
  return hits.slice(0, limit);
}
