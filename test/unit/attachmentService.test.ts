/**
 * The 別紙資料 service on a real SQLite database: who may add and remove, the limits per
 * submission, retries of transient download failures, type checks again when staged
 * files are attached, and the signed links' expiry and binding to one file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAttachmentService, createFileLinks, DownloadError, isAcceptedLink, type IncomingFile } from '../../src/app/attachments';
import type { Actor } from '../../src/domain/request';
import { loadOrg } from '../../src/infra/config';
import { manualClock } from '../../src/infra/clock';
import { openDatabase, type Database } from '../../src/infra/db';
import { silentLogger } from '../../src/infra/logger';
import { seedForm } from '../fixtures/seedForm';

const filer: Actor = { platform: 'slack', userId: 'U0FILER' };
const secretariat: Actor = { platform: 'teams', userId: 'aad-sec' };
const stranger: Actor = { platform: 'slack', userId: 'U0OTHER' };
const text = (s: string) => Buffer.from(s, 'utf8');
const file = (name: string, bytes: Buffer): IncomingFile => ({ name, fetch: async () => bytes });

describe('attachment service', () => {
  let dir: string;
  let db: Database;
  let requestId: string;
  const clock = manualClock('2026-11-24T01:00:00Z');
  const waits: number[] = [];
  const org = { ...loadOrg(undefined).org, secretariat: { slack: [], teams: ['aad-sec'] } };
  let service: ReturnType<typeof createAttachmentService>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chogi-attach-'));
    db = await openDatabase(`file:${join(dir, 'a.db')}`);
    service = createAttachmentService({ repos: db.repositories, org, clock, logger: silentLogger, wait: async (ms) => void waits.push(ms) });
  });
  beforeEach(async () => {
    const { request } = await db.repositories.requests.create({
      form: seedForm(),
      createdBy: filer,
      origin: { platform: 'slack', channelId: 'C1' },
      draftId: null,
      now: clock.now(),
      fiscalYear: 2026,
      casePrefix: 'R8',
    });
    requestId = request.id;
    waits.length = 0;
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes 10 files a submission and reports the 11th by name', async () => {
    const files = Array.from({ length: 11 }, (_, i) => file(`メモ${i + 1}.txt`, text(`メモ ${i + 1}`)));
    const r = await service.addFiles(requestId, filer, files);
    if (r.kind !== 'done') throw new Error(r.kind);
    expect(r.files.filter((f) => f.ok)).toHaveLength(10);
    expect(r.files[10]).toEqual({ name: 'メモ11.txt', ok: false, problem: { kind: 'too_many' } });
    expect((await service.list(requestId)).map((a) => a.name)).toEqual(files.slice(0, 10).map((f) => f.name));
  });

  it('lets the filer and the secretariat add and remove, nobody else', async () => {
    expect(await service.addFiles(requestId, stranger, [file('a.txt', text('a'))])).toEqual({ kind: 'forbidden' });
    expect(await service.addFiles('no-such-request', filer, [file('a.txt', text('a'))])).toEqual({ kind: 'not_found' });
    const bySec = await service.addFiles(requestId, secretariat, [file('事務局.txt', text('事務局メモ'))]);
    expect(bySec.kind === 'done' && bySec.files[0].ok).toBe(true);
    const [a] = await service.list(requestId);
    expect(await service.remove(requestId, stranger, [a.id])).toEqual({ kind: 'forbidden' });
    expect(await service.addLink(requestId, stranger, { url: 'https://city.sharepoint.com/x' })).toEqual({ kind: 'forbidden' });
    // An id of another request is not removed through this one.
    const { request: other } = await db.repositories.requests.create({
      form: seedForm(),
      createdBy: stranger,
      origin: { platform: 'slack', channelId: 'C2' },
      draftId: null,
      now: clock.now(),
      fiscalYear: 2026,
      casePrefix: 'R8',
    });
    const theirs = await service.addFiles(other.id, stranger, [file('b.txt', text('b'))]);
    const theirId = theirs.kind === 'done' && theirs.files[0].ok ? theirs.files[0].attachment.id : '';
    expect(await service.remove(requestId, filer, [theirId])).toEqual({ kind: 'done', removed: [] });
    const removed = await service.remove(requestId, filer, [a.id]);
    expect(removed.kind === 'done' && removed.removed.map((x) => x.id)).toEqual([a.id]);
    expect(await service.open(a.id)).toBeNull();
    expect(await service.open(theirId)).toMatchObject({ attachment: { name: 'b.txt', mime: 'text/plain' } });
  });

  it('retries transient download failures with waits, a refusal never', async () => {
    let tries = 0;
    const flaky: IncomingFile = {
      name: 'flaky.txt',
      fetch: async () => {
        tries += 1;
        if (tries < 3) throw new DownloadError('HTTP 503', true);
        return text('ok');
      },
    };
    let refusedTries = 0;
    const refused: IncomingFile = {
      name: 'gone.pdf',
      fetch: async () => {
        refusedTries += 1;
        throw new DownloadError('HTTP 404', false);
      },
    };
    let hopelessTries = 0;
    const hopeless: IncomingFile = {
      name: 'down.pdf',
      fetch: async () => {
        hopelessTries += 1;
        throw new DownloadError('HTTP 503', true);
      },
    };
    const r = await service.addFiles(requestId, filer, [flaky, refused, hopeless]);
    if (r.kind !== 'done') throw new Error(r.kind);
    expect(r.files.map((f) => (f.ok ? 'ok' : f.problem.kind))).toEqual(['ok', 'download_failed', 'download_failed']);
    expect([tries, refusedTries, hopelessTries]).toEqual([3, 1, 3]);
    expect(waits).toEqual([500, 2000, 500, 2000]);
  });

  it('checks staged bytes again when they are attached: a forged entry gets nothing', async () => {
    const { staged, refused } = await service.stage([file('ok.csv', text('a,b\n1,2\n')), file('bad.pdf', Buffer.from('MZ\u0000\u0000'))]);
    expect(staged.map((s) => s.name)).toEqual(['ok.csv']);
    expect(refused).toEqual([{ name: 'bad.pdf', problem: { kind: 'refused_type', what: 'Windows実行ファイル' } }]);
    // Bytes stored by another path (say, a refused file's hash guessed) are sniffed again.
    const exeSha = await db.repositories.attachments.putBlob(Buffer.from('MZ\u0090\u0000'), clock.now());
    const r = await service.attachStaged(requestId, filer, [
      ...staged,
      { name: 'disguised.pdf', sha256: exeSha },
      { name: 'nothing.pdf', sha256: 'f'.repeat(64) },
    ]);
    if (r.kind !== 'done') throw new Error(r.kind);
    expect(r.files.map((f) => [f.name, f.ok ? f.attachment.mime : f.problem.kind])).toEqual([
      ['ok.csv', 'text/csv'],
      ['disguised.pdf', 'refused_type'],
      ['nothing.pdf', 'download_failed'],
    ]);
  });

  it('accepts only https SharePoint and OneDrive links', () => {
    for (const ok of [
      'https://city.sharepoint.com/sites/a/b.pptx',
      'https://city-my.sharepoint.com/personal/x',
      'https://onedrive.live.com/?id=1',
      'https://1drv.ms/b/s!abc',
    ])
      expect([ok, isAcceptedLink(ok)]).toEqual([ok, true]);
    for (const bad of [
      'http://city.sharepoint.com/a',
      'https://sharepoint.com.evil.example/a',
      'https://user:pw@city.sharepoint.com/a',
      'javascript:alert(1)',
      'ファイル',
      'https://evilsharepoint.com/a',
    ])
      expect([bad, isAcceptedLink(bad)]).toEqual([bad, false]);
  });

  it('signs links for one file, until they expire', () => {
    const c = manualClock('2026-11-24T01:05:00Z');
    const links = createFileLinks({ secret: 's3cret', publicUrl: 'https://chogi.example.jp/', clock: c, ttlMs: 86_400_000 });
    const url = new URL(links.link('file-1'));
    expect(url.origin + url.pathname).toBe('https://chogi.example.jp/files/file-1');
    const [exp, sig] = [url.searchParams.get('exp'), url.searchParams.get('sig')];
    expect(links.verify('file-1', exp, sig)).toBe('file-1');
    expect(links.verify('file-2', exp, sig)).toBeNull();
    expect(links.verify('file-1', String(Number(exp) + 1), sig)).toBeNull();
    expect(links.verify('file-1', exp, null)).toBeNull();
    expect(createFileLinks({ secret: 'other', publicUrl: 'https://chogi.example.jp', clock: c }).verify('file-1', exp, sig)).toBeNull();
    // The same link within the clock hour (a post rendered twice does not change).
    c.advance(10 * 60_000);
    expect(links.link('file-1')).toBe(url.toString());
    c.advance(25 * 3_600_000);
    expect(links.verify('file-1', exp, sig)).toBeNull();
  });
});
