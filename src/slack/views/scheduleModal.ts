import type { OrgConfig } from '../../domain/org';
import { Limits, type RawRequestForm } from '../../domain/requestForm';
import { CallbackId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { asBlocks, section, textInput, type Modal } from './blocks';

/** 「日程」: only the 審議希望日 of a filed request, one field per tier. */
export function scheduleModal(a: {
  draftId: string;
  caseNo: string;
  title: string;
  raw: RawRequestForm;
  org: OrgConfig;
  nextDates: Record<string, string>;
}): Modal {
  return {
    type: 'modal',
    callback_id: CallbackId.schedule,
    private_metadata: JSON.stringify({ d: a.draftId }),
    title: { type: 'plain_text', text: S.scheduleTitle },
    submit: { type: 'plain_text', text: S.saveEdit },
    close: { type: 'plain_text', text: S.cancel },
    blocks: asBlocks([
      section(clip(S.scheduleIntro(esc(a.caseNo), esc(a.title)), 3000)),
      ...a.org.tiers.map((t) =>
        textInput({
          id: `desiredDates.${t.id}`,
          label: t.name,
          value: a.raw.desiredDates[t.id] ?? '',
          max: Limits.period,
          optional: true,
          placeholder: S.dateHint,
          hint: a.nextDates[t.id] ? clip(S.nextDates(a.nextDates[t.id]), 2000) : t.rrule ? undefined : S.asNeeded,
        }),
      ),
    ]),
  };
}
