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
} as const;
