import { UiText } from '../domain/uiText.ja';

/** Japanese texts of the Slack adapter: the words both platforms share (domain/uiText.ja) and Slack's own (the form's own words are in domain/text.ja). */
export const S = {
  ...UiText,
  modalTitle: (page: number, pages: number) => `庁議 案件申込書 (${page}/${pages})`,
  teamsWriter: (id: string) => `Teams の利用者（${id}）`,
  cancel: '閉じる',
  attachmentsMoreInModal: (n: number) => `${UiText.attachmentsMore(n)}（「別紙資料」ボタンですべて表示します）`,
  rowsFull: (max: number) => `（${max}行まで）`,
  draftKept: '入力内容は自動で保存されます。閉じても、次にコマンドを実行すると続きから再開できます。',
  historyDateHint: '日・月・期間のいずれも可: H21.4.16 / H21.12 / H20.9~H21.2',
  periodLabel: '時期',
  calendarButton: 'カレンダー (.ics)',
  tierCalendars: '会議ごとのカレンダー (.ics):',
  scheduleIntro: (caseNo: string, title: string) => `*${caseNo}*　${title}\n${UiText.scheduleLead}`,
  notNeeded: '—',
  filedNotice: (caseNo: string) => `案件 ${caseNo} を受け付けました。`,
  updatedNotice: (caseNo: string, fields: string) => `案件 ${caseNo} を更新しました（${fields}）。`,
  unchangedNotice: (caseNo: string) => `案件 ${caseNo} に変更はありませんでした。`,
  externalShared: (caseNo: string) =>
    `案件 ${caseNo} は受け付けましたが、このチャンネルは外部の組織と共有されている（Slack コネクト）ため、意思決定過程の情報である申込書の内容は投稿しません。投稿してよいチャンネルを選んでください。`,
  chooseChannel: '投稿先のチャンネル',
  sharedCheckFailed: (caseNo: string) =>
    `案件 ${caseNo} は受け付けましたが、このチャンネルが外部の組織と共有されていないことを確認できなかったため、まだ投稿していません。しばらくしてから「再投稿」を押してください。`,
  notInChannel: (caseNo: string, channel: string) =>
    `案件 ${caseNo} は受け付けましたが、<#${channel}> に投稿できませんでした（ボットがチャンネルに参加していません）。チャンネルで \`/invite\` からボットを追加し、「再投稿」を押してください。`,
  repost: '再投稿',
  postedTo: (caseNo: string, channel: string) => `案件 ${caseNo} を <#${channel}> に投稿しました。`,
  help: (commands: string) =>
    [
      '*庁議ボット（案件申込）の使い方*',
      `• \`${commands}\` — 庁議 案件申込書を入力して申し込みます（3ページ）。入力途中で閉じても、次回続きから再開できます。`,
      `• \`${commands} list\`（一覧）— 最近の申込を一覧表示します。`,
      `• \`${commands} 期限\`（deadlines）— 今後の期限（パブリックコメント、議会への情報提供、資料提出、審議日など）を一覧表示します。`,
      `• \`${commands} 検索 語\`（search）— 案件番号・案件名・概要・審議内容・所管から、年度をまたいで新しい順に探します（例: \`検索 マネジメント\`）。`,
      `• \`${commands} 台帳 [年度]\`（register）— 年度の庁議案件一覧を Excel でダイレクトメッセージに送ります（例: \`台帳 R8\`。省略時は今年度）。`,
      `• \`${commands} 見通し\`（outlook）— 今後2週間の会議・期限と、要注意の案件（議会日程に間に合わない、申込締切後の申込、通知への未対応）をまとめて表示します。庁議事務局にはすべて、ほかの方には閲覧できる案件だけを表示します。`,
      `• \`${commands} 名簿\`（roster）— 庁議事務局が、課・機関ごとの出席者を登録・変更します（人事異動もここで）。`,
      '• アプリの「ホーム」タブに、あなたの申込、近い期限、今後の庁議がまとめて表示されます。',
      `• \`${commands} help\`（ヘルプ）— この説明を表示します。`,
      '• 投稿された申込書の「編集」から、申込者と庁議事務局は内容を変更できます。変更は履歴に残ります。',
      '• 日付は和暦・西暦どちらでも入力できます（例: R8.4.16、令和8年4月16日、2026-04-16、月までの指定 R8.12、期間 H20.9~H21.2）。',
    ].join('\n'),
  unknownSubcommand: (text: string) => `「${text}」は分かりませんでした。`,
  listHeading: (n: number) => `*最近の申込（${n}件）*`,
  open: '開く',
  forbidden: 'この操作はできません。',
  adHoc: '臨時',
  scheduleHeading: '*今後の会議と案件（4週間）*',
  noItems: '（案件なし）',
  // ---- reminders (issue 5) ----
  reminderRequest: (caseNo: string, title: string) => `案件 *${caseNo}*「${title}」`,
  reminderSnooze: '延期…',
  reminderDoneNote: (user: string) => `:white_check_mark: <@${user}> さんが対応済みにしました。この期限の通知は以上です。`,
  reminderSnoozedNote: (user: string, when: string) => `:zzz: <@${user}> さんが延期しました。${when} に改めてお知らせします。`,
  deadlinesHeading: (n: number) => `*今後の期限（${n}件）*`,
  // ---- end reminders ----
  // ---- meeting day (issue 4) ----
  closeConfirmTitle: '会議を終了しますか',
  closeConfirmYes: '終了する',
  withdrawConfirmTitle: '取り下げますか',
  attendanceGroup: (from: number, to: number) => `出席課・機関等（${from}〜${to}）`,
  unmapped: (userId: string) =>
    `あなた（ユーザーID \`${userId}\`）は出席者名簿でどの課・機関の出席者にも登録されていないため、出席を登録できませんでした。庁議事務局に、「名簿」（\`/案件申込 名簿\` またはアプリのホーム）であなたを課・機関に登録するよう依頼してください。登録はすぐに反映されます。`,
  tierPlaceholder: '会議を選択',
  by: (user: string) => `<@${user}>`,
  // ---- end meeting day ----
  // ---- roster (出席者名簿) ----
  rosterTitle: '出席者名簿',
  rosterSave: '保存',
  rosterSaveNext: '保存して次へ',
  rosterIntro: (from: number, to: number, of: number) =>
    `*出席者名簿*（課・機関 ${from}〜${to} / ${of}）\n課・機関ごとに、出席する人を選んでください。保存するとすぐに反映され、誰がいつ変更したかは履歴に残ります。人事異動で課・機関が変わった人は、新しい課・機関に選ぶと前の課・機関から外れます（これまでの出席記録はそのまま残ります）。`,
  rosterSavedPage: (added: number, removed: number) => `前のページを保存しました（追加 ${added}人・外した人 ${removed}人）。`,
  rosterSaved: (lines: string[]) =>
    lines.length ? `出席者名簿を保存しました。\n${lines.join('\n')}` : '出席者名簿を保存しました（変更はありませんでした）。',
  rosterAdded: (user: string, section: string) => `• 追加: <@${user}>（${section}）`,
  rosterRemoved: (user: string, section: string) => `• 外した: <@${user}>（${section}）`,
  rosterForbidden: '出席者名簿を変更できるのは庁議事務局だけです。ご自分の課・機関の登録は庁議事務局に依頼してください。',
  secretariatGroupUnreadable:
    '⚠ 庁議事務局のユーザーグループを読み取れません。いまは組織設定ファイルの secretariat.slack に書かれた人だけが庁議事務局として扱われ、グループのほかのメンバーは事務局の操作ができません。管理者に、secretariat.slackUsergroup のIDと、ボットの権限 usergroups:read を確認するよう依頼してください。',
  rosterTwoSections: (others: string[]) =>
    `同じ人が「${others.join('」「')}」にも入っています。1人が登録できる課・機関は1つだけです。どちらかから外してください（まだ何も保存していません）。`,
  rosterNotPeople: (n: number) =>
    `この欄の${n}人は登録できません（ボット、利用停止中のアカウント、ゲスト、外部の組織の人は出席者になれません）。外してから保存してください（まだ何も保存していません）。`,
  rosterConflict: '他の人が同時に名簿を変更しました。何も保存していません。もう一度「名簿」を開いてやり直してください。',
  rosterUnknownSection: '名簿のページが古くなっています（組織設定が変わりました）。もう一度「名簿」を開いてください。何も保存していません。',
  rosterRetry:
    '保存できませんでした（庁議事務局の確認か Slack への問い合わせに失敗しました）。選んだ内容はそのままです。時間をおいてもう一度「保存」を押してください。',
  // ---- end roster ----
} as const;

/** Subcommands, in Japanese and English. */
export const Subcommand = {
  help: ['help', 'ヘルプ', '使い方', '?', '？'],
  list: ['list', '一覧', 'いちらん'],
  deadlines: ['期限', 'deadlines', 'きげん'],
  schedule: ['日程', 'schedule', 'にってい'],
  roster: ['名簿', 'roster', 'めいぼ'],
  rotateFeeds: ['日程 リンク更新', 'リンク更新', 'schedule rotate'],
  register: ['台帳', 'register', 'だいちょう'],
  search: ['検索', 'search', 'けんさく'],
  outlook: ['見通し', 'outlook', 'みとおし'],
} as const;
