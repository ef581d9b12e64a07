import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { formatJpDate, tokyoToday, weekdayJa } from '../../domain/jpdate';
import { ownerLabel } from '../../domain/org';
import { attachment, type AdaptiveCard } from '../cards/card';
import { deadlinesCard, helpCard, launcherCard, listCard, scheduleCard, scheduledMeeting } from '../cards/messages';
import type { TeamsHandlerDeps } from '../deps';
import { Command } from '../ids';
import { T } from '../strings';

const RECENT = 15;

type Which = 'file' | 'list' | 'help' | 'deadlines' | 'schedule' | 'home' | 'roster' | 'unknown';

export function which(text: string): Which {
  const t = text.replace(/[\s　]+/g, ' ').trim().toLowerCase();
  for (const kind of ['file', 'list', 'help', 'deadlines', 'schedule', 'home', 'roster'] as const) if ((Command[kind] as readonly string[]).includes(t)) return kind;
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
    } else if (kind === 'list') {
      const items = await deps.service.listRecent(RECENT);
      const rows = items.map((request) => ({
        request,
        owner: ownerLabel(request.form.owner),
        filedOn: formatJpDate(tokyoToday(request.createdAt), deps.org.dateDisplay),
      }));
      await context.sendActivity(cardMessage(listCard(rows), items.length ? T.listHeading(items.length) : T.listEmpty));
    } else if (kind === 'deadlines') {
      await context.sendActivity(cardMessage(await deadlines(deps)));
    } else if (kind === 'schedule') {
      await context.sendActivity(cardMessage(await schedule(deps)));
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
