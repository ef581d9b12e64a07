import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors';
import { cleanFormPatch } from '../domain/input';
import { diffForms, mergeEdit, toRawForm } from '../domain/formChanges';
import { caseNoPrefix, fiscalYearOf, formatJpDate, tokyoToday } from '../domain/jpdate';
import { desiredDateProblems } from '../domain/schedule';
import { planInputFromRaw, planWarnings } from '../domain/councilPlan';
import { FieldLabel, formErrorMessage } from '../domain/text.ja';
import type { OrgConfig } from '../domain/org';
import type { Actor, AgendaRequest, Conversation, FieldChange, RequestForm, RequestStatus } from '../domain/request';
import {
  Limits,
  normalizeRaw,
  pageOf,
  parseRequestForm,
  validatePage,
  type FormError,
  formPages,
  type FormPage,
  type RawRequestForm,
} from '../domain/requestForm';
import type { Clock, Draft, Repositories } from './ports';
import type { Roles } from './visibility';

/** What a draft keeps: the typed fields and, for an edit, the version it started from. */
export interface DraftData {
  raw: RawRequestForm;
  base: RequestForm | null;
  /**
   * Warnings the person confirmed: 審議希望日 by tier id → the typed value confirmed;
   * council-plan warnings by `plan:<field path>` → the warning as it was shown.
   */
  confirmed?: Record<string, string>;
  /**
   * 別紙資料 given in the form but not yet attached (they are attached once it is filed):
   * kept with the draft so a page change or a closed modal does not lose them.
   */
  files?: PendingFile[];
}

/** A file a platform handed over for a draft: its id there, its name, and the platform's own reference (opaque). */
export interface PendingFile {
  id: string;
  name: string;
  ref: unknown;
}

function pendingFiles(v: unknown): PendingFile[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (f): f is PendingFile => !!f && typeof f === 'object' && typeof (f as PendingFile).id === 'string' && typeof (f as PendingFile).name === 'string',
  );
}

/** Told after a request was filed or changed (reminders re-plan from it). */
export interface RequestEvents {
  requestSaved(request: AgendaRequest): Promise<void>;
}

export interface RequestDeps {
  repos: Repositories;
  org: OrgConfig;
  clock: Clock;
  /** Who is 庁議事務局 (the role service; the org file's lists at the least). */
  roles: Pick<Roles, 'isSecretariat'>;
  events?: RequestEvents;
}

export type FileOutcome =
  | { kind: 'filed'; request: AgendaRequest }
  | { kind: 'duplicate'; request: AgendaRequest }
  | { kind: 'updated'; request: AgendaRequest; changes: FieldChange[] }
  | { kind: 'unchanged'; request: AgendaRequest }
  | { kind: 'invalid'; errors: FormError[] }
  | { kind: 'conflict'; request: AgendaRequest; conflicts: string[]; typed: RawRequestForm };

const RESUME_DAYS = 30;
export const WITHDRAW_REASON_MAX = 500;

export type WithdrawOutcome = { ok: true; request: AgendaRequest } | { ok: false; error: 'reason_required' | 'reason_too_long' };

/** Whether anything beyond the pre-filled date was typed. */
function hasTyped(raw: RawRequestForm): boolean {
  const { filedOn: _prefilled, ...rest } = raw;
  const anyText = (v: unknown): boolean => (typeof v === 'string' ? v.trim() !== '' : !!v && typeof v === 'object' && Object.values(v).some(anyText));
  return anyText(rest);
}

export function draftData(draft: Draft): DraftData {
  const d = (draft.data ?? {}) as Partial<DraftData>;
  return { raw: normalizeRaw(d.raw ?? {}), base: d.base ?? null, confirmed: d.confirmed ?? {}, files: pendingFiles(d.files) };
}

/** Merges what a page sent into what was typed before; rows and dates per key. */
export function mergeRaw(raw: RawRequestForm, patch: Partial<RawRequestForm>): RawRequestForm {
  const merged = { ...raw, ...patch };
  if (patch.desiredDates) merged.desiredDates = { ...raw.desiredDates, ...patch.desiredDates };
  if (patch.desiredDateOther) merged.desiredDateOther = { ...(raw.desiredDateOther ?? {}), ...patch.desiredDateOther };
  return merged;
}

const isFiler = (request: AgendaRequest, actor: Actor) => request.createdBy.platform === actor.platform && request.createdBy.userId === actor.userId;

/** The filer and the secretariat may change a request. */
export function canEdit(request: AgendaRequest, actor: Actor, secretariat: boolean): boolean {
  return isFiler(request, actor) || secretariat;
}

/** canEdit with the roles asked only when the person is not the filer (a group lookup saved). */
export async function mayEdit(roles: Pick<Roles, 'isSecretariat'>, request: AgendaRequest, actor: Actor): Promise<boolean> {
  return isFiler(request, actor) || canEdit(request, actor, await roles.isSecretariat(actor));
}

export function createRequestService({ repos, org, clock, roles, events }: RequestDeps) {
  /** Drafts being written right now, by id (see prepareNew). */
  const storingDrafts = new Map<string, Promise<void>>();

  function blankRaw(): RawRequestForm {
    return normalizeRaw({ filedOn: formatJpDate(tokyoToday(clock.now()), org.dateDisplay === 'seireki' ? 'seireki' : 'wareki') });
  }

  /**
   * The form a person gets from the command: their unfinished 申込書 if any (a closed
   * modal or a lost connection never costs what was typed), else the blank one they
   * were shown. `draftId` is the id already shown in the form (see blankForm).
   */
  async function prepareNew(
    actor: Actor,
    conversation: Conversation,
    draftId: string = randomUUID(),
  ): Promise<{ draftId: string; data: DraftData; resumed: boolean; store(): Promise<void> }> {
    const since = new Date(clock.now().getTime() - RESUME_DAYS * 86_400_000);
    const old = await repos.drafts.latestOpen(actor, since);
    const oldData = old ? draftData(old) : null;
    const resumed = !!old && !!oldData && hasTyped(oldData.raw);
    const data: DraftData = resumed ? oldData! : { raw: blankRaw(), base: null };
    return {
      draftId,
      data,
      resumed,
      async store() {
        // The old draft is superseded by the new one, which belongs to this conversation.
        if (resumed) await repos.drafts.markSubmitted(old!.id, clock.now());
        await repos.drafts.create({ id: draftId, actor, conversation, requestId: null, baseVersion: null, data, now: clock.now() });
      },
    };
  }

  async function loadDraft(id: string): Promise<{ draft: Draft; data: DraftData }> {
    // A form shown before its draft was written may come back faster than the write.
    const storing = storingDrafts.get(id);
    if (storing) await storing;
    const draft = await repos.drafts.get(id);
    if (!draft) throw new DomainError('draft.not_found');
    return { draft, data: draftData(draft) };
  }

  /**
   * A draft the actor may write to: their own, and for an edit only while they may still
   * edit the request. Checked before anything typed is stored.
   */
  async function loadWritable(id: string, actor: Actor): Promise<{ draft: Draft; data: DraftData }> {
    const loaded = await loadDraft(id);
    const owner = loaded.draft.actor;
    if (owner.platform !== actor.platform || owner.userId !== actor.userId) throw new DomainError('draft.forbidden');
    if (loaded.draft.requestId) {
      const request = await repos.requests.get(loaded.draft.requestId);
      if (!request) throw new DomainError('request.not_found');
      if (!(await mayEdit(roles, request, actor))) throw new DomainError('request.forbidden_edit');
    }
    return loaded;
  }

  /**
   * The council plan's warnings (domain/councilPlan.ts) on this page's fields. On the
   * schedule page, where 議会上程時期 is typed, a deciding tier's 審議希望日 that comes too
   * late is shown on 議会上程時期 (its own field is on the first page). An edit that
   * leaves the plan as filed is not warned again.
   */
  function planProblems(page: FormPage, raw: RawRequestForm, data: DraftData): FormError[] {
    if (!org.council) return [];
    if (data.base && samePlan(raw, toRawForm(data.base, org.dateDisplay))) return [];
    const out: FormError[] = [];
    for (const w of planWarnings(org, planInputFromRaw(raw), tokyoToday(clock.now()))) {
      let path = w.path;
      if (pageOf(path) !== page) {
        if (page !== 'schedule' || w.code !== 'plan.desired_after') continue;
        path = ['councilSession'];
      }
      if (out.some((e) => e.path.join('.') === path.join('.'))) continue;
      out.push({ path, code: w.code, params: w.params, warning: true });
    }
    return out;
  }

  const planKey = (e: FormError) => `plan:${e.path.join('.')}`;
  const planShown = (e: FormError) => `${e.code}|${JSON.stringify(e.params ?? {})}`;

  /** The plan's warnings confirmed for what was filed, as the history records them. */
  function confirmedPlanChanges(raw: RawRequestForm, data: DraftData): FieldChange[] {
    const confirmed = data.confirmed ?? {};
    const messages = formPages
      .flatMap((page) => planProblems(page, raw, data))
      .filter((e) => confirmed[planKey(e)] === planShown(e))
      .map((e) => `${FieldLabel[String(e.path[0]) as keyof typeof FieldLabel] ?? e.path[0]}: ${formErrorMessage({ ...e, warning: false })}`);
    return messages.length ? [{ field: 'confirmedWarnings', old: null, new: [...new Set(messages)] }] : [];
  }

  async function save(draft: Draft, data: DraftData): Promise<DraftData> {
    if (!(await repos.drafts.save(draft.id, data, clock.now()))) throw new DomainError('draft.already_submitted');
    return data;
  }

  return {
    prepareNew,

    /**
     * What the command shows: a blank form at once (the trigger expires in 3 seconds),
     * while the person's unfinished 申込書, if any, is looked up and the draft written.
     * A submission that arrives before the write waits for it (loadDraft).
     */
    openNew(
      actor: Actor,
      conversation: Conversation,
      /** The database work waits for this (the form being shown), to keep that fast. */
      after: Promise<unknown> = Promise.resolve(),
    ): { draftId: string; blank: DraftData; stored: Promise<{ resumed: boolean; data: DraftData }> } {
      const draftId = randomUUID();
      const stored = (async () => {
        await after.catch(() => undefined);
        const form = await prepareNew(actor, conversation, draftId);
        await form.store();
        return { resumed: form.resumed, data: form.data };
      })();
      const done = stored.then(
        () => undefined,
        () => undefined,
      );
      storingDrafts.set(draftId, done);
      void done.finally(() => storingDrafts.delete(draftId));
      return { draftId, blank: { raw: blankRaw(), base: null }, stored };
    },

    /** A new, blank 申込書 for this person, dated today, stored before it is shown. */
    async startNew(actor: Actor, conversation: Conversation): Promise<{ draft: Draft; data: DraftData }> {
      const data: DraftData = { raw: blankRaw(), base: null };
      const draft = await repos.drafts.create({ actor, conversation, requestId: null, baseVersion: null, data, now: clock.now() });
      return { draft, data };
    },

    /** The person's unfinished 申込書 carried over to this conversation, or null. */
    async resumeNew(actor: Actor, conversation: Conversation): Promise<{ draft: Draft; data: DraftData } | null> {
      const form = await prepareNew(actor, conversation);
      if (!form.resumed) return null;
      await form.store();
      return { draft: (await repos.drafts.get(form.draftId))!, data: form.data };
    },

    /** Throws the typed draft away and starts again from a blank form. */
    async startOver(draftId: string, actor: Actor): Promise<{ draft: Draft; data: DraftData }> {
      const { draft } = await loadWritable(draftId, actor);
      const data: DraftData = { raw: blankRaw(), base: null };
      return { draft, data: await save(draft, data) };
    },

    /** A draft holding a filed request's current content, for its owner or the secretariat. */
    async startEdit(requestId: string, actor: Actor, conversation: Conversation): Promise<{ draft: Draft; data: DraftData; request: AgendaRequest }> {
      const request = await repos.requests.get(requestId);
      if (!request) throw new DomainError('request.not_found');
      if (!(await mayEdit(roles, request, actor))) throw new DomainError('request.forbidden_edit');
      if (request.status === 'withdrawn') throw new DomainError('request.withdrawn');
      const data: DraftData = { raw: toRawForm(request.form, org.dateDisplay), base: request.form };
      const draft = await repos.drafts.create({ actor, conversation, requestId, baseVersion: request.version, data, now: clock.now() });
      return { draft, data, request };
    },

    loadDraft,

    /** Keeps what was typed (closing a modal, moving between pages): nothing is lost. */
    async keepTyped(draftId: string, patch: Partial<RawRequestForm>, actor: Actor): Promise<{ draft: Draft; data: DraftData }> {
      patch = cleanFormPatch(org, patch);
      const { draft, data } = await loadWritable(draftId, actor);
      return { draft, data: await save(draft, { ...data, raw: mergeRaw(data.raw, patch) }) };
    },

    /**
     * Saves a page and checks it; the person moves on only when it is valid. Date
     * warnings (a past or irregular 審議希望日) are shown once: submitting the same
     * value again confirms it.
     */
    async submitPage(draftId: string, page: FormPage, patch: Partial<RawRequestForm>, actor: Actor) {
      patch = cleanFormPatch(org, patch);
      const { draft, data } = await loadWritable(draftId, actor);
      const raw = mergeRaw(data.raw, patch);
      const errors = validatePage(org, page, raw);
      let confirmed = data.confirmed ?? {};
      if (page === 'basics' && errors.length === 0) {
        const problems = desiredDateProblems({
          org,
          typed: raw.desiredDates,
          today: tokyoToday(clock.now()),
          before: data.base?.desiredDates,
          confirmed,
          now: clock.now(),
        });
        errors.push(...problems);
        // A warning shown now is confirmed by the next submission of the same value.
        confirmed = {
          ...confirmed,
          ...Object.fromEntries(problems.filter((p) => p.warning).map((p) => [p.path[1], raw.desiredDates[String(p.path[1])]])),
        };
      }
      if (errors.length === 0) {
        // Shown once; the same warning on the next submission is confirmed.
        const plan = planProblems(page, raw, data).filter((e) => confirmed[planKey(e)] !== planShown(e));
        errors.push(...plan);
        confirmed = { ...confirmed, ...Object.fromEntries(plan.map((e) => [planKey(e), planShown(e)])) };
      }
      const saved = await save(draft, { ...data, raw, confirmed });
      return { draft, data: saved, errors };
    },

    /** Keeps files given in the form with the draft (added to those kept before, each once; the limit is checked when attaching). */
    async keepFiles(draftId: string, files: PendingFile[], actor: Actor): Promise<void> {
      if (files.length === 0) return;
      const { draft, data } = await loadWritable(draftId, actor);
      if (draft.status !== 'open') return;
      const kept = new Map((data.files ?? []).map((f) => [f.id, f]));
      for (const f of files) kept.set(f.id, f);
      await save(draft, { ...data, files: [...kept.values()] });
    },

    /** Adds an empty row to a table (関係部局との調整 / 打合せ・会議の経過). */
    async addRow(draftId: string, table: 'coordination' | 'history', patch: Partial<RawRequestForm>, actor: Actor) {
      patch = cleanFormPatch(org, patch);
      const { draft, data } = await loadWritable(draftId, actor);
      const raw = mergeRaw(data.raw, patch);
      const max = table === 'coordination' ? Limits.coordinationRows : Limits.historyRows;
      if (table === 'coordination' && raw.coordination.length < max) raw.coordination = [...raw.coordination, { party: '', item: '', status: '' }];
      if (table === 'history' && raw.history.length < max) raw.history = [...raw.history, { date: '', meeting: '', content: '' }];
      return { draft, data: await save(draft, { ...data, raw }) };
    },

    /** Files a new request, or applies an edit, from a complete draft. */
    async submit(draftId: string, patch: Partial<RawRequestForm>, actor: Actor): Promise<FileOutcome> {
      patch = cleanFormPatch(org, patch);
      const { draft, data } = await loadWritable(draftId, actor);
      const raw = mergeRaw(data.raw, patch);
      if (draft.status === 'open') await save(draft, { ...data, raw });
      const parsed = parseRequestForm(org, raw);
      if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
      const confirmedChanges = confirmedPlanChanges(raw, data);
      return draft.requestId
        ? applyEdit(draft, data.base ?? parsed.value, parsed.value, raw, actor, confirmedChanges)
        : fileNew(draft, parsed.value, actor, confirmedChanges);
    },

    async get(id: string): Promise<AgendaRequest> {
      const r = await repos.requests.get(id);
      if (!r) throw new DomainError('request.not_found');
      return r;
    },

    listRecent: (limit: number) => repos.requests.listRecent(limit),

    /**
     * 取り下げ: the filer or the secretariat withdraws a request, giving a reason. It
     * leaves the agendas and its reminders are cancelled (re-planned to none); the
     * record and its history stay.
     */
    async withdraw(id: string, actor: Actor, rawReason: string): Promise<WithdrawOutcome> {
      const reason = rawReason.trim();
      if (reason === '') return { ok: false, error: 'reason_required' };
      if ([...reason].length > WITHDRAW_REASON_MAX) return { ok: false, error: 'reason_too_long' };
      return changeStatus(id, actor, 'withdrawn', reason);
    },

    /** The secretariat undoes a withdrawal (kept in the history); the reminders come back. */
    async restore(id: string, actor: Actor): Promise<AgendaRequest> {
      const r = await changeStatus(id, actor, 'filed', null);
      if (!r.ok) throw new DomainError('request.stale');
      return r.request;
    },
    history: (id: string) => repos.requests.history(id),
  };

  async function changeStatus(id: string, actor: Actor, to: RequestStatus, reason: string | null): Promise<WithdrawOutcome> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const current = await repos.requests.get(id);
      if (!current) throw new DomainError('request.not_found');
      if (to === 'withdrawn') {
        if (!(await mayEdit(roles, current, actor))) throw new DomainError('request.forbidden_withdraw');
        if (current.status === 'withdrawn') throw new DomainError('request.withdrawn');
      } else {
        if (!(await roles.isSecretariat(actor))) throw new DomainError('request.forbidden_restore');
        if (current.status !== 'withdrawn') throw new DomainError('request.not_withdrawn');
      }
      const changes: FieldChange[] = [{ field: 'status', old: current.status, new: to }];
      if (reason !== null) changes.push({ field: 'withdrawReason', old: null, new: reason });
      const r = await repos.requests.setStatus(id, {
        status: to,
        kind: to === 'withdrawn' ? 'withdrawn' : 'restored',
        expectedVersion: current.version,
        actor,
        changes,
        now: clock.now(),
      });
      if (r.ok) {
        await events?.requestSaved(r.request);
        return { ok: true, request: r.request };
      }
      if (r.reason === 'not_found') throw new DomainError('request.not_found');
    }
    throw new DomainError('request.stale');
  }

  async function fileNew(draft: Draft, form: RequestForm, actor: Actor, confirmedChanges: FieldChange[]): Promise<FileOutcome> {
    const now = clock.now();
    // A double click or a retried submission arrives here twice: only one files.
    const first = await repos.drafts.markSubmitted(draft.id, now);
    const fiscalYear = fiscalYearOf(tokyoToday(now));
    try {
      const { request, duplicate } = await repos.requests.create({
        form,
        createdBy: actor,
        origin: draft.conversation,
        draftId: draft.id,
        now,
        fiscalYear,
        casePrefix: caseNoPrefix(fiscalYear),
        changes: confirmedChanges,
      });
      if (duplicate || !first) return { kind: 'duplicate', request };
      await events?.requestSaved(request);
      return { kind: 'filed', request };
    } catch (err) {
      if (first) await repos.drafts.reopen(draft.id, clock.now());
      throw err;
    }
  }

  async function applyEdit(
    draft: Draft,
    base: RequestForm,
    mine: RequestForm,
    typed: RawRequestForm,
    actor: Actor,
    confirmedChanges: FieldChange[],
  ): Promise<FileOutcome> {
    // Two tries: a concurrent edit of other fields is merged, not refused.
    for (let attempt = 0; attempt < 2; attempt++) {
      const current = await repos.requests.get(draft.requestId!);
      if (!current) throw new DomainError('request.not_found');
      if (!(await mayEdit(roles, current, actor))) throw new DomainError('request.forbidden_edit');
      if (current.status === 'withdrawn') throw new DomainError('request.withdrawn');
      const merge =
        current.version === draft.baseVersion
          ? { ok: true as const, form: mine, changes: diffForms(current.form, mine) }
          : mergeEdit(base, mine, current.form);
      if (!merge.ok) return { kind: 'conflict', request: current, conflicts: merge.conflicts, typed };
      if (merge.changes.length === 0) {
        await repos.drafts.markSubmitted(draft.id, clock.now());
        return { kind: 'unchanged', request: current };
      }
      const r = await repos.requests.update(current.id, {
        form: merge.form,
        expectedVersion: current.version,
        actor,
        changes: [...merge.changes, ...confirmedChanges],
        now: clock.now(),
      });
      if (r.ok) {
        await repos.drafts.markSubmitted(draft.id, clock.now());
        await events?.requestSaved(r.request);
        return { kind: 'updated', request: r.request, changes: merge.changes };
      }
      if (r.reason === 'not_found') throw new DomainError('request.not_found');
    }
    throw new DomainError('request.stale');
  }
}

/** Whether the fields the council plan reads are as they were. */
function samePlan(a: RawRequestForm, b: RawRequestForm): boolean {
  const keys = ['councilSession', 'publicComment', 'publicCommentPeriod', 'councilInfoKind', 'councilInfoPeriod'] as const;
  const norm = (s: string) => s.normalize('NFKC').trim();
  const dates = (r: RawRequestForm) =>
    JSON.stringify(
      Object.entries(r.desiredDates)
        .filter(([, v]) => norm(v ?? '') !== '')
        .map(([k, v]) => [k, norm(v)])
        .sort(),
    );
  return keys.every((k) => norm(a[k]) === norm(b[k])) && dates(a) === dates(b);
}

export type RequestService = ReturnType<typeof createRequestService>;
