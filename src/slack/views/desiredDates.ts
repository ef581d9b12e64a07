import { dateSelection, NO_DATE, OTHER_DATE, type DateChoice } from '../../domain/dateChoice';
import type { OrgConfig } from '../../domain/org';
import { Limits, type RawRequestForm } from '../../domain/requestForm';
import { clip } from '../mrkdwn';
import { S } from '../strings';
import { option, plain, textInput, type Block, type Option } from './blocks';

/** The block of a tier's その他の日 text, shown under its choice once その他の日 is picked. */
export const otherDateBlockId = (tierId: string) => `desiredDates.${tierId}.other`;

/**
 * The 審議希望日 inputs, one per tier, for the request modal and 日程: a tier with
 * regular days is a choice of its meetings still open for filing plus 「その他の日」
 * (picking it re-renders the view with a text input: dispatch_action); a tier held as
 * needed is typed. `choices` holds the tiers offered as a choice.
 */
export function desiredDateBlocks(
  org: OrgConfig,
  raw: Pick<RawRequestForm, 'desiredDates' | 'desiredDateOther'>,
  choices: Record<string, DateChoice[]>,
): Block[] {
  const blocks: Block[] = [];
  for (const t of org.tiers) {
    const id = `desiredDates.${t.id}`;
    const typed = raw.desiredDates[t.id] ?? '';
    const offered = choices[t.id];
    if (!offered) {
      blocks.push(textInput({ id, label: t.name, value: typed, max: Limits.period, optional: true, placeholder: S.dateHint, hint: S.asNeeded }));
      continue;
    }
    const sel = dateSelection(offered, typed, !!raw.desiredDateOther?.[t.id]);
    const options: Option[] = new Array<Option>(offered.length + 2);
    let initial: Option | undefined;
    for (let i = 0; i < offered.length; i++) {
      const c = offered[i];
      options[i] = option(clip(c.label, 75), c.value);
      if (initial === undefined && c.value === sel.selected) initial = options[i];
    }
    options[offered.length] = option(S.otherDate, OTHER_DATE);
    options[offered.length + 1] = option(S.noDate, NO_DATE);
    // The first option of the value, as find() would: a meeting day never equals these two.
    if (initial === undefined)
      initial = sel.selected === OTHER_DATE ? options[offered.length] : sel.selected === NO_DATE ? options[offered.length + 1] : undefined;
    const element: Record<string, unknown> = { type: 'static_select', action_id: id, placeholder: plain(S.datePlaceholder), options };
    if (initial) element.initial_option = initial;
    blocks.push({
      type: 'input',
      block_id: id,
      optional: true,
      dispatch_action: true,
      label: plain(t.name),
      element,
      hint: plain(!offered.length ? S.noOpenDates : t.cutoff ? S.dateChoiceCutoffHint : S.dateChoiceHint),
    });
    if (sel.selected !== OTHER_DATE) continue;
    blocks.push(
      textInput({
        id: otherDateBlockId(t.id),
        label: S.otherDateLabel(t.name),
        value: sel.other,
        max: Limits.period,
        optional: true,
        placeholder: S.dateHint,
      }),
    );
  }
  return blocks;
}
