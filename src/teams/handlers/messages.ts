import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { fiscalYearOf, fiscalYearText, formatJpDate, parseFiscalYear, tokyoToday, weekdayJa } from '../../domain/jpdate';
import { ownerLabel } from '../../domain/org';
import { attachment, type AdaptiveCard } from '../cards/card';
import { deadlinesCard, helpCard, launcherCard, linkCard, listCard, noticeCard, scheduleCard, scheduledMeeting, searchCard } from '../cards/messages';
import { visibleFilter } from '../../app/register';
import { outlookCard } from '../cards/outlookCard';
import type { TeamsHandlerDeps } from '../deps';
import { Command } from '../ids';
import { T } from '../strings';
import { actorOf, conversationOf } from './context';
import type { Actor, Conversation } from '../../domain/request';

const RECENT = 15;

type Which = 'file' | 'list' | 'help' | 'deadlines' | 'schedule' | 'rotateFeeds' | 'attachments' | 'home' | 'roster' | 'outlook' | 'unknown';

export function which(text: string): Which {
  const t = text
    .replace(/[\s　]+/g, ' ')
    .trim()
    .toLowerCase();
  for (const kind of ['file', 'list', 'help', 'deadlines', 'schedule', 'rotateFeeds', 'attachments', 'home', 'roster', 'outlook'] as const)
    if ((Command[kind] as readonly string[]).includes(t)) return kind;
  return 'unknown';
}

const cardMessage = (c: AdaptiveCard, text?: string): Partial<Activity> => ({
  type: ActivityTypes.Message,
  ...(text ? { summary: text } : {}),
  attachments: [attachment(c)],
});

/** Typed messages: 案件申込 / 一覧 / ヘルプ (the app manifest's command list), anything else → short help. */
export function registerMessages(app: Application, deps: TeamsHandlerDeps): void {
  app.activity(ActivityTypes.Message, async (context: TurnContext) => {
    const text = context.activity.text ?? '';
    // Card buttons of ours open dialogs (task/fetch); a bare Action.Submit value is not ours.
    if (!text.trim() && context.activity.value) return;
    const argued = withArgument(text);
    if (argued?.kind === 'register') {
      await context.sendActivity(cardMessage(await registerReply(deps, context, argued.arg)));
      return;
    }
    if (argued?.kind === 'search') {
      await context.sendActivity(cardMessage(await searchReply(deps, context, argued.arg)));
      return;
    }
    const kind = which(text);
    if (kind === 'file') {
      await context.sendActivity(cardMessage(launcherCard(), T.launcherTitle));
    } else if (kind === 'list' || kind === 'deadlines' || kind === 'schedule') {
      const actor = actorOf(context);
      const here = conversationOf(context);
      const card =
        kind === 'list'
          ? await list(deps, actor, here)
          : kind === 'deadlines'
            ? await deadlines(deps, actor, here)
            : await schedule(deps, actor, here);
      await context.sendActivity(typeof card === 'string' ? card : cardMessage(card.card, card.summary));
    } else if (kind === 'outlook') {
      const answer = await outlook(deps, actorOf(context), conversationOf(context));
      await context.sendActivity(typeof answer === 'string' ? answer : cardMessage(answer.card, answer.summary));
    } else if (kind === 'rotateFeeds') {
      if (!deps.feeds) await context.sendActivity(T.feedsNotConfigured);
      else {
        await deps.feeds.rotate(actorOf(context));
        await context.sendActivity(T.feedsRotated);
      }
    } else if (kind === 'attachments') {
      // Only reached when 別紙資料 is not wired (the attachments handler answers first).
      await context.sendActivity(cardMessage(helpCard(T.unknownCommand)));
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

/** Commands that take an argument: 台帳 [年度], 検索 <語>. */
export function withArgument(text: string): { kind: 'register' | 'search'; arg: string } | null {
  const [head, ...rest] = text.normalize('NFKC').replace(/\s+/g, ' ').trim().split(' ');
  const h = (head ?? '').toLowerCase();
  if ((Command.register as readonly string[]).includes(h)) return { kind: 'register', arg: rest.join(' ') };
  if ((Command.search as readonly string[]).includes(h)) return { kind: 'search', arg: rest.join(' ') };
  return null;
}

/**
 * 台帳 [年度]: a signed link to the .xlsx, valid for a few minutes, in the personal chat
 * only (a link in a channel would be opened by others as if they were the asker).
 */
async function registerReply(deps: TeamsHandlerDeps, context: TurnContext, arg: string): Promise<AdaptiveCard> {
  if (context.activity.conversation?.conversationType !== 'personal') return noticeCard(T.registerPersonalOnly);
  const links = deps.registerLinks;
  if (!deps.register || !links) return noticeCard(T.registerNotConfigured);
  const current = fiscalYearOf(tokyoToday(deps.clock.now()));
  const fy = arg === '' ? current : parseFiscalYear(arg, current);
  if (fy === null) return noticeCard(T.registerUnknownYear(arg.slice(0, 30)));
  const actor = actorOf(context);
  const rows = await deps.register.rows(fy, { actor, here: conversationOf(context), visible: visibleFilter(deps.visibility) });
  const year = fiscalYearText(fy);
  if (!rows.ok) return noticeCard(T.denied[rows.reason as keyof typeof T.denied] ?? T.denied.lookup_failed);
  if (rows.rows.length === 0) return noticeCard(T.registerEmpty(year));
  return linkCard(T.registerLink(year, rows.rows.length, links.ttlMinutes), T.registerDownload, links.link(actor, fy, conversationOf(context)));
}

/** 検索 <語>: matching requests newest first with their 状況, only what the person may see. */
async function searchReply(deps: TeamsHandlerDeps, context: TurnContext, arg: string): Promise<AdaptiveCard> {
  if (!deps.search) return noticeCard(T.searchErrors.empty);
  const r = await deps.search.search(actorOf(context), conversationOf(context), arg, visibleFilter(deps.visibility));
  if (!r.ok)
    return noticeCard(
      r.error === 'denied'
        ? (T.denied[r.reason as keyof typeof T.denied] ?? T.denied.lookup_failed)
        : (T.searchErrors[r.error] ?? T.searchErrors.empty),
    );
  const terms = r.terms.join(' ').slice(0, 100);
  if (r.items.length === 0) return noticeCard(T.searchNone(terms));
  const rows = [];
  for (const request of r.items) {
    rows.push({
      request,
      status: (await deps.meetings.status(request)).label,
      owner: ownerLabel(request.form.owner),
      filedOn: formatJpDate(request.form.filedOn, deps.org.dateDisplay),
    });
  }
  return searchCard(T.searchHeading(terms, r.items.length, r.more), rows);
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
  const rows = [];
  for (const request of items.items) {
    rows.push({
      request,
      owner: ownerLabel(request.form.owner),
      filedOn: formatJpDate(tokyoToday(request.createdAt), deps.org.dateDisplay),
      status: (await deps.meetings.status(request)).label,
    });
  }
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
  return {
    card: scheduleCard(
      agendas.items.map((a) => scheduledMeeting(a, deps.org.dateDisplay)),
      links,
      feeds ? T.tierCalendarsNote(deps.org.calendarLinks.days) : undefined,
    ),
  };
}
// ---- end 期限 and 日程 ----

/** 見通し: the coming two weeks, risks first; everything for the secretariat, what the person may see for anyone else. */
async function outlook(deps: TeamsHandlerDeps, actor: Actor, here: Conversation): Promise<Answer> {
  if (!deps.outlook) return T.denied.lookup_failed;
  const r = await deps.outlook.forViewer(actor, here);
  if (!r.ok) return T.denied[r.reason];
  const o = r.outlook;
  return {
    card: outlookCard(o, deps.org.dateDisplay),
    summary: `${T.outlook.risks(o.risks.length)}・${T.outlook.meetings(o.meetings.length)}・${T.outlook.deadlines(o.deadlines.length)}`,
  };
}
