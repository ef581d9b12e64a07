import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { domainMessages } from '../domain/text.ja';
import type { Logger } from '../infra/logger';
import { SHOWN_KEY } from './cards/card';

/**
 * The edge of the Teams adapter: every authenticated activity is parsed with zod before
 * a handler sees it. A card's submitted values are bounded (keys, lengths, total size);
 * one that is not is answered with a message for the person, logged, and goes no
 * further. Then the inputs a card showed but the renderer left out (Teams sends only
 * inputs that hold a value) are put back as empty: a cleared field reads as cleared.
 */

const MAX_KEYS = 400;
const MAX_VALUE = 10_000;
const MAX_JSON = 200_000;

const scalar = z.union([z.string().max(MAX_VALUE), z.number(), z.boolean(), z.null()]);
/**
 * What an Action.Submit sends: the button's data and the card's inputs. Inputs are
 * strings (a toggle's, a number's too); our buttons' data holds strings, the `shown`
 * list, Teams' own `msteams` object and the structured values below. Nothing else is an object.
 */
/** Structured values our own buttons carry (the 別紙資料 card's received files). */
const structured: Record<string, z.ZodType> = {
  files: z.array(z.record(z.string().max(50), scalar)).max(20),
};

const submitted = z.record(z.string().max(200), z.unknown()).superRefine((v, ctx) => {
  const keys = Object.keys(v);
  if (keys.length > MAX_KEYS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_KEYS} values` });
  for (const k of keys) {
    const ok =
      k === 'msteams'
        ? !!v[k] && typeof v[k] === 'object'
        : k === SHOWN_KEY
          ? Array.isArray(v[k])
          : (structured[k] ?? scalar).safeParse(v[k]).success;
    if (!ok) ctx.addIssue({ code: 'custom', path: [k], message: 'not a value an input or our button sends' });
  }
  if (JSON.stringify(v).length > MAX_JSON) ctx.addIssue({ code: 'custom', message: 'too large' });
});

/** Bot Framework ids travel in URLs and headers: printable ASCII only. */
const bfId = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/);

/** An account as the Bot Framework serialises it when replying (its fields are typed there). */
const account = z
  .object({ id: bfId(500), name: z.string().max(500).optional(), aadObjectId: z.string().max(100).optional(), role: z.string().max(50).optional() })
  .passthrough();

const envelope = z
  .object({
    type: z.string().min(1).max(50),
    id: bfId(500).optional(),
    name: z.string().max(100).optional(),
    text: z.string().max(MAX_JSON).optional().nullable(),
    channelId: z.string().min(1).max(100),
    serviceUrl: z.string().min(1).max(1000),
    replyToId: bfId(500).optional(),
    locale: z.string().max(50).optional(),
    from: account,
    recipient: account,
    conversation: z
      .object({
        id: bfId(1000),
        name: z.string().max(500).optional(),
        conversationType: z.string().max(50).optional(),
        tenantId: z.string().max(100).optional(),
        isGroup: z.boolean().optional(),
      })
      .passthrough(),
    channelData: z.record(z.string(), z.unknown()).optional(),
    entities: z.array(z.record(z.string(), z.unknown())).max(50).optional(),
    attachments: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
  })
  .passthrough();

const shownList = z.array(z.string().min(1).max(200)).max(MAX_KEYS);

/** The card's data with every input it showed present: missing ones as ''. */
export function withShownInputs(data: Record<string, unknown>): Record<string, unknown> {
  const shown = shownList.safeParse(data[SHOWN_KEY]);
  const { [SHOWN_KEY]: _shown, ...rest } = data;
  if (!shown.success) return rest;
  for (const id of shown.data) if (!(id in rest)) rest[id] = '';
  return rest;
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

/** True when the activity may go on to the handlers; otherwise it was answered here. */
export async function checkTeamsActivity(context: TurnContext, logger: Logger): Promise<boolean> {
  const activity = context.activity;
  const refuse = async (issues: string[]) => {
    logger.warn('refused Teams activity', {
      type: activity.type,
      name: activity.name,
      issues,
      from: typeof activity.from?.id === 'string' ? activity.from.id.slice(0, 60) : undefined,
    });
    const text = domainMessages['input.malformed'];
    if (activity.type === 'invoke') {
      const body =
        typeof activity.name === 'string' && activity.name.startsWith('task/')
          ? { task: { type: 'message', value: text } }
          : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
      await context
        .sendActivity({ type: 'invokeResponse', value: { status: 200, body } })
        .catch((e: unknown) => logger.warn('could not answer the invoke', { error: String(e) }));
    } else if (
      activity.type === 'message' &&
      envelope.safeParse({ ...activity, text: undefined, attachments: undefined, entities: undefined }).success
    ) {
      await context.sendActivity(text).catch((e: unknown) => logger.warn('could not tell the person', { error: String(e) }));
    }
    return false;
  };

  const env = envelope.safeParse(activity);
  if (!env.success) return refuse(issuesOf(env.error));

  if (activity.type === 'invoke' && (activity.name === 'task/fetch' || activity.name === 'task/submit')) {
    const value = z
      .object({ data: submitted })
      .passthrough()
      .safeParse(activity.value ?? {});
    if (!value.success) return refuse(issuesOf(value.error));
    activity.value = { ...value.data, data: withShownInputs(value.data.data) };
  } else if (activity.type === 'message' && activity.value === null) {
    activity.value = undefined; // a text message, not a card's submission
  } else if (activity.type === 'message' && activity.value !== undefined) {
    const value = submitted.safeParse(activity.value);
    if (!value.success) return refuse(issuesOf(value.error));
    activity.value = withShownInputs(value.data);
  }
  return true;
}
