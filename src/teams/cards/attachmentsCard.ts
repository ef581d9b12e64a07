import type { AttachmentLine, StagedFile } from '../../app/attachments';
import { formatSize } from '../../domain/attachment';
import { AttachmentInput, AttachmentVerb } from '../ids';
import { T } from '../strings';
import { card, choiceSet, clip, heading, note, plainText, submit, textBlock, textInput, type AdaptiveCard, type Element } from './card';

/** What 「追加する」 sends back (Action.Submit): the staged files, plus the card's inputs. */
export interface AttachSubmitData {
  verb: typeof AttachmentVerb.attach;
  files: { name: string; sha256: string }[];
}

/** A URL inside Markdown link syntax: parentheses and spaces would end it early. */
const mdUrl = (url: string) => url.replace(/[()\s]/g, (c) => encodeURIComponent(c));

/** 別紙資料 on the request card: name (a link when one can be made) and size, one line each. */
export function attachmentsSection(list: AttachmentLine[]): Element[] {
  if (list.length === 0) return [];
  // Teams' message size limit: at most 30 lines (a request may hold 50), the rest counted.
  const MAX = 30;
  const shown = list.slice(0, MAX);
  return [
    heading(T.attachmentsHeading, { spacing: 'Large' }),
    ...shown.map((a) => {
      const name = plainText(a.name);
      const size = a.kind === 'link' ? T.attachmentLinkMark : formatSize(a.size);
      return textBlock(`${a.url ? `[${name}](${mdUrl(a.url)})` : name}　${size}`, { spacing: 'Small' });
    }),
    ...(list.length > MAX ? [note(T.attachmentsMore(list.length - MAX))] : []),
  ];
}

/**
 * Files just received in personal chat (or none, for a link only): which request do they
 * belong to? The person's editable requests in a ChoiceSet, and a SharePoint/OneDrive link.
 */
export function attachPickerCard(a: {
  staged: StagedFile[];
  refused: string[];
  requests: { id: string; caseNo: string; title: string }[];
  error?: string;
}): AdaptiveCard {
  const body: Element[] = [heading(T.attachmentsTitle)];
  if (a.staged.length) {
    body.push(textBlock(T.attachReceived, { spacing: 'Small' }));
    for (const f of a.staged) body.push(textBlock(`・${plainText(f.name)}　${formatSize(f.size)}`, { spacing: 'None' }));
  }
  for (const r of a.refused) body.push(textBlock(plainText(r), { color: 'Attention', spacing: 'Small' }));
  if (a.requests.length === 0) {
    body.push(note(T.attachNoRequests));
    return card(body);
  }
  body.push(
    choiceSet({
      id: AttachmentInput.requestId,
      label: T.attachPickRequest,
      value: a.requests[0].id,
      style: 'compact',
      choices: a.requests.map((r) => ({ title: clip(`${r.caseNo}　${r.title}`, 120), value: r.id })),
    }),
    textInput({ id: AttachmentInput.link, label: T.attachmentLinkLabel, value: '', max: 2000, placeholder: 'https://….sharepoint.com/…' }),
    textInput({ id: AttachmentInput.linkName, label: T.attachmentLinkNameLabel, value: '', max: 200 }),
  );
  if (a.error) body.push(textBlock(a.error, { color: 'Attention' }));
  const data: AttachSubmitData = { verb: AttachmentVerb.attach, files: a.staged.map((f) => ({ name: f.name, sha256: f.sha256 })) };
  return card(body, [submit(T.attachSubmit, data, { style: 'positive' })]);
}

/** The picker after it was used: what happened, no buttons (a second press cannot attach twice). */
export function attachDoneCard(lines: string[]): AdaptiveCard {
  return card([heading(T.attachmentsTitle), ...lines.map((l) => textBlock(plainText(l), { spacing: 'Small' }))]);
}
