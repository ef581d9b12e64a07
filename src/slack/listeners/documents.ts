import type { SlackRoutes } from '../router';
import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { formatJpDate, parseJpDate, weekdayJa, type JpDay } from '../../domain/jpdate';
import type { Actor, Conversation } from '../../domain/request';
import type { SlackDeps } from '../deps';
import { ActionId } from '../ids';
import { esc } from '../mrkdwn';
import { S } from '../strings';

/**
 * The paper documents in Slack: 「PDF」 on a posted request and `/案件申込 pdf R8-001`
 * upload the 案件申込書 into the request's thread (only for someone who may see it:
 * the thread's audience could already see the request); 「庁議資料」 on a meeting's
 * agenda and `/案件申込 資料 局経営会議 2026-12-07` send the meeting's packet, with
 * the items the person may see, in a direct message to that person alone.
 */

type Say = (text: string) => Promise<unknown>;

/** `pdf R8-001` / `資料 局経営会議 2026-12-07` typed after the command, or null. */
export function documentCommand(
  text: string,
): { kind: 'pdf'; key: string } | { kind: 'packet'; tier: string; date: string } | { kind: 'usage'; which: 'pdf' | 'packet' } | null {
  const words = text
    .trim()
    .split(/[\s　]+/)
    .filter(Boolean);
  const head = (words[0] ?? '').toLowerCase();
  if (head === 'pdf' || head === 'ｐｄｆ') return words.length === 2 ? { kind: 'pdf', key: words[1] } : { kind: 'usage', which: 'pdf' };
  if (head === '資料' || head === '庁議資料' || head === 'packet') {
    return words.length === 3 ? { kind: 'packet', tier: words[1], date: words[2] } : { kind: 'usage', which: 'packet' };
  }
  return null;
}

const deniedText = (reason: string): string => (reason in S.denied ? S.denied[reason as keyof typeof S.denied] : S.pdfFailed);

/** The request's PDF for `actor`, uploaded into its Slack thread (a direct message when it has none). */
export async function sendRequestPdf(
  deps: SlackDeps,
  client: WebClient,
  actor: Actor,
  here: Conversation | null,
  key: string,
  say: Say,
): Promise<void> {
  const documents = deps.documents;
  if (!documents) return void (await say(S.documentsOff));
  const got = await documents.requestPdfFor(actor, here, key);
  if (!got.ok) {
    return void (await say(got.reason === 'not_found' || got.reason === 'hidden' ? S.pdfHidden(esc(key)) : deniedText(got.reason)));
  }
  const { request, pdf, filename } = got;
  const posts = (await deps.repos.posts.listFor(request.id)).filter((p) => p.platform === 'slack');
  // The thread where the person asked, if the request is posted there; else its first Slack post.
  const post = posts.find((p) => here && p.channelId === here.channelId) ?? posts[0];
  const comment = S.pdfComment(request.caseNo, esc(request.form.title));
  if (post) {
    await client.filesUploadV2({
      channel_id: post.channelId,
      thread_ts: post.messageId,
      file: pdf,
      filename,
      title: filename,
      initial_comment: comment,
    });
    return void (await say(S.pdfPostedInThread(request.caseNo)));
  }
  await client.filesUploadV2({
    channel_id: await directChannel(client, actor.userId),
    file: pdf,
    filename,
    title: filename,
    initial_comment: comment,
  });
  await say(S.pdfSentDirect(request.caseNo));
}

async function directChannel(client: WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const id = (opened.channel as { id?: string } | undefined)?.id;
  if (!id) throw new Error('conversations.open gave no channel');
  return id;
}

/** The meeting's 庁議資料 as `actor` may see it, in a direct message to them. */
export async function sendPacket(
  deps: SlackDeps,
  client: WebClient,
  actor: Actor,
  here: Conversation | null,
  tierKey: string,
  dateText: string,
  say: Say,
): Promise<void> {
  const documents = deps.documents;
  if (!documents) return void (await say(S.documentsOff));
  const tier = deps.org.tiers.find((t) => t.name === tierKey || t.id === tierKey);
  if (!tier) return void (await say(S.unknownTier(esc(tierKey), deps.org.tiers.map((t) => t.name).join('、'))));
  const parsed = parseJpDate(dateText, ['day']);
  if (!parsed.ok || parsed.value.precision !== 'day') return void (await say(S.badDate(esc(dateText))));
  const day: JpDay = parsed.value;
  const got = await documents.packetFor(actor, here, tier, day);
  if (!got.ok) return void (await say(deniedText(got.reason)));
  const date = `${formatJpDate(day, deps.org.dateDisplay)}(${weekdayJa(day)})`;
  await client.filesUploadV2({
    channel_id: await directChannel(client, actor.userId),
    file: got.pdf,
    filename: got.filename,
    title: got.filename,
    initial_comment: S.packetComment(esc(tier.name), date, got.items.length, got.hidden),
  });
  await say(S.packetSent(esc(tier.name), date, got.items.length));
}

const ephemeral =
  (respond: RespondFn): Say =>
  (text) =>
    respond({ response_type: 'ephemeral', replace_original: false, text });

export function registerDocuments(app: SlackRoutes, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ActionId.pdf, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    const say = ephemeral(respond);
    const here = body.channel?.id ? { platform: 'slack' as const, channelId: body.channel.id } : null;
    await sendRequestPdf(deps, client, { platform: 'slack', userId: body.user.id }, here, action.value ?? '', say).catch(async (err: unknown) => {
      logger.error(err);
      await say(S.pdfFailed).catch((e: unknown) => logger.error(e));
    });
  });

  app.action<BlockAction<ButtonAction>>(ActionId.packet, async ({ ack, body, action, client, respond, logger }) => {
    await ack();
    const say = ephemeral(respond);
    const [tierId, iso] = (action.value ?? '').split(' ');
    const here = body.channel?.id ? { platform: 'slack' as const, channelId: body.channel.id } : null;
    await sendPacket(deps, client, { platform: 'slack', userId: body.user.id }, here, tierId ?? '', iso ?? '', say).catch(async (err: unknown) => {
      logger.error(err);
      await say(S.pdfFailed).catch((e: unknown) => logger.error(e));
    });
  });
}
