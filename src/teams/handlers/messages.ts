import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { formatJpDate, tokyoToday } from '../../domain/jpdate';
import { ownerLabel } from '../../domain/org';
import { attachment, type AdaptiveCard } from '../cards/card';
import { helpCard, launcherCard, listCard } from '../cards/messages';
import type { TeamsHandlerDeps } from '../deps';
import { Command } from '../ids';
import { T } from '../strings';

const RECENT = 15;

type Which = 'file' | 'list' | 'help' | 'unknown';

export function which(text: string): Which {
  const t = text.replace(/[\s　]+/g, ' ').trim().toLowerCase();
  for (const kind of ['file', 'list', 'help'] as const) if ((Command[kind] as readonly string[]).includes(t)) return kind;
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
    } else if (kind === 'help') {
      await context.sendActivity(cardMessage(helpCard()));
    } else {
      await context.sendActivity(cardMessage(helpCard(T.unknownCommand)));
    }
  });
}
