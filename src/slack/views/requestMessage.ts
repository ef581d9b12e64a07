import type { AttachmentLine } from '../../app/attachments';
import { formatSize } from '../../domain/attachment';
import type { RequestView } from '../../app/requestView';
import { summaryLine } from '../../app/minutesView';
import { FieldLabel } from '../../domain/text.ja';
import { ActionId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { actions, button, context, divider, header, md, type Block } from './blocks';

const SECTION_MAX = 3000;
const MESSAGE_MAX_BLOCKS = 50;

/** How long a code point is once escaped, in UTF-16 units (what Slack's limit counts). */
function escapedLength(code: number): number {
  return code === 0x26 ? 5 : code === 0x3c || code === 0x3e ? 4 : 1;
}

/**
 * Escapes user text and cuts it into pieces of at most `budget` characters after
 * escaping, never inside an entity or a surrogate pair: long text is continued, never
 * dropped. The cuts are found by counting, and each piece is escaped as a whole.
 */
export function escapedPieces(text: string, budget: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    // A pair counts as one character of two units, as `for…of` reads it; a lone surrogate as one unit.
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const units = pair ? 2 : 1;
    const e = pair ? 2 : escapedLength(code);
    if (size + e > budget) {
      pieces.push(esc(text.slice(start, i)));
      start = i;
      size = 0;
    }
    size += e;
    i += units;
  }
  pieces.push(esc(start === 0 ? text : text.slice(start)));
  return pieces;
}

/**
 * A titled part of the form as sections of at most 3,000 characters (Slack's limit);
 * lines are user text, escaped here. `prefix` is trusted markup put before a line.
 */
function sections(out: Block[], title: string, lines: { prefix?: string; text: string }[]): void {
  const head = `*${title}*`;
  let current = head;
  for (const line of lines) {
    const prefix = line.prefix ?? '';
    const pieces = escapedPieces(line.text, SECTION_MAX - head.length - prefix.length - 20);
    for (let k = 0; k < pieces.length; k++) {
      const add = k === 0 ? `\n${prefix}${pieces[k]}` : `\n${pieces[k]}`;
      if (current.length + add.length > SECTION_MAX) {
        out.push({ type: 'section', text: md(current) });
        current = `${head}（続き）`;
      }
      current += add;
    }
  }
  out.push({ type: 'section', text: md(current) });
}

const field = (label: string, value: string | null) => md(`*${label}*\n${value === null ? S.none : esc(value)}`);

/** The posted 案件申込書: the paper form's layout, top to bottom. */
export function requestMessage(
  v: RequestView,
  extra: { calendarUrl?: string; attachments?: AttachmentLine[] } = {},
): { text: string; blocks: Block[] } {
  const blocks: Block[] = [
    header(clip(`${v.withdrawn ? S.withdrawnBanner : ''}${v.documentTitle}　${v.caseNo}`, 150)),
    context(`*${S.statusLabel}*　${esc(v.status)}${v.withdrawn ? `　${S.withdrawnNote}` : ''}`),
    { type: 'section', fields: [field(FieldLabel.filedOn, v.filedOn), field(FieldLabel.owner, v.owner)] },
    { type: 'section', text: md(`*${FieldLabel.title}*\n${esc(v.title)}`) },
  ];
  sections(blocks, FieldLabel.summary, [{ text: v.summary }]);
  if (v.points) sections(blocks, FieldLabel.points, [{ text: v.points }]);
  let dates = '';
  for (let i = 0; i < v.desiredDates.length; i++) {
    const d = v.desiredDates[i];
    dates += `${i === 0 ? '' : '\n'}${esc(d.tier)}　${d.date ?? S.notNeeded}`;
  }
  blocks.push({ type: 'section', text: md(`*${FieldLabel.desiredDates}*\n${dates}`) }, divider(), {
    type: 'section',
    fields: [
      field(FieldLabel.ordinance, v.ordinance),
      field(FieldLabel.councilSession, v.councilSession),
      field(FieldLabel.publicComment, v.publicComment),
      field(FieldLabel.councilInfoKind, v.councilInfo),
    ],
  });
  if (v.councilPlan) {
    let plan = '';
    for (let i = 0; i < v.councilPlan.lines.length; i++) {
      const l = v.councilPlan.lines[i];
      plan += `${i === 0 ? '' : '\n'}${esc(l.label)}　${esc(l.date)}`;
    }
    blocks.push({ type: 'section', text: md(`*${esc(v.councilPlan.heading)}*\n${plan}`) });
  }
  if (v.coordination.length > 0) {
    const lines: { prefix: string; text: string }[] = new Array<{ prefix: string; text: string }>(v.coordination.length);
    for (let i = 0; i < v.coordination.length; i++) {
      const r = v.coordination[i];
      lines[i] = {
        prefix: `${i + 1}. `,
        text: `${r.party}\n　${FieldLabel.item}: ${r.item || S.none}\n　${FieldLabel.status}: ${r.status || S.none}`,
      };
    }
    sections(blocks, FieldLabel.coordination, lines);
  }
  if (v.history.length > 0) {
    const lines: { text: string }[] = new Array<{ text: string }>(v.history.length);
    for (let i = 0; i < v.history.length; i++) {
      const h = v.history[i];
      lines[i] = { text: `${h.date || S.none}　${h.meeting}　${h.content}` };
    }
    sections(blocks, FieldLabel.history, lines);
  }
  if (v.remarks) sections(blocks, FieldLabel.remarks, [{ text: v.remarks }]);
  const files = attachmentsSections(extra.attachments ?? []);
  const tail = 4 + files.length; // 別紙資料 + meeting summary + meeting actions + context + actions
  if (blocks.length > MESSAGE_MAX_BLOCKS - tail) {
    // Only pathological text (thousands of escaped characters) gets here; the stored
    // request is whole, the edit modal shows all of it.
    blocks.splice(MESSAGE_MAX_BLOCKS - tail - 1);
    blocks.push(context(S.truncated));
  }
  for (const b of files) blocks.push(b);
  // Meeting day (issue 4): the live summary and the meeting's buttons, before the 編集 row.
  // A withdrawn request takes nothing more: no meeting buttons, no edit.
  if (v.meeting && !v.withdrawn) blocks.push(context(esc(summaryLine(v.meeting))));
  if (!v.withdrawn) blocks.push(meetingActions(v.id));
  const who = v.createdBy.platform === 'slack' ? `<@${v.createdBy.userId}>` : esc(v.createdBy.userId);
  blocks.push(context(`${S.appliedBy} ${who}　${S.updatedAt} ${v.updatedOn}　${S.version(v.version)}`));
  const history = button({ id: ActionId.history, text: S.historyButton, value: v.id });
  blocks.push(
    actions(
      'request.actions',
      v.withdrawn
        ? [
            history,
            button({ id: ActionId.pdf, text: S.pdfButton, value: v.id }),
            {
              ...button({ id: ActionId.restore, text: S.restoreButton, value: v.id }),
              confirm: {
                title: { type: 'plain_text', text: S.restoreButton },
                text: { type: 'plain_text', text: S.restoreConfirm },
                confirm: { type: 'plain_text', text: S.restoreConfirmYes },
                deny: { type: 'plain_text', text: S.cancel },
              },
            },
          ]
        : [
            button({ id: ActionId.edit, text: S.editButton, value: v.id }),
            button({ id: ActionId.schedule, text: S.scheduleButton, value: v.id }),
            button({ id: ActionId.attachments, text: S.attachmentsButton, value: v.id }),
            button({ id: ActionId.pdf, text: S.pdfButton, value: v.id }),
            history,
            ...(extra.calendarUrl ? [{ ...button({ id: ActionId.calendar, text: S.calendarButton }), url: extra.calendarUrl }] : []),
            button({ id: ActionId.withdraw, text: S.withdrawRequestButton, value: v.id, style: 'danger' }),
          ],
    ),
  );
  // The fallback text is mrkdwn too (notifications): escape it like the blocks.
  return { text: clip(`${v.documentTitle} ${v.caseNo}: ${esc(v.title)}`, 3000), blocks };
}

/** 別紙資料: one line each, name (linked when a signed link can be made) and size; whole lines in up to 3 sections. */
function attachmentsSections(list: AttachmentLine[]): Block[] {
  if (list.length === 0) return [];
  const line = (a: AttachmentLine) => {
    // `<url|text>`: the text may not contain `|` or `>` unescaped (esc handles < > &).
    const name = esc(a.name).replace(/\|/g, '｜');
    const label = a.url ? `<${a.url.replace(/&/g, '&amp;')}|${name}>` : name;
    return `• ${label}　${a.kind === 'link' ? S.attachmentLinkMark : formatSize(a.size)}`;
  };
  const MAX_SECTIONS = 3;
  const texts: string[] = [`*${S.attachmentsHeading}*`];
  for (const [i, a] of list.entries()) {
    const l = line(a);
    const current = texts[texts.length - 1];
    if (current.length + 1 + l.length <= 2900) texts[texts.length - 1] = `${current}\n${l}`;
    else if (texts.length < MAX_SECTIONS) texts.push(l);
    else {
      // A link cut in the middle would break the message: the rest is counted instead.
      texts[texts.length - 1] = `${current}\n${S.attachmentsMoreInModal(list.length - i)}`;
      break;
    }
  }
  return texts.map((t) => ({ type: 'section', text: md(t) }));
}

/** 出席登録 / 出席 / 意見を記入 / 議事録 / 会議を終了: each carries the request id. */
function meetingActions(requestId: string): Block {
  return actions('meeting.actions', [
    button({ id: ActionId.attendance, text: S.attendanceButton, value: requestId }),
    button({ id: ActionId.present, text: S.presentButton, value: requestId }),
    button({ id: ActionId.addOpinion, text: S.opinionButton, value: requestId, style: 'primary' }),
    button({ id: ActionId.minutes, text: S.minutesButton, value: requestId }),
    button({ id: ActionId.result, text: S.resultButton, value: requestId }),
    {
      ...button({ id: ActionId.closeMeeting, text: S.closeButton, value: requestId }),
      confirm: {
        title: { type: 'plain_text', text: S.closeConfirmTitle },
        text: { type: 'plain_text', text: S.closeConfirm },
        confirm: { type: 'plain_text', text: S.closeConfirmYes },
        deny: { type: 'plain_text', text: S.cancel },
      },
    },
  ]);
}
