import type { RosterEntry } from '../../app/ports';
import type { Section } from '../../domain/org';
import { CallbackId } from '../ids';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import { asBlocks, context, plain, section, type Block, type Modal } from './blocks';

/** Sections per page of the 名簿: one input each, well within a modal's 100 blocks. */
export const ROSTER_PAGE = 20;

export const rosterBlockId = (sectionId: string) => `roster.${sectionId}`;

export const rosterPages = (sections: readonly Section[]) => Math.max(1, Math.ceil(sections.length / ROSTER_PAGE));

export function rosterPageSections(sections: readonly Section[], page: number): Section[] {
  return sections.slice(page * ROSTER_PAGE, (page + 1) * ROSTER_PAGE);
}

/** 出席者名簿, one page: a user picker per section holding who sits for it now. */
export function rosterModal(vm: { sections: readonly Section[]; page: number; people: readonly RosterEntry[]; note?: string }): Modal {
  const pages = rosterPages(vm.sections);
  const shown = rosterPageSections(vm.sections, vm.page);
  const from = vm.page * ROSTER_PAGE + 1;
  const blocks: Block[] = [];
  if (vm.note) blocks.push(context(esc(vm.note)));
  blocks.push(section(S.rosterIntro(from, from + shown.length - 1, vm.sections.length)));
  for (const s of shown) {
    const initial = vm.people.filter((p) => p.sectionId === s.id).map((p) => p.userId);
    blocks.push({
      type: 'input',
      block_id: rosterBlockId(s.id),
      optional: true,
      label: plain(clip(s.name, 2000)),
      element: {
        type: 'multi_users_select',
        action_id: rosterBlockId(s.id),
        placeholder: plain('出席する人を選択'),
        ...(initial.length ? { initial_users: initial } : {}),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: CallbackId.roster,
    private_metadata: JSON.stringify({ p: vm.page }),
    title: plain(S.rosterTitle),
    close: plain(S.cancel),
    submit: plain(vm.page + 1 < pages ? S.rosterSaveNext : S.rosterSave),
    blocks: asBlocks(blocks),
  };
}

/** What was changed, as lines of the confirmation (at most 40, then a count). */
export function rosterChangeLines(sections: readonly Section[], added: readonly RosterEntry[], removed: readonly RosterEntry[]): string[] {
  const name = (id: string) => esc(sections.find((s) => s.id === id)?.name ?? id);
  const lines = [
    ...removed.map((e) => S.rosterRemoved(e.userId, name(e.sectionId))),
    ...added.map((e) => S.rosterAdded(e.userId, name(e.sectionId))),
  ];
  return lines.length > 40 ? [...lines.slice(0, 40), `ほか ${lines.length - 40}件`] : lines;
}
