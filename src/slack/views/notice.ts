import { S } from '../strings';
import { asBlocks, section, type Modal } from './blocks';

/** A one-message modal (errors that end the flow). The text is ours, not user text. */
export function noticeModal(text: string, title = '庁議ボット'): Modal {
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: title },
    close: { type: 'plain_text' as const, text: S.cancel },
    blocks: asBlocks([section(text)]),
  };
}
