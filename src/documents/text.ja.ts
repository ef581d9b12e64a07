/**
 * Japanese words printed on the generated documents (the 案件申込書 PDF, the meeting's
 * 庁議資料). The form's own field names come from domain/text.ja (FieldLabel).
 */
export const DocText = {
  caseNo: '案件番号',
  continued: '（続き）',
  page: (i: number, n: number) => `${i}/${n}`,
  blankDate: '年　　月　　日',
  timing: '時期',
  notRecorded: '（未記録）',
  none: '（なし）',
  attachmentsTitle: '別紙資料',
  attachmentsIntro: (caseNo: string) => `案件 ${caseNo} の別紙資料`,
  attachmentColumns: { name: '資料名', type: '種類', size: '大きさ', handling: '扱い' },
  merged: (from: number, to: number) => (from === to ? `${from}ページに添付` : `${from}〜${to}ページに添付`),
  notPdf: 'PDFではないため添付していません（電子データを参照してください）',
  encrypted: '暗号化（パスワード保護）されたPDFのため添付できませんでした',
  unreadable: 'PDFとして読み取れないため添付できませんでした',
  missing: 'ファイルが見つからないため添付できませんでした',
  packetTitle: '庁議資料',
  packetMeeting: (tier: string, date: string, time: string) => `${tier}　${date}　${time}〜`,
  packetColumns: { order: '順', caseNo: '案件番号', title: '案件名', owner: '所管' },
  packetEmpty: 'この会議に付議される案件はありません。',
  packetHidden: (n: number) => `ほかに、あなたが閲覧できない案件が${n}件あります。`,
  packetProblems: '添付できなかった別紙資料があります（各案件の別紙資料一覧を参照）。',
} as const;

/** 1.2 MB, 350 KB, 12 B */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
