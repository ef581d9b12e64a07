import { minutesParts, type MinutesInput } from '../../domain/meetingMinutes';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { header, section, type Block } from './blocks';
import { SECTION_MAX } from './meetingBlocks';

const MESSAGE_MAX_BLOCKS = 50;

/**
 * 議事録 as thread messages: a header, then each part (結果等, 出席課・機関等, 主な意見)
 * as sections of whole escaped lines (a line longer than a section is cut between
 * characters). A record longer than one message continues in the next: never dropped.
 */
export function minutesMessages(caseNo: string, records: MinutesInput[]): { text: string; blocks: Block[] }[] {
  const blocks: Block[] = [header(clip(S.minutesHeading(caseNo), 150))];
  for (const m of records) {
    for (const part of minutesParts(m)) {
      let current = `*【${esc(part.title)}】*`;
      for (const line of part.lines) {
        for (const piece of pieces(esc(line), SECTION_MAX - 10)) {
          if (current.length + 1 + piece.length > SECTION_MAX) {
            blocks.push(section(current));
            current = piece;
          } else current = current === '' ? piece : `${current}\n${piece}`;
        }
      }
      blocks.push(section(current));
    }
  }
  const messages: { text: string; blocks: Block[] }[] = [];
  for (let i = 0; i < blocks.length; i += MESSAGE_MAX_BLOCKS) {
    const chunk = blocks.slice(i, i + MESSAGE_MAX_BLOCKS);
    messages.push({ text: messages.length === 0 ? S.minutesHeading(caseNo) : `${S.minutesHeading(caseNo)}（続き）`, blocks: chunk });
  }
  return messages;
}

/** Escaped text cut into pieces of at most `max` characters, never inside an entity. */
function pieces(escaped: string, max: number): string[] {
  const out: string[] = [];
  let rest = escaped;
  while (rest.length > max) {
    let cut = max;
    const amp = rest.lastIndexOf('&', cut);
    if (amp > cut - 5 && rest.indexOf(';', amp) >= cut) cut = amp;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}
