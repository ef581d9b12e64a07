import { historyPage, type HistoryItem } from '../../app/historyView';
import { WITHDRAW_REASON_MAX } from '../../app/requests';
import type { AgendaRequest } from '../../domain/request';
import { ActionId, CallbackId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { actions, asBlocks, button, context, divider, section, textInput, type Block, type Modal } from './blocks';

const title = (text: string) => ({ type: 'plain_text' as const, text: clip(text, 24) });

/** 「取り下げ」: the reason, confirmed by submitting. */
export function withdrawModal(request: AgendaRequest, channelId: string, reason = ''): Modal {
  return {
    type: 'modal',
    callback_id: CallbackId.withdraw,
    private_metadata: JSON.stringify({ r: request.id, c: channelId }),
    title: title(S.withdrawRequestTitle),
    submit: { type: 'plain_text', text: S.withdrawRequestSubmit },
    close: { type: 'plain_text', text: S.cancel },
    blocks: asBlocks([
      section(clip(S.withdrawRequestLead(esc(request.caseNo), esc(request.form.title)), 3000)),
      textInput({ id: 'withdrawReason', label: S.withdrawReasonLabel, value: reason, max: WITHDRAW_REASON_MAX, multiline: true }),
    ]),
  };
}

export const HISTORY_PAGE_SIZE = 15;
const SECTION_MAX = 3000;

/** An entry's lines as sections of at most 3,000 characters (lines are escaped here). */
function itemBlocks(item: HistoryItem): Block[] {
  const who = item.actor.platform === 'slack' ? `<@${item.actor.userId}>` : esc(item.actor.userId);
  const head = `*${item.when}*　${who}`;
  const out: Block[] = [];
  let current = head;
  for (const line of item.lines) {
    const add = `\n• ${esc(line)}`;
    if (current.length + add.length > SECTION_MAX) {
      out.push(section(current));
      current = `${head}（続き）`;
    }
    current += clip(add, SECTION_MAX - head.length - 10);
  }
  out.push(section(current));
  return out;
}

/**
 * 「履歴」: one page of the history, newest first. A page holds 15 entries, each at most
 * a few sections, so the modal stays far below Slack's 100 blocks.
 */
export function historyModal(request: AgendaRequest, items: readonly HistoryItem[], page: number): Modal {
  const p = historyPage(items, page, HISTORY_PAGE_SIZE);
  const blocks: Block[] = [section(clip(`*${esc(request.caseNo)}*　${esc(request.form.title)}`, 3000))];
  if (items.length === 0) blocks.push(section(S.historyEmpty));
  for (const item of p.items) blocks.push(divider(), ...itemBlocks(item));
  if (p.pages > 1) {
    blocks.push(divider(), context(S.historyPage(p.page + 1, p.pages, items.length)));
    blocks.push(
      actions('history.pages', [
        ...(p.page > 0 ? [button({ id: ActionId.historyNewer, text: S.historyNewer, value: `${request.id}|${p.page - 1}` })] : []),
        ...(p.page < p.pages - 1 ? [button({ id: ActionId.historyOlder, text: S.historyOlder, value: `${request.id}|${p.page + 1}` })] : []),
      ]),
    );
  }
  return {
    type: 'modal',
    callback_id: CallbackId.history,
    private_metadata: JSON.stringify({ r: request.id, p: p.page }),
    title: title(S.historyTitle(request.caseNo)),
    close: { type: 'plain_text', text: S.cancel },
    blocks: asBlocks(blocks),
  };
}
