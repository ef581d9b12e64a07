import { UiText } from '../domain/uiText.ja';

/** Japanese texts of the Teams adapter: the words both platforms share (domain/uiText.ja) and Teams' own (the form's own words are in domain/text.ja). */
export const T = {
  ...UiText,
  dialogTitle: (page: number, pages: number) => `庁議 案件申込書 (${page}/${pages})`,
  required: '（必須）',
  draftKept: '「次へ」「戻る」「行を追加」を押すたびに入力内容を保存します。閉じても、もう一度「案件申込」から続きを再開できます。',
  rowsFull: (max: number) => `行は${max}行までです。`,
  historyDateHint: 'H21.4.16 / H21.12 / H20.9~H21.2',
  titlePlaceholder: '(仮称)〇〇計画の策定について',
  periodOf: (label: string) => `${label}の時期`,
  row: (label: string, n: number) => `${label} (${n})`,
  rowHeading: (n: number) => `${n}行目`,
  fixErrors: '入力に誤りがあります。各項目の下の説明を確認してください。',
  // the 案件申込 card
  launcherTitle: '庁議 案件申込書',
  launcherText: '下のボタンから申込書（3ページ）を入力してください。入力途中で閉じても、続きから再開できます。',
  openForm: '申込書を開く',
  registerPersonalOnly:
    '台帳（庁議案件一覧）は、ボットとの個人チャットで「台帳」または「台帳 R8」と送ってください（チャンネルにはダウンロードのリンクを出しません）。',
  registerNotConfigured: '台帳のダウンロードは設定されていません（PUBLIC_URL と LINK_SECRET）。庁議事務局に連絡してください。',
  // answers
  filed: (caseNo: string) => `案件 ${caseNo} を受け付けました。`,
  duplicate: (caseNo: string) => `この申込書は案件 ${caseNo} としてすでに受け付けています。`,
  updated: (caseNo: string, fields: string) => `案件 ${caseNo} を更新しました（${fields}）。`,
  unchanged: (caseNo: string) => `案件 ${caseNo} に変更はありませんでした。`,
  help: [
    '**庁議ボット（案件申込）の使い方**',
    '',
    '- **案件申込**（申込）: 庁議 案件申込書を入力して申し込みます（3ページ）。入力途中で閉じても、次回続きから再開できます。',
    '- **一覧**（list）: 最近の申込を一覧表示します。',
    '- **日程**（schedule）: 今後4週間の会議と、それぞれの案件を表示します。',
    '- **期限**（deadlines）: 今後の期限（パブリックコメント、議会への情報提供、資料提出、審議日など）を一覧表示します。期限が近づくと、申込書を投稿した会話にお知らせが届きます（「対応済み」「延期」で操作できます）。',
    '- **別紙資料**: 案件に別紙資料を追加します。ボットとの個人チャットにファイルを送ると、どの案件に付けるかを選べます（10ファイルまで・1ファイル10MBまで）。SharePoint / OneDrive のリンクも追加できます。',
    '- **検索 語**（search）: 案件番号・案件名・概要・審議内容・所管から、年度をまたいで新しい順に探します（例: 検索 マネジメント）。',
    '- **台帳 [年度]**（register）: 年度の庁議案件一覧（Excel）のダウンロードリンクを個人チャットに返します（例: 台帳 R8）。',
    '- **ホーム**（home）: あなたの申込、近い期限、今後の庁議をまとめたカードを表示します（個人チャットで）。内容が変わると同じカードが更新されます。',
    '- **見通し**（outlook）: 今後2週間の会議・期限と、要注意の案件（議会日程に間に合わない、申込締切後の申込、通知への未対応）をまとめて表示します。庁議事務局にはすべて、ほかの方には閲覧できる案件だけを表示します。',
    '- **名簿**（roster）: 庁議事務局が、課・機関ごとの出席者を登録・変更します（人事異動もここで）。',
    '- **ヘルプ**（help）: この説明を表示します。',
    '- 投稿された申込書の「編集」から、申込者と庁議事務局は内容を変更できます。「日程」では審議希望日だけを変更できます。変更は履歴に残ります。',
    '- 会議当日は、申込書のボタンから「出席登録」「出席」「意見を記入」「結果記録」「会議を終了」「議事録」を操作できます。意見には「回答」「訂正」「取り下げ」があります。',
    '- 日付は和暦・西暦どちらでも入力できます（例: R8.4.16、令和8年4月16日、2026-04-16、月までの指定 R8.12、期間 H20.9~H21.2）。',
  ].join('\n'),
  unknownCommand: '分からないメッセージでした。「案件申込」「一覧」「日程」「期限」「ホーム」「名簿」「ヘルプ」のいずれかを送ってください。',
  listHeading: (n: number) => `最近の申込（${n}件）`,
  // ---- meeting day (issue 6) ----
  meetingHeading: '会議',
  unmapped: (userId: string) =>
    `あなた（ユーザーID ${userId}）は出席者名簿でどの課・機関の出席者にも登録されていないため、出席を登録できませんでした。庁議事務局に、ボットとの個人チャットの「名簿」であなたを課・機関に登録するよう依頼してください。登録はすぐに反映されます。`,
  tagsPlaceholder: '成果指標, 情報格差',
  withdrawTitle: '取り下げますか',
  closeTitle: '会議を終了しますか',
  closeYes: '終了する',
  resultSave: '記録する',
  opinionSaved: (seq: number) => `意見(${seq})を記入しました。`,
  answerSaved: (seq: number) => `意見(${seq})に回答しました。`,
  minutesContinued: (caseNo: string, n: number) => `議事録　案件 ${caseNo}（続き ${n}）`,
  withdrawnMark: '（取り下げ）',
  // ---- end meeting day ----
  // ---- 日程 dialog: the 審議希望日 of a posted request (the shared words are in domain/uiText.ja) ----
  scheduleCase: (caseNo: string) => `案件 ${caseNo}`,
  scheduleCheck: '確認が必要な審議希望日があります。各会議の下の説明を確認してください。',
  // ---- end 日程 dialog ----
  // ---- reminders (issue 6) ----
  reminderOwner: '申込者',
  reminderCase: '案件',
  reminderSnooze: '延期',
  reminderSnoozeLabel: '延期する場合の再通知',
  reminderSnoozeChoose: '再通知の日数を選んでから「延期」を押してください。',
  reminderDoneNote: (who: string) => `${who}さんが対応済みにしました。この期限の通知は以上です。`,
  reminderSnoozedNote: (who: string, when: string) => `${who}さんが延期しました。${when} に改めてお知らせします。`,
  reminderSomeone: '担当者',
  deadlinesHeading: (n: number) => `今後の期限（${n}件）`,
  scheduleHeading: '今後の会議と案件（4週間）',
  scheduleAdHoc: '臨時',
  scheduleNoItems: '（案件なし）',
  scheduleMore: (n: number) => `ほか ${n}件の会議は省略しました。`,
  scheduleMoreItems: (n: number) => `ほか ${n}件`,
  tierCalendars: '会議の予定をカレンダーに追加:',
  // ---- end reminders ----
  pdfHiddenHere: 'この案件は見つからないか、あなたには閲覧する権限がありません。',
  // ---- the desk (ホーム) and the roster (名簿) ----
  deskReload: '最新にする',
  deskMoreInSlack: (n: number) => `ほか ${n}件（一覧・期限・日程で確認できます）`,
  deskPersonalOnly: 'ホームは、ボットとの個人チャットで「ホーム」と送ると表示されます。',
  rosterTitle: '出席者名簿',
  rosterSave: '保存',
  rosterKnownPerson: (id: string) => `登録済みの人（ID …${id.slice(-6)}）`,
  rosterSaveNext: '保存して次へ',
  rosterIntro: (from: number, to: number, of: number) =>
    `課・機関ごとに出席する人を選んでください（${from}〜${to} / ${of}）。保存するとすぐに反映され、誰がいつ変更したかは履歴に残ります。人事異動で課・機関が変わった人は、新しい課・機関に選ぶと前の課・機関から外れます（これまでの出席記録はそのまま残ります）。`,
  rosterSaved: (added: number, removed: number) => `出席者名簿を保存しました（追加 ${added}人・外した人 ${removed}人）。`,
  rosterForbidden: '出席者名簿を変更できるのは庁議事務局だけです。ご自分の課・機関の登録は庁議事務局に依頼してください。',
  secretariatGroupUnreadable:
    '⚠ 庁議事務局のグループ（Entra ID）を読み取れません。いまは組織設定ファイルの secretariat.teams に書かれた人だけが庁議事務局として扱われ、グループのほかのメンバーは事務局の操作ができません。管理者に、secretariat.teamsGroup のIDと、アプリの権限 GroupMember.Read.All（管理者の同意）を確認するよう依頼してください。',
  rosterNotPeople: (n: number) =>
    `この欄の${n}人は登録できません（ボット、利用停止中のアカウント、ゲスト、外部の組織の人は出席者になれません）。外してから保存してください（まだ何も保存していません）。`,
  rosterTwoSections: (others: string[]) =>
    `同じ人が「${others.join('」「')}」にも入っています。1人が登録できる課・機関は1つだけです（まだ何も保存していません）。`,
  rosterConflict: '他の人が同時に名簿を変更しました。何も保存していません。もう一度「名簿」を開いてやり直してください。',
  rosterStale: '名簿のページが古くなっています。もう一度「名簿」を開いてください。何も保存していません。',
  // ---- end the desk ----
} as const;
