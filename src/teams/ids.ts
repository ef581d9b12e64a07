/** Every verb, input id and command the Teams adapter uses, in one place. */

/** `data.verb` of card actions; teams-ai routes task/fetch, task/submit and Action.Submit by it. */
export const Verb = {
  /** 「申込書を開く」 on the 案件申込 card → task/fetch: a new (or resumed) form. */
  openForm: 'request.open',
  /** 「編集」 on a posted request → task/fetch: the form with the request's content. */
  edit: 'request.edit',
  /** Every button inside the form dialog → task/submit. */
  form: 'request.form',
} as const;

/** `data.verb` of 「PDF」 on a posted request: an Action.Submit answered with a signed link. */
export const DocumentVerb = { pdf: 'request.pdf', packet: 'agenda.packet' } as const;

// ---- 日程 dialog ----
/**
 * `data.verb` of 「日程」 on a posted request: the 審議希望日 only. The same verb opens the
 * dialog (task/fetch, `requestId`) and saves it (task/submit, `d`: the draft id); the
 * inputs are InputId.tierDate.
 */
export const ScheduleVerb = { schedule: 'request.schedule' } as const;
// ---- end 日程 dialog ----

/**
 * 取り下げ, its undo and 履歴 on a posted request: each verb opens its dialog (task/fetch,
 * `requestId`) and acts inside it (task/submit; 履歴 pages with `page`).
 */
export const RecordVerb = { withdraw: 'request.withdraw', restore: 'request.restore', history: 'request.history' } as const;
export const RecordInput = { reason: 'withdrawReason' } as const;

// ---- meeting day (issue 6) ----
/**
 * `data.verb` of the meeting-day buttons. The same verb opens a dialog (task/fetch) and
 * saves it (task/submit): teams-ai tells them apart by the invoke's name. 議事録 is a
 * plain Action.Submit (a message activity with `value`), routed by adaptiveCards.actionSubmit.
 */
export const MeetingVerb = {
  /** 出席登録 (the secretariat confirms the list; others see it read-only). */
  attendance: 'meeting.attendance',
  /** 出席: an attendee marks their own section present (answered in a small message). */
  present: 'meeting.present',
  /** 意見を記入 (requestId) and 訂正 (opinionId). */
  opinion: 'opinion.save',
  withdrawOpinion: 'opinion.withdraw',
  /** 回答 (opinionId) and 訂正 of an answer (opinionId + answerId). */
  answer: 'answer.save',
  withdrawAnswer: 'answer.withdraw',
  result: 'meeting.result',
  minutes: 'meeting.minutes',
  close: 'meeting.close',
} as const;

/** Input ids of the meeting-day dialogs. */
export const MeetingInput = {
  attendance: 'attendance',
  tier: 'tier',
  text: 'text',
  section: 'sectionId',
  tags: 'tags',
  result: 'result',
  meetingLabel: 'meetingLabel',
  followUps: 'followUps',
  typed: 'typed',
} as const;
// ---- end meeting day ----

/** What a button inside the form dialog asks for (`data.step`). */
export const FormStep = {
  next: 'next',
  back: 'back',
  addRow: 'addRow',
  startOver: 'startOver',
} as const;
export type FormStep = (typeof FormStep)[keyof typeof FormStep];

/** Input ids: field names, `desiredDates.<tier>`, `<table>.<row>.<column>` (as FormError paths joined by dots). */
export const InputId = {
  field: (name: string) => name,
  tierDate: (tierId: string) => `desiredDates.${tierId}`,
  /** A tier's その他の日 text, under its choice. */
  otherDate: (tierId: string) => `desiredDates.${tierId}.other`,
  cell: (table: 'coordination' | 'history', row: number, column: string) => `${table}.${row}.${column}`,
  /** The input an error path belongs to: ['history', 2, 'date'] → history.2.date */
  of: (path: (string | number)[]) => path.map(String).join('.'),
} as const;

/** Values of the なし/あり style choice sets, as the form schema expects them. */
export const ChoiceValue = { none: 'none', required: 'required', planned: 'planned' } as const;

/** Message commands (the manifest's commandList offers the first of each). */
export const Command = {
  file: ['案件申込', '申込', 'anken'],
  list: ['一覧', 'list', 'いちらん'],
  help: ['ヘルプ', 'help', '使い方', '?', '？'],
  deadlines: ['期限', 'deadlines', 'きげん'],
  schedule: ['日程', 'schedule', 'にってい'],
  attachments: ['別紙資料', 'attachments', 'べっししりょう'],
  home: ['ホーム', 'home', 'ほーむ'],
  roster: ['名簿', 'roster', 'めいぼ'],
  rotateFeeds: ['日程 リンク更新', 'リンク更新', 'schedule rotate'],
  register: ['台帳', 'register', 'だいちょう'],
  search: ['検索', 'search', 'けんさく'],
  outlook: ['見通し', 'outlook', 'みとおし'],
} as const;

// ---- 別紙資料 ----
/** `data.verb` of 「追加する」 on the 別紙資料 card (plain Action.Submit). */
export const AttachmentVerb = { attach: 'attachments.attach' } as const;
export const AttachmentInput = { requestId: 'attachRequestId', link: 'attachLink', linkName: 'attachLinkName' } as const;
// ---- end 別紙資料 ----
// ---- the desk and the roster (issue 13) ----
/** `data.verb` of the buttons on the ホーム card and the 名簿 card (plain Action.Submit). */
export const DeskVerb = {
  done: 'desk.reminder.done',
  snooze: 'desk.reminder.snooze',
  reload: 'desk.reload',
  roster: 'desk.roster',
  rosterSave: 'desk.roster.save',
} as const;
// ---- end the desk ----

// ---- reminders (issue 6) ----
/** `data.verb` of the buttons on a reminder card (plain Action.Submit, routed by adaptiveCards.actionSubmit). */
export const ReminderVerb = {
  done: 'reminder.done',
  snooze: 'reminder.snooze',
} as const;

export const ReminderInput = { snoozeDays: 'snoozeDays' } as const;
// ---- end reminders ----
