import type { OpinionView } from '../../app/minutesView';
import type { Actor } from '../../domain/request';
import { ActionId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { actions, button, context, md, section, type Block } from './blocks';

/** Slack's limit for a section's text. */
export const SECTION_MAX = 3000;

/**
 * User text as mrkdwn sections of at most 3,000 characters after escaping, cut between
 * characters (never inside an entity): long text is continued, never dropped.
 * `prefix` is trusted markup put before the first piece.
 */
export function textSections(text: string, prefix = '', suffix = ''): Block[] {
  const out: Block[] = [];
  let piece = prefix;
  for (const ch of text) {
    const e = esc(ch);
    if (piece.length + e.length > SECTION_MAX) {
      out.push(section(piece));
      piece = '';
    }
    piece += e;
  }
  if (piece.length + suffix.length > SECTION_MAX) {
    out.push(section(piece));
    piece = '';
  }
  out.push(section(piece + suffix));
  return out;
}

/** The writer as Slack shows a person (a mention renders their name); a Teams writer by id. */
function writer(author: Actor): string {
  if (author.platform === 'slack' && /^[UW][A-Z0-9]+$/.test(author.userId)) return `<@${author.userId}>`;
  return esc(S.teamsWriter(author.userId));
}

const confirmWithdraw = {
  title: { type: 'plain_text', text: S.withdrawConfirmTitle },
  text: { type: 'plain_text', text: S.withdrawConfirm },
  confirm: { type: 'plain_text', text: S.withdrawButton },
  deny: { type: 'plain_text', text: S.cancel },
  style: 'danger',
};

/** ○(n) text — section, as posted in the request's thread, with 回答 / 訂正 / 取り下げ. */
export function opinionMessage(o: OpinionView, note?: string): { text: string; blocks: Block[] } {
  const head = `○(${o.seq}) `;
  const blocks: Block[] = [...(note ? [context(esc(note))] : []), ...textSections(o.text, `*${head}*`, `　— ${esc(o.section)}`)];
  // Who wrote it, beside its tags: the secretariat can tell who spoke for the section.
  const tags = o.tags.map((t) => `#${esc(t)}`).join('　');
  blocks.push(context([tags, esc(S.writtenBy('')) + writer(o.author)].filter(Boolean).join('　')));
  blocks.push(
    actions(`opinion.${o.id}`, [
      button({ id: ActionId.answer, text: S.answerButton, value: o.id, style: 'primary' }),
      button({ id: ActionId.correctOpinion, text: S.correctButton, value: o.id }),
      { ...button({ id: ActionId.withdrawOpinion, text: S.withdrawButton, value: o.id }), confirm: confirmWithdraw },
    ]),
  );
  return { text: clip(`${note ? `${note}: ` : ''}${head}${esc(o.text)} — ${esc(o.section)}`, 3000), blocks };
}

/** A plain notice in the thread (withdrawals), our text only. */
export function threadNotice(text: string): { text: string; blocks: Block[] } {
  return { text, blocks: [context(text)] };
}

/** → text, an answer in the thread, with 訂正 / 取り下げ (value: opinion id:answer id). */
export function answerMessage(
  a: { opinionId: string; answerId: string; opinionSeq: number; text: string; author: Actor },
  note?: string,
): { text: string; blocks: Block[] } {
  const value = `${a.opinionId}:${a.answerId}`;
  return {
    text: clip(`→${esc(a.text)}`, 3000),
    blocks: [
      context(esc(note ?? S.answerTo(a.opinionSeq))),
      ...textSections(a.text, '→'),
      context(esc(S.writtenBy('')) + writer(a.author)),
      actions(`answer.${a.answerId}`, [
        button({ id: ActionId.correctAnswer, text: S.correctButton, value }),
        { ...button({ id: ActionId.withdrawAnswer, text: S.withdrawButton, value }), confirm: confirmWithdraw },
      ]),
    ],
  };
}

/** What a person typed, given back (ephemeral) when it could not be saved. */
export function typedBack(intro: string, typed: string): { text: string; blocks: Block[] } {
  const sections = textSections(typed, '>');
  // A quote in mrkdwn continues only on lines that start with '>'.
  const quoted = sections.map((b) => ({ ...b, text: md(String((b.text as { text: string }).text).replace(/\n/g, '\n>')) }));
  const blocks = [section(esc(intro)), ...quoted].slice(0, 50);
  return { text: clip(`${intro}\n${esc(typed)}`, 3000), blocks };
}
