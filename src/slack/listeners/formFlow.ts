import type { WebClient } from '@slack/web-api';
import type { DraftData } from '../../app/requests';
import type { Actor, Conversation } from '../../domain/request';
import { dateChoicesByTier } from '../../domain/dateChoice';
import type { AgendaRequest } from '../../domain/request';
import { formPages, type FormError, type FormPage } from '../../domain/requestForm';
import { formErrorMessage } from '../../domain/text.ja';
import type { SlackDeps } from '../deps';
import { blockIdFor } from '../formState';
import { requestModal, type ModalMetadata } from '../views/requestModal';

/** Reads the modal's private_metadata; null when it is not ours or was tampered with. */
export function readMetadata(text: string | undefined): ModalMetadata | null {
  try {
    const m = JSON.parse(text ?? '') as Partial<ModalMetadata>;
    if (typeof m.d === 'string' && m.d.length > 0 && formPages.includes(m.p as FormPage)) return { d: m.d, p: m.p as FormPage };
  } catch {
    // fall through
  }
  return null;
}

export function pageView(
  deps: SlackDeps,
  a: { draftId: string; page: FormPage; data: DraftData; editing: AgendaRequest | null; resumed?: boolean; notes?: string[] },
) {
  const dateChoices = a.page === 'basics' ? dateChoicesByTier(deps.org, deps.clock.now()) : {};
  return requestModal({
    dateChoices,
    draftId: a.draftId,
    page: a.page,
    raw: a.data.raw,
    org: deps.org,
    editing: a.editing?.caseNo ?? null,
    resumed: a.resumed,
    notes: a.notes,
    pendingFiles: (a.data.files ?? []).map((f) => f.name),
  });
}

function inputBlockIds(view: { blocks: Record<string, unknown>[] }): string[] {
  return view.blocks.filter((b) => b.type === 'input').map((b) => String(b.block_id));
}

/**
 * Splits validation errors into Slack's inline errors (keyed by input block) for this
 * page, and notes for everything that has no input block here.
 */
export function placeErrors(
  deps: SlackDeps,
  errors: FormError[],
  view: { blocks: Record<string, unknown>[] },
): { inline: Record<string, string>; elsewhere: FormError[] } {
  const ids = inputBlockIds(view);
  const inline: Record<string, string> = {};
  const elsewhere: FormError[] = [];
  for (const e of errors) {
    const id = blockIdFor(e.path);
    // A table-wide error (too many rows) sits on the table's first input.
    const target = ids.includes(id) ? id : ids.find((b) => b.startsWith(`${id}.`));
    if (target && !inline[target]) inline[target] = formErrorMessage(e);
    else if (!target) elsewhere.push(e);
  }
  return { inline, elsewhere };
}

/**
 * Opens a new request's form (the command, the home tab's 「新規申込」). The trigger
 * expires in 3 seconds: the blank form is shown first; the draft is looked up and
 * written meanwhile, and an unfinished one replaces the blank form.
 */
export async function openNewRequest(
  deps: SlackDeps,
  client: WebClient,
  a: { triggerId: string; actor: Actor; conversation: Conversation },
): Promise<void> {
  let shown!: () => void;
  const form = deps.service.openNew(a.actor, a.conversation, new Promise<void>((resolve) => (shown = resolve)));
  const opening = client.views.open({
    trigger_id: a.triggerId,
    view: pageView(deps, { draftId: form.draftId, page: 'basics', data: form.blank, editing: null }),
  });
  void opening.finally(shown);
  const [opened, stored] = await Promise.all([opening, form.stored]);
  if (stored.resumed && opened.view?.id) {
    await client.views.update({
      view_id: opened.view.id,
      hash: opened.view.hash,
      view: pageView(deps, { draftId: form.draftId, page: 'basics', data: stored.data, editing: null, resumed: true }),
    });
  }
}
