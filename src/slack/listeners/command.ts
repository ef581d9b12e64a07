import type { App } from '@slack/bolt';
import { formatJpDate, tokyoToday } from '../../domain/jpdate';
import { messageFor } from '../../domain/errors';
import type { SlackDeps } from '../deps';
import { Commands } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S, Subcommand } from '../strings';
import { openNewRequest } from './formFlow';
import { openRoster } from './roster';
import { deadlinesText } from './reminderDeadlines';
import { scheduleText } from '../views/agendaMessage';
import { slackLinks } from '../links';
import type { Actor, Conversation } from '../../domain/request';

const RECENT = 15;

function which(text: string): 'open' | 'help' | 'list' | 'deadlines' | 'schedule' | 'rotateFeeds' | 'roster' | 'unknown' {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if ((Subcommand.rotateFeeds as readonly string[]).includes(t)) return 'rotateFeeds';
  if (t === '') return 'open';
  if ((Subcommand.help as readonly string[]).includes(t)) return 'help';
  if ((Subcommand.list as readonly string[]).includes(t)) return 'list';
  if ((Subcommand.deadlines as readonly string[]).includes(t)) return 'deadlines';
  if ((Subcommand.schedule as readonly string[]).includes(t)) return 'schedule';
  if ((Subcommand.roster as readonly string[]).includes(t)) return 'roster';
  return 'unknown';
}

/** 日程 / 期限 / 一覧 for one person asking in one conversation: only what they may see, or why nothing. */
async function listingText(deps: SlackDeps, kind: 'schedule' | 'deadlines' | 'list', actor: Actor, here: Conversation): Promise<string> {
  if (kind === 'schedule') {
    const agendas = await deps.listings.upcoming(actor, here, 28);
    if (!agendas.ok) return S.denied[agendas.reason];
    const links = await slackLinks(deps, agendas.items.flatMap((a) => a.items));
    const feeds = deps.feeds;
    let calendars = '';
    if (feeds) {
      const tierLinks = await Promise.all(deps.org.tiers.map(async (t) => `<${await feeds.tierLink(t.id, actor)}|${esc(t.name)}>`));
      calendars = `\n\n${S.tierCalendars} ${tierLinks.join('　')}\n${S.tierCalendarsNote(deps.org.calendarLinks.days)}`;
    }
    return scheduleText(agendas.items, links, deps.org.dateDisplay) + calendars;
  }
  if (kind === 'deadlines') {
    const items = await deps.listings.deadlines(actor, here, 20);
    return items.ok ? deadlinesText(deps, items.items) : S.denied[items.reason];
  }
  const items = await deps.listings.recent(actor, here, RECENT);
  if (!items.ok) return S.denied[items.reason];
  const links = await slackLinks(deps, items.items);
  const lines = items.items.map((r) => {
    const link = links.get(r.id);
    const title = esc(clip(r.form.title, 80));
    const owner = esc([r.form.owner.bureau, r.form.owner.department, r.form.owner.unit].filter(Boolean).join(' '));
    return `• *${r.caseNo}*　${link ? `<${link}|${title}>` : title}　（${owner}・${formatJpDate(tokyoToday(r.createdAt), deps.org.dateDisplay)}）`;
  });
  return lines.length ? `${S.listHeading(lines.length)}\n${lines.join('\n')}` : S.listEmpty;
}

/** /案件申込 (and /anken): opens the form, or answers help / list. */
export function registerCommands(app: App, deps: SlackDeps): void {
  for (const command of Commands) {
    app.command(command, async ({ command: cmd, ack, client, respond, logger, context }) => {
      const kind = which(cmd.text ?? '');
      const helpText = S.help(Commands.join(' / '));
      if (kind === 'help') return void (await ack({ response_type: 'ephemeral', text: helpText }));
      if (kind === 'unknown') {
        return void (await ack({ response_type: 'ephemeral', text: `${S.unknownSubcommand(esc(clip(cmd.text, 50)))}\n\n${helpText}` }));
      }
      await ack();
      if (kind === 'roster') {
        if (context.retryNum) return;
        const refusal = await openRoster(deps, client, cmd.trigger_id, cmd.user_id);
        if (refusal) await respond({ response_type: 'ephemeral', text: refusal });
        return;
      }
      if (kind === 'rotateFeeds') {
        if (!deps.feeds) return void (await respond({ response_type: 'ephemeral', text: S.feedsNotConfigured }));
        await deps.feeds.rotate({ platform: 'slack', userId: cmd.user_id });
        return void (await respond({ response_type: 'ephemeral', text: S.feedsRotated }));
      }
      if (kind === 'schedule' || kind === 'deadlines' || kind === 'list') {
        const actor = { platform: 'slack' as const, userId: cmd.user_id };
        const here = { platform: 'slack' as const, channelId: cmd.channel_id };
        try {
          await respond({ response_type: 'ephemeral', text: await listingText(deps, kind, actor, here) });
        } catch (err) {
          logger.error(err);
          await respond({ response_type: 'ephemeral', text: messageFor(err) });
        }
        return;
      }
      // A retry means Slack missed our ack while the first delivery is already being
      // handled (acks go out first): one modal, not two.
      if (context.retryNum) return;
      try {
        await openNewRequest(deps, client, {
          triggerId: cmd.trigger_id,
          actor: { platform: 'slack', userId: cmd.user_id },
          conversation: { platform: 'slack', channelId: cmd.channel_id },
        });
      } catch (err) {
        logger.error(err);
        await respond({ response_type: 'ephemeral', text: messageFor(err) });
      }
    });
  }
}
