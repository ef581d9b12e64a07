import type { JpDate, JpDay } from './jpdate';

/** The chat platforms chogi runs on. */
export type Platform = 'slack' | 'teams';

/** Who did something, on which platform. */
export interface Actor {
  platform: Platform;
  userId: string;
}

/** A conversation a request was filed from or posted into. */
export interface Conversation {
  platform: Platform;
  channelId: string;
}

/** 所管: 局 / 部 / 担当 (the unit may be absent where a 部 has no 担当). */
export interface OwnerRef {
  bureau: string;
  department: string;
  unit: string | null;
}

/** 関係部局との調整: one row of the table. */
export interface CoordinationRow {
  party: string; // 関係部局名等
  item: string; // 調整項目
  status: string; // 調整状況
}

/** 打合せ・会議の経過: one row; 月日 may be a day, a month or a range. */
export interface HistoryRow {
  date: JpDate | null;
  meeting: string; // 会議名等
  content: string; // 内容
}

/** Every field of the 案件申込書 as filed (the upper half of the paper form). */
export interface RequestForm {
  filedOn: JpDay; // 申込日
  title: string; // 案件名
  owner: OwnerRef; // 所管
  summary: string; // 概要
  points: string; // 審議内容(論点)
  /** 審議希望日 per meeting tier id; absent or null = not needed / undecided. */
  desiredDates: Record<string, JpDay | null>;
  ordinance: { required: boolean; detail: string }; // 条例等の調整 なし/あり + what
  councilSession: string; // 議会上程時期 ("12月定例会", "平成21年12月", "")
  publicComment: { planned: boolean; period: JpDate | null }; // パブリックコメント
  councilInfo: { kind: string; period: JpDate | null }; // 議会への情報提供 ("" = none)
  coordination: CoordinationRow[];
  history: HistoryRow[];
  remarks: string; // 備考
}

export type RequestStatus = 'filed' | 'withdrawn';

/** A filed request: the form plus its identity and bookkeeping. */
export interface AgendaRequest {
  id: string;
  caseNo: string; // e.g. R8-012: era letter + year of the 年度, sequence within it
  fiscalYear: number; // Gregorian year the 年度 starts in (April)
  seq: number;
  version: number; // bumped by every change; optimistic concurrency
  status: RequestStatus;
  form: RequestForm;
  createdBy: Actor;
  origin: Conversation; // where it was filed from
  createdAt: Date;
  updatedAt: Date;
}

/** One field's change, for the request's history (old → new, as JSON-able values). */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** One entry of a request's history; never rewritten. */
export interface ChangeEntry {
  id: string;
  requestId: string;
  actor: Actor;
  at: Date;
  /** withdrawn / restored: a withdrawal and its undo (changes hold status and the reason). */
  kind: 'created' | 'updated' | 'withdrawn' | 'restored';
  changes: FieldChange[];
}
