import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { messageFor } from '../../domain/errors';
import type { SlackDeps } from '../deps';
import { ActionId, CallbackId } from '../ids';
import { S } from '../strings';
import { noticeModal } from '../views/notice';
import { rosterBlockId, rosterChangeLines, rosterModal, rosterPages, rosterPageSections } from '../views/rosterModal';

const metadata = z.object({ p: z.number().int().min(0) });
const values = z.record(z.string(), z.record(z.string(), z.object({ selected_users: z.array(z.string()).nullish() }).passthrough()));
const userInfo = z.object({
  ok: z.literal(true),
  user: z.object({
    is_bot: z.boolean().optional(),
    deleted: z.boolean().optional(),
    is_restricted: z.boolean().optional(),
    is_ultra_restricted: z.boolean().optional(),
    is_stranger: z.boolean().optional(),
    team_id: z.string().optional(),
  }),
});

/**
 * Who of `userIds` cannot sit for a section: bots, deactivated accounts, guests and
 * people of another organisation (users.info, scope users:read). A user Slack does
 * not know is refused too; any other failure throws (nothing is saved on a guess).
 */
async function notPeople(client: WebClient, userIds: string[]): Promise<string[]> {
  const checks = await Promise.all(
    userIds.map(async (user) => {
      try {
        const r = userInfo.parse(await client.users.info({ user }));
        const u = r.user;
        return u.is_bot || u.deleted || u.is_restricted || u.is_ultra_restricted || u.is_stranger ? user : null;
      } catch (err) {
        if ((err as { data?: { error?: string } }).data?.error === 'user_not_found') return user;
        throw err;
      }
    }),
  );
  return checks.filter((u): u is string => u !== null);
}

/** Opens the 名簿 for the secretariat; anyone else is told who may. Returns the refusal text, or null when opened. */
export async function openRoster(deps: SlackDeps, client: WebClient, triggerId: string, userId: string): Promise<string | null> {
  const actor = { platform: 'slack' as const, userId };
  try {
    if (!(await deps.roles.isSecretariat(actor))) return S.rosterForbidden;
    const people = (await deps.roles.roster('slack')).flatMap((r) => r.people);
    // The org file's secretariat is told when the user group cannot be read (only they count meanwhile).
    const note = (await deps.roles.groupProblems('slack')).length ? S.secretariatGroupUnreadable : undefined;
    await client.views.open({ trigger_id: triggerId, view: rosterModal({ sections: deps.org.sections, page: 0, people, note }) });
    return null;
  } catch (err) {
    deps.logger.error('opening the roster failed', { error: String(err) });
    return messageFor(err);
  }
}

/** 出席者名簿: the secretariat assigns people per section, a page at a time; applied at once. */
export function registerRoster(app: SlackRoutes, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ActionId.homeRoster, async ({ ack, body, client }) => {
    await ack();
    const refusal = await openRoster(deps, client, body.trigger_id, body.user.id);
    if (refusal) await client.views.open({ trigger_id: body.trigger_id, view: noticeModal(refusal, S.rosterTitle) }).catch(() => undefined);
  });

  app.view({ callback_id: CallbackId.roster, type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const actor = { platform: 'slack' as const, userId: body.user.id };
    let page: number;
    let state: z.infer<typeof values>;
    try {
      page = metadata.parse(JSON.parse(view.private_metadata || '{}')).p;
      state = values.parse(view.state.values);
    } catch {
      return void (await ack({ response_action: 'update', view: noticeModal(S.rosterUnknownSection, S.rosterTitle) }));
    }
    const shown = rosterPageSections(deps.org.sections, page);
    const sections = Object.fromEntries(shown.map((s) => [s.id, state[rosterBlockId(s.id)]?.[rosterBlockId(s.id)]?.selected_users ?? []]));
    try {
      const r = await deps.roles.setSections(actor, sections, (ids) => notPeople(client, ids));
      if (!r.ok) {
        if (r.reason === 'two_sections') {
          const errors: Record<string, string> = {};
          for (const p of r.people) {
            for (const id of p.sectionIds) {
              const others = p.sectionIds.filter((o) => o !== id).map((o) => deps.org.sections.find((s) => s.id === o)?.name ?? o);
              errors[rosterBlockId(id)] = S.rosterTwoSections(others);
            }
          }
          return void (await ack({ response_action: 'errors', errors }));
        }
        if (r.reason === 'not_people') {
          const errors: Record<string, string> = {};
          for (const [id, users] of Object.entries(sections)) {
            const n = users.filter((u) => r.userIds.includes(u)).length;
            if (n) errors[rosterBlockId(id)] = S.rosterNotPeople(n);
          }
          return void (await ack({ response_action: 'errors', errors }));
        }
        const text = r.reason === 'forbidden' ? S.rosterForbidden : r.reason === 'conflict' ? S.rosterConflict : S.rosterUnknownSection;
        return void (await ack({ response_action: 'update', view: noticeModal(text, S.rosterTitle) }));
      }
      const next = page + 1;
      if (next < rosterPages(deps.org.sections)) {
        const people = (await deps.roles.roster('slack')).flatMap((x) => x.people);
        await ack({
          response_action: 'update',
          view: rosterModal({ sections: deps.org.sections, page: next, people, note: S.rosterSavedPage(r.added.length, r.removed.length) }),
        });
      } else {
        await ack({
          response_action: 'update',
          view: noticeModal(S.rosterSaved(rosterChangeLines(deps.org.sections, r.added, r.removed)), S.rosterTitle),
        });
      }
      // The people whose section changed see it on their home at once.
      const concerned = [...new Set([...r.added, ...r.removed].map((e) => e.userId))];
      if (concerned.length) deps.homes?.refresh(client, concerned);
    } catch (err) {
      // What was picked stays in the modal: the error is shown on it, nothing is saved.
      deps.logger.error('roster change failed', { error: String(err) });
      const first = shown[0];
      if (first) await ack({ response_action: 'errors', errors: { [rosterBlockId(first.id)]: S.rosterRetry } });
      else await ack({ response_action: 'update', view: noticeModal(messageFor(err), S.rosterTitle) });
    }
  });
}
