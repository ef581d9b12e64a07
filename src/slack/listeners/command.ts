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

const RECENT = 15;

function which(text: string): 'open' | 'help' | 'list' | 'deadlines' | 'schedule' | 'roster' | 'unknown' {
  const t = text.trim().toLowerCase();
  if (t === '') return 'open';
  if ((Subcommand.help as readonly string[]).includes(t)) return 'help';
  if ((Subcommand.list as readonly string[]).includes(t)) return 'list';
  if ((Subcommand.deadlines as readonly string[]).includes(t)) return 'deadlines';
  if ((Subcommand.schedule as readonly string[]).includes(t)) return 'schedule';
  if ((Subcommand.roster as readonly string[]).includes(t)) return 'roster';
  return 'unknown';
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
      if (kind === 'schedule') {
        const agendas = await deps.agenda.upcoming(28);
        const links = await slackLinks(deps, agendas.flatMap((a) => a.items));
        const feeds = deps.feeds;
        const calendars = feeds ? `\n\n${S.tierCalendars} ${deps.org.tiers.map((t) => `<${feeds.tierLink(t.id)}|${esc(t.name)}>`).join('　')}` : '';
        await respond({ response_type: 'ephemeral', text: scheduleText(agendas, links, deps.org.dateDisplay) + calendars });
        return;
      }
      if (kind === 'deadlines') {
        await respond({ response_type: 'ephemeral', text: await deadlinesText(deps) });
        return;
      }
      if (kind === 'list') {
        const items = await deps.service.listRecent(RECENT);
        const links = new Map<string, string | null>();
        for (const r of items) {
          const post = (await deps.repos.posts.listFor(r.id)).find((p) => p.platform === 'slack');
          links.set(r.id, post?.permalink ?? null);
        }
        const lines = items.map((r) => {
          const link = links.get(r.id);
          const title = esc(clip(r.form.title, 80));
          const owner = esc([r.form.owner.bureau, r.form.owner.department, r.form.owner.unit].filter(Boolean).join(' '));
          return `• *${r.caseNo}*　${link ? `<${link}|${title}>` : title}　（${owner}・${formatJpDate(tokyoToday(r.createdAt), deps.org.dateDisplay)}）`;
        });
        await respond({ response_type: 'ephemeral', text: items.length ? `${S.listHeading(items.length)}\n${lines.join('\n')}` : S.listEmpty });
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
