/**
 * ホーム and 名簿 in Teams (issue 13): the desk as a card in the person's personal chat,
 * updated in place (updateActivity) when something it shows changes, and the 出席者名簿
 * for the secretariat with a people picker per section. Registered before the message
 * handler: the buttons are plain Action.Submit (message activities with `value`).
 */
import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, TurnContext, type ConversationReference } from 'botbuilder';
import { coalescing } from '../../app/coalesce';
import { createHomeViewers } from '../../app/homeViewers';
import type { Desk } from '../../app/desk';
import { DomainError, messageFor } from '../../domain/errors';
import type { Actor, AgendaRequest } from '../../domain/request';
import type { ChogiTeamsAdapter } from '../adapter';
import { attachment, type AdaptiveCard } from '../cards/card';
import { deskCard, deskDeniedCard, rosterCard, TEAMS_ROSTER_PAGE } from '../cards/deskCard';
import type { TeamsHandlerDeps } from '../deps';
import { DeskVerb } from '../ids';
import { RosterPeopleUnchecked, teamsNotPeople } from '../entraGroup';
import { T } from '../strings';
import { actorOf, conversationOf } from './context';

type Data = Record<string, unknown>;

export interface TeamsDesk {
  /** 「ホーム」 typed in the personal chat: a new desk card, remembered for updates. */
  show(context: TurnContext): Promise<void>;
  /** 「名簿」: the roster card for the secretariat. */
  roster(context: TurnContext): Promise<void>;
  /** A request changed: the desk cards of its filer and of the secretariat are updated in place (but `except`'s, just redrawn). */
  changed(request: AgendaRequest, except?: string): void;
  /** Updates the desk cards of these people in place (coalesced per person). */
  refresh(userIds: readonly string[]): void;
  /** Replaces the card a button was pressed on. */
  replace(context: TurnContext, card: AdaptiveCard): Promise<void>;
  idle(): Promise<void>;
}

export function createTeamsDesk(deps: TeamsHandlerDeps & { desk: Desk }, adapter: ChogiTeamsAdapter, appId: string): TeamsDesk {
  // The last desk card sent to each person (where, and its activity id), in the database:
  // another instance, or this one after a restart, updates it too.
  const viewers = createHomeViewers({ repo: deps.repos.homeViewers, clock: deps.clock, logger: deps.logger });
  const inFlight = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  async function cardFor(actor: Actor, conversationId: string): Promise<AdaptiveCard> {
    const r = await deps.desk.forPerson(actor, undefined, { platform: 'teams', channelId: conversationId });
    return r.ok ? deskCard(r.desk) : deskDeniedCard();
  }

  const update = coalescing(
    async (userId) => {
      const kept = await viewers.get('teams', userId);
      if (!kept?.activityId) return;
      const reference = JSON.parse(kept.place) as Partial<ConversationReference>;
      const c = await cardFor({ platform: 'teams', userId }, reference.conversation?.id ?? '');
      await adapter.continueConversationAsync(appId, reference, async (ctx) => {
        await ctx.updateActivity({ type: ActivityTypes.Message, id: kept.activityId!, attachments: [attachment(c)] });
      });
    },
    (userId, err) => deps.logger.warn('Teams: desk card update failed', { userId, error: String(err) }),
  );

  function refresh(userIds: readonly string[]): void {
    track(
      (async () => {
        for (const v of await viewers.among('teams', userIds)) if (v.activityId) track(update(v.userId));
      })().catch((err: unknown) => deps.logger.warn('Teams: desk card update failed: who opened it could not be read', { error: String(err) })),
    );
  }

  /** The card the button was on, replaced in place (the submit's replyToId is its activity id). */
  async function replace(context: TurnContext, c: AdaptiveCard): Promise<void> {
    const message = { type: ActivityTypes.Message, attachments: [attachment(c)] };
    const id = context.activity.replyToId;
    if (id) await context.updateActivity({ ...message, id });
    else await context.sendActivity(message);
  }

  const personal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';

  return {
    async show(context: TurnContext) {
      if (!personal(context)) return void (await context.sendActivity({ type: ActivityTypes.Message, text: T.deskPersonalOnly }));
      const actor = actorOf(context);
      const sent = await context.sendActivity({
        type: ActivityTypes.Message,
        attachments: [attachment(await cardFor(actor, context.activity.conversation.id))],
      });
      if (sent?.id && actor.userId) {
        await viewers.opened('teams', actor.userId, JSON.stringify(TurnContext.getConversationReference(context.activity)), sent.id);
      }
    },
    async roster(context) {
      const actor = actorOf(context);
      try {
        if (!(await deps.roles.isSecretariat(actor)))
          return void (await context.sendActivity({ type: ActivityTypes.Message, text: T.rosterForbidden }));
        const people = (await deps.roles.roster('teams')).flatMap((r) => r.people);
        const warning = (await deps.roles.groupProblems('teams')).length ? T.secretariatGroupUnreadable : undefined;
        await context.sendActivity({
          type: ActivityTypes.Message,
          attachments: [attachment(rosterCard({ sections: deps.org.sections, page: 0, people, warning }))],
        });
      } catch (err) {
        if (!(err instanceof DomainError)) deps.logger.error('Teams: roster failed', { error: String(err) });
        await context.sendActivity({ type: ActivityTypes.Message, text: messageFor(err) });
      }
    },
    changed(request, except) {
      track(
        (async () => {
          // The filer and the secretariat known now (a group that cannot be read: its members' cards wait for 最新にする).
          const concerned = await deps.roles.secretariatIds('teams');
          if (request.createdBy.platform === 'teams') concerned.push(request.createdBy.userId);
          refresh(concerned.filter((u) => u !== except));
        })().catch((err: unknown) => deps.logger.warn('Teams: desk card update failed', { error: String(err) })),
      );
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    refresh,
    replace,
  };
}

export function registerDesk(app: Application, deps: TeamsHandlerDeps & { desk: Desk }, teamsDesk: TeamsDesk): void {
  const { replace, refresh } = teamsDesk;
  const fail = async (context: TurnContext, err: unknown) => {
    if (!(err instanceof DomainError)) deps.logger.error('Teams: desk action failed', { error: String(err) });
    await context.sendActivity({ type: ActivityTypes.Message, text: messageFor(err) });
  };
  const reload = async (context: TurnContext) => {
    const r = await deps.desk.forPerson(actorOf(context), undefined, conversationOf(context));
    await replace(context, r.ok ? deskCard(r.desk) : deskDeniedCard());
  };

  app.adaptiveCards.actionSubmit(DeskVerb.reload, async (context: TurnContext) => {
    try {
      await reload(context);
    } catch (err) {
      await fail(context, err);
    }
  });

  // 対応済み / 延期 on the desk: the reminder service's own actions; the desk card is redrawn.
  app.adaptiveCards.actionSubmit(DeskVerb.done, async (context: TurnContext, _state: unknown, data: Data) => {
    try {
      if (!deps.reminders) throw new DomainError('request.not_found');
      const done = await deps.reminders.markDone(String(data.reminderId ?? ''), actorOf(context));
      await reload(context);
      teamsDesk.changed(done.request, actorOf(context).userId);
    } catch (err) {
      await fail(context, err);
    }
  });

  app.adaptiveCards.actionSubmit(DeskVerb.snooze, async (context: TurnContext, _state: unknown, data: Data) => {
    try {
      if (!deps.reminders) throw new DomainError('request.not_found');
      const days = Number(data[`snooze.${Number(data.row)}`]);
      if (!Number.isInteger(days) || days < 1 || days > 30)
        return void (await context.sendActivity({ type: ActivityTypes.Message, text: T.reminderSnoozeChoose }));
      const snoozed = await deps.reminders.snooze(String(data.reminderId ?? ''), days, actorOf(context));
      await reload(context);
      teamsDesk.changed(snoozed.request, actorOf(context).userId);
    } catch (err) {
      await fail(context, err);
    }
  });

  app.adaptiveCards.actionSubmit(DeskVerb.roster, async (context: TurnContext) => {
    await teamsDesk.roster(context);
  });

  // 名簿 saved: the page's sections, applied at once; refusals redraw the card with the picks kept.
  app.adaptiveCards.actionSubmit(DeskVerb.rosterSave, async (context: TurnContext, _state: unknown, data: Data) => {
    const actor = actorOf(context);
    const page = Number(data.page);
    const shown = Number.isInteger(page) && page >= 0 ? deps.org.sections.slice(page * TEAMS_ROSTER_PAGE, (page + 1) * TEAMS_ROSTER_PAGE) : [];
    if (shown.length === 0) return void (await context.sendActivity({ type: ActivityTypes.Message, text: T.rosterStale }));
    const picked = (v: unknown) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : [];
    const sections = Object.fromEntries(shown.map((s) => [s.id, picked(data[`roster.${s.id}`])]));
    try {
      const r = await deps.roles.setSections(actor, sections, deps.notPeople ?? teamsNotPeople(null, undefined));
      const typed = Object.entries(sections).flatMap(([sectionId, users]) =>
        users.map((userId) => ({ platform: 'teams' as const, userId, sectionId, assignedBy: '', assignedAt: new Date(0) })),
      );
      if (!r.ok) {
        if (r.reason === 'two_sections') {
          const errors: Record<string, string> = {};
          for (const p of r.people)
            for (const id of p.sectionIds)
              errors[id] = T.rosterTwoSections(p.sectionIds.filter((o) => o !== id).map((o) => deps.org.sections.find((s) => s.id === o)?.name ?? o));
          return void (await replace(context, rosterCard({ sections: deps.org.sections, page, people: typed, errors })));
        }
        if (r.reason === 'not_people') {
          const errors: Record<string, string> = {};
          for (const [id, users] of Object.entries(sections)) {
            const n = users.filter((u) => r.userIds.includes(u)).length;
            if (n) errors[id] = T.rosterNotPeople(n);
          }
          return void (await replace(context, rosterCard({ sections: deps.org.sections, page, people: typed, errors })));
        }
        const text = r.reason === 'forbidden' ? T.rosterForbidden : r.reason === 'conflict' ? T.rosterConflict : T.rosterStale;
        return void (await context.sendActivity({ type: ActivityTypes.Message, text }));
      }
      const people = (await deps.roles.roster('teams')).flatMap((x) => x.people);
      const next = (page + 1) * TEAMS_ROSTER_PAGE < deps.org.sections.length ? page + 1 : page;
      await replace(
        context,
        rosterCard({ sections: deps.org.sections, page: next, people, notice: T.rosterSaved(r.added.length, r.removed.length) }),
      );
      refresh([...r.added, ...r.removed].map((e) => e.userId));
    } catch (err) {
      if (err instanceof RosterPeopleUnchecked)
        deps.logger.warn('Teams: 名簿 not saved, the people picked could not be checked', { error: err.reason });
      await fail(context, err);
    }
  });
}
