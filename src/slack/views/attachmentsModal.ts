import type { AttachmentLine } from '../../app/attachments';
import { AttachmentLimits, formatSize } from '../../domain/attachment';
import { FILE_INPUT_ID } from '../files';
import { CallbackId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { asBlocks, context, fileInput, option, plain, section, type Block, type Modal } from './blocks';

export interface AttachmentsModalMetadata {
  r: string; // request id
  c: string; // channel the button was pressed in (where results are told)
}

/** Slack allows 10 options per checkbox element: removal choices come in groups of 10. */
const GROUP = 10;
export const REMOVE_BLOCK_PREFIX = 'attachments.remove.';

/** 「別紙資料」 on a posted request: the list (with fresh signed links), add files, mark files to remove. */
export function attachmentsModal(a: { caseNo: string; title: string; list: AttachmentLine[]; meta: AttachmentsModalMetadata }): Modal {
  const line = (x: AttachmentLine) => {
    const name = esc(x.name).replace(/\|/g, '｜');
    return `• ${x.url ? `<${x.url.replace(/&/g, '&amp;')}|${name}>` : name}　${x.kind === 'link' ? S.attachmentLinkMark : formatSize(x.size)}`;
  };
  const blocks: Block[] = [context(clip(`*${esc(a.caseNo)}*　${esc(a.title)}`, 3000))];
  if (a.list.length === 0) blocks.push(section(S.attachmentsNone));
  // Whole lines per section (3000 characters each).
  let text = '';
  for (const x of a.list) {
    const next = text ? `${text}\n${line(x)}` : line(x);
    if (next.length > 2900) {
      blocks.push(section(text));
      text = line(x);
    } else text = next;
  }
  if (text) blocks.push(section(text));
  blocks.push(
    fileInput({ id: FILE_INPUT_ID, label: S.attachmentsInputLabel, hint: S.attachmentsInputHint, maxFiles: AttachmentLimits.perSubmission }),
  );
  for (let i = 0; i < a.list.length; i += GROUP) {
    const group = a.list.slice(i, i + GROUP);
    blocks.push({
      type: 'input',
      block_id: `${REMOVE_BLOCK_PREFIX}${i / GROUP}`,
      optional: true,
      label: plain(i === 0 ? S.attachmentsRemoveLabel : `${S.attachmentsRemoveLabel} (${i / GROUP + 1})`),
      element: {
        type: 'checkboxes',
        action_id: `remove.${i / GROUP}`,
        options: group.map((x) => option(clip(`${x.name}（${x.kind === 'link' ? S.attachmentLinkMark : formatSize(x.size)}）`, 75), x.id)),
      },
    });
  }
  return {
    type: 'modal' as const,
    callback_id: CallbackId.attachments,
    private_metadata: JSON.stringify(a.meta),
    title: { type: 'plain_text' as const, text: S.attachmentsTitle },
    submit: { type: 'plain_text' as const, text: S.attachmentsSave },
    close: { type: 'plain_text' as const, text: S.cancel },
    blocks: asBlocks(blocks),
  };
}
