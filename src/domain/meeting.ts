import { normalizeText } from './input';
import type { OrgConfig, Tier } from './org';
import type { Actor, AgendaRequest } from './request';

/**
 * Meeting day (the lower half of the paper form): a request's passage through one tier's
 * meeting — who attended (出席課・機関等), the main opinions (主な意見) with the owning
 * section's answers (→), the result (結果等). Pure rules; storage is behind ports.
 */

export type EntryStatus = 'active' | 'withdrawn';

/** → one answer to an opinion; zero or more per opinion, numbered in order. */
export interface Answer {
  id: string;
  opinionId: string;
  seq: number;
  text: string;
  author: Actor;
  status: EntryStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** ○ one opinion, numbered per request and tier in the order received. */
export interface Opinion {
  id: string;
  requestId: string;
  tierId: string;
  seq: number;
  sectionId: string;
  text: string;
  tags: string[];
  author: Actor;
  status: EntryStatus;
  /** In answer order, withdrawn ones included (views leave them out). */
  answers: Answer[];
  createdAt: Date;
  updatedAt: Date;
}

/** One request at one tier's meeting: attendance, result, whether it is closed. */
export interface Review {
  requestId: string;
  tierId: string;
  meetingLabel: string; // e.g. 第3回検討会議
  result: string; // '' while not decided
  followUps: string[];
  /** Attending section ids; null while not recorded. */
  attendance: string[] | null;
  opinionSeq: number;
  closedAt: Date | null;
  closedBy: string | null;
  version: number;
  updatedAt: Date;
}

/** A review with its opinions (and their answers), in number order. */
export interface Meeting {
  review: Review;
  opinions: Opinion[];
}

export const emptyReview = (requestId: string, tierId: string, now: Date): Review => ({
  requestId,
  tierId,
  meetingLabel: '',
  result: '',
  followUps: [],
  attendance: null,
  opinionSeq: 0,
  closedAt: null,
  closedBy: null,
  version: 0,
  updatedAt: now,
});

// ---- limits and input --------------------------------------------------------

export const MeetingLimits = {
  opinion: 2000,
  answer: 2000,
  tags: 5,
  tag: 20,
} as const;

/** Tags typed as one line: 「成果指標, 情報格差」 (ASCII or Japanese commas). */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(/[,、，;；]/)) {
    const tag = t.trim();
    if (tag !== '' && !out.includes(tag)) out.push(tag);
  }
  return out;
}

export type MeetingInputError = {
  field: 'text' | 'sectionId' | 'tags';
  code: 'required' | 'too_long' | 'unknown_section' | 'not_your_section' | 'too_many_tags' | 'tag_too_long';
  max?: number;
};

export interface OpinionInput {
  text: string;
  sectionId: string;
  tags: string[];
}

const chars = (s: string) => [...s].length;

/** Checks an opinion as typed; the text is kept as typed apart from surrounding blanks. */
export function validateOpinion(
  org: OrgConfig,
  raw: { text: string; sectionId: string; tags: string },
): { ok: true; value: OpinionInput } | { ok: false; errors: MeetingInputError[] } {
  const errors: MeetingInputError[] = [];
  const text = normalizeText(raw.text).trim();
  if (text === '') errors.push({ field: 'text', code: 'required' });
  else if (chars(text) > MeetingLimits.opinion) errors.push({ field: 'text', code: 'too_long', max: MeetingLimits.opinion });
  if (!org.sections.some((s) => s.id === raw.sectionId)) errors.push({ field: 'sectionId', code: raw.sectionId ? 'unknown_section' : 'required' });
  const tags = parseTags(normalizeText(raw.tags));
  if (tags.length > MeetingLimits.tags) errors.push({ field: 'tags', code: 'too_many_tags', max: MeetingLimits.tags });
  else if (tags.some((t) => chars(t) > MeetingLimits.tag)) errors.push({ field: 'tags', code: 'tag_too_long', max: MeetingLimits.tag });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { text, sectionId: raw.sectionId, tags } };
}

export function validateAnswer(raw: string): { ok: true; value: string } | { ok: false; errors: MeetingInputError[] } {
  const text = normalizeText(raw).trim();
  if (text === '') return { ok: false, errors: [{ field: 'text', code: 'required' }] };
  if (chars(text) > MeetingLimits.answer) return { ok: false, errors: [{ field: 'text', code: 'too_long', max: MeetingLimits.answer }] };
  return { ok: true, value: text };
}

/** Section ids as stored: only known ones, each once, in the paper's order. */
export function normalizeAttendance(org: OrgConfig, ids: readonly string[]): string[] {
  const chosen = new Set(ids);
  return org.sections.filter((s) => chosen.has(s.id)).map((s) => s.id);
}

// ---- who may do what ---------------------------------------------------------

// The roles (庁議事務局, who sits for which section) are looked up by the app's role
// service (src/app/roles.ts): the rules below take its answer as `secretariat`.

/**
 * Whether a person may give an opinion in a section's name: their own section (the
 * 出席者名簿, `ownSection`), one the org file lets them write for (`proxies`), any for
 * the secretariat.
 */
export function maySpeakFor(org: OrgConfig, actor: Actor, sectionId: string, secretariat: boolean, ownSection: string | null): boolean {
  if (secretariat) return true;
  if (ownSection === sectionId) return true;
  return (org.proxies[actor.platform][actor.userId] ?? []).includes(sectionId);
}

const sameActor = (a: Actor, b: Actor) => a.platform === b.platform && a.userId === b.userId;

/**
 * Who answers for the owning section: the person who filed the request and the
 * secretariat. (Sections that attend and owner units are different lists, so the org
 * file cannot say who speaks for an owner unit; the filer is the unit's contact.)
 */
export function canAnswer(request: AgendaRequest, actor: Actor, secretariat: boolean): boolean {
  return sameActor(request.createdBy, actor) || secretariat;
}

/** Why a change to an opinion is refused, or null when it is allowed. */
export function opinionChangeRefusal(
  review: Review,
  opinion: Opinion,
  actor: Actor,
  secretariat: boolean,
): 'meeting.closed' | 'opinion.forbidden_change' | null {
  if (secretariat) return null;
  if (!sameActor(opinion.author, actor)) return 'opinion.forbidden_change';
  return review.closedAt ? 'meeting.closed' : null;
}

/** Why a change to an answer is refused, or null (its author or the secretariat; closed: secretariat only). */
export function answerChangeRefusal(
  request: AgendaRequest,
  review: Review,
  answer: Answer,
  actor: Actor,
  secretariat: boolean,
): 'meeting.closed' | 'opinion.forbidden_answer' | null {
  if (secretariat) return null;
  if (!canAnswer(request, actor, false) || !sameActor(answer.author, actor)) return 'opinion.forbidden_answer';
  return review.closedAt ? 'meeting.closed' : null;
}

// ---- which tier's meeting ----------------------------------------------------

/**
 * The tier whose meeting a request is in: the lowest tier with a desired date and no
 * result yet. With every dated tier decided, the highest dated one; with no dates at
 * all, the lowest tier.
 */
export function currentTier(org: OrgConfig, request: AgendaRequest, reviews: readonly Pick<Review, 'tierId' | 'result'>[]): Tier {
  const decided = new Set(reviews.filter((r) => r.result !== '').map((r) => r.tierId));
  const dated = org.tiers.filter((t) => request.form.desiredDates[t.id]);
  return dated.find((t) => !decided.has(t.id)) ?? dated.at(-1) ?? org.tiers[0];
}

/**
 * The meeting 会議を終了 closes: the last tier whose meeting has something recorded and
 * is still open. Recording the result moves the item to the next tier (currentTier), but
 * the meeting just held is the one to close. Else the current tier.
 */
export function closingTier(
  org: OrgConfig,
  request: AgendaRequest,
  reviews: readonly Pick<Review, 'tierId' | 'result' | 'attendance' | 'opinionSeq' | 'closedAt' | 'followUps'>[],
): Tier {
  const held = (r: (typeof reviews)[number]) =>
    r.closedAt === null && (r.result !== '' || r.attendance !== null || r.opinionSeq > 0 || r.followUps.length > 0);
  const open = new Set(reviews.filter(held).map((r) => r.tierId));
  return [...org.tiers].reverse().find((t) => open.has(t.id)) ?? currentTier(org, request, reviews);
}

/** The tiers a person may pick for a request's meeting: dated ones, else all. */
export function meetingTiers(org: OrgConfig, request: AgendaRequest): Tier[] {
  const dated = org.tiers.filter((t) => request.form.desiredDates[t.id]);
  return dated.length > 0 ? dated : org.tiers;
}

/** The sections usually present at a tier (pre-checked in the attendance form). */
export function usualAttendees(org: OrgConfig, tier: Tier): string[] {
  return normalizeAttendance(org, tier.attendees ?? org.sections.map((s) => s.id));
}

// ---- live summary ------------------------------------------------------------

export interface MeetingSummary {
  tierId: string;
  tierName: string;
  opinions: number;
  unanswered: number;
  /** Sections recorded present, and of how many; null while attendance is not recorded. */
  attendance: { present: number; of: number } | null;
  closed: boolean;
}

export const activeAnswers = (o: Opinion) => o.answers.filter((a) => a.status === 'active');
export const activeOpinions = (m: Meeting) => m.opinions.filter((o) => o.status === 'active');

export function summarize(org: OrgConfig, tier: Tier, m: Meeting): MeetingSummary {
  const opinions = activeOpinions(m);
  return {
    tierId: tier.id,
    tierName: tier.name,
    opinions: opinions.length,
    unanswered: opinions.filter((o) => activeAnswers(o).length === 0).length,
    attendance: m.review.attendance ? { present: m.review.attendance.length, of: org.sections.length } : null,
    closed: m.review.closedAt !== null,
  };
}
