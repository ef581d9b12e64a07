import type { Actor } from './request';

/** 別紙資料 on a request: a stored file, or a link to material kept elsewhere (SharePoint/OneDrive). */
export interface Attachment {
  id: string;
  requestId: string;
  kind: 'file' | 'link';
  /** As the person named it; shown, never used as a path. */
  name: string;
  /** Bytes (0 for a link). */
  size: number;
  /** Sniffed from the content. */
  mime: string;
  sha256: string | null;
  url: string | null;
  addedBy: Actor;
  addedAt: Date;
  removedAt: Date | null;
  removedBy: Actor | null;
}

/** Why one file was not attached; each has its Japanese message naming the file (uiText.ja.ts). */
export type FileProblem =
  | { kind: 'too_big'; size: number }
  | { kind: 'refused_type'; what: string }
  | { kind: 'unknown_type' }
  | { kind: 'empty' }
  | { kind: 'download_failed' }
  | { kind: 'too_many' };

export const AttachmentLimits = {
  /** Slack's own limit per file, and ours on both platforms. */
  maxBytes: 10 * 1024 * 1024,
  /** Per submission (Slack's file_input max_files). */
  perSubmission: 10,
  /** Active attachments a request may carry. */
  perRequest: 50,
  nameChars: 200,
} as const;

/** What the content says a file is; `refused` for executables and scripts. */
export type Sniffed = { ok: true; mime: string; label: string } | { ok: false; reason: 'refused' | 'unknown'; what: string };

const starts = (b: Buffer, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, text: string, at = 0) => starts(b, [...Buffer.from(text, 'latin1')], at);

/** Names of the entries of a zip (local file headers), enough to tell Office files apart. */
function zipEntries(b: Buffer, max = 200): string[] {
  const names: string[] = [];
  let at = 0;
  while (names.length < max && at + 30 <= b.length && b.readUInt32LE(at) === 0x04034b50) {
    const flags = b.readUInt16LE(at + 6);
    const compressed = b.readUInt32LE(at + 18);
    const nameLen = b.readUInt16LE(at + 26);
    const extraLen = b.readUInt16LE(at + 28);
    names.push(b.toString('utf8', at + 30, at + 30 + nameLen));
    // A data descriptor (bit 3) hides the size: stop, the first entries are enough.
    if (flags & 0x08) break;
    at += 30 + nameLen + extraLen + compressed;
  }
  return names;
}

function isText(b: Buffer): boolean {
  const sample = b.subarray(0, 64 * 1024);
  if (sample.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.length < b.length ? trimPartialUtf8(sample) : sample);
    return true;
  } catch {
    return isShiftJis(sample);
  }
}

/** A sample cut mid-character is still text: drop an incomplete trailing sequence. */
function trimPartialUtf8(b: Buffer): Buffer {
  let end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const c = b[end - i];
    if ((c & 0xc0) === 0x80) continue;
    if (c >= 0xc0) end -= i;
    break;
  }
  return b.subarray(0, end);
}

/** Shift_JIS text (CSV from older Excel is common in city halls): lead/trail byte pairs only. */
function isShiftJis(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c < 0x7f) || (c >= 0xa1 && c <= 0xdf)) continue;
    if ((c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc)) {
      const t = b[i + 1];
      if (t === undefined) return true;
      if ((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfc)) {
        i++;
        continue;
      }
    }
    return false;
  }
  return true;
}

/**
 * The type of a file by its content: the name's extension and the picker's type list are
 * advisory. Executables and scripts are refused whatever they are called; anything not
 * recognised is refused too (fail closed).
 */
export function sniffFileType(bytes: Buffer, name: string): Sniffed {
  const b = bytes;
  if (ascii(b, 'MZ')) return { ok: false, reason: 'refused', what: 'Windows実行ファイル' };
  if (starts(b, [0x7f, 0x45, 0x4c, 0x46])) return { ok: false, reason: 'refused', what: 'ELF実行ファイル' };
  if (starts(b, [0xcf, 0xfa, 0xed, 0xfe]) || starts(b, [0xfe, 0xed, 0xfa, 0xcf]) || starts(b, [0xca, 0xfe, 0xba, 0xbe]))
    return { ok: false, reason: 'refused', what: '実行ファイル' };
  if (ascii(b, '#!')) return { ok: false, reason: 'refused', what: 'スクリプト' };
  if (ascii(b, '%PDF-')) return { ok: true, mime: 'application/pdf', label: 'PDF' };
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, mime: 'image/png', label: 'PNG' };
  if (starts(b, [0xff, 0xd8, 0xff])) return { ok: true, mime: 'image/jpeg', label: 'JPEG' };
  if (ascii(b, 'GIF87a') || ascii(b, 'GIF89a')) return { ok: true, mime: 'image/gif', label: 'GIF' };
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntries(b);
    if (names.some((n) => n.startsWith('xl/')))
      return { ok: true, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel' };
    if (names.some((n) => n.startsWith('word/')))
      return { ok: true, mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word' };
    if (names.some((n) => n.startsWith('ppt/')))
      return { ok: true, mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint' };
    if (names.some((n) => /\.(exe|dll|bat|cmd|com|scr|js|vbs|ps1|msi|jar|lnk)$/i.test(n) || n === 'META-INF/MANIFEST.MF'))
      return { ok: false, reason: 'refused', what: '実行ファイルを含むZIP' };
    return { ok: true, mime: 'application/zip', label: 'ZIP' };
  }
  // Legacy Office (.doc/.xls/.ppt) share the OLE2 container.
  if (starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    if (/\.msi$/i.test(name)) return { ok: false, reason: 'refused', what: 'インストーラ' };
    return { ok: true, mime: 'application/x-ole-storage', label: 'Office（旧形式）' };
  }
  if (b.length > 0 && isText(b)) {
    if (/\.(bat|cmd|ps1|vbs|js|sh|hta|wsf)$/i.test(name)) return { ok: false, reason: 'refused', what: 'スクリプト' };
    const head = b.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
    if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<svg') || head.includes('<script'))
      return { ok: false, reason: 'refused', what: 'HTML/SVG' };
    if (/\.csv$/i.test(name)) return { ok: true, mime: 'text/csv', label: 'CSV' };
    return { ok: true, mime: 'text/plain', label: 'テキスト' };
  }
  return { ok: false, reason: 'unknown', what: '種類を判別できないファイル' };
}

/** 1.2 MB / 340 KB / 512 B, as a person reads it next to a file name. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${bytes} B`;
}

/** A stored name: no path parts, no control characters, bounded length. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, AttachmentLimits.nameChars);
  return clean === '' || clean === '.' || clean === '..' ? '無題' : clean;
}
