import type { MeetingInputError } from './meeting';
import type { FormError } from './requestForm';

/**
 * Japanese texts shared by every platform: the form's own words (as printed on the
 * paper 案件申込書) and the messages for validation and domain errors.
 */
export const FieldLabel = {
  filedOn: '申込日',
  title: '案件名',
  owner: '所管',
  summary: '概要',
  points: '審議内容(論点)',
  desiredDates: '審議希望日',
  ordinance: '条例等の調整',
  ordinanceDetail: '条例等の調整の内容',
  councilSession: '議会上程時期',
  publicComment: 'パブリックコメント',
  publicCommentPeriod: 'パブリックコメントの時期',
  councilInfoKind: '議会への情報提供',
  councilInfoPeriod: '議会への情報提供の時期',
  coordination: '関係部局との調整',
  history: '打合せ・会議の経過',
  remarks: '備考',
  party: '関係部局名等',
  item: '調整項目',
  status: '調整状況',
  date: '月日',
  meeting: '会議名等',
  content: '内容',
  /** History only: the warnings a filing or change went ahead with. */
  confirmedWarnings: '確認のうえ送信した警告',
} as const;

export const Choice = {
  ordinance: { none: 'なし', required: 'あり' },
  publicComment: { none: '実施なし', planned: '実施あり' },
  councilInfoNone: 'なし',
} as const;

export const DocumentTitle = '庁議 案件申込書';

const formMessages: Record<FormError['code'], (p: Record<string, string | number>) => string> = {
  required: () => '入力してください。',
  too_long: (p) => `${p.max}文字以内で入力してください。`,
  unknown_owner: () => '所管を一覧から選んでください。',
  unknown_tier: () => '設定にない会議です。',
  unknown_choice: () => '選択肢から選んでください。',
  tier_order: (p) => `${p.upper}は${p.lower}より後の日付にしてください。`,
  detail_required: () => '「あり」の場合は内容を入力してください。',
  period_required: () => '時期を入力してください（例: 令和8年12月、R8.12）。',
  row_name_required: () => 'この行に入力がある場合は必須です（不要な行は全て空欄にしてください）。',
  too_many_rows: (p) => `行は${p.max}行までです。`,
  'date.unreadable': () => '日付として読めません（例: R8.4.16、令和8年4月16日、2026-04-16）。',
  'date.no_such_day': () => 'その日付は存在しません。',
  'date.outside_era': () => 'その元号の期間外の日付です（平成は31年4月30日まで、令和は元年5月1日から）。',
  'date.precision': () => '年月日まで入力してください（例: R8.4.16）。',
  'date.range_order': () => '期間の始まりが終わりより後になっています。',
  'date.past': () => '過去の日付です。',
  'date.not_business_day': () => '閉庁日（土日・祝日・年末年始）です。開庁日を入力してください。',
  'date.not_meeting_day': (p) => `${p.tier}の定例日ではありません（次回以降の定例日: ${p.next}）。`,
  'date.other_required': () => '「その他の日」を選んだときは、日付を入力してください（例: R8.4.16）。',
  'date.cutoff_passed': (p) => `${p.tier}（${p.date}）の申込締切（${p.cutoff}）を過ぎています。申込に間に合う次の${p.tier}: ${p.next}。`,
  // ---- 議会上程時期からの逆算 (domain/councilPlan.ts) ----
  'plan.unknown_session': (p) =>
    `「${p.text}」に当たる定例会が議会の日程にありません。定例会の名前（例: 令和8年第4回定例会）か年月（例: R8.12）で入力してください。`,
  'plan.bill_deadline_passed': (p) => `${p.session}の議案提出期限（${p.deadline}）を過ぎています。間に合う次の定例会: ${p.next}。`,
  'plan.decision_passed': (p) =>
    `${p.session}に間に合う最後の${p.tier}（${p.meeting}）を過ぎています（議案提出期限 ${p.deadline}）。間に合う次の定例会: ${p.next}。`,
  'plan.no_deciding_meeting': (p) => `${p.session}の議案提出期限（${p.deadline}）に間に合う${p.tier}の開催日（${p.by}まで）がありません。`,
  'plan.public_comment_start': (p) =>
    `パブリックコメント（${p.days}日以上）を${p.session}の議案提出期限（${p.deadline}）に間に合わせるには、${p.start}までに開始する必要があります` +
    `（結果を${p.tier}（${p.meeting}）に諮るため${p.end}までに終了）。` +
    (p.passed ? `その日はすでに過ぎています。間に合う次の定例会: ${p.next}。` : ''),
  'plan.public_comment_end': (p) =>
    `パブリックコメントは、結果を${p.tier}（${p.meeting}）に諮るため${p.end}までに終える必要があります（${p.session}の議案提出期限 ${p.deadline}）。`,
  'plan.public_comment_short': (p) => `パブリックコメントの期間が${p.length}日です。${p.days}日以上必要です。`,
  'plan.council_info_late': (p) => `${p.session}の議会への情報提供（${p.kind}）は${p.by}までに行う必要があります。`,
  'plan.desired_after': (p) =>
    `審議希望日（${p.tier} ${p.desired}）が${p.session}に間に合う最後の${p.tier}（${p.meeting}）より後です（議案提出期限 ${p.deadline}）。`,
};

/** Said after a warning: how to go ahead anyway. */
export const confirmHint = 'このままでよければ、もう一度送信してください。';

export function formErrorMessage(e: FormError): string {
  const text = formMessages[e.code](e.params ?? {});
  return e.warning ? `${text}${confirmHint}` : text;
}

/** Messages for errors raised by use cases (DomainError codes). */
export const domainMessages = {
  'request.not_found': 'その案件は見つかりません（削除されたか、別の環境の案件です）。',
  'request.forbidden_edit': 'この案件を編集できるのは、申込者と庁議事務局だけです。',
  'request.stale': '他の人が先にこの案件を更新しました。',
  'draft.not_found': '入力中の申込書が見つかりません。お手数ですが、もう一度コマンドから始めてください。',
  'draft.already_submitted': 'この申込書はすでに送信済みです。',
  'draft.forbidden': 'この申込書は別の人が入力中のものです。ご自分の申込書はコマンドから始めてください。',
  'request.withdrawn':
    'この案件は取り下げられているため、変更できません（内容は「履歴」で確認できます）。取り下げの取り消しは庁議事務局に依頼してください。',
  'request.forbidden_withdraw': '案件を取り下げられるのは、申込者と庁議事務局だけです。',
  'request.forbidden_restore': '取り下げを取り消せるのは庁議事務局だけです。',
  'request.not_withdrawn': 'この案件は取り下げられていません。',
  // ---- meeting day (issue 4) ----
  'meeting.forbidden_result': '結果を記録できるのは庁議事務局だけです。',
  'meeting.closed': 'この会議は庁議事務局が終了しました。意見・回答の追加や訂正は庁議事務局に依頼してください。',
  'meeting.forbidden_attendance': '出席の登録（一覧の確定）ができるのは庁議事務局だけです。ご自分の課の出席は「出席」ボタンで登録できます。',
  'meeting.forbidden_close': '会議を終了できるのは庁議事務局だけです。',
  'meeting.unmapped':
    'あなたがどの課・機関の出席者か、出席者名簿に登録されていません。庁議事務局に、名簿であなたの課・機関を登録するよう依頼してください。',
  'roles.group_unreadable':
    '庁議事務局のユーザーグループを読み取れなかったため、庁議事務局かどうかを確認できませんでした（安全のため、できないものとして扱います）。時間をおいてもう一度お試しください。続く場合は管理者に、組織設定ファイルの secretariat.slackUsergroup のIDと、ボットの権限 usergroups:read を確認するよう依頼してください。',
  'roles.teams_group_unreadable':
    '庁議事務局のグループ（Entra ID）を読み取れなかったため、庁議事務局かどうかを確認できませんでした（安全のため、できないものとして扱います）。時間をおいてもう一度お試しください。続く場合は管理者に、組織設定ファイルの secretariat.teamsGroup のIDと、アプリの権限 GroupMember.Read.All（管理者の同意）を確認するよう依頼してください。',
  'roles.teams_people_unchecked':
    '選んだ人がボット・ゲスト・利用停止中のアカウント・外部の組織の人でないかを確認できなかったため、出席者名簿は保存していません。時間をおいてもう一度お試しください。続く場合は管理者に、Microsoft Graph への接続と、アプリの権限 User.Read.All（管理者の同意）を確認するよう依頼してください。',
  'opinion.not_found': 'その意見は見つかりません。',
  'opinion.withdrawn': 'その意見は取り下げられています。',
  'opinion.forbidden_answer': '回答（とその訂正）ができるのは、所管課（申込者）と庁議事務局だけです。',
  'opinion.forbidden_change': '意見を訂正・取り下げできるのは、記入した本人と庁議事務局だけです。',
  'answer.not_found': 'その回答は見つかりません。',
  // ---- end meeting day ----
  'input.too_large': '入力が入力欄の上限を超えているため、受け付けませんでした。',
  'input.malformed': '送信された内容を読み取れなかったため、受け付けませんでした。お手数ですが、もう一度操作してください。',
  unexpected: '申し訳ありません。処理中にエラーが発生しました。入力内容は保存されています。時間をおいてもう一度お試しください。',
} as const;

export type DomainErrorCode = keyof typeof domainMessages;

/** input.too_large naming the field: 「案件名は150文字（項目）までです。…」 */
export function inputTooLargeMessage(field: string, max: number): string {
  const label = (FieldLabel as Record<string, string>)[field] ?? (MeetingFieldLabel as Record<string, string>)[field];
  if (!label) return domainMessages['input.too_large'];
  return `${label}が上限（${max}）を超えているため、受け付けませんでした。`;
}

/** Fields of the meeting-day forms, for messages that name them. */
export const MeetingFieldLabel = {
  opinion: '意見',
  answer: '回答',
  tags: 'タグ',
  result: '結果',
  meetingLabel: '会議名',
  followUps: '今後の対応',
  sections: '出席課・機関等',
} as const;

// ---- meeting day (issue 4) ----
/** Labels of the meeting-day forms. */
export const MeetingLabel = {
  opinion: '意見',
  section: '意見を述べた課・機関',
  tags: 'タグ（任意、読点・カンマ区切り）',
  tier: '会議',
  answer: '回答',
  attendance: '出席課・機関等',
} as const;

const meetingInputMessages: Record<MeetingInputError['code'], (max?: number) => string> = {
  required: () => '入力してください。',
  too_long: (max) => `${max}文字以内で入力してください（長い場合は分けて記入してください）。`,
  unknown_section: () => '課・機関を一覧から選んでください。',
  not_your_section: () =>
    'ご自分の課・機関以外の名前では記入できません。代わりに記入するには、庁議事務局に依頼するか、組織設定ファイルの proxies で代理記入を許可してもらってください。',
  too_many_tags: (max) => `タグは${max}個までです。`,
  tag_too_long: (max) => `タグは1つ${max}文字以内です。`,
};

export function meetingInputMessage(e: MeetingInputError): string {
  return meetingInputMessages[e.code](e.max);
}
// ---- end meeting day ----
