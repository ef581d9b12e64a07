import type { Actor, AgendaRequest, ChangeEntry, Conversation, FieldChange, Platform, RequestForm, RequestStatus } from '../domain/request';
import type { VisibleScope } from '../domain/visibility';
import type { Attachment } from '../domain/attachment';
import type { Answer, Meeting, Opinion, Review } from '../domain/meeting';
import type { PlannedReminder, ReminderDiff, ReminderStatus } from '../domain/reminders';

/** The clock every use case reads; tests drive it. */
export interface Clock {
  now(): Date;
}

export interface NewRequest {
  form: RequestForm;
  createdBy: Actor;
  origin: Conversation;
  /** Draft the request was filed from; a second filing from the same draft is refused. */
  draftId: string | null;
  now: Date;
  /** 年度 the case number belongs to (Gregorian start year) and its prefix, e.g. 2026 / 'R8'. */
  fiscalYear: number;
  casePrefix: string;
  /** What the 'created' history entry records beyond the filing (warnings confirmed); default none. */
  changes?: FieldChange[];
}

export type UpdateResult = { ok: true; request: AgendaRequest } | { ok: false; reason: 'not_found' | 'stale' };

/** Requests and their history. Implementations return domain types only. */
export interface RequestRepository {
  /**
   * Stores a new request and its 'created' history entry in one transaction and gives
   * it the next case number of its 年度 (no gaps, no duplicates under concurrency).
   * Returns { duplicate: existing } when draftId was already used.
   */
  create(input: NewRequest): Promise<{ request: AgendaRequest; duplicate: boolean }>;
  get(id: string): Promise<AgendaRequest | null>;
  /** The request with a case number (R8-001), or null. */
  getByCaseNo(caseNo: string): Promise<AgendaRequest | null>;
  listRecent(limit: number): Promise<AgendaRequest[]>;
  /**
   * Replaces the form if the stored version is still expectedVersion, bumps the
   * version and appends one history entry with the given changes, atomically.
   */
  update(id: string, input: { form: RequestForm; expectedVersion: number; actor: Actor; changes: FieldChange[]; now: Date }): Promise<UpdateResult>;
  history(id: string): Promise<ChangeEntry[]>;
  /**
   * Requests whose search text contains every term (folded, at least 2 characters each),
   * newest first (年度, then case number, descending), at most `limit`.
   */
  search(terms: string[], limit: number): Promise<AgendaRequest[]>;
  /** Every request of a 年度 (withdrawn ones too), in case-number order: the register. */
  listByFiscalYear(fiscalYear: number): Promise<AgendaRequest[]>;
  /**
   * Withdraws a request or undoes a withdrawal, if the stored version is still
   * expectedVersion: sets the status, bumps the version and appends one history entry
   * (kind withdrawn / restored) atomically. The form is left as it is.
   */
  setStatus(
    id: string,
    input: { status: RequestStatus; kind: 'withdrawn' | 'restored'; expectedVersion: number; actor: Actor; changes: FieldChange[]; now: Date },
  ): Promise<UpdateResult>;
  /**
   * Requests whose 審議希望日 for a tier falls between two ISO days (inclusive), by
   * date then case number: a meeting day's agenda, one indexed lookup.
   */
  listByTierDate(tierId: string, from: string, to: string, limit?: number): Promise<{ date: string; request: AgendaRequest }[]>;
  /**
   * The same for several tiers in one lookup (a day's agenda of every tier): by date, then
   * case number. A request scheduled for two of them is there once for each.
   */
  listByTiersDate(tierIds: readonly string[], from: string, to: string): Promise<{ tierId: string; date: string; request: AgendaRequest }[]>;
  /** A person's requests, newest first (withdrawn ones included), and how many there are. */
  listFiledBy(actor: Actor, limit: number): Promise<{ items: AgendaRequest[]; total: number }>;
  /** The requests with these ids (missing ones left out), in no particular order. */
  getMany(ids: string[]): Promise<AgendaRequest[]>;
  /** The history entries of these requests that changed 審議希望日, oldest first. */
  dateChanges(ids: string[]): Promise<ChangeEntry[]>;
  /**
   * Each meeting of `tierIds` between two ISO days that has requests (not withdrawn), with
   * how many of them `scope` lets through (null: all; possibly 0), counted by the database.
   */
  meetingCounts(a: {
    tierIds: string[];
    from: string;
    to: string;
    scope: VisibleScope | null;
  }): Promise<{ tierId: string; date: string; count: number }[]>;
  /** The conversations of `platform` the requests scheduled for those meetings were posted in. */
  scheduledChannels(a: { tierIds: string[]; from: string; to: string; platform: Platform }): Promise<string[]>;
  /**
   * Meetings of `tierIds` held between two ISO days whose attendance or result is not
   * recorded, per request: latest day first (then tier order, case number), the first
   * `limit` and how many there are.
   */
  unrecorded(a: { tierIds: string[]; from: string; to: string; limit: number }): Promise<{
    items: { date: string; tierId: string; request: AgendaRequest; missingAttendance: boolean; missingResult: boolean }[];
    total: number;
  }>;
}

/** A form being filled in: what the person typed so far, kept server side. */
export interface Draft {
  id: string;
  actor: Actor;
  conversation: Conversation;
  /** Set when the draft edits an existing request. */
  requestId: string | null;
  baseVersion: number | null;
  /** What was typed, as raw strings keyed by field; opaque to the repository. */
  data: unknown;
  status: 'open' | 'submitted';
  createdAt: Date;
  updatedAt: Date;
}

export interface DraftRepository {
  /** Stores a new open draft; `id` may be chosen by the caller (to show it before it is stored). */
  create(input: Omit<Draft, 'id' | 'status' | 'createdAt' | 'updatedAt'> & { now: Date; id?: string }): Promise<Draft>;
  get(id: string): Promise<Draft | null>;
  /** The person's most recently updated open draft of a NEW request (requestId null) since a time. */
  latestOpen(actor: Actor, since: Date): Promise<Draft | null>;
  /** Saves typed data while the draft is open; false if it was already submitted. */
  save(id: string, data: unknown, now: Date): Promise<boolean>;
  /** Marks it submitted once: true for the first caller only. */
  markSubmitted(id: string, now: Date): Promise<boolean>;
  /** Puts a submitted draft back to open (the filing failed after marking). */
  reopen(id: string, now: Date): Promise<void>;
}

/** Where a request was posted, so it can be updated in place. */
export interface PostedMessage {
  requestId: string;
  platform: 'slack' | 'teams';
  channelId: string;
  messageId: string; // Slack ts, Teams activity id
  permalink: string | null;
}

export interface PostRepository {
  save(post: PostedMessage): Promise<void>;
  listFor(requestId: string): Promise<PostedMessage[]>;
  /** Where each of many requests was posted, in a few queries (every id is a key, [] when never posted). */
  listForMany(requestIds: string[]): Promise<Map<string, PostedMessage[]>>;
}

/** At-most-once processing of an incoming delivery (Slack retries, double clicks). */
export interface DeliveryRepository {
  /** True the first time a key is seen, false afterwards. */
  claim(key: string, now: Date): Promise<boolean>;
  /** Forgets a claimed key whose work failed, so it can be tried again. */
  release(key: string): Promise<void>;
}

/** A conversation the bot can post into later (Teams proactive messages). */
export interface ConversationRef {
  platform: 'slack' | 'teams';
  conversationId: string;
  /** The platform's own reference object (opaque JSON). */
  reference: unknown;
  updatedAt: Date;
}

export interface ConversationRepository {
  /** Keeps the newest reference per conversation. */
  save(ref: ConversationRef): Promise<void>;
  get(platform: ConversationRef['platform'], conversationId: string): Promise<ConversationRef | null>;
}

// ---- reminders (issue 5) -----------------------------------------------------

/** A stored deadline reminder (see src/domain/reminders.ts for statuses and origins). */
export interface Reminder extends PlannedReminder {
  id: string;
  requestId: string;
  status: ReminderStatus;
  threadId: string | null;
  claimedBy: string | null;
  leaseUntil: Date | null;
  /** Claims so far; a claim is recorded before posting. */
  attempts: number;
  firstClaimedAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  messageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Reminders in the database: planned ahead, claimed with leases by one instance at a
 * time, recorded when sent. Every state change is conditional on the state it expects,
 * so concurrent instances and re-plans cannot overwrite each other's decisions.
 */
export interface ReminderRepository {
  listFor(requestId: string): Promise<Reminder[]>;
  get(id: string): Promise<Reminder | null>;
  /** Applies a re-plan; an insert that already exists (same identity) is ignored. */
  apply(
    requestId: string,
    diff: ReminderDiff,
    now: Date,
  ): Promise<{ inserted: number; cancelled: number; revived: number; rescheduled: number; moved?: number }>;
  /**
   * Claims up to `limit` due reminders (pending, fireAt <= now, no live lease), oldest
   * first, for `instanceId` until `leaseUntil`, recording the claim (attempts + 1)
   * before returning them. A reminder is claimed by one caller only. Each claim gets a
   * token of its own (`claimedBy`: instance id + nonce) that the calls below must show.
   */
  claimDue(a: { now: Date; instanceId: string; leaseUntil: Date; limit: number }): Promise<Reminder[]>;
  /** Extends a lease the instance still holds; false when it lost it or the reminder left pending. */
  renewLease(id: string, claim: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /** Records the post; false when the instance no longer held the claim. */
  markSent(id: string, claim: string, a: { messageId: string; threadId: string | null; now: Date }): Promise<boolean>;
  /** markSent for many in one statement per 100; returns the ids recorded (claim still held). */
  markSentMany(items: { id: string; claim: string; messageId: string; threadId: string | null }[], now: Date): Promise<string[]>;
  /** The requests (and where they were posted) that claimed reminders belong to, in a few queries. */
  contextsFor(requestIds: string[]): Promise<Map<string, { request: AgendaRequest; posts: PostedMessage[] }>>;
  /** Hands a claimed reminder back: pending again (at `fireAt` when given), lease released. */
  release(id: string, claim: string, a: { fireAt?: Date; error: string | null; now: Date }): Promise<boolean>;
  /** Ends a claimed reminder without posting it (superseded, request withdrawn). */
  finish(id: string, claim: string, status: 'skipped' | 'cancelled', now: Date): Promise<boolean>;
  /** Whether a later reminder of the same deadline and target is also due (pending or sent). */
  hasLaterDue(r: Reminder, now: Date): Promise<boolean>;
  /** The ids among `rs` for which hasLaterDue holds, in one query. */
  supersededAmong(rs: Reminder[], now: Date): Promise<string[]>;
  /** Sets every pending reminder of a deadline (firing before `before`, when given) to `status`. */
  closeDeadline(a: { requestId: string; deadline: string; dueDate: string; status: 'done' | 'snoozed'; now: Date; before?: Date }): Promise<number>;
  /**
   * Records 対応済み on a posted reminder itself (sent → done), so that the deadline reads
   * settled even when none of its reminders was left pending; false when it was not sent.
   */
  settle(id: string, now: Date): Promise<boolean>;
  /** Puts a reminder in place (a snooze): inserted, or an existing one of the same identity made pending at its time. */
  schedule(requestId: string, p: PlannedReminder, now: Date): Promise<Reminder>;
  /** Pending reminders, soonest due day first (for listing coming deadlines). */
  pending(limit: number): Promise<Reminder[]>;
  /**
   * Reminders of deadlines due between two ISO days (inclusive) that are not cancelled
   * or skipped, soonest due day first; of the given requests only when `requestIds` is set.
   */
  dueBetween(a: { from: string; to: string; requestIds?: string[]; limit: number }): Promise<Reminder[]>;
  /**
   * One row per deadline (request, deadline, due day) due between two ISO days
   * (inclusive), of requests not withdrawn, that still has a reminder not cancelled:
   * what its reminders say about it. Meeting-day deadlines (`meeting:*`) are left out.
   * With `unansweredFrom`, deadlines due from then until `from` come too, but only those
   * with a reminder posted and neither 対応済み nor a 延期 still to come.
   * One grouped read through the (dueDate, status) index, for the outlook.
   */
  deadlineStates(a: { from: string; to: string; unansweredFrom?: string }): Promise<DeadlineState[]>;
  /** Requests not withdrawn with a reminder (not cancelled) of `deadline` due on one of `dueDates`. */
  requestIdsWithDeadline(deadline: string, dueDates: string[]): Promise<string[]>;
  /**
   * One reminder per deadline (request, deadline, due day) due between two ISO days and
   * not settled (no reminder of it done), of requests not withdrawn that `scope` lets
   * through (null: all) and, with `filer`, filed by that person and open: the soonest
   * reminder of each, in due order (`desc`: latest first), the first `limit` and how many.
   */
  openDeadlines(a: {
    from: string;
    to: string;
    filer?: Actor;
    scope: VisibleScope | null;
    order: 'asc' | 'desc';
    limit: number;
  }): Promise<{ items: Reminder[]; total: number }>;
}

/** A deadline as its stored reminders tell it (see ReminderRepository.deadlineStates). */
export interface DeadlineState {
  requestId: string;
  deadline: string;
  dueDate: string;
  /** When its latest reminder was posted; null when none was posted yet. */
  lastSentAt: Date | null;
  /** 対応済み was pressed for it. */
  done: boolean;
  /** 延期 was pressed and its snoozed reminder is still to come. */
  snoozed: boolean;
}
// ---- end reminders ----------------------------------------------------------

// ---- meeting day (issue 4) ---------------------------------------------------

/** A change to a meeting kept in the request's history (never rewritten). */
export interface MeetingHistoryEntry {
  actor: Actor;
  changes: FieldChange[];
}

export type OpinionPatch = Partial<Pick<Opinion, 'text' | 'sectionId' | 'tags' | 'status'>>;
export type AnswerPatch = Partial<Pick<Answer, 'text' | 'status'>>;

/**
 * A request's meetings: one Review per request and tier (made by the first thing
 * recorded), its numbered opinions and their answers. Changes to what was recorded are
 * written with a history entry in the request's history (RequestChange, fields such as
 * `opinion.kacho.3`) in the same transaction.
 */
export interface ReviewRepository {
  /** The review with its opinions and answers in number order; null when nothing was recorded. */
  get(requestId: string, tierId: string): Promise<Meeting | null>;
  /** Every review of a request (without opinions), in no particular order. */
  listFor(requestId: string): Promise<Review[]>;
  /** listFor for many requests in a few queries (every id is a key). */
  listForMany(requestIds: string[]): Promise<Map<string, Review[]>>;
  /**
   * Active opinions without an active answer, oldest first, of requests still filed:
   * of the given requests, or of all when `requestIds` is null. With how many there are.
   */
  unanswered(requestIds: string[] | null, limit: number): Promise<{ items: Opinion[]; total: number }>;
  /** An opinion with its answers. */
  getOpinion(id: string): Promise<Opinion | null>;
  /**
   * Numbers and stores an opinion: the next number of the request and tier, no gaps and
   * no duplicates under concurrency. Refused ('closed') when the meeting is closed,
   * unless allowClosed (the secretariat).
   */
  addOpinion(input: {
    requestId: string;
    tierId: string;
    sectionId: string;
    text: string;
    tags: string[];
    author: Actor;
    now: Date;
    allowClosed: boolean;
  }): Promise<{ ok: true; opinion: Opinion } | { ok: false; reason: 'closed' }>;
  /** Changes an opinion; the history entry is written with it. Null when there is no such opinion. */
  updateOpinion(id: string, patch: OpinionPatch, history: MeetingHistoryEntry, now: Date): Promise<Opinion | null>;
  /** Adds the opinion's next answer (numbered in order); null when there is no such opinion. */
  addAnswer(opinionId: string, input: { text: string; author: Actor; now: Date }): Promise<Answer | null>;
  updateAnswer(id: string, patch: AnswerPatch, history: MeetingHistoryEntry, now: Date): Promise<Answer | null>;
  /** Replaces the attendance (secretariat); a history entry when given. */
  saveAttendance(requestId: string, tierId: string, sectionIds: string[], history: MeetingHistoryEntry | null, now: Date): Promise<Review>;
  /** Adds one section to the attendance (self check-in), atomically with other check-ins. */
  markPresent(requestId: string, tierId: string, sectionId: string, now: Date): Promise<Review>;
  /** Records 結果等 (the lead's result recording uses this too). */
  saveResult(requestId: string, tierId: string, input: { meetingLabel: string; result: string; followUps: string[] }, now: Date): Promise<Review>;
  /** Closes the meeting once: false when it was already closed. */
  close(requestId: string, tierId: string, by: string, now: Date): Promise<boolean>;
}
// ---- end meeting day ----------------------------------------------------------

// ---- attachments (別紙資料) ----------------------------------------------------

export interface NewAttachment {
  requestId: string;
  /** file: `bytes` are stored (once per sha256), or `sha256` names bytes already stored (putBlob); link: `url` only. */
  kind: 'file' | 'link';
  name: string;
  mime: string;
  bytes?: Buffer;
  sha256?: string;
  url?: string;
  addedBy: Actor;
  now: Date;
}

/**
 * 別紙資料 in the database: metadata per attachment, bytes once per content (sha256).
 * Adding and removing write a history entry (`attachment.<id>`) in the request's
 * history in the same transaction. Nothing is ever deleted: removing marks it.
 */
export interface AttachmentRepository {
  /** Stores it with its history entry; null when there is no such request. */
  add(input: NewAttachment): Promise<Attachment | null>;
  get(id: string): Promise<Attachment | null>;
  /** A request's attachments not removed, oldest first (what the PDF appends and the post lists). */
  listFor(requestId: string): Promise<Attachment[]>;
  /** Including removed ones (the record keeps them). */
  listAllFor(requestId: string): Promise<Attachment[]>;
  /** The stored bytes of a file attachment (also after it was removed); null for a link or an unknown id. */
  content(id: string): Promise<Buffer | null>;
  /** Stores bytes not yet attached to a request (received before the person picked one); their sha256. */
  putBlob(bytes: Buffer, now: Date): Promise<string>;
  /** Bytes stored by sha256, or null. */
  blob(sha256: string): Promise<Buffer | null>;
  /** Marks it removed once, with its history entry: null when unknown or already removed. */
  remove(id: string, by: Actor, now: Date): Promise<Attachment | null>;
}
// ---- end attachments ------------------------------------------------------------
// ---- roster (出席者名簿) ---------------------------------------------------------

/** A current assignment of a person to an attending section. */
export interface RosterEntry {
  platform: 'slack' | 'teams';
  userId: string;
  sectionId: string;
  /** 'platform:userId' of who assigned them; 'org-file' for the initial import. */
  assignedBy: string;
  assignedAt: Date;
}

/** One line of the roster's history: an assignment, and its end when it ended. */
export interface RosterHistoryEntry extends RosterEntry {
  removedBy: string | null;
  removedAt: Date | null;
}

export type RosterChangeResult =
  | {
      ok: true;
      added: RosterEntry[];
      /** Assignments ended: taken off a section, or moved (then also in `added`). */
      removed: RosterEntry[];
    }
  /** Someone else changed the same people meanwhile: nothing was changed. */
  | { ok: false; reason: 'conflict' };

/**
 * 出席者名簿 in the database. Nothing is deleted: ending an assignment closes its row
 * (removedAt/removedBy), so the history says who put whom where and when. A person is
 * in at most one section per platform at a time (the database refuses a second one).
 */
export interface RosterRepository {
  /** The section a person currently sits for, or null. */
  sectionOf(platform: RosterEntry['platform'], userId: string): Promise<string | null>;
  /** Every current assignment of a platform, by section then time assigned. */
  current(platform: RosterEntry['platform']): Promise<RosterEntry[]>;
  /**
   * Makes each listed section's people exactly the given ones, in one transaction:
   * people no longer listed are taken off, new ones assigned; a person listed who sits
   * for another section is moved (that assignment ends). The caller has checked that no
   * person is listed for two sections.
   */
  setSections(input: { platform: RosterEntry['platform']; sections: Record<string, string[]>; by: string; now: Date }): Promise<RosterChangeResult>;
  /** Assignments with their ends, by when they were made, newest first. */
  history(limit: number): Promise<RosterHistoryEntry[]>;
  /**
   * The first start of a database: the org file's `members` become the roster (assigned
   * by 'org-file'). Does nothing once the roster has ever had a row; returns how many were imported.
   */
  importIfEmpty(entries: { platform: RosterEntry['platform']; userId: string; sectionId: string }[], now: Date): Promise<number>;
}
// ---- end roster ----------------------------------------------------------------

/** Key versions of people's calendar links (raising one revokes the links signed with the old). */
export interface FeedKeyRepository {
  /** The holder's current version (0 when never rotated). */
  version(holder: Actor): Promise<number>;
  /** Raises the holder's version and returns the new one. */
  rotate(holder: Actor, now: Date): Promise<number>;
}

/** A person who opened their home (Slack App Home, Teams ホーム card). */
export interface HomeViewer {
  platform: Platform;
  userId: string;
  /** Slack: the app's DM channel with the person; Teams: the personal chat's conversation reference (JSON). */
  place: string;
  /** Teams: the desk card's activity id; null in Slack. */
  activityId: string | null;
  lastOpenedAt: Date;
}

export interface HomeViewerRepository {
  /** Records an opening (replacing the person's earlier one). */
  opened(viewer: HomeViewer): Promise<void>;
  /** Which of `userIds` opened their home on `platform` since `since`. */
  among(platform: Platform, userIds: readonly string[], since: Date): Promise<HomeViewer[]>;
  get(platform: Platform, userId: string): Promise<HomeViewer | null>;
  /** Drops the openings before `before`; how many. */
  expire(before: Date): Promise<number>;
}

export interface Repositories {
  requests: RequestRepository;
  drafts: DraftRepository;
  posts: PostRepository;
  deliveries: DeliveryRepository;
  conversations: ConversationRepository;
  reminders: ReminderRepository;
  reviews: ReviewRepository;
  attachments: AttachmentRepository;
  roster: RosterRepository;
  feedKeys: FeedKeyRepository;
  homeViewers: HomeViewerRepository;
}
