import { historyPage, type HistoryItem } from '../../app/historyView';
import { WITHDRAW_REASON_MAX } from '../../app/requests';
import type { AgendaRequest } from '../../domain/request';
import { RecordInput, RecordVerb } from '../ids';
import { T } from '../strings';
import {
  CARD_MAX_BYTES,
  card,
  cardBytes,
  clip,
  container,
  heading,
  note,
  submit,
  textBlock,
  textInput,
  userText,
  type AdaptiveCard,
  type Element,
} from './card';

/** 「取り下げ」: the reason, confirmed with 取り下げる. */
export function withdrawDialogCard(request: AgendaRequest, o: { reason?: string; error?: string } = {}): AdaptiveCard {
  return card(
    [
      heading(T.withdrawRequestTitle),
      userText(T.withdrawRequestLead(request.caseNo, request.form.title)),
      textInput({
        id: RecordInput.reason,
        label: T.withdrawReasonLabel,
        value: o.reason ?? '',
        max: WITHDRAW_REASON_MAX,
        multiline: true,
        ...(o.error ? { error: o.error } : {}),
      }),
      ...(o.error ? [textBlock(o.error, { color: 'Attention', size: 'Small', spacing: 'None', id: `${RecordInput.reason}.error` })] : []),
    ],
    [submit(T.withdrawRequestSubmit, { verb: RecordVerb.withdraw, requestId: request.id }, { style: 'destructive' })],
  );
}

/** 「取り下げを取り消す」: confirmed in the dialog. */
export function restoreDialogCard(request: AgendaRequest): AdaptiveCard {
  return card(
    [heading(T.restoreButton), userText(`${request.caseNo}　${request.form.title}`), textBlock(T.restoreConfirm)],
    [submit(T.restoreConfirmYes, { verb: RecordVerb.restore, requestId: request.id }, { style: 'positive' })],
  );
}

export const TEAMS_HISTORY_PAGE_SIZE = 10;

function build(request: AgendaRequest, items: readonly HistoryItem[], page: number, max: number): AdaptiveCard {
  const p = historyPage(items, page, TEAMS_HISTORY_PAGE_SIZE);
  const who = (i: HistoryItem) => (i.actor.platform === 'teams' ? 'Teams' : 'Slack') + ` ${i.actor.userId}`;
  const body: Element[] = [heading(T.historyTitle(request.caseNo)), userText(request.form.title, { spacing: 'None' })];
  if (items.length === 0) body.push(textBlock(T.historyEmpty));
  for (const item of p.items) {
    body.push(
      container(
        [
          textBlock(item.when, { weight: 'Bolder' }),
          note(who(item), { spacing: 'None' }),
          ...item.lines.map((l) => userText(`・${clip(l, max)}`, { spacing: 'None' })),
        ],
        { separator: true },
      ),
    );
  }
  if (p.pages > 1) body.push(note(T.historyPage(p.page + 1, p.pages, items.length), { separator: true }));
  const go = (to: number, title: string) => submit(title, { verb: RecordVerb.history, requestId: request.id, page: to });
  return card(body, [...(p.page > 0 ? [go(p.page - 1, T.historyNewer)] : []), ...(p.page < p.pages - 1 ? [go(p.page + 1, T.historyOlder)] : [])]);
}

/** 「履歴」: one page, newest first; long lines are cut further when the card would pass Teams' size limit. */
export function historyDialogCard(request: AgendaRequest, items: readonly HistoryItem[], page: number): AdaptiveCard {
  for (const max of [300, 120, 60, 30]) {
    const c = build(request, items, page, max);
    if (cardBytes(c) <= CARD_MAX_BYTES) return c;
  }
  return build(request, items, page, 15);
}
