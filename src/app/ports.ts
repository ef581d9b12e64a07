import type { Actor, AgendaRequest, ChangeEntry, Conversation, FieldChange, RequestForm } from '../domain/request';

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
}

export type UpdateResult =
  | { ok: true; request: AgendaRequest }
  | { ok: false; reason: 'not_found' | 'stale' };

/** Requests and their history. Implementations return domain types only. */
export interface RequestRepository {
  /**
   * Stores a new request and its 'created' history entry in one transaction and gives
   * it the next case number of its 年度 (no gaps, no duplicates under concurrency).
   * Returns { duplicate: existing } when draftId was already used.
   */
  create(input: NewRequest): Promise<{ request: AgendaRequest; duplicate: boolean }>;
  get(id: string): Promise<AgendaRequest | null>;
  listRecent(limit: number): Promise<AgendaRequest[]>;
  /**
   * Replaces the form if the stored version is still expectedVersion, bumps the
   * version and appends one history entry with the given changes, atomically.
   */
  update(
    id: string,
    input: { form: RequestForm; expectedVersion: number; actor: Actor; changes: FieldChange[]; now: Date },
  ): Promise<UpdateResult>;
  history(id: string): Promise<ChangeEntry[]>;
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
  create(input: Omit<Draft, 'id' | 'status' | 'createdAt' | 'updatedAt'> & { now: Date }): Promise<Draft>;
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
}

/** At-most-once processing of an incoming delivery (Slack retries, double clicks). */
export interface DeliveryRepository {
  /** True the first time a key is seen, false afterwards. */
  claim(key: string, now: Date): Promise<boolean>;
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

export interface Repositories {
  requests: RequestRepository;
  drafts: DraftRepository;
  posts: PostRepository;
  deliveries: DeliveryRepository;
  conversations: ConversationRepository;
}
