import { readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { orgConfigSchema, type OrgConfig } from '../domain/org';
import { projectRoot } from './projectRoot';

/** A configuration problem: one line naming the variable or file and what is wrong. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), s.optional());

export const envSchema = z
  .object({
    PORT: z.preprocess(
      (v) => (v === undefined || v === '' ? '3000' : v),
      z.string().regex(/^\d+$/, 'must be a port number').transform(Number).pipe(z.number().int().min(0).max(65535)),
    ),
    /** Default 0.0.0.0; 127.0.0.1 in Teams local mode (see TEAMS_LOCAL_MODE). */
    HOST: optional(z.string()),
    DATABASE_URL: optional(
      z.string().refine((u) => /^(file:|postgres(ql)?:\/\/)/.test(u), 'must start with file: (SQLite) or postgresql://'),
    ).default('file:./data/chogi.db'),
    SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-')),
    SLACK_SIGNING_SECRET: optional(z.string().min(8, 'looks too short for a signing secret')),
    SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-')),
    SLACK_API_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
    ORG_CONFIG: optional(z.string()),
    /** Public base URL of this server, for links people open (calendar files). */
    PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://chogi.example.jp' })),
    /** Key that signs those links (at least 16 characters). */
    LINK_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
    /** How long answers about people and conversations (guest, shared, member of) are kept. */
    VISIBILITY_CACHE_SECONDS: z.preprocess(
      (v) => (v === undefined || v === '' ? '60' : v),
      z.string().regex(/^\d+$/, 'must be seconds').transform(Number).pipe(z.number().int().min(0).max(3600)),
    ),
    /** Teams: the Entra tenants served (comma-separated ids); default MICROSOFT_APP_TENANT_ID. */
    TEAMS_ALLOWED_TENANTS: optional(z.string().regex(/^[\w.-]{1,64}(,[\w.-]{1,64})*$/, 'must be tenant ids separated by commas (no spaces)')),
    // ---- Microsoft Teams (Bot Framework) -------------------------------------
    MICROSOFT_APP_ID: optional(z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be the bot's Microsoft app id (a GUID)")),
    MICROSOFT_APP_PASSWORD: optional(z.string().min(8, 'looks too short for a client secret')),
    MICROSOFT_APP_TENANT_ID: optional(z.string().min(1)),
    MICROSOFT_APP_TYPE: optional(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])).default('MultiTenant'),
    /** Unauthenticated Bot Framework traffic from 127.0.0.1 only (Microsoft 365 Agents Playground). */
    TEAMS_LOCAL_MODE: optional(z.enum(['true', 'false'], { error: 'must be true or false' }))
      .default('false')
      .transform((v) => v === 'true'),
    /** Microsoft Graph and Entra ID sign-in (Teams reminders' crash-recovery check); tests point them at 127.0.0.1. */
    MICROSOFT_GRAPH_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })).default('https://graph.microsoft.com'),
    MICROSOFT_LOGIN_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })).default('https://login.microsoftonline.com'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    // ---- reminders (issue 5) --------------------------------------------------
    /** off: this process never posts reminders (another instance does, or tests drive dispatch). */
    SCHEDULER: z.enum(['on', 'off']).default('on'),
    /** How often the reminder loop looks for due reminders. */
    SCHEDULER_INTERVAL_MS: z.preprocess(
      (v) => (v === undefined || v === '' ? '15000' : v),
      z.string().regex(/^\d+$/, 'must be milliseconds').transform(Number).pipe(z.number().int().min(100).max(3_600_000)),
    ),
    /** Least time between two reminder posts in one channel (Slack: about one message per second). */
    REMINDER_CHANNEL_INTERVAL_MS: z.preprocess(
      (v) => (v === undefined || v === '' ? '1000' : v),
      z.string().regex(/^\d+$/, 'must be milliseconds').transform(Number).pipe(z.number().int().min(0).max(60_000)),
    ),
    /** Names this process in reminder claims (default: host name and process id). */
    INSTANCE_ID: optional(z.string().regex(/^[\w.:@-]{1,64}$/, 'letters, digits and . : @ - _ only, at most 64')),
    // ---- end reminders ---------------------------------------------------------
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    if (!!env.PUBLIC_URL !== !!env.LINK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: [env.PUBLIC_URL ? 'LINK_SECRET' : 'PUBLIC_URL'],
        message: 'is required together with ' + (env.PUBLIC_URL ? 'PUBLIC_URL' : 'LINK_SECRET') + ' (calendar links)',
      });
    }
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when other SLACK_* variables are set' });
    }
    teamsIssues(env, ctx);
  })
  .transform((env) => ({ ...env, HOST: env.HOST ?? (env.TEAMS_LOCAL_MODE ? '127.0.0.1' : '0.0.0.0') }));

/** Hosts that only the machine itself can reach: the one place local mode may listen. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;

// ---- Teams: credentials, or an explicit local mode that never leaves the machine ----
function teamsIssues(
  env: {
    HOST?: string;
    MICROSOFT_APP_ID?: string;
    MICROSOFT_APP_PASSWORD?: string;
    MICROSOFT_APP_TENANT_ID?: string;
    MICROSOFT_APP_TYPE: string;
    TEAMS_LOCAL_MODE: boolean;
    TEAMS_ALLOWED_TENANTS?: string;
  },
  ctx: z.RefinementCtx,
): void {
  const add = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  if (env.TEAMS_LOCAL_MODE) {
    if (env.MICROSOFT_APP_ID)
      add('TEAMS_LOCAL_MODE', 'must not be true together with MICROSOFT_APP_ID (local mode accepts unauthenticated activities)');
    if (env.HOST !== undefined && !(LOOPBACK_HOSTS as readonly string[]).includes(env.HOST)) {
      add('HOST', 'must be 127.0.0.1, ::1 or localhost when TEAMS_LOCAL_MODE=true (local mode accepts unauthenticated activities)');
    }
    return;
  }
  if (!env.MICROSOFT_APP_ID) {
    for (const v of ['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID'] as const) {
      if (env[v]) add('MICROSOFT_APP_ID', `is required when ${v} is set`);
    }
    return;
  }
  if (env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD) {
    add('MICROSOFT_APP_PASSWORD', `is required with MICROSOFT_APP_ID (MICROSOFT_APP_TYPE=${env.MICROSOFT_APP_TYPE})`);
  }
  if (env.MICROSOFT_APP_TYPE !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) {
    add('MICROSOFT_APP_TENANT_ID', `is required when MICROSOFT_APP_TYPE=${env.MICROSOFT_APP_TYPE}`);
  }
  if (!env.MICROSOFT_APP_TENANT_ID && !env.TEAMS_ALLOWED_TENANTS) {
    add('TEAMS_ALLOWED_TENANTS', 'is required with MICROSOFT_APP_ID (or set MICROSOFT_APP_TENANT_ID): chogi serves only the tenants named');
  }
}

/** The Teams tenants served: TEAMS_ALLOWED_TENANTS, else MICROSOFT_APP_TENANT_ID; empty only in local mode. */
export function teamsTenants(env: Pick<Env, 'TEAMS_ALLOWED_TENANTS' | 'MICROSOFT_APP_TENANT_ID'>): string[] {
  if (env.TEAMS_ALLOWED_TENANTS) return env.TEAMS_ALLOWED_TENANTS.split(',');
  return env.MICROSOFT_APP_TENANT_ID ? [env.MICROSOFT_APP_TENANT_ID] : [];
}

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env;
  org: OrgConfig;
  orgSource: string;
}

/** Reads and validates the environment; throws ConfigError naming the variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const r = envSchema.safeParse(source);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const name = String(first.path[0] ?? 'environment');
  const shown = name in source && !/TOKEN|SECRET|PASSWORD/.test(name) ? ` (got "${source[name]}")` : '';
  throw new ConfigError(`${name} ${first.message}${shown}`);
}

/** Where a zod issue sits in the org file, as people read it: tiers[2].id */
function pathText(path: PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');
}

export const defaultOrgFile = () => join(projectRoot(), 'config', 'org.example.yaml');

/** Reads the org configuration (YAML or JSON); throws ConfigError naming the file and entry. */
export function loadOrg(path: string | undefined): { org: OrgConfig; source: string } {
  const file = path ? resolve(path) : defaultOrgFile();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`ORG_CONFIG: cannot read ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = orgConfigSchema.safeParse(data);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new ConfigError(`${file}: ${pathText(first.path) || '(top level)'}: ${first.message}`);
  }
  return { org: r.data, source: file };
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = loadEnv(source);
  const { org, source: orgSource } = loadOrg(env.ORG_CONFIG);
  return { env, org, orgSource };
}

/** Teams is on with app credentials, or in local mode. */
export const teamsEnabled = (env: Env): boolean => !!env.MICROSOFT_APP_ID || env.TEAMS_LOCAL_MODE;
