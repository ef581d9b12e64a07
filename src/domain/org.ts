import { z } from 'zod';

/**
 * The organisation a bot serves: its directory (局/部/担当), the sections that attend
 * meetings, the meeting tiers in order and who runs the secretariat. Configuration,
 * never code: a city describes itself in a YAML/JSON file validated by this schema.
 */

const nonEmpty = z.string().trim().min(1);
// Names end up in Slack option values (150 characters at most for 局/部/担当 together).
const orgName = z.string().trim().min(1).max(40);
const idString = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, "-" or "_", at most 32 characters');

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
});

export const tierSchema = z.object({
  id: idString,
  name: orgName,
});

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
    /** Kinds of 議会への情報提供 offered in the form. */
    councilInfoKinds: z.array(nonEmpty).min(1).max(20).default(['資料提供', '報告', '説明']),
    secretariat: z
      .object({
        slack: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id such as U0123ABCD')).default([]),
        teams: z.array(nonEmpty).default([]),
      })
      .default({ slack: [], teams: [] }),
    /**
     * Pre-decision material (意思決定過程の情報) is not posted into channels shared with
     * other organisations unless the city says so here.
     */
    allowExternalSharedChannels: z.boolean().default(false),
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
    dup(org.sections, (s) => s.id, 'sections');
    dup(org.organization, (b) => b.name, 'organization');
  });

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

/** Every 部 and 担当 of the directory, in directory order. */
export function ownerOptions(org: OrgConfig): OwnerOption[] {
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
  return out;
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
