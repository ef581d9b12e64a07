import { cleanFileName, formatSize, sniffFileType } from '../../src/domain/attachment';

/** A minimal zip whose first local file header names `entry` (stored, no data). */
function zipWith(entry: string): Buffer {
  const name = Buffer.from(entry);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(name.length, 26);
  return Buffer.concat([h, name]);
}

describe('file type by content', () => {
  it.each([
    [Buffer.from('%PDF-1.7\n…'), 'x.bin', 'application/pdf'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'x', 'image/png'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]), 'a.png', 'image/jpeg'],
    [Buffer.from('GIF89a\u0001\u0000'), 'a.gif', 'image/gif'],
    [zipWith('xl/workbook.xml'), 'a.zip', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [zipWith('word/document.xml'), 'a.xlsx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    [zipWith('ppt/presentation.xml'), 'a', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    [zipWith('資料/一覧.txt'), 'a.zip', 'application/zip'],
    [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'a.xls', 'application/x-ole-storage'],
    [Buffer.from('関係部局名,調整項目\n財政課,予算\n'), '調整表.csv', 'text/csv'],
    [Buffer.from('会議メモ'), 'memo', 'text/plain'],
    // Shift_JIS: 「財政課」
    [Buffer.from([0x8d, 0xe0, 0x90, 0xad, 0x89, 0xdb, 0x2c, 0x31, 0x0a]), 'old.csv', 'text/csv'],
  ])('%#: recognises %s named %s as %s', (bytes, name, mime) => {
    expect(sniffFileType(bytes, name)).toMatchObject({ ok: true, mime });
  });

  it.each([
    [Buffer.from('MZ\u0090\u0000'), '計画体系図.pdf', 'refused'],
    [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]), 'a.png', 'refused'],
    [Buffer.from('#!/bin/sh\nrm -rf /\n'), 'a.txt', 'refused'],
    [Buffer.from('@echo off\r\n'), 'run.bat', 'refused'],
    [Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'a.txt', 'refused'],
    [Buffer.from('<svg onload="x()"/>'), 'a.png', 'refused'],
    [zipWith('payload.exe'), 'a.zip', 'refused'],
    [Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff]), 'data.bin', 'unknown'],
    [Buffer.alloc(0), 'empty.txt', 'unknown'],
  ])('%#: refuses %s named %s (%s)', (bytes, name, reason) => {
    expect(sniffFileType(bytes, name)).toMatchObject({ ok: false, reason });
  });

  it('shows sizes as people read them and strips paths from names', () => {
    expect([formatSize(512), formatSize(340 * 1024), formatSize(5 * 1024 * 1024 + 200 * 1024)]).toEqual(['512 B', '340 KB', '5.2 MB']);
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\市役所\\体系図.pdf')).toBe('体系図.pdf');
    expect(cleanFileName('a\u0000b\n.pdf')).toBe('ab.pdf');
    expect(cleanFileName('..')).toBe('無題');
  });
});
