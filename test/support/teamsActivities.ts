/**
 * Fixture factories for what Teams sends to /api/messages, and a sender that posts
 * them as the Bot Framework does (JSON body, optional Bearer token).
 */
import { randomUUID } from 'node:crypto';

export const TeamsUser = { id: '29:filer', aadObjectId: '00000000-0000-0000-0000-0000000000a1', name: '田中 太郎' } as const;
export const TeamsConversation = { id: '19:chogi-channel@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' } as const;
export const TeamsBot = { id: '28:chogi-bot', name: 'chogi' } as const;

export type ActivityJson = Record<string, unknown> & { type: string };

export interface ActivityOptions {
  serviceUrl: string;
  from?: { id: string; aadObjectId?: string; name?: string };
  conversation?: { id: string; conversationType?: string; tenantId?: string };
  replyToId?: string;
}

function base(o: ActivityOptions): ActivityJson {
  return {
    type: 'message',
    id: `act-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    from: o.from ?? TeamsUser,
    conversation: o.conversation ?? TeamsConversation,
    recipient: TeamsBot,
    channelData: { tenant: { id: 'tenant-1' } },
    ...(o.replyToId ? { replyToId: o.replyToId } : {}),
  };
}

/** A typed message, optionally with the bot mentioned as in a channel. */
export function messageActivity(text: string, o: ActivityOptions & { mention?: boolean }): ActivityJson {
  const mention = `<at>${TeamsBot.name}</at>`;
  return {
    ...base(o),
    type: 'message',
    text: o.mention ? `${mention} ${text}` : text,
    ...(o.mention ? { entities: [{ type: 'mention', text: mention, mentioned: TeamsBot }] } : {}),
  };
}

/** task/fetch: a button with `msteams: { type: 'task/fetch' }` was pressed; data is the button's data. */
export function taskFetch(data: Record<string, unknown>, o: ActivityOptions): ActivityJson {
  return {
    ...base(o),
    type: 'invoke',
    name: 'task/fetch',
    value: { data: { msteams: { type: 'task/fetch' }, ...data }, context: { theme: 'default' } },
  };
}

/** task/submit: a button inside the dialog; data is the card's inputs merged with the button's data. */
export function taskSubmit(data: Record<string, unknown>, o: ActivityOptions): ActivityJson {
  return { ...base(o), type: 'invoke', name: 'task/submit', value: { data, context: { theme: 'default' } } };
}

export function conversationUpdate(o: ActivityOptions): ActivityJson {
  return { ...base(o), type: 'conversationUpdate', membersAdded: [TeamsBot] };
}

export interface Sent {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function postActivity(appUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<Sent> {
  const res = await fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // keep text
  }
  return { status: res.status, body };
}
