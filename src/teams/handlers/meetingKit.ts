import { randomUUID } from 'node:crypto';
import type { TaskModuleTaskInfo, TurnContext } from 'botbuilder';
import { coalescing } from '../../app/coalesce';
import type { MeetingService } from '../../app/meetings';
import { createOnce, teamsSubmitKey, type Once } from '../../app/once';
import { DomainError, messageFor } from '../../domain/errors';
import type { Actor, AgendaRequest } from '../../domain/request';
import { attachment, type AdaptiveCard } from '../cards/card';
import type { TeamsHandlerDeps } from '../deps';
import { T } from '../strings';

/**
 * Shared plumbing of the meeting-day handlers (issue 6): reading button data, dialogs,
 * saying why not, posting into the request's thread and keeping its cards (here and on
 * Slack) up to date. No meeting rule lives here: MeetingService decides.
 */

/** A value of the button's data or of an input: strings only (the payload comes from outside). */
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export type Data = Record<string, unknown>;

/** Where a dialog's card carries its submission token (see withSubmissionToken). */
export const SUBMISSION_TOKEN = 'once';

/**
 * Gives every submit button of a dialog one fresh token: Teams sends it back with the
 * inputs, so the same dialog submitted twice (a retry, a double click) is applied once.
 */
function withSubmissionToken(c: AdaptiveCard): AdaptiveCard {
  if (!c.actions) return c;
  const token = randomUUID();
  return {
    ...c,
    actions: c.actions.map((a) => (a.data && typeof a.data === 'object' ? { ...a, data: { ...(a.data as object), [SUBMISSION_TOKEN]: token } } : a)),
  };
}

export const dialog = (title: string, c: AdaptiveCard): TaskModuleTaskInfo => ({
  title,
  height: 'large',
  width: 'medium',
  card: attachment(withSubmissionToken(c)),
});

/** The key a dialog submission is applied once by: its token, else the activity's id. */
export const submissionKey = (context: TurnContext, data: Data): string | null => teamsSubmitKey(str(data[SUBMISSION_TOKEN]), context.activity.id);

export interface TeamsMeetingKit {
  meetings: MeetingService;
  deps: TeamsHandlerDeps;
  /** Applies a dialog's submission once (see submissionKey). */
  once: Once;
  /** The Japanese reason for a refusal (unknown failures are logged and apologised for). */
  failure(err: unknown, actor: Actor, where: string): string;
  /** Posts a card into the request's thread (else into this conversation). */
  post(context: TurnContext, request: AgendaRequest, c: AdaptiveCard, summary: string): Promise<void>;
  /**
   * Brings the request's cards (their live summary) up to date on Teams and, through
   * `onUpdated`, on Slack. Calls for the same request while one runs collapse into one more.
   */
  changed(requestId: string): Promise<void>;
}

export function teamsMeetingKit(deps: TeamsHandlerDeps): TeamsMeetingKit {
  const { meetings, logger, publisher } = deps;

  async function refreshNow(requestId: string): Promise<void> {
    const request = await deps.repos.requests.get(requestId);
    if (!request) return;
    await publisher.refresh(request);
    await deps.onUpdated?.(request);
  }

  return {
    meetings,
    deps,
    once: createOnce({ deliveries: deps.repos.deliveries, clock: deps.clock }),

    failure(err, actor, where) {
      if (!(err instanceof DomainError)) logger.error(`Teams: ${where} failed`, { error: err instanceof Error ? err.message : String(err) });
      if (err instanceof DomainError && err.code === 'meeting.unmapped') return T.unmapped(actor.userId);
      return messageFor(err);
    },

    async post(context, request, c, summary) {
      const activity = { type: 'message' as const, summary, attachments: [attachment(c)] };
      try {
        if (await publisher.postInThread(request, activity, context.activity.conversation?.id)) return;
      } catch (err) {
        logger.warn('Teams: posting into the request thread failed', { requestId: request.id, error: (err as Error).message });
      }
      try {
        await context.sendActivity(activity);
      } catch (err) {
        logger.error('Teams: posting a meeting card failed', { requestId: request.id, error: (err as Error).message });
      }
    },

    changed: coalescing(refreshNow, (requestId, err) => logger.warn('Teams: meeting summary refresh failed', { requestId, error: String(err) })),
  };
}
