import { MeetingLimits } from '../../domain/meeting';
import type { Section, Tier } from '../../domain/org';
import { MeetingLabel } from '../../domain/text.ja';
import { CallbackId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { asBlocks, context, option, plain, section, staticSelectInput, textInput, type Block, type Modal } from './blocks';
import { textSections } from './meetingBlocks';

/** Input block ids of the opinion and answer forms. */
export const OpinionField = {
  text: 'opinion.text',
  section: 'opinion.section',
  tags: 'opinion.tags',
  tier: 'opinion.tier',
  answer: 'answer.text',
} as const;

export interface OpinionModalVm {
  caseNo: string;
  tier: Tier;
  /** Tiers to choose from; the choice is offered only when there are several. */
  tiers: Tier[];
  sections: Section[];
  sectionId: string;
  text: string;
  tags: string;
  correcting: number | null; // the opinion's number when correcting
  metadata: string;
}

/** 意見を記入: text, the section giving it, optional tags (and the meeting when several). */
export function opinionModal(vm: OpinionModalVm): Modal {
  const blocks: Block[] = [section(`*${esc(S.opinionIntro(vm.caseNo, vm.tier.name))}*${vm.correcting ? `　○(${vm.correcting})` : ''}`)];
  if (vm.tiers.length > 1 && vm.correcting === null) {
    blocks.push(
      staticSelectInput({
        id: OpinionField.tier,
        label: MeetingLabel.tier,
        options: vm.tiers.map((t) => option(clip(t.name, 75), t.id)),
        value: vm.tier.id,
        placeholder: S.tierPlaceholder,
      }),
    );
  }
  blocks.push(
    textInput({
      id: OpinionField.text,
      label: MeetingLabel.opinion,
      value: vm.text,
      max: MeetingLimits.opinion,
      multiline: true,
      hint: S.opinionHint,
    }),
    staticSelectInput({
      id: OpinionField.section,
      label: MeetingLabel.section,
      options: vm.sections.map((s) => option(clip(s.name, 75), s.id)),
      value: vm.sectionId,
      placeholder: S.sectionPlaceholder,
    }),
    textInput({ id: OpinionField.tags, label: MeetingLabel.tags, value: vm.tags, max: 200, optional: true, placeholder: '成果指標, 情報格差' }),
  );
  return {
    type: 'modal',
    callback_id: CallbackId.opinion,
    private_metadata: vm.metadata,
    title: plain(vm.correcting ? S.opinionCorrectTitle : S.opinionTitle),
    submit: plain(vm.correcting ? S.opinionCorrectSubmit : S.opinionSubmit),
    close: plain(S.cancel),
    blocks: asBlocks(blocks),
  };
}

export interface AnswerModalVm {
  caseNo: string;
  opinionSeq: number;
  opinionText: string;
  text: string;
  correcting: boolean;
  metadata: string;
}

/** 回答: the opinion quoted, then the answer. */
export function answerModal(vm: AnswerModalVm): Modal {
  return {
    type: 'modal',
    callback_id: CallbackId.answer,
    private_metadata: vm.metadata,
    title: plain(vm.correcting ? S.answerCorrectTitle : S.answerTitle),
    submit: plain(vm.correcting ? S.answerCorrectSubmit : S.answerSubmit),
    close: plain(S.cancel),
    blocks: asBlocks([
      context(esc(`案件 ${vm.caseNo}`)),
      ...textSections(vm.opinionText, `*○(${vm.opinionSeq})* `),
      textInput({ id: OpinionField.answer, label: S.answerTo(vm.opinionSeq), value: vm.text, max: MeetingLimits.answer, multiline: true }),
    ]),
  };
}
