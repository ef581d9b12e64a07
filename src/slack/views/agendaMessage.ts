import type { MeetingAgenda } from '../../app/agenda';
import { formatJpDate, weekdayJa, type DateDisplay } from '../../domain/jpdate';
import { ownerLabel } from '../../domain/org';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { ActionId } from '../ids';
import { actions, button, context, header, md, type Block } from './blocks';
import { isoDay } from '../../domain/jpdate';

const LINES_PER_SECTION = 10;

function itemLine(n: number, r: MeetingAgenda['items'][number], link: string | null): string {
  const title = esc(clip(r.form.title, 150));
  return `${n}. *${r.caseNo}*　${link ? `<${link}|${title}>` : title}　（${esc(ownerLabel(r.form.owner))}）`;
}

/** A meeting day's agenda: the items in order, each linking to its request. */
export function agendaMessage(a: MeetingAgenda, links: Map<string, string | null>, display: DateDisplay): { text: string; blocks: Block[] } {
  const when = `${formatJpDate(a.day, display)}(${weekdayJa(a.day)})${a.tier.time ? ` ${a.tier.time}` : ''}`;
  const title = `${a.tier.name}　${when}`;
  const lines = a.items.map((r, i) => itemLine(i + 1, r, links.get(r.id) ?? null));
  const blocks: Block[] = [header(clip(`${S.agendaHeading}　${title}`, 150))];
  if (lines.length === 0) blocks.push({ type: 'section', text: md(S.agendaEmpty) });
  for (let i = 0; i < lines.length && blocks.length < 48; i += LINES_PER_SECTION) {
    blocks.push({ type: 'section', text: md(lines.slice(i, i + LINES_PER_SECTION).join('\n')) });
  }
  blocks.push(context(a.regular ? S.agendaCount(a.items.length) : `${S.agendaCount(a.items.length)}　${S.adHoc}`));
  // The meeting's packet, sent to whoever clicks (with the items they may see).
  if (a.items.length > 0)
    blocks.push(actions('agenda.actions', [button({ id: ActionId.packet, text: S.packetButton, value: `${a.tier.id} ${isoDay(a.day)}` })]));
  return { text: `${S.agendaHeading} ${title}（${a.items.length}件）`, blocks };
}

/** `/案件申込 日程`: the coming meetings and their items, as one ephemeral text. */
export function scheduleText(agendas: MeetingAgenda[], links: Map<string, string | null>, display: DateDisplay): string {
  if (agendas.length === 0) return S.scheduleEmpty;
  const parts = agendas.map((a) => {
    const head = `*${formatJpDate(a.day, display)}(${weekdayJa(a.day)}) ${esc(a.tier.name)}*${a.regular ? '' : `（${S.adHoc}）`}`;
    const items = a.items.length ? a.items.map((r, i) => itemLine(i + 1, r, links.get(r.id) ?? null)).join('\n') : `　${S.noItems}`;
    return `${head}\n${items}`;
  });
  return clip(`${S.scheduleHeading}\n${parts.join('\n')}`, 3000);
}
