import type { SlackRoutes } from '../router';
import { requestView } from '../../app/requestView';
import type { WebClient } from '@slack/web-api';
import { RegisterText, registerXlsx, visibleFilter } from '../../app/register';
import { fiscalYearOf, fiscalYearText, formatJpDate, parseFiscalYear, tokyoToday } from '../../domain/jpdate';
import { messageFor } from '../../domain/errors';
import type { SlackDeps } from '../deps';
import { Commands } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S, Subcommand } from '../strings';
import { openNewRequest } from './formFlow';
import { openRoster } from './roster';
import { deadlinesText } from './reminderDeadlines';
import { scheduleText } from '../views/agendaMessage';
import { outlookMessage, outlookRequests } from '../views/outlookMessage';
import { asBlocks } from '../views/blocks';
import type { AnyBlock } from '@slack/types';
import { slackLinks } from '../links';
import type { Actor, Conversation } from '../../domain/request';
import { documentCommand, sendPacket, sendRequestPdf } from './documents';

const RECENT = 15;

/** Subcommands that take an argument: 台帳 [年度], 検索 <語>. */
function withArgument(text: string): { kind: 'register' | 'search'; arg: string } | null {
  const [head, ...rest] = text.normalize('NFKC').trim().split(/\s+/);
  const arg = rest.join(' ');
  const h = (head ?? '').toLowerCase();
  if ((Subcommand.register as readonly string[]).includes(h)) return { kind: 'register', arg };
  if ((Subcommand.search as readonly string[]).includes(h)) return { kind: 'search', arg };
  return null;
}

function which(text: string): 'open' | 'help' | 'list' | 'deadlines' | 'schedule' | 'rotateFeeds' | 'roster' | 'outlook' | 'unknown' {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if ((Subcommand.rotateFeeds as readonly string[]).includes(t)) return 'rotateFeeds';
  if (t === '') return 'open';
  if ((Subcommand.help as readonly string[]).includes(t)) return 'help';
  if ((Subcommand.list as readonly string[]).includes(t)) return 'list';
  if ((Subcommand.deadlines as readonly string[]).includes(t)) return 'deadlines';
  if ((Subcommand.schedule as readonly string[]).includes(t)) return 'schedule';
  if ((Subcommand.roster as readonly string[]).includes(t)) return 'roster';
  if ((Subcommand.outlook as readonly string[]).includes(t)) return 'outlook';
  return 'unknown';
}

/** 日程 / 期限 / 一覧 for one person asking in one conversation: only what they may see, or why nothing. */
async function listingText(deps: SlackDeps, kind: 'schedule' | 'deadlines' | 'list', actor: Actor, here: Conversation): Promise<string> {
  if (kind === 'schedule') {
    const agendas = await deps.listings.upcoming(actor, here, 28);
    if (!agendas.ok) return S.denied[agendas.reason];
    const links = await slackLinks(
      deps,
      agendas.items.flatMap((a) => a.items),
    );
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
  const statuses = new Map<string, string>();
  for (const r of items.items) statuses.set(r.id, (await deps.meetings?.status(r))?.label ?? requestView(r, deps.org).status);
  const lines = items.items.map((r) => {
    const link = links.get(r.id);
    const title = esc(clip(r.form.title, 80));
    const owner = esc([r.form.owner.bureau, r.form.owner.department, r.form.owner.unit].filter(Boolean).join(' '));
    return `• *${r.caseNo}*　【${esc(statuses.get(r.id) ?? '')}】${link ? `<${link}|${title}>` : title}　（${owner}・${formatJpDate(tokyoToday(r.createdAt), deps.org.dateDisplay)}）`;
  });
  return lines.length ? `${S.listHeading(lines.length)}\n${lines.join('\n')}` : S.listEmpty;
}

/** /案件申込 (and /anken): opens the form, or answers help / list. */
export function registerCommands(app: SlackRoutes, deps: SlackDeps): void {
  for (const command of Commands) {
    app.command(command, async ({ command: cmd, ack, client, respond, logger, context }) => {
      const argued = withArgument(cmd.text ?? '');
      if (argued?.kind === 'register') {
        await ack();
        await sendRegister(
          deps,
          client,
          { user: cmd.user_id, channel: cmd.channel_id, arg: argued.arg },
          (text) => respond({ response_type: 'ephemeral', text }),
          logger,
        );
        return;
      }
      if (argued?.kind === 'search') {
        await ack();
        await respond({
          response_type: 'ephemeral',
          text: await searchText(deps, { user: cmd.user_id, channel: cmd.channel_id, arg: argued.arg }),
        }).catch((e: unknown) => logger.error(e));
        return;
      }
      const helpText = S.help(Commands.join(' / '));
      const doc = documentCommand(cmd.text ?? '');
      if (doc) {
        if (doc.kind === 'usage') return void (await ack({ response_type: 'ephemeral', text: doc.which === 'pdf' ? S.pdfUsage : S.packetUsage }));
        await ack();
        const say = (text: string) => respond({ response_type: 'ephemeral', text });
        const actor = { platform: 'slack' as const, userId: cmd.user_id };
        const here = { platform: 'slack' as const, channelId: cmd.channel_id };
        try {
          if (doc.kind === 'pdf') await sendRequestPdf(deps, client, actor, here, doc.key, say);
          else await sendPacket(deps, client, actor, here, doc.tier, doc.date, say);
        } catch (err) {
          logger.error(err);
          await say(S.pdfFailed);
        }
        return;
      }
      const kind = which(cmd.text ?? '');
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
      if (kind === 'outlook') {
        try {
          await respond({ response_type: 'ephemeral', ...(await outlookReply(deps, cmd.user_id, cmd.channel_id, cmd.command)) });
        } catch (err) {
          logger.error(err);
          await respond({ response_type: 'ephemeral', text: messageFor(err) });
        }
        return;
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

/** 見通し: the whole outlook for the secretariat, what the person may see for anyone else. */
async function outlookReply(deps: SlackDeps, user: string, channel: string, command: string): Promise<{ text: string; blocks?: AnyBlock[] }> {
  if (!deps.outlook) return { text: S.denied.lookup_failed };
  const r = await deps.outlook.forViewer({ platform: 'slack', userId: user }, { platform: 'slack', channelId: channel });
  if (!r.ok) return { text: S.denied[r.reason] };
  const msg = outlookMessage(r.outlook, await slackLinks(deps, outlookRequests(r.outlook)), deps.org.dateDisplay, { command });
  return { text: msg.text, blocks: asBlocks(msg.blocks) };
}

/**
 * 台帳 [年度]: the register as .xlsx in a direct message. The rows are what the person
 * may see (the visibility service; without it, the secretariat all, others their own).
 * The DM is opened by posting to the user id (chat:write), the file uploaded into it
 * with filesUploadV2 (files:write).
 */
async function sendRegister(
  deps: SlackDeps,
  client: WebClient,
  a: { user: string; channel: string; arg: string },
  tell: (text: string) => Promise<unknown>,
  logger: { error: (e: unknown) => void },
): Promise<void> {
  try {
    if (!deps.register) throw new Error('the register is not wired');
    const current = fiscalYearOf(tokyoToday(deps.clock.now()));
    const fy = a.arg === '' ? current : parseFiscalYear(a.arg, current);
    if (fy === null) return void (await tell(S.registerUnknownYear(clip(a.arg, 30))));
    const year = fiscalYearText(fy);
    const r = await deps.register.rows(fy, {
      actor: { platform: 'slack', userId: a.user },
      here: { platform: 'slack', channelId: a.channel },
      visible: visibleFilter(deps.visibility),
    });
    if (!r.ok) return void (await tell(S.denied[r.reason as keyof typeof S.denied] ?? S.denied.lookup_failed));
    if (r.rows.length === 0) return void (await tell(S.registerEmpty(year)));
    const file = await registerXlsx(deps.org, fy, r.rows);
    const dm = await client.chat.postMessage({ channel: a.user, text: S.registerDm(year, r.rows.length) });
    await client.filesUploadV2({
      channel_id: dm.channel as string,
      thread_ts: dm.ts as string,
      file,
      filename: RegisterText.fileName(fy, 'xlsx'),
      title: RegisterText.title(fy),
    });
    await tell(S.registerSent(year, r.rows.length));
  } catch (err) {
    logger.error(err);
    await tell(messageFor(err)).catch((e: unknown) => logger.error(e));
  }
}

/** 検索 <語>: matching requests newest first, with 状況 and links to their posts. */
async function searchText(deps: SlackDeps, a: { user: string; channel: string; arg: string }): Promise<string> {
  try {
    if (!deps.search) throw new Error('search is not wired');
    const r = await deps.search.search(
      { platform: 'slack', userId: a.user },
      { platform: 'slack', channelId: a.channel },
      a.arg,
      visibleFilter(deps.visibility),
    );
    if (!r.ok)
      return r.error === 'denied'
        ? (S.denied[r.reason as keyof typeof S.denied] ?? S.denied.lookup_failed)
        : (S.searchErrors[r.error] ?? S.searchErrors.empty);
    const terms = esc(clip(r.terms.join(' '), 100));
    if (r.items.length === 0) return S.searchNone(terms);
    const links = await slackLinks(deps, r.items);
    const lines: string[] = [];
    for (const item of r.items) {
      const status = (await deps.meetings?.status(item))?.label ?? requestView(item, deps.org).status;
      const title = esc(clip(item.form.title, 80));
      const link = links.get(item.id);
      const owner = esc([item.form.owner.bureau, item.form.owner.department, item.form.owner.unit].filter(Boolean).join(' '));
      lines.push(
        `• *${item.caseNo}*　【${esc(status)}】${link ? `<${link}|${title}>` : title}　（${owner}・${formatJpDate(item.form.filedOn, deps.org.dateDisplay)}）`,
      );
    }
    return `*${S.searchHeading(terms, r.items.length, r.more)}*\n${lines.join('\n')}`;
  } catch (err) {
    deps.logger.error('search failed', { error: String(err) });
    return messageFor(err);
  }
}
