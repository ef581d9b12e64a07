import type { Tier } from '../../domain/org';
import { CallbackId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { asBlocks, option, section, staticSelectInput, textInput, type Modal } from './blocks';

/** 結果記録 (the secretariat): 結果, the meeting as named on the paper, follow-up bullets. */
export function resultModal(a: {
  caseNo: string;
  title: string;
  tier: Tier;
  results: string[];
  current: { result: string; meetingLabel: string; followUps: string[] };
  metadata: string;
}): Modal {
  return {
    type: 'modal',
    callback_id: CallbackId.result,
    private_metadata: a.metadata,
    title: { type: 'plain_text', text: S.resultTitle },
    submit: { type: 'plain_text', text: S.saveEdit },
    close: { type: 'plain_text', text: S.cancel },
    blocks: asBlocks([
      section(clip(`*${esc(a.caseNo)}*　${esc(a.title)}\n*${esc(a.tier.name)}* ${S.resultIntro}`, 3000)),
      staticSelectInput({
        id: 'result',
        label: S.resultLabel,
        options: a.results.slice(0, 100).map((r) => option(clip(r, 75), r)),
        value: a.current.result,
        placeholder: S.resultPlaceholder,
      }),
      textInput({ id: 'meetingLabel', label: S.meetingLabel, value: a.current.meetingLabel, max: 100, optional: true, placeholder: '第3回検討会議' }),
      textInput({
        id: 'followUps',
        label: S.followUpsLabel,
        value: a.current.followUps.join('\n'),
        max: 3000,
        optional: true,
        multiline: true,
        hint: S.followUpsHint,
      }),
    ]),
  };
}
