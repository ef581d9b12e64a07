import type { OrgConfig } from '../../domain/org';
import type { DateChoice } from '../../domain/dateChoice';
import type { FormError, RawRequestForm } from '../../domain/requestForm';
import { desiredDateInputs } from './desiredDates';
import { formErrorMessage } from '../../domain/text.ja';
import { ScheduleVerb } from '../ids';
import { T } from '../strings';
import { card, heading, note, submit, textBlock, userText, type AdaptiveCard, type Element } from './card';

/** 「日程」 on a posted request: opens the 審議希望日 dialog (task/fetch). */
export interface ScheduleOpenData {
  verb: typeof ScheduleVerb.schedule;
  requestId: string;
}

/** 「更新する」 inside the dialog (task/submit): the draft id, besides the inputs. */
export interface ScheduleSaveData {
  verb: typeof ScheduleVerb.schedule;
  d: string;
}

export interface ScheduleDialogVm {
  draftId: string;
  caseNo: string;
  title: string;
  raw: RawRequestForm;
  org: OrgConfig;
  /** Each tier's meetings still open for filing (tiers held as needed left out). */
  dateChoices: Record<string, DateChoice[]>;
  /** Problems of the 審議希望日: errors, and warnings that submitting again confirms. */
  problems?: FormError[];
}

/** Under an input: an error in attention colour, a warning (confirmed by resubmitting) in warning colour. */
const problemText = (e: FormError, id: string): Element =>
  textBlock(formErrorMessage(e), { color: e.warning ? 'Warning' : 'Attention', size: 'Small', spacing: 'None', id: `${id}.error` });

/** The 審議希望日 of a filed request, one input per tier (Adaptive Card 1.5). */
export function scheduleDialogCard(vm: ScheduleDialogVm): AdaptiveCard {
  const problems = vm.problems ?? [];
  const problemOf = (tierId: string) => problems.find((e) => e.path[0] === 'desiredDates' && e.path[1] === tierId);
  const top: Element[] = [heading(T.scheduleCase(vm.caseNo)), userText(vm.title, { spacing: 'None' }), note(T.scheduleLead, { spacing: 'Small' })];
  if (problems.some((e) => !e.warning)) top.push(textBlock(T.fixErrors, { color: 'Attention', weight: 'Bolder' }));
  else if (problems.length > 0) top.push(textBlock(T.scheduleCheck, { color: 'Warning', weight: 'Bolder' }));
  // A problem with no input here (a tier no longer in the org file) is listed at the top.
  for (const e of problems.filter((p) => !vm.org.tiers.some((t) => p.path[0] === 'desiredDates' && p.path[1] === t.id))) {
    top.push(textBlock(`・${formErrorMessage(e)}`, { color: e.warning ? 'Warning' : 'Attention', spacing: 'None' }));
  }
  const tiers = vm.org.tiers.flatMap((t): Element[] => {
    const problem = problemOf(t.id);
    return desiredDateInputs(vm.org, t, vm.raw, vm.dateChoices[t.id], (input) => [
      problem && !problem.warning ? { ...input, errorMessage: formErrorMessage(problem) } : input,
      ...(problem ? [problemText(problem, String(input.id))] : []),
    ]);
  });
  const save: ScheduleSaveData = { verb: ScheduleVerb.schedule, d: vm.draftId };
  return card([...top, ...tiers], [submit(T.saveEdit, { ...save }, { style: 'positive' })]);
}
