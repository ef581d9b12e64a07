import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { coalescing } from '../../app/coalesce';
import { createHomeViewers } from '../../app/homeViewers';
import { ALL_ROWS, type Desk, type DeskList, type DeskView } from '../../app/desk';
import { messageFor } from '../../domain/errors';
import type { AgendaRequest } from '../../domain/request';
import type { SlackDeps } from '../deps';
import { ActionId } from '../ids';
import { S } from '../strings';
import { asBlocks, context, header } from '../views/blocks';
import { deskListModal, deskRequests, homeView, type Links } from '../views/homeView';
import { noticeModal } from '../views/notice';
import { openNewRequest } from './formFlow';

const homeOpened = z.object({ user: z.string().min(1), channel: z.string().optional(), tab: z.string().optional() });
const homeMetadata = z.object({ c: z.string() });
const LISTS = ['deadlines', 'mine', 'meetings', 'agenda', 'unanswered', 'unrecorded', 'overdue'] as const satisfies readonly DeskList[];

/** Permalinks of requests' Slack posts, in one query. */
async function slackPermalinks(deps: SlackDeps, requests: AgendaRequest[]): Promise<Links> {
  const posts = await deps.repos.posts.listForMany(requests.map((r) => r.id));
  return new Map(requests.map((r) => [r.id, posts.get(r.id)?.find((p) => p.platform === 'slack')?.permalink ?? null]));
}

/** Every request a desk names, by id (deadline rows carry only the id). */
function deskRequestsOf(view: DeskView): Map<string, AgendaRequest> {
  const m = new Map<string, AgendaRequest>();
  for (const row of view.mine.items) m.set(row.request.id, row.request);
  for (const meeting of [...view.meetings.items, ...(view.office?.agenda.items ?? [])]) for (const r of meeting.items) m.set(r.id, r);
  for (const o of [...(view.office?.unanswered.items ?? []), ...(view.office?.unrecorded.items ?? [])]) m.set(o.request.id, o.request);
  for (const v of [...view.deadlines.items, ...(view.office?.overdue.items ?? [])]) m.set(v.request.id, v.request);
  return m;
}

export interface SlackDesk {
  /** Publishes a person's home now (app_home_opened); `channel` is the app's DM with them, when known. */
  publish(client: WebClient, userId: string, channel?: string): Promise<void>;
  /** Re-publishes the homes of these people, those who opened theirs lately (coalesced per person). */
  refresh(client: WebClient, userIds: readonly string[]): void;
  /** A request changed: its filer's and the secretariat's homes are re-published, if they opened one. */
  changed(request: AgendaRequest): void;
  /** Settles pending re-publications (tests, shutdown). */
  idle(): Promise<void>;
  /** The person opened their home in this channel (the app's DM with them): kept in the database. */
  remember(userId: string, channel: string): Promise<void>;
  channelOf(userId: string): Promise<string | undefined>;
}

/**
 * The home tab (issue 13): published when a person opens it, re-published for the
 * people a change concerns (the filer, the secretariat) among those who opened theirs
 * lately, never on a timer. Who opened is kept in the database (HomeViewer), so another
 * instance, or this one after a restart, re-publishes for them too.
 */
export function createSlackDesk(deps: SlackDeps, desk: Desk, getClient: () => WebClient): SlackDesk {
  const viewers = createHomeViewers({ repo: deps.repos.homeViewers, clock: deps.clock, logger: deps.logger });
  const inFlight = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  async function publish(client: WebClient, userId: string, known?: string): Promise<void> {
    const channel = known ?? (await viewers.get('slack', userId))?.place ?? '';
    const result = await desk.forPerson({ platform: 'slack', userId });
    const metadata = JSON.stringify({ c: channel });
    if (!result.ok) {
      await client.views.publish({
        user_id: userId,
        view: { type: 'home', private_metadata: metadata, blocks: asBlocks([header(S.deskTitle), context(S.deskDenied)]) },
      });
      return;
    }
    const requests = deskRequestsOf(result.desk);
    const view = homeView(result.desk, await slackPermalinks(deps, deskRequests(result.desk, requests)), requests, metadata);
    await client.views.publish({ user_id: userId, view });
  }

  const republish = coalescing(
    (userId) => publish(getClient(), userId),
    (userId, err) => deps.logger.warn('home re-publish failed', { userId, error: String(err) }),
  );

  function refresh(_client: WebClient, userIds: readonly string[]): void {
    track(
      (async () => {
        for (const v of await viewers.among('slack', userIds)) track(republish(v.userId));
      })().catch((err: unknown) => deps.logger.warn('home re-publish failed: who opened it could not be read', { error: String(err) })),
    );
  }

  return {
    publish,
    refresh,
    changed(request) {
      track(
        (async () => {
          // The filer and the secretariat known now (a group that cannot be read: its
          // members' homes wait for their next opening).
          const concerned = await deps.roles.secretariatIds('slack');
          if (request.createdBy.platform === 'slack') concerned.push(request.createdBy.userId);
          refresh(getClient(), concerned);
        })().catch((err: unknown) => deps.logger.warn('home re-publish failed', { error: String(err) })),
      );
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    remember: (userId, channel) => viewers.opened('slack', userId, channel),
    channelOf: async (userId) => (await viewers.get('slack', userId))?.place || undefined,
  };
}

export function registerHome(app: SlackRoutes, deps: SlackDeps, desk: Desk, slackDesk: SlackDesk): void {
  const kept = slackDesk;

  app.event('app_home_opened', async ({ event, client }) => {
    const e = homeOpened.safeParse(event);
    if (!e.success || (e.data.tab && e.data.tab !== 'home')) return;
    const channel = e.data.channel ?? (await kept.channelOf(e.data.user).catch(() => undefined)) ?? '';
    // Recorded alongside the publication (the home does not wait for the write).
    const remembered = kept
      .remember(e.data.user, channel)
      .catch((err: unknown) => deps.logger.warn('recording the home opening failed', { user: e.data.user, error: String(err) }));
    try {
      await slackDesk.publish(client, e.data.user, channel);
    } catch (err) {
      deps.logger.error('home publish failed', { user: e.data.user, error: String(err) });
    }
    await remembered;
  });

  // 「新規申込」: the same form as the command; the request is posted in the app's DM with the person.
  app.action<BlockAction<ButtonAction>>(ActionId.homeNew, async ({ ack, body, client }) => {
    await ack();
    let channel = (await kept.channelOf(body.user.id).catch(() => undefined)) ?? '';
    try {
      channel ||= homeMetadata.parse(JSON.parse(body.view?.private_metadata || '{}')).c;
    } catch {
      // no channel known
    }
    try {
      if (!channel) throw new Error('home channel unknown');
      await openNewRequest(deps, client, {
        triggerId: body.trigger_id,
        actor: { platform: 'slack', userId: body.user.id },
        conversation: { platform: 'slack', channelId: channel },
      });
    } catch (err) {
      deps.logger.error('opening the form from the home failed', { error: String(err) });
      await client.views.open({ trigger_id: body.trigger_id, view: noticeModal(messageFor(err)) }).catch(() => undefined);
    }
  });

  // 「すべて表示」: one list in full (up to ALL_ROWS rows), in a modal.
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ActionId.homeAll.replace('.', '\\.')}\\.`), async ({ ack, body, action, client }) => {
    await ack();
    const list = LISTS.find((l) => l === action.value);
    try {
      if (!list) throw new Error(`unknown list ${String(action.value)}`);
      const result = await desk.forPerson({ platform: 'slack', userId: body.user.id }, ALL_ROWS);
      if (!result.ok) return void (await client.views.open({ trigger_id: body.trigger_id, view: noticeModal(S.deskDenied) }));
      const requests = deskRequestsOf(result.desk);
      const links = await slackPermalinks(deps, [...requests.values()]);
      await client.views.open({ trigger_id: body.trigger_id, view: deskListModal(result.desk, list, links, requests) });
    } catch (err) {
      deps.logger.error('home list failed', { error: String(err) });
      await client.views.open({ trigger_id: body.trigger_id, view: noticeModal(messageFor(err)) }).catch(() => undefined);
    }
  });
}
