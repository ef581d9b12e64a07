import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { formatJpDate, tokyoToday, weekdayJa } from '../../domain/jpdate';
import { ownerLabel } from '../../domain/org';
import { attachment, type AdaptiveCard } from '../cards/card';
import { deadlinesCard, helpCard, launcherCard, listCard, scheduleCard, scheduledMeeting } from '../cards/messages';
import type { TeamsHandlerDeps } from '../deps';
import { Command } from '../ids';
import { T } from '../strings';
import { actorOf, conversationOf } from './context';
import type { Actor, Conversation } from '../../domain/request';

const RECENT = 15;

type Which = 'file' | 'list' | 'help' | 'deadlines' | 'schedule' | 'rotateFeeds' | 'home' | 'roster' | 'unknown';

export function which(text: string): Which {
  const t = text.replace(/[\s　]+/g, ' ').trim().toLowerCase();
  for (const kind of ['file', 'list', 'help', 'deadlines', 'schedule', 'rotateFeeds', 'home', 'roster'] as const) if ((Command[kind] as readonly string[]).includes(t)) return kind;
  return 'unknown';
}

const cardMessage = (c: AdaptiveCard, text?: string): Partial<Activity> => ({ type: ActivityTypes.Message, ...(text ? { summary: text } : {}), attachments: [attachment(c)] });

/** Typed messages: 案件申込 / 一覧 / ヘルプ (the app manifest's command list), anything else → short help. */
export function registerMessages(app: Application, deps: TeamsHandlerDeps): void {
  app.activity(ActivityTypes.Message, async (context: TurnContext) => {
    const text = context.activity.text ?? '';
    // Card buttons of ours open dialogs (task/fetch); a bare Action.Submit value is not ours.
    if (!text.trim() && context.activity.value) return;
    const kind = which(text);
    if (kind === 'file') {
      await context.sendActivity(cardMessage(launcherCard(), T.launcherTitle));
    } else if (kind === 'list' || kind === 'deadlines' || kind === 'schedule') {
      const actor = actorOf(context);
      const here = conversationOf(context);
      const card = kind === 'list' ? await list(deps, actor, here) : kind === 'deadlines' ? await deadlines(deps, actor, here) : await schedule(deps, actor, here);
      await context.sendActivity(typeof card === 'string' ? card : cardMessage(card.card, card.summary));
    } else if (kind === 'rotateFeeds') {
      if (!deps.feeds) await context.sendActivity(T.feedsNotConfigured);
      else {
        await deps.feeds.rotate(actorOf(context));
        await context.sendActivity(T.feedsRotated);
      }
    } else if (kind === 'home' && deps.desks) {
      await deps.desks.show(context);
    } else if (kind === 'roster' && deps.desks) {
      await deps.desks.roster(context);
    } else if (kind === 'help') {
      await context.sendActivity(cardMessage(helpCard()));
    } else {
      await context.sendActivity(cardMessage(helpCard(T.unknownCommand)));
    }
  });
}

// ---- 期限 and 日程 (issue 6) ----
const dayText = (deps: TeamsHandlerDeps, at: Date) => {
  const d = tokyoToday(at);
  return `${formatJpDate(d, deps.org.dateDisplay)}（${weekdayJa(d)}）`;
};

type Answer = string | { card: AdaptiveCard; summary?: string };

/** 一覧: the latest requests the person may see. */
async function list(deps: TeamsHandlerDeps, actor: Actor, here: Conversation): Promise<Answer> {
  const items = await deps.listings.recent(actor, here, RECENT);
  if (!items.ok) return T.denied[items.reason];
  const rows = items.items.map((request) => ({
    request,
    owner: ownerLabel(request.form.owner),
    filedOn: formatJpDate(tokyoToday(request.createdAt), deps.org.dateDisplay),
  }));
  return { card: listCard(rows), summary: rows.length ? T.listHeading(rows.length) : T.listEmpty };
}

/** 期限: the coming deadlines that still have reminders to send, soonest first (of requests the person may see). */
async function deadlines(deps: TeamsHandlerDeps, actor: Actor, here: Conversation): Promise<Answer> {
  const items = await deps.listings.deadlines(actor, here, 20);
  if (!items.ok) return T.denied[items.reason];
  return { card: deadlinesCard(items.items.map((u) => ({ view: u.view, nextReminder: dayText(deps, u.nextReminderAt) }))) };
}

/** 日程: the meetings of the coming 4 weeks and the items the person may see, with their own tier calendar links. */
async function schedule(deps: TeamsHandlerDeps, actor: Actor, here: Conversation): Promise<Answer> {
  const agendas = await deps.listings.upcoming(actor, here, 28);
  if (!agendas.ok) return T.denied[agendas.reason];
  const feeds = deps.feeds;
  const links = feeds ? await Promise.all(deps.org.tiers.map(async (t) => ({ tier: t.name, url: await feeds.tierLink(t.id, actor) }))) : [];
  return { card: scheduleCard(agendas.items.map((a) => scheduledMeeting(a, deps.org.dateDisplay)), links, feeds ? T.tierCalendarsNote(deps.org.calendarLinks.days) : undefined) };
}
// ---- end 期限 and 日程 ----
