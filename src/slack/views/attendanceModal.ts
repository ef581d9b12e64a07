import type { Section } from '../../domain/org';
import { MeetingLabel } from '../../domain/text.ja';
import { CallbackId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { asBlocks, context, option, plain, section, type Block, type Modal } from './blocks';

/** Block Kit allows at most 10 options per checkboxes element. */
export const CHECKBOXES_MAX = 10;

export interface AttendanceModalVm {
  caseNo: string;
  tierName: string;
  sections: Section[];
  checked: string[];
  recorded: boolean;
  canSave: boolean;
  /** JSON the listener reads back on submit. */
  metadata: string;
}

export const attendanceBlockId = (i: number) => `attendance.${i}`;

/** 出席課・機関等: every attending section, in groups of ten checkboxes. */
export function attendanceModal(vm: AttendanceModalVm): Modal {
  const checked = new Set(vm.checked);
  const blocks: Block[] = [section(`*${esc(S.attendanceIntro(vm.caseNo, vm.tierName))}*`)];
  if (vm.canSave) {
    blocks.push(context(vm.recorded ? S.attendanceRecorded : S.attendanceUsual));
    for (let i = 0; i * CHECKBOXES_MAX < vm.sections.length; i++) {
      const group = vm.sections.slice(i * CHECKBOXES_MAX, (i + 1) * CHECKBOXES_MAX);
      const options = group.map((s) => option(clip(s.name, 75), s.id));
      const initial = options.filter((o) => checked.has(o.value));
      blocks.push({
        type: 'input',
        block_id: attendanceBlockId(i),
        optional: true,
        label: plain(S.attendanceGroup(i * CHECKBOXES_MAX + 1, i * CHECKBOXES_MAX + group.length)),
        element: {
          type: 'checkboxes',
          action_id: attendanceBlockId(i),
          options,
          ...(initial.length > 0 ? { initial_options: initial } : {}),
        },
      });
    }
  } else {
    // Read only: who is recorded present so far, and how to add oneself.
    const lines = vm.sections.map((s) => `${checked.has(s.id) && vm.recorded ? '☑' : '☐'} ${esc(s.name)}`);
    blocks.push(section(`*${MeetingLabel.attendance}*\n${lines.join('\n')}`));
    blocks.push(context(S.attendanceReadOnly));
  }
  return {
    type: 'modal',
    callback_id: CallbackId.attendance,
    private_metadata: vm.metadata,
    title: plain(S.attendanceTitle),
    close: plain(S.cancel),
    ...(vm.canSave ? { submit: plain(S.attendanceSave) } : {}),
    blocks: asBlocks(blocks),
  };
}
