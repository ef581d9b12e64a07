import { createHistoryView, type HistoryItem } from './historyView';
import { requestStatus, type RequestStatusInfo } from '../domain/status';
import { tokyoToday } from '../domain/jpdate';
import { DomainError } from '../domain/errors';
import { normalizeText } from '../domain/input';
import {
  answerChangeRefusal,
  canAnswer,
  closingTier,
  currentTier,
  emptyReview,
  maySpeakFor,
  meetingTiers,
  normalizeAttendance,
  opinionChangeRefusal,
  summarize,
  usualAttendees,
  validateAnswer,
  validateOpinion,
  type Answer,
  type Meeting,
  type MeetingInputError,
  type MeetingSummary,
  type Opinion,
} from '../domain/meeting';
import type { MinutesInput } from '../domain/meetingMinutes';
import type { OrgConfig, Section, Tier } from '../domain/org';
import type { Actor, AgendaRequest, FieldChange } from '../domain/request';
import { minutesInput } from './minutesView';
import type { Clock, Repositories } from './ports';
import type { RoleService } from './roles';

/**
 * Meeting-day use cases, platform neutral (Slack today, Teams next): attendance,
 * opinions and answers, closing the meeting, the record. Each reads like the story:
 * load → check who may → decide → save.
 */

export interface MeetingDeps {
  repos: Repositories;
  org: OrgConfig;
  clock: Clock;
  /** 庁議事務局 and who sits for which section (the 名簿). */
  roles: Pick<RoleService, 'isSecretariat' | 'sectionOf'>;
  /** Told after something was recorded for a request (the desks of the people concerned refresh). */
  onChanged?: (request: AgendaRequest) => void;
}

/** The use cases that record something: their results name the request. */
const RECORDING = [
  'saveAttendance',
  'markPresent',
  'addOpinion',
  'correctOpinion',
  'withdrawOpinion',
  'answer',
  'changeAnswer',
  'recordResult',
  'close',
] as const;

/** What a person typed in the opinion form, as raw strings. */
export interface RawOpinion {
  text: string;
  sectionId: string;
  tags: string;
}

export type OpinionOutcome =
  | { kind: 'invalid'; errors: MeetingInputError[] }
  /** The meeting was closed meanwhile: nothing saved; `typed` goes back to the person. */
  | { kind: 'closed'; typed: string }
  | { kind: 'saved'; request: AgendaRequest; tier: Tier; opinion: Opinion };

export type AnswerOutcome =
  | { kind: 'invalid'; errors: MeetingInputError[] }
  | { kind: 'closed'; typed: string }
  | { kind: 'saved'; request: AgendaRequest; tier: Tier; opinion: Opinion; answer: Answer };

/** An opinion as its history entries keep it: who wrote it is there too, whoever changes it. */
const opinionFields = (o: Pick<Opinion, 'text' | 'sectionId' | 'tags' | 'status' | 'author'>) => ({
  text: o.text,
  sectionId: o.sectionId,
  tags: o.tags,
  status: o.status,
  author: { platform: o.author.platform, userId: o.author.userId },
});

export function createMeetingService({ repos, org, clock, roles, onChanged }: MeetingDeps) {
  const isSecretariat = (actor: Actor) => roles.isSecretariat(actor);

  /** Refuses, before anything is written, an opinion in the name of a section the person may not speak for. */
  async function sectionRefusal(actor: Actor, sectionId: string): Promise<MeetingInputError[]> {
    return maySpeakFor(org, actor, sectionId, await isSecretariat(actor), (await roles.sectionOf(actor))?.id ?? null)
      ? []
      : [{ field: 'sectionId', code: 'not_your_section' }];
  }

  const historyView = createHistoryView(org);
  async function loadRequest(id: string): Promise<AgendaRequest> {
    const r = await repos.requests.get(id);
    if (!r) throw new DomainError('request.not_found');
    return r;
  }

  /** The tier asked for when it is one of the request's, else the request's current tier. */
  async function tierOf(request: AgendaRequest, tierId?: string): Promise<Tier> {
    const asked = tierId ? meetingTiers(org, request).find((t) => t.id === tierId) : undefined;
    return asked ?? currentTier(org, request, await repos.reviews.listFor(request.id));
  }

  async function meetingOf(requestId: string, tierId: string): Promise<Meeting> {
    return (await repos.reviews.get(requestId, tierId)) ?? { review: emptyReview(requestId, tierId, clock.now()), opinions: [] };
  }

  /** A request something is to be recorded on: a withdrawn one takes nothing more. */
  async function loadActive(id: string): Promise<AgendaRequest> {
    const r = await loadRequest(id);
    if (r.status === 'withdrawn') throw new DomainError('request.withdrawn');
    return r;
  }

  async function load(requestId: string, tierId?: string) {
    const request = await loadActive(requestId);
    const tier = await tierOf(request, tierId);
    return { request, tier, meeting: await meetingOf(request.id, tier.id) };
  }

  async function loadOpinion(opinionId: string) {
    const opinion = await repos.reviews.getOpinion(opinionId);
    if (!opinion) throw new DomainError('opinion.not_found');
    const request = await loadActive(opinion.requestId);
    const tier = org.tiers.find((t) => t.id === opinion.tierId) ?? (await tierOf(request));
    return { opinion, request, tier, meeting: await meetingOf(request.id, tier.id) };
  }

  async function closing(requestId: string) {
    const request = await loadActive(requestId);
    const tier = closingTier(org, request, await repos.reviews.listFor(request.id));
    return { request, tier, meeting: await meetingOf(request.id, tier.id) };
  }

  const closedFor = async (m: Meeting, actor: Actor) => m.review.closedAt !== null && !(await isSecretariat(actor));

  const service = {
    load,
    tiersOf: (request: AgendaRequest) => meetingTiers(org, request),

    /** Where the request stands (申込中, 審議中（tier）, 了承 …, 取り下げ), from the results recorded. */
    async status(request: AgendaRequest): Promise<RequestStatusInfo> {
      if (request.status === 'withdrawn') return requestStatus(org, request, [], tokyoToday(clock.now()));
      return requestStatus(org, request, await repos.reviews.listFor(request.id), tokyoToday(clock.now()));
    },

    /** The live summary of the request's current meeting (shown on the request message). */
    async summary(request: AgendaRequest): Promise<MeetingSummary> {
      const tier = await tierOf(request);
      return summarize(org, tier, await meetingOf(request.id, tier.id));
    },

    // ---- attendance -----------------------------------------------------------

    /** The attendance form: the recorded attendance, else the tier's usual attendees. */
    async attendanceForm(requestId: string, actor: Actor, tierId?: string) {
      const { request, tier, meeting } = await load(requestId, tierId);
      return {
        request,
        tier,
        tiers: meetingTiers(org, request),
        checked: meeting.review.attendance ?? usualAttendees(org, tier),
        recorded: meeting.review.attendance !== null,
        closed: meeting.review.closedAt !== null,
        canSave: await isSecretariat(actor),
      };
    },

    /** The secretariat confirms who attended (the whole list). */
    async saveAttendance(requestId: string, tierId: string, sectionIds: string[], actor: Actor) {
      if (!(await isSecretariat(actor))) throw new DomainError('meeting.forbidden_attendance');
      // More ids than the org has sections is not a form's answer: refused before any read or write.
      if (sectionIds.length > org.sections.length) throw new DomainError('input.too_large', { field: 'sections', max: org.sections.length });
      const { request, tier, meeting } = await load(requestId, tierId);
      const ids = normalizeAttendance(org, sectionIds);
      const before = meeting.review.attendance;
      // The first record and every correction of the list are kept in the request's history.
      const history =
        before === null || before.join(',') !== ids.join(',')
          ? { actor, changes: [{ field: `attendance.${tier.id}`, old: before, new: ids }] }
          : null;
      const review = await repos.reviews.saveAttendance(request.id, tier.id, ids, history, clock.now());
      return { request, tier, review };
    },

    /** An attendee marks their own section present (the 名簿 says which). */
    async markPresent(
      requestId: string,
      actor: Actor,
      tierId?: string,
    ): Promise<{ request: AgendaRequest; tier: Tier; section: Section; already: boolean }> {
      const section = await roles.sectionOf(actor);
      if (!section) throw new DomainError('meeting.unmapped');
      const { request, tier, meeting } = await load(requestId, tierId);
      if (await closedFor(meeting, actor)) throw new DomainError('meeting.closed');
      const already = meeting.review.attendance?.includes(section.id) ?? false;
      if (!already) await repos.reviews.markPresent(request.id, tier.id, section.id, clock.now());
      return { request, tier, section, already };
    },

    // ---- opinions -------------------------------------------------------------

    /** What the opinion form starts with; refused at once when the meeting is closed. */
    async opinionForm(requestId: string, actor: Actor, tierId?: string) {
      const { request, tier, meeting } = await load(requestId, tierId);
      if (await closedFor(meeting, actor)) throw new DomainError('meeting.closed');
      return { request, tier, tiers: meetingTiers(org, request), sectionId: (await roles.sectionOf(actor))?.id ?? '' };
    },

    /** Numbers and stores an opinion in the order received. */
    async addOpinion(requestId: string, tierId: string, raw: RawOpinion, actor: Actor): Promise<OpinionOutcome> {
      const v = validateOpinion(org, raw);
      if (!v.ok) return { kind: 'invalid', errors: v.errors };
      const refused = await sectionRefusal(actor, v.value.sectionId);
      if (refused.length > 0) return { kind: 'invalid', errors: refused };
      const request = await loadRequest(requestId);
      const tier = await tierOf(request, tierId);
      const r = await repos.reviews.addOpinion({
        requestId: request.id,
        tierId: tier.id,
        ...v.value,
        author: actor,
        now: clock.now(),
        allowClosed: await isSecretariat(actor),
      });
      if (!r.ok) return { kind: 'closed', typed: raw.text };
      return { kind: 'saved', request, tier, opinion: r.opinion };
    },

    /** The opinion to correct, for its author (until closed) or the secretariat. */
    async opinionToChange(opinionId: string, actor: Actor) {
      const loaded = await loadOpinion(opinionId);
      const refusal = opinionChangeRefusal(loaded.meeting.review, loaded.opinion, actor, await isSecretariat(actor));
      if (refusal) throw new DomainError(refusal);
      if (loaded.opinion.status === 'withdrawn') throw new DomainError('opinion.withdrawn');
      return loaded;
    },

    /** Corrects an opinion; the old text stays in the request's history. */
    async correctOpinion(opinionId: string, raw: RawOpinion, actor: Actor): Promise<OpinionOutcome> {
      const v = validateOpinion(org, raw);
      if (!v.ok) return { kind: 'invalid', errors: v.errors };
      const { opinion, request, tier, meeting } = await loadOpinion(opinionId);
      const refusal = opinionChangeRefusal(meeting.review, opinion, actor, await isSecretariat(actor));
      if (refusal === 'meeting.closed') return { kind: 'closed', typed: raw.text };
      if (refusal) throw new DomainError(refusal);
      if (opinion.status === 'withdrawn') throw new DomainError('opinion.withdrawn');
      // Keeping the section it was given in is always allowed; moving it needs the right to speak for the new one.
      if (v.value.sectionId !== opinion.sectionId) {
        const refused = await sectionRefusal(actor, v.value.sectionId);
        if (refused.length > 0) return { kind: 'invalid', errors: refused };
      }
      const next = { ...opinionFields(opinion), ...v.value };
      const changes: FieldChange[] = [{ field: `opinion.${tier.id}.${opinion.seq}`, old: opinionFields(opinion), new: next }];
      const saved = await repos.reviews.updateOpinion(opinion.id, v.value, { actor, changes }, clock.now());
      if (!saved) throw new DomainError('opinion.not_found');
      return { kind: 'saved', request, tier, opinion: saved };
    },

    /** Withdraws an opinion (kept, marked withdrawn, left out of the record). */
    async withdrawOpinion(opinionId: string, actor: Actor) {
      const { opinion, request, tier, meeting } = await loadOpinion(opinionId);
      const refusal = opinionChangeRefusal(meeting.review, opinion, actor, await isSecretariat(actor));
      if (refusal) throw new DomainError(refusal);
      if (opinion.status === 'withdrawn') return { request, tier, opinion, changed: false };
      const changes: FieldChange[] = [
        { field: `opinion.${tier.id}.${opinion.seq}`, old: opinionFields(opinion), new: { ...opinionFields(opinion), status: 'withdrawn' } },
      ];
      const saved = await repos.reviews.updateOpinion(opinion.id, { status: 'withdrawn' }, { actor, changes }, clock.now());
      return { request, tier, opinion: saved ?? opinion, changed: true };
    },

    // ---- answers ----------------------------------------------------------------

    /** The opinion to answer, for the owning section (the filer) or the secretariat. */
    async answerForm(opinionId: string, actor: Actor) {
      const loaded = await loadOpinion(opinionId);
      if (!canAnswer(loaded.request, actor, await isSecretariat(actor))) throw new DomainError('opinion.forbidden_answer');
      if (await closedFor(loaded.meeting, actor)) throw new DomainError('meeting.closed');
      if (loaded.opinion.status === 'withdrawn') throw new DomainError('opinion.withdrawn');
      return loaded;
    },

    /** Adds the next answer (→) to an opinion. */
    async answer(opinionId: string, rawText: string, actor: Actor): Promise<AnswerOutcome> {
      const v = validateAnswer(rawText);
      if (!v.ok) return { kind: 'invalid', errors: v.errors };
      const { opinion, request, tier, meeting } = await loadOpinion(opinionId);
      if (!canAnswer(request, actor, await isSecretariat(actor))) throw new DomainError('opinion.forbidden_answer');
      if (await closedFor(meeting, actor)) return { kind: 'closed', typed: rawText };
      if (opinion.status === 'withdrawn') throw new DomainError('opinion.withdrawn');
      const answer = await repos.reviews.addAnswer(opinion.id, { text: v.value, author: actor, now: clock.now() });
      if (!answer) throw new DomainError('opinion.not_found');
      return { kind: 'saved', request, tier, opinion, answer };
    },

    /** The answer to correct, for its author (until closed) or the secretariat. */
    async answerToChange(opinionId: string, answerId: string, actor: Actor) {
      const loaded = await loadOpinion(opinionId);
      const answer = loaded.opinion.answers.find((a) => a.id === answerId && a.status === 'active');
      if (!answer) throw new DomainError('answer.not_found');
      const refusal = answerChangeRefusal(loaded.request, loaded.meeting.review, answer, actor, await isSecretariat(actor));
      if (refusal) throw new DomainError(refusal);
      return { ...loaded, answer };
    },

    /** Corrects or withdraws an answer: its author (until closed) or the secretariat. */
    async changeAnswer(opinionId: string, answerId: string, change: { text: string } | { withdraw: true }, actor: Actor): Promise<AnswerOutcome> {
      const { opinion, request, tier, meeting } = await loadOpinion(opinionId);
      const answer = opinion.answers.find((a) => a.id === answerId);
      if (!answer) throw new DomainError('answer.not_found');
      let patch: { text?: string; status?: 'withdrawn' };
      if ('text' in change) {
        const v = validateAnswer(change.text);
        if (!v.ok) return { kind: 'invalid', errors: v.errors };
        patch = { text: v.value };
      } else patch = { status: 'withdrawn' };
      const refusal = answerChangeRefusal(request, meeting.review, answer, actor, await isSecretariat(actor));
      if (refusal === 'meeting.closed') return { kind: 'closed', typed: 'text' in change ? change.text : '' };
      if (refusal) throw new DomainError(refusal);
      const fields = (a: Pick<Answer, 'text' | 'status' | 'author'>) => ({
        text: a.text,
        status: a.status,
        author: { platform: a.author.platform, userId: a.author.userId },
      });
      const changes: FieldChange[] = [
        { field: `answer.${tier.id}.${opinion.seq}.${answer.seq}`, old: fields(answer), new: { ...fields(answer), ...patch } },
      ];
      const saved = await repos.reviews.updateAnswer(answer.id, patch, { actor, changes }, clock.now());
      if (!saved) throw new DomainError('answer.not_found');
      return { kind: 'saved', request, tier, opinion, answer: saved };
    },

    // ---- result (結果等) -----------------------------------------------------------

    /** The result form: what is recorded for the tier, else blank. */
    async resultForm(requestId: string, actor: Actor, tierId?: string) {
      if (!(await isSecretariat(actor))) throw new DomainError('meeting.forbidden_result');
      const { request, tier, meeting } = await load(requestId, tierId);
      return { request, tier, tiers: meetingTiers(org, request), review: meeting.review };
    },

    /**
     * The secretariat records a tier's result: one of the configured results, the
     * meeting as named on the paper, and follow-up bullets. The item then stands at
     * the next tier (currentTier). A change of a recorded result is kept in the history.
     */
    async recordResult(requestId: string, tierId: string, raw: { result: string; meetingLabel: string; followUps: string }, actor: Actor) {
      if (!(await isSecretariat(actor))) throw new DomainError('meeting.forbidden_result');
      raw = { result: normalizeText(raw.result), meetingLabel: normalizeText(raw.meetingLabel), followUps: normalizeText(raw.followUps) };
      const { request, tier, meeting } = await load(requestId, tierId);
      const errors: Record<string, string> = {};
      if (!org.results.includes(raw.result)) errors.result = '結果を選んでください。';
      const meetingLabel = raw.meetingLabel.trim();
      if ([...meetingLabel].length > 100) errors.meetingLabel = '100文字以内で入力してください。';
      // Lines are kept as typed, markers included: the paper mixes ○ items and ・ sub-items.
      const followUps = raw.followUps
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
      if (followUps.length > 20) errors.followUps = '20項目以内にしてください。';
      else if (followUps.some((l) => [...l].length > 300)) errors.followUps = '各項目は300文字以内にしてください。';
      if (Object.keys(errors).length > 0) return { ok: false as const, errors };
      const before = meeting.review;
      const review = await repos.reviews.saveResult(request.id, tier.id, { meetingLabel, result: raw.result, followUps }, clock.now());
      // The first result and every change of it are kept in the request's history.
      if (before.result !== raw.result || before.followUps.join('\n') !== followUps.join('\n')) {
        await repos.requests.update(request.id, {
          form: request.form,
          expectedVersion: request.version,
          actor,
          changes: [
            {
              field: `result.${tier.id}`,
              old: before.result === '' ? null : { result: before.result, followUps: before.followUps },
              new: { result: raw.result, followUps },
            },
          ],
          now: clock.now(),
        });
      }
      const next = currentTier(org, request, await repos.reviews.listFor(request.id));
      return { ok: true as const, request, tier, review, next: next.id === tier.id ? null : next };
    },

    // ---- closing and the record -------------------------------------------------

    /** 「履歴」: every change of the request as display lines, newest first (withdrawn requests too). */
    async history(requestId: string): Promise<{ request: AgendaRequest; items: HistoryItem[] }> {
      const request = await loadRequest(requestId);
      const reviews = await repos.reviews.listFor(request.id);
      const meetings = (await Promise.all(reviews.map((r) => repos.reviews.get(request.id, r.tierId)))).filter((m): m is Meeting => m !== null);
      return { request, items: historyView.items(await repos.requests.history(request.id), meetings) };
    },

    /** The meeting 会議を終了 would close (see closingTier), for the confirmation. */
    closing,

    /**
     * The secretariat closes the meeting (the one just held when no tier is given): from
     * now on changes need the secretariat.
     */
    async close(requestId: string, actor: Actor, tierId?: string) {
      if (!(await isSecretariat(actor))) throw new DomainError('meeting.forbidden_close');
      const { request, tier } = tierId ? await load(requestId, tierId) : await closing(requestId);
      const closed = await repos.reviews.close(request.id, tier.id, actor.userId, clock.now());
      return { request, tier, closed };
    },

    /**
     * The record of every tier whose meeting has something recorded, lowest first; the
     * current tier's (empty) record when nothing is recorded yet.
     */
    async minutes(requestId: string): Promise<{ request: AgendaRequest; records: { tier: Tier; minutes: MinutesInput }[] }> {
      const request = await loadRequest(requestId);
      const reviews = await repos.reviews.listFor(request.id);
      const records: { tier: Tier; minutes: MinutesInput }[] = [];
      for (const tier of org.tiers) {
        const m = reviews.some((r) => r.tierId === tier.id) ? await repos.reviews.get(request.id, tier.id) : null;
        if (m && (m.opinions.length > 0 || m.review.attendance !== null || m.review.result !== '' || m.review.followUps.length > 0)) {
          records.push({ tier, minutes: minutesInput(org, tier, m) });
        }
      }
      if (records.length === 0) {
        const tier = currentTier(org, request, reviews);
        records.push({ tier, minutes: minutesInput(org, tier, await meetingOf(request.id, tier.id)) });
      }
      return { request, records };
    },
  };
  if (!onChanged) return service;
  // Each recording use case tells onChanged about its request once it succeeded.
  const told = { ...service };
  for (const name of RECORDING) {
    const run = service[name] as (...args: never[]) => Promise<{ request?: AgendaRequest }>;
    (told as Record<string, unknown>)[name] = async (...args: never[]) => {
      const result = await run(...args);
      if (result && 'request' in result && result.request) onChanged(result.request);
      return result;
    };
  }
  return told as typeof service;
}

export type MeetingService = ReturnType<typeof createMeetingService>;
