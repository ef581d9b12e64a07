import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { fiscalYearOf, fiscalYearText, formatJpDate, parseFiscalYear, tokyoToday, weekdayJa } from '../../domain/jpdate';
import { ownerLabel } from '../../domain/org';
import { attachment, type AdaptiveCard } from '../cards/card';
import { deadlinesCard, helpCard, launcherCard, linkCard, listCard, noticeCard, scheduleCard, scheduledMeeting, searchCard } from '../cards/messages';
import { visibleFilter } from '../../app/register';
import { actorOf, conversationOf } from './context';
import type { TeamsHandlerDeps } from '../deps';
import { Command } from '../ids';
import { T } from '../strings';

const RECENT = 15;

type Which = 'file' | 'list' | 'help' | 'deadlines' | 'schedule' | 'unknown';

export function which(text: string): Which {
  const t = text.replace(/[\s　]+/g, ' ').trim().toLowerCase();
  for (const kind of ['file', 'list', 'help', 'deadlines', 'schedule'] as const) if ((Command[kind] as readonly string[]).includes(t)) return kind;
  return 'unknown';
}

const cardMessage = (c: AdaptiveCard, text?: string): Partial<Activity> => ({ type: ActivityTypes.Message, ...(text ? { summary: text } : {}), attachments: [attachment(c)] });

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
    } else if (kind === 'list') {
      const items = await deps.service.listRecent(RECENT);
      const rows = [];
      for (const request of items) {
        rows.push({
          request,
          owner: ownerLabel(request.form.owner),
          filedOn: formatJpDate(tokyoToday(request.createdAt), deps.org.dateDisplay),
          status: (await deps.meetings.status(request)).label,
        });
      }
      await context.sendActivity(cardMessage(listCard(rows), items.length ? T.listHeading(items.length) : T.listEmpty));
    } else if (kind === 'deadlines') {
      await context.sendActivity(cardMessage(await deadlines(deps)));
    } else if (kind === 'schedule') {
      await context.sendActivity(cardMessage(await schedule(deps)));
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
  if (!rows.ok) return noticeCard(T.accessDenied[rows.reason] ?? T.accessDenied.lookup_failed);
  if (rows.rows.length === 0) return noticeCard(T.registerEmpty(year));
  return linkCard(T.registerLink(year, rows.rows.length, links.ttlMinutes), T.registerDownload, links.link(actor, fy));
}

/** 検索 <語>: matching requests newest first with their 状況, only what the person may see. */
async function searchReply(deps: TeamsHandlerDeps, context: TurnContext, arg: string): Promise<AdaptiveCard> {
  if (!deps.search) return noticeCard(T.searchErrors.empty);
  const r = await deps.search.search(actorOf(context), conversationOf(context), arg, visibleFilter(deps.visibility));
  if (!r.ok) return noticeCard(r.error === 'denied' ? (T.accessDenied[r.reason] ?? T.accessDenied.lookup_failed) : (T.searchErrors[r.error] ?? T.searchErrors.empty));
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

/** 期限: the coming deadlines that still have reminders to send, soonest first. */
async function deadlines(deps: TeamsHandlerDeps): Promise<AdaptiveCard> {
  const items = deps.reminders ? await deps.reminders.upcoming(20) : [];
  return deadlinesCard(items.map((u) => ({ view: u.view, nextReminder: dayText(deps, u.nextReminderAt) })));
}

/** 日程: the meetings of the coming 4 weeks and their items, with the tiers' calendar files. */
async function schedule(deps: TeamsHandlerDeps): Promise<AdaptiveCard> {
  const agendas = deps.agenda ? await deps.agenda.upcoming(28) : [];
  const feeds = deps.feeds;
  return scheduleCard(
    agendas.map((a) => scheduledMeeting(a, deps.org.dateDisplay)),
    feeds ? deps.org.tiers.map((t) => ({ tier: t.name, url: feeds.tierLink(t.id) })) : [],
  );
}
// ---- end 期限 and 日程 ----
