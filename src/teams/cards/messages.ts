import type { AgendaRequest } from '../../domain/request';
import { Verb } from '../ids';
import { T } from '../strings';
import { actionSet, card, heading, note, submit, textBlock, type AdaptiveCard, type Element } from './card';

/** The answer to 案件申込: a button that opens the form dialog (task/fetch). */
export function launcherCard(): AdaptiveCard {
  return card([heading(T.launcherTitle), textBlock(T.launcherText), actionSet([submit(T.openForm, { verb: Verb.openForm }, { dialog: true, style: 'positive' })])], [], false);
}

/** 一覧: recent requests, one line each (titles are user text: TextRuns, never Markdown). */
export function listCard(items: { request: AgendaRequest; owner: string; filedOn: string }[]): AdaptiveCard {
  if (items.length === 0) return card([textBlock(T.listEmpty)], [], false);
  const lines: Element[] = items.map(({ request, owner, filedOn }) => ({
    type: 'RichTextBlock',
    inlines: [
      { type: 'TextRun', text: request.caseNo, weight: 'Bolder' },
      { type: 'TextRun', text: `　${request.form.title}` },
      { type: 'TextRun', text: `　（${owner}・${filedOn}）`, isSubtle: true },
    ],
    separator: true,
  }));
  return card([heading(T.listHeading(items.length)), ...lines], [], false);
}

/** ヘルプ: our own text (Markdown is fine here: nothing in it comes from users). */
export const helpCard = (prefix?: string): AdaptiveCard =>
  card([...(prefix ? [note(prefix)] : []), ...T.help.split('\n').filter(Boolean).map((line) => textBlock(line, { spacing: 'Small' }))], [], false);
