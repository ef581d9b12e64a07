/**
 * Which bot scopes each Web API method needs, as Slack's method reference lists them,
 * and the scopes a manifest grants. The fake Slack server refuses a call the granted
 * scopes do not cover with `missing_scope` (with `needed` and `provided`, as Slack
 * does), so a test fails where a real workspace installed from the manifest would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../src/infra/projectRoot';

export const MANIFEST_PATH = join(projectRoot(), 'manifests', 'slack', 'manifest.yaml');

/** The kind of conversation a channel id names, which picks the scope family. */
export type ConversationKind = 'public' | 'private' | 'im' | 'mpim';

/** What a scope rule needs to know about a call's channel. */
export type KindOf = (channel: string) => ConversationKind;

type Rule = string[] | ((args: Record<string, unknown>, kindOf: KindOf) => string[]);

const FAMILY: Record<ConversationKind, string> = { public: 'channels', private: 'groups', im: 'im', mpim: 'mpim' };
const TYPE_KIND: Record<string, ConversationKind> = { public_channel: 'public', private_channel: 'private', im: 'im', mpim: 'mpim' };

/** `channels:history`, `groups:history`… for the call's `channel`. */
function byChannel(suffix: string): Rule {
  return (args, kindOf) => {
    const channel = typeof args.channel === 'string' ? args.channel : '';
    return [`${FAMILY[kindOf(channel)]}:${suffix}`];
  };
}

/** One scope per conversation type asked for in `types` (default public channels). */
function byTypes(suffix: string): Rule {
  return (args) => {
    const types = typeof args.types === 'string' && args.types !== '' ? args.types.split(',') : ['public_channel'];
    return [
      ...new Set(
        types
          .map((t) => TYPE_KIND[t.trim()])
          .filter(Boolean)
          .map((k) => `${FAMILY[k]}:${suffix}`),
      ),
    ];
  };
}

/**
 * Every method the fake knows, with the scopes it needs: all of them (usually one). A
 * method missing from this table answers `unknown_method`, so a new call has to be
 * looked up in Slack's reference before a test can pass.
 */
export const METHOD_SCOPES: Record<string, Rule> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.scheduleMessage': ['chat:write'],
  'chat.getPermalink': [],
  'conversations.info': byChannel('read'),
  'conversations.members': byChannel('read'),
  'conversations.history': byChannel('history'),
  'conversations.replies': byChannel('history'),
  'conversations.join': ['channels:join'],
  'conversations.list': byTypes('read'),
  'users.conversations': byTypes('read'),
  // One user: the DM (im:write); several: a group DM (mpim:write).
  'conversations.open': (args) => {
    const users = typeof args.users === 'string' ? args.users.split(',').filter(Boolean) : [];
    return [users.length > 1 ? 'mpim:write' : 'im:write'];
  },
  'users.info': ['users:read'],
  'users.list': ['users:read'],
  'users.lookupByEmail': ['users:read.email'],
  'usergroups.list': ['usergroups:read'],
  'usergroups.users.list': ['usergroups:read'],
  'files.info': ['files:read'],
  'files.list': ['files:read'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'files.delete': ['files:write'],
  'reactions.add': ['reactions:write'],
  'views.open': [],
  'views.push': [],
  'views.update': [],
  'views.publish': [],
};

/** The bot scopes a Slack app manifest grants (`oauth_config.scopes.bot`). */
export function manifestBotScopes(path: string = MANIFEST_PATH): string[] {
  const manifest = parse(readFileSync(path, 'utf8')) as { oauth_config?: { scopes?: { bot?: unknown } } };
  const bot = manifest?.oauth_config?.scopes?.bot;
  if (!Array.isArray(bot) || !bot.every((s) => typeof s === 'string')) {
    throw new Error(`${path}: oauth_config.scopes.bot is not a list of scopes`);
  }
  return bot;
}

/**
 * Slack's refusal of a call the granted scopes do not cover, or undefined when they do.
 * `needed` and `provided` are comma-separated, as in Slack's answer.
 */
export function scopeRefusal(
  method: string,
  args: Record<string, unknown>,
  granted: ReadonlySet<string>,
  kindOf: KindOf,
): Record<string, unknown> | undefined {
  const rule = METHOD_SCOPES[method];
  if (!rule) return { ok: false, error: 'unknown_method', req_method: method };
  const needed = typeof rule === 'function' ? rule(args, kindOf) : rule;
  const missing = needed.filter((s) => !granted.has(s));
  if (missing.length === 0) return undefined;
  return { ok: false, error: 'missing_scope', needed: missing.join(','), provided: [...granted].join(',') };
}
