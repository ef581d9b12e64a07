import { councilPlanHint } from '../../app/requestView';
import type { DateChoice } from '../../domain/dateChoice';
import { desiredDateBlocks } from './desiredDates';
import { findOwner, type OrgConfig } from '../../domain/org';
import { Limits, formPages, type FormPage, type RawRequestForm } from '../../domain/requestForm';
import { Choice, FieldLabel } from '../../domain/text.ja';
import { ActionId, CallbackId } from '../ids';
import { AttachmentLimits } from '../../domain/attachment';
import { FILE_INPUT_ID } from '../files';
import { clip, esc } from '../mrkdwn';
import { S } from '../strings';
import {
  actions,
  button,
  context,
  header,
  option,
  radioInput,
  section,
  staticSelectInput,
  textInput,
  asBlocks,
  fileInput,
  type Block,
  type Modal,
  type Option,
} from './blocks';

/** What a page of the request modal shows: pure data, built by the listeners. */
export interface RequestModalVm {
  draftId: string;
  page: FormPage;
  raw: RawRequestForm;
  org: OrgConfig;
  /** Case number when editing a filed request. */
  editing: string | null;
  resumed?: boolean;
  /** Messages for errors that sit on another page than this one. */
  notes?: string[];
  /** Each tier's meetings still open for filing (tiers held as needed left out), offered as its 審議希望日. */
  dateChoices?: Record<string, DateChoice[]>;
  /** 別紙資料 already given (kept with the draft), attached once it is filed. */
  pendingFiles?: string[];
}

export interface ModalMetadata {
  d: string; // draft id
  p: FormPage;
}

const pageNo = (p: FormPage) => formPages.indexOf(p) + 1;

export function ownerOption(org: OrgConfig, key: string): Option | null {
  const o = findOwner(org, key);
  return o ? option(clip(o.label, 75), o.key) : null;
}

function basics(vm: RequestModalVm, out: Block[]): void {
  const { raw, org } = vm;
  const initialOwner = raw.owner ? ownerOption(org, raw.owner) : null;
  const owner: Record<string, unknown> = {
    type: 'external_select',
    action_id: ActionId.owner,
    min_query_length: 0,
    placeholder: { type: 'plain_text', text: S.ownerPlaceholder },
  };
  if (initialOwner) owner.initial_option = initialOwner;
  out.push(
    textInput({ id: 'filedOn', label: FieldLabel.filedOn, value: raw.filedOn, max: Limits.period, placeholder: S.dateHint }),
    textInput({ id: 'title', label: FieldLabel.title, value: raw.title, max: Limits.title, placeholder: '(仮称)〇〇計画の策定について' }),
    { type: 'input', block_id: 'owner', label: { type: 'plain_text', text: `${FieldLabel.owner}（局・部・担当）` }, element: owner },
    textInput({ id: 'summary', label: FieldLabel.summary, value: raw.summary, max: Limits.summary, multiline: true }),
    textInput({
      id: 'points',
      label: FieldLabel.points,
      value: raw.points,
      max: Limits.points,
      multiline: true,
      optional: true,
      placeholder: '○ 計画の考え方',
    }),
    section(`*${FieldLabel.desiredDates}*　${S.desiredDatesHint}`, 'desiredDates.heading'),
  );
  for (const b of desiredDateBlocks(org, raw, vm.dateChoices ?? {})) out.push(b);
}

function rowsOf<T>(rows: T[], blank: T): T[] {
  return rows.length > 0 ? rows : [blank];
}

function schedule(vm: RequestModalVm, out: Block[]): void {
  const { raw, org } = vm;
  const rows = rowsOf(raw.coordination, { party: '', item: '', status: '' });
  const kinds: Option[] = [option(Choice.councilInfoNone, 'none')];
  for (const k of org.councilInfoKinds) kinds.push(option(clip(k, 75), k));
  out.push(
    radioInput({
      id: 'ordinance',
      label: FieldLabel.ordinance,
      options: [option(Choice.ordinance.none, 'none'), option(Choice.ordinance.required, 'required')],
      value: raw.ordinance,
    }),
    textInput({ id: 'ordinanceDetail', label: S.ordinanceDetailLabel, value: raw.ordinanceDetail, max: Limits.ordinanceDetail, optional: true }),
    textInput({
      id: 'councilSession',
      label: FieldLabel.councilSession,
      value: raw.councilSession,
      max: Limits.councilSession,
      optional: true,
      placeholder: S.councilSessionPlaceholder,
      hint: clip(councilPlanHint(org, raw) ?? '', 2000) || undefined,
    }),
    radioInput({
      id: 'publicComment',
      label: FieldLabel.publicComment,
      options: [option(Choice.publicComment.none, 'none'), option(Choice.publicComment.planned, 'planned')],
      value: raw.publicComment,
    }),
    textInput({
      id: 'publicCommentPeriod',
      label: `${FieldLabel.publicComment}の${S.periodLabel}`,
      value: raw.publicCommentPeriod,
      max: Limits.period,
      optional: true,
      hint: S.periodHint,
    }),
    staticSelectInput({
      id: 'councilInfoKind',
      label: FieldLabel.councilInfoKind,
      options: kinds,
      value: raw.councilInfoKind === '' ? 'none' : raw.councilInfoKind,
      optional: true,
      placeholder: Choice.councilInfoNone,
    }),
    textInput({
      id: 'councilInfoPeriod',
      label: `${FieldLabel.councilInfoKind}の${S.periodLabel}`,
      value: raw.councilInfoPeriod,
      max: Limits.period,
      optional: true,
      hint: S.periodHint,
    }),
    header(FieldLabel.coordination),
    context(S.blankRowsIgnored),
  );
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out.push(
      textInput({ id: `coordination.${i}.party`, label: `${FieldLabel.party} (${i + 1})`, value: r.party, max: Limits.rowName, optional: true }),
      textInput({
        id: `coordination.${i}.item`,
        label: `${FieldLabel.item} (${i + 1})`,
        value: r.item,
        max: Limits.rowText,
        optional: true,
        multiline: true,
      }),
      textInput({
        id: `coordination.${i}.status`,
        label: `${FieldLabel.status} (${i + 1})`,
        value: r.status,
        max: Limits.rowText,
        optional: true,
        multiline: true,
      }),
    );
  }
  const buttons: Record<string, unknown>[] = [];
  if (rows.length < Limits.coordinationRows) buttons.push(button({ id: ActionId.addCoordinationRow, text: S.addRow }));
  buttons.push(button({ id: ActionId.back, text: S.back, value: 'basics' }));
  out.push(actions('coordination.actions', buttons));
}

function history(vm: RequestModalVm, out: Block[]): void {
  const { raw } = vm;
  const rows = rowsOf(raw.history, { date: '', meeting: '', content: '' });
  out.push(header(FieldLabel.history), context(S.blankRowsIgnored));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out.push(
      textInput({
        id: `history.${i}.date`,
        label: `${FieldLabel.date} (${i + 1})`,
        value: r.date,
        max: Limits.period,
        optional: true,
        placeholder: S.historyDateHint,
      }),
      textInput({ id: `history.${i}.meeting`, label: `${FieldLabel.meeting} (${i + 1})`, value: r.meeting, max: Limits.rowName, optional: true }),
      textInput({
        id: `history.${i}.content`,
        label: `${FieldLabel.content} (${i + 1})`,
        value: r.content,
        max: Limits.rowText,
        optional: true,
        multiline: true,
      }),
    );
  }
  const buttons: Record<string, unknown>[] = [];
  if (rows.length < Limits.historyRows) buttons.push(button({ id: ActionId.addHistoryRow, text: S.addRow }));
  buttons.push(button({ id: ActionId.back, text: S.back, value: 'schedule' }));
  out.push(
    actions('history.actions', buttons),
    textInput({ id: 'remarks', label: FieldLabel.remarks, value: raw.remarks, max: Limits.remarks, optional: true, multiline: true }),
  );
  // 別紙資料: downloaded and checked once the request is filed (or the edit saved).
  if (vm.pendingFiles?.length) out.push(context(clip(S.attachmentsPending(vm.pendingFiles.map(esc)), 3000)));
  out.push(fileInput({ id: FILE_INPUT_ID, label: S.attachmentsInputLabel, hint: S.attachmentsInputHint, maxFiles: AttachmentLimits.perSubmission }));
}

/** Each page appends its blocks to the modal's, so no page builds an array of its own to be copied. */
const builders: Record<FormPage, (vm: RequestModalVm, out: Block[]) => void> = { basics, schedule, history };

/** One page of the 案件申込書 modal. */
export function requestModal(vm: RequestModalVm): Modal {
  const n = pageNo(vm.page);
  const last = n === formPages.length;
  const intro = vm.editing ? S.editing(vm.editing) : vm.resumed ? S.resumed : '';
  const top: Block[] = [context(`*${S.pageHeading[vm.page]}*　${intro}${intro ? ' ' : ''}${S.draftKept}`)];
  if (vm.resumed && vm.page === 'basics') {
    top.push(actions('resume.actions', [button({ id: ActionId.startOver, text: S.startOver, style: 'danger' })]));
  }
  if (vm.notes && vm.notes.length > 0) {
    top.push(section(clip(`:warning: ${S.errorsOnOtherPage}\n${vm.notes.map((m) => `• ${m}`).join('\n')}`, 3000), 'notes'));
  }
  builders[vm.page](vm, top);
  const metadata: ModalMetadata = { d: vm.draftId, p: vm.page };
  return {
    type: 'modal' as const,
    callback_id: CallbackId.requestForm,
    private_metadata: JSON.stringify(metadata),
    notify_on_close: true,
    title: { type: 'plain_text' as const, text: vm.editing ? S.editTitle(n, formPages.length) : S.modalTitle(n, formPages.length) },
    submit: { type: 'plain_text' as const, text: last ? (vm.editing ? S.saveEdit : S.fileIt) : S.next },
    close: { type: 'plain_text' as const, text: S.cancel },
    blocks: asBlocks(top),
  };
}

/** Shown instead of saving when someone else changed the same fields meanwhile. */
export function conflictModal(a: { caseNo: string; conflicts: string[]; typed: { label: string; text: string }[] }): Modal {
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: S.conflictTitle },
    close: { type: 'plain_text' as const, text: S.cancel },
    blocks: asBlocks([
      section(S.conflict(a.conflicts.join('、'))),
      header(S.yourInput),
      ...a.typed.slice(0, 40).map((t) => section(clip(`*${t.label}*\n${esc(t.text)}`, 3000))),
    ]),
  };
}
