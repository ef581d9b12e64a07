/**
 * Japanese words both chat platforms show the same way: buttons, dialog titles, notices
 * of the form, the meeting day and the reminders. Each platform's strings file
 * (src/slack/strings.ts, src/teams/strings.ts) spreads them and adds its own.
 */
import { formatSize, type FileProblem } from './attachment';

export const UiText = {
  /** 逆算 from the council session (domain/councilPlan.ts), shown on the posted request. */
  councilPlan: {
    heading: (session: string) => `逆算日程（${session}）`,
    opens: '開会日',
    billDeadline: '議案提出期限',
    decidingMeeting: (tier: string) => `${tier}（最終）`,
    noDecidingMeeting: (tier: string) => `${tier}（開催日なし）`,
    publicCommentEnd: 'パブリックコメント終了',
    publicCommentStart: 'パブリックコメント開始',
    councilInfo: '議会への情報提供',
    session: '定例会',
    unknown: '議会の日程に当たる定例会がありません',
  },
  tierCalendarsNote: (days: number) =>
    `（あなた専用のリンクです。${days}日間有効で、あなたが閲覧できる案件だけが入ります。他の人に渡さないでください。無効にするには「日程 リンク更新」）`,
  feedsNotConfigured: 'カレンダーのリンクは設定されていません（PUBLIC_URL と LINK_SECRET）。',
  feedsRotated: 'これまでにお渡しした会議カレンダーのリンクを無効にしました。新しいリンクは「日程」で表示されます。',
  /** Why nothing is listed: each reason of AccessDenied (src/domain/visibility.ts). */
  denied: {
    external_conversation:
      'この会話は外部の組織と共有されているため、意思決定過程の情報である庁議の案件は表示しません。組織内のチャンネルか、ボットとのダイレクトメッセージでお試しください。',
    external_user: '外部の組織のアカウントには、庁議の案件は表示しません。',
    lookup_failed: '閲覧権限を確認できなかったため、表示していません。しばらくしてからもう一度お試しください。',
    no_identity: 'アカウントを確認できなかったため、表示していません。組織のアカウントでサインインしてお試しください。',
  },
  editTitle: (page: number, pages: number) => `案件申込書の編集 (${page}/${pages})`,
  next: '次へ',
  fileIt: '申し込む',
  saveEdit: '更新する',
  back: '← 戻る',
  startOver: '白紙から作成',
  addRow: '＋ 行を追加',
  pageHeading: {
    basics: '基本事項',
    schedule: '日程等調整事項・関係部局との調整',
    history: '打合せ・会議の経過・備考',
  },
  resumed: '前回の入力途中の申込書を再開しました。',
  editing: (caseNo: string) => `案件 ${caseNo} を編集しています。`,
  blankRowsIgnored: '全て空欄の行は無視されます。',
  desiredDatesHint: '空欄は「不要・未定」です。',
  dateHint: '例: R8.4.16 / 令和8年4月16日 / 2026-04-16',
  periodHint: '月までの指定も可: 令和8年12月 / R8.12 / H20.9~H21.2',
  ownerPlaceholder: '局・部・担当名で検索',
  councilSessionPlaceholder: '例: 12月定例会 / 令和8年12月',
  ordinanceDetailLabel: '条例等の調整の内容（「あり」の場合）',
  errorsOnOtherPage: 'このページ以外にも入力の誤りがあります:',
  conflictTitle: '更新できませんでした',
  conflict: (fields: string) =>
    `他の人が先に同じ項目（${fields}）を更新したため、あなたの変更は保存していません。あなたが入力した内容を下に残します。最新の内容を確認して、もう一度編集してください。`,
  yourInput: 'あなたの入力',
  editButton: '編集',
  resultButton: '結果記録',
  resultTitle: '結果の記録',
  resultIntro: 'の結果等を記録します。',
  resultLabel: '結果',
  resultPlaceholder: '結果を選ぶ',
  meetingLabel: '会議名（用紙の表記）',
  followUpsLabel: '今後の対応（1行に1項目）',
  followUpsHint: '用紙のとおり ○・ を付けて入力できます（例: ○計画構成案をもとに詳細検討を進める。）',
  resultSaved: (caseNo: string, tier: string, result: string, next: string | null) =>
    `案件 ${caseNo} の${tier}の結果を記録しました: ${result}${next ? `。次は${next}です。` : '。'}`,
  appliedBy: '申込者',
  updatedAt: '最終更新',
  version: (v: number) => `第${v}版`,
  none: '—',
  listEmpty: 'まだ申込はありません。',
  scheduleEmpty: '今後4週間に予定された会議はありません。',
  truncated: '（長いため表示を省略しました。全文は「編集」で確認できます）',
  reminderLead: '期限のお知らせです。',
  reminderDaysLeft: (n: number) => `（あと${n}営業日）`,
  reminderDueToday: '（本日が期限です）',
  reminderOverdue: (n: number) => `（期限を${n}営業日過ぎています）`,
  reminderDone: '対応済み',
  reminderSnoozeOption: (days: number) => (days === 7 ? '1週間後に再通知' : `${days}日後に再通知`),
  deadlinesEmpty: '通知予定の期限はありません。',
  nextReminder: (when: string) => `次回通知 ${when}`,
  attendanceButton: '出席登録',
  presentButton: '出席',
  opinionButton: '意見を記入',
  minutesButton: '議事録',
  closeButton: '会議を終了',
  closeConfirm: '終了後の意見・回答の追加や訂正は庁議事務局だけができ、履歴に残ります。',
  answerButton: '回答',
  correctButton: '訂正',
  withdrawButton: '取り下げ',
  withdrawConfirm: '取り下げた内容は議事録に載らなくなります（履歴には残ります）。',
  attendanceTitle: '出席登録',
  attendanceSave: '確定する',
  attendanceIntro: (caseNo: string, tier: string) => `案件 ${caseNo}　${tier}の出席課・機関等`,
  attendanceUsual: '通常の出席課・機関にチェックを入れています。実際の出席に合わせて確定してください。',
  attendanceRecorded: '登録済みの出席を表示しています。',
  attendanceReadOnly: '出席の確定は庁議事務局が行います。ご自分の課の出席は、申込書の「出席」ボタンで登録できます。',
  attendanceSaved: (caseNo: string, tier: string, n: number, of: number) => `案件 ${caseNo}　${tier}の出席を登録しました（${n}/${of}）。`,
  presentSaved: (caseNo: string, tier: string, section: string) => `案件 ${caseNo}　${tier}に「${section}」の出席を登録しました。`,
  presentAlready: (caseNo: string, tier: string, section: string) => `案件 ${caseNo}　${tier}の「${section}」はすでに出席になっています。`,
  opinionTitle: '意見を記入',
  opinionCorrectTitle: '意見の訂正',
  opinionSubmit: '記入する',
  opinionCorrectSubmit: '訂正する',
  opinionIntro: (caseNo: string, tier: string) => `案件 ${caseNo}　${tier}`,
  opinionHint: '2000文字まで。番号は受け付けた順に付きます。',
  sectionPlaceholder: '課・機関を選択',
  answerTitle: '回答',
  answerCorrectTitle: '回答の訂正',
  answerSubmit: '回答する',
  answerCorrectSubmit: '訂正する',
  answerTo: (seq: number) => `意見(${seq})への回答`,
  closedTitle: '会議は終了しています',
  /** Who wrote an opinion or answer, on its post in the thread. */
  writtenBy: (who: string) => `記入: ${who}`,
  submittedAlready: 'この入力はすでに保存しています（同じ送信が重ねて届いたため、二重には保存していません）。',
  closedTyped: (what: string) => `${what}は保存していません。入力した内容を下に残します（必要なら庁議事務局に依頼してください）。`,
  typedOpinion: '意見',
  typedAnswer: '回答',
  meetingClosed: (caseNo: string, tier: string) => `案件 ${caseNo}　${tier}を終了しました。以後の意見・回答の追加や訂正は庁議事務局だけができ、履歴に残ります。`,
  meetingAlreadyClosed: (caseNo: string, tier: string) => `案件 ${caseNo}　${tier}はすでに終了しています。`,
  corrected: (seq: number) => `意見(${seq})が訂正されました`,
  withdrawn: (seq: number) => `意見(${seq})が取り下げられました。`,
  answerCorrected: (seq: number) => `意見(${seq})への回答が訂正されました`,
  answerWithdrawn: (seq: number) => `意見(${seq})への回答が取り下げられました。`,
  minutesHeading: (caseNo: string) => `議事録　案件 ${caseNo}`,
  // 「日程」 on a posted request: its 審議希望日 only
  scheduleButton: '日程',
  scheduleTitle: '審議希望日の変更',
  scheduleLead: '各会議の審議希望日を変更します（空欄は「不要・未定」）。',
  scheduleInvalid: 'この案件の他の項目に入力の誤りがあるため保存できませんでした。「編集」から内容を確認してください。',
  scheduleConflict: '他の人が先に審議希望日を変更しました。もう一度「日程」から変更してください。',
  nextDates: (dates: string) => `次回以降の定例日: ${dates}（他の開庁日も入力できます）`,
  asNeeded: '随時開催（開庁日を入力してください）',
  // a meeting day's agenda, posted in the tier's channel
  agendaHeading: '本日の議題',
  agendaEmpty: '本日の議題はありません。',
  agendaCount: (n: number) => `案件 ${n}件`,
  // 別紙資料 (attachments)
  linkNotValid: 'このリンクは正しくないか、有効期限が切れています（削除された資料も開けません）。投稿された申込書からもう一度開いてください。',
  attachmentsHeading: '別紙資料',
  attachmentsButton: '別紙資料',
  attachmentsTitle: '別紙資料',
  attachmentsSave: '保存する',
  attachmentsInputLabel: '別紙資料を追加（10ファイルまで・1ファイル10MBまで）',
  attachmentsInputHint: 'PDF・画像・Word・Excel・PowerPoint・CSV・テキストなど。種類は中身で判定します（実行ファイル等は添付できません）。',
  attachmentsRemoveLabel: '削除する別紙資料（履歴には残ります）',
  attachmentsNone: '別紙資料はありません。',
  attachmentsPending: (names: string[]) => `添付予定の別紙資料（申し込み後に添付します）: ${names.join('、')}`,
  attachmentsMore: (n: number) => `ほか${n}件`,
  attachmentsAdded: (caseNo: string, names: string[]) => `案件 ${caseNo} に別紙資料を追加しました: ${names.join('、')}`,
  attachmentsRemoved: (caseNo: string, names: string[]) => `案件 ${caseNo} の別紙資料を削除しました（履歴には残ります）: ${names.join('、')}`,
  attachmentsForbidden: '別紙資料の追加・削除は、申込者と庁議事務局だけができます。',
  attachmentsRequestGone: 'この案件は見つかりませんでした。',
  attachmentsRetry: '申込書の内容はそのまま保存されています。「別紙資料」から改めて追加してください。',
  attachmentLinkLabel: 'SharePoint / OneDrive のリンク（任意）',
  attachmentLinkNameLabel: 'リンクの表示名（任意）',
  attachmentBadLink: 'SharePoint または OneDrive の https:// で始まるリンクを入力してください。',
  attachmentLinkAdded: (caseNo: string, name: string) => `案件 ${caseNo} に別紙資料のリンクを追加しました: ${name}`,
  attachmentLinkMark: 'リンク',
  attachReceived: '次のファイルを受け取りました。どの案件の別紙資料にしますか？',
  attachPickRequest: '案件（申込者・庁議事務局として編集できるもの）',
  attachNoRequests: '別紙資料を追加できる案件がありません（追加できるのは申込者と庁議事務局です）。',
  attachSubmit: '追加する',
  attachNothing: 'ファイルもリンクもありません。ファイルをこのチャットに送るか、リンクを入力してください。',
  attachPersonalOnly: '別紙資料の追加は、ボットとの個人チャットで行ってください（ファイルもそこに送ってください。チャネルのファイルは受け取れません）。',
  attachHelp: 'このチャットにファイルを送ると、案件の別紙資料として追加できます。SharePoint / OneDrive のリンクも追加できます。',
  attachmentProblem: (name: string, p: FileProblem) => `「${name}」は添付できませんでした: ${problemText(p)}`,
  // ---- documents: the 案件申込書 PDF and the meeting's 庁議資料 ----
  pdfButton: 'PDF',
  packetButton: '庁議資料',
  pdfUsage: '案件番号を指定してください（例: pdf R8-001）。',
  packetUsage: '会議名と日付を指定してください（例: 資料 局経営会議 2026-12-07）。',
  unknownTier: (name: string, tiers: string) => `「${name}」という会議はありません（${tiers}）。`,
  badDate: (text: string) => `「${text}」は日付として読めません（例: 2026-12-07、R8.12.7）。`,
  pdfHidden: (key: string) => `案件 ${key} は見つからないか、あなたには閲覧する権限がありません。`,
  pdfPostedInThread: (caseNo: string) => `案件 ${caseNo} の案件申込書（PDF）を申込書のスレッドに投稿しました。`,
  pdfSentDirect: (caseNo: string) => `案件 ${caseNo} の案件申込書（PDF）をダイレクトメッセージで送りました。`,
  pdfComment: (caseNo: string, title: string) => `案件 ${caseNo}「${title}」の案件申込書（PDF）`,
  pdfLinkReady: (caseNo: string, minutes: number) => `案件 ${caseNo} の案件申込書（PDF）を用意しました。リンクは${minutes}分間有効です。`,
  pdfLinkOpen: 'PDFを開く',
  packetLinkReady: (tier: string, n: number, minutes: number) => `${tier}の庁議資料（あなたが閲覧できる案件 ${n}件）を用意しました。リンクは${minutes}分間有効です。`,
  pdfFailed: 'PDFを作成・送信できませんでした。しばらくしてからもう一度お試しください。',
  packetSent: (tier: string, date: string, n: number) => `${tier}（${date}）の庁議資料（${n}件）をダイレクトメッセージで送りました。`,
  packetComment: (tier: string, date: string, n: number, hidden: number) =>
    `${tier}（${date}）の庁議資料 ${n}件${hidden ? `（閲覧権限のない${hidden}件を除く）` : ''}`,
  documentsOff: 'この環境では PDF の作成が設定されていません。',

} as const;

function problemText(p: FileProblem): string {
  switch (p.kind) {
    case 'too_big':
      return `ファイルが大きすぎます（${formatSize(p.size)}。1ファイル10MBまで）。`;
    case 'refused_type':
      return `この種類のファイル（${p.what}）は添付できません。`;
    case 'unknown_type':
      return 'ファイルの種類を判別できませんでした（PDF・画像・Office文書・CSV・テキストなどを添付してください）。';
    case 'empty':
      return 'ファイルが空です。';
    case 'download_failed':
      return 'ファイルを受け取れませんでした（時間をおいてもう一度お試しください）。';
    case 'too_many':
      return '一度に添付できるのは10ファイルまでです。';
  }
}
