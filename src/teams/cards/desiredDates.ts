import { dateSelection, NO_DATE, OTHER_DATE, type DateChoice } from '../../domain/dateChoice';
import type { OrgConfig, Tier } from '../../domain/org';
import { Limits, type RawRequestForm } from '../../domain/requestForm';
import { InputId } from '../ids';
import { T } from '../strings';
import { choiceSet, clip, note, textInput, type Element } from './card';

/**
 * One tier's 審議希望日 (form page 1 and 日程): a compact choice of its meetings still
 * open for filing plus 「その他の日」, with the その他の日 text under it (Adaptive Cards
 * 1.5 cannot show an input on a choice, so it is always there and says when it counts);
 * a tier held as needed is typed. `decorate` adds the error under an input.
 */
export function desiredDateInputs(
  org: OrgConfig,
  tier: Tier,
  raw: Pick<RawRequestForm, 'desiredDates' | 'desiredDateOther'>,
  offered: DateChoice[] | undefined,
  decorate: (input: Element) => Element[],
): Element[] {
  const id = InputId.tierDate(tier.id);
  const typed = raw.desiredDates[tier.id] ?? '';
  if (!offered) {
    return [
      ...decorate(textInput({ id, label: tier.name, value: typed, max: Limits.period, placeholder: T.dateHint })),
      note(T.asNeeded, { spacing: 'None' }),
    ];
  }
  const sel = dateSelection(offered, typed, !!raw.desiredDateOther?.[tier.id]);
  const choice = choiceSet({
    id,
    label: tier.name,
    value: sel.selected ?? '',
    style: 'compact',
    placeholder: T.datePlaceholder,
    choices: [
      ...offered.map((c) => ({ title: clip(c.label, 100), value: c.value })),
      { title: T.otherDate, value: OTHER_DATE },
      { title: T.noDate, value: NO_DATE },
    ],
  });
  return [
    ...decorate(choice),
    ...(offered.length ? [] : [note(T.noOpenDates, { spacing: 'None' })]),
    textInput({ id: InputId.otherDate(tier.id), label: T.otherDateIfPicked, value: sel.other, max: Limits.period, placeholder: T.dateHint }),
  ];
}
