import type { MeetingSummary } from '../domain/meeting';
import type { AgendaRequest } from '../domain/request';
import type { RequestStatusInfo } from '../domain/status';
import type { Logger } from '../infra/logger';
import type { AttachmentLine } from './attachments';

/** What a posted request shows beside its form, each part looked up on its own. */
export interface PostSources {
  /** The live meeting summary; absent = none shown. */
  meetingSummary?: (request: AgendaRequest) => Promise<MeetingSummary | null>;
  /** The request's 別紙資料 with their links; absent = none listed. */
  attachments?: (requestId: string) => Promise<AttachmentLine[]>;
  /** 状況 of a request (from its recorded results); absent = derived from the request alone. */
  status?: (request: AgendaRequest) => Promise<RequestStatusInfo>;
}

/**
 * The summary, 別紙資料 and 状況 of a request's post, for both platforms. A part that
 * fails is left out (and logged): the request is shown without it rather than not at all.
 */
export async function postContent(
  request: AgendaRequest,
  sources: PostSources,
  logger: Logger,
): Promise<{ summary: MeetingSummary | null; attachments: AttachmentLine[]; status: RequestStatusInfo | null }> {
  const part = async <T>(what: string, fallback: T, load: (() => Promise<T | null | undefined>) | undefined): Promise<T> => {
    if (!load) return fallback;
    try {
      return (await load()) ?? fallback;
    } catch (err) {
      logger.warn(`${what} failed`, { requestId: request.id, error: String(err) });
      return fallback;
    }
  };
  const [summary, attachments, status] = await Promise.all([
    part<MeetingSummary | null>('meeting summary', null, sources.meetingSummary && (() => sources.meetingSummary!(request))),
    part<AttachmentLine[]>('attachment list', [], sources.attachments && (() => sources.attachments!(request.id))),
    part<RequestStatusInfo | null>('request status', null, sources.status && (() => sources.status!(request))),
  ]);
  return { summary, attachments, status };
}
