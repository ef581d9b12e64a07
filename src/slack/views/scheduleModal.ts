import type { OrgConfig } from '../../domain/org';
import type { DateChoice } from '../../domain/dateChoice';
import type { RawRequestForm } from '../../domain/requestForm';
import { CallbackId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { asBlocks, section, type Modal } from './blocks';
import { desiredDateBlocks } from './desiredDates';

/** 「日程」: only the 審議希望日 of a filed request, one choice (or typed field) per tier. */
export function scheduleModal(a: {
  draftId: string;
  caseNo: string;
  title: string;
  raw: RawRequestForm;
  org: OrgConfig;
  /** Each tier's meetings still open for filing (tiers held as needed left out). */
  dateChoices: Record<string, DateChoice[]>;
}): Modal {
  return {
    type: 'modal',
    callback_id: CallbackId.schedule,
    private_metadata: JSON.stringify({ d: a.draftId }),
    title: { type: 'plain_text', text: S.scheduleTitle },
    submit: { type: 'plain_text', text: S.saveEdit },
    close: { type: 'plain_text', text: S.cancel },
    blocks: asBlocks([section(clip(S.scheduleIntro(esc(a.caseNo), esc(a.title)), 3000)), ...desiredDateBlocks(a.org, a.raw, a.dateChoices)]),
  };
}
