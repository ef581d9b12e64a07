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

const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), s.optional());

export const envSchema = z
  .object({
    PORT: z.preprocess(
      (v) => (v === undefined || v === '' ? '3000' : v),
      z.string().regex(/^\d+$/, 'must be a port number').transform(Number).pipe(z.number().int().min(0).max(65535)),
    ),
    HOST: optional(z.string()).default('0.0.0.0'),
    DATABASE_URL: optional(
      z.string().refine((u) => /^(file:|postgres(ql)?:\/\/)/.test(u), 'must start with file: (SQLite) or postgresql://'),
    ).default('file:./data/chogi.db'),
    SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-')),
    SLACK_SIGNING_SECRET: optional(z.string().min(8, 'looks too short for a signing secret')),
    SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-')),
    SLACK_API_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
    ORG_CONFIG: optional(z.string()),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when other SLACK_* variables are set' });
    }
  });

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
  const shown = name in source && !/TOKEN|SECRET/.test(name) ? ` (got "${source[name]}")` : '';
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
