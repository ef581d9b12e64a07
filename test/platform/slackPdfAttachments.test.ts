/**
 * The seed filed in Slack with its 別紙資料 (the 計画体系図, a PDF) comes back from 「PDF」
 * as one document: the 案件申込書 followed by the attachment's own pages; a file that is
 * not a PDF is listed on a last page instead.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { BlockJson } from '../support/blockKit';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { ModalDriver } from '../support/modal';
import { readPdf } from '../support/pdfRead';
import { blockActions, send } from '../support/slackRequests';
import { seedRaw } from '../fixtures/seedRaw';

/** A two-page PDF such as a section would attach, with text that can be found again. */
async function taikeizu(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2]) doc.addPage([595, 842]).drawText(`TAIKEIZU PAGE ${n}`, { x: 72, y: 700, size: 24, font });
  return Buffer.from(await doc.save());
}

describe('the 案件申込書 PDF with its 別紙資料', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ env: { SCHEDULER: 'off', PUBLIC_URL: 'https://chogi.example.jp', LINK_SECRET: 'a-long-enough-secret-for-links' } });
  });
  afterEach(async () => t.stop());

  it('appends an attached PDF after the form and lists a file that is not one', async () => {
    const plan = t.fake.addFile({ name: '計画体系図.pdf', bytes: await taikeizu(), mimetype: 'application/pdf' });
    const memo = t.fake.addFile({ name: '調整メモ.txt', bytes: Buffer.from('関係課との調整メモ'), mimetype: 'text/plain' });
    const m = await ModalDriver.open(t);
    const raw = seedRaw();
    await m.submitConfirming({ filedOn: raw.filedOn, title: raw.title, owner: raw.owner, summary: raw.summary });
    await m.submit({ ordinance: 'none', publicComment: 'none' });
    expect((await m.submit({ attachments: [plan, memo] })).body).toEqual({ response_action: 'clear' });
    const [request] = await t.app.db.repositories.requests.listRecent(1);
    await eventually(async () => expect(await t.app.db.repositories.attachments.listFor(request.id)).toHaveLength(2), 20_000);
    let post!: { channelId: string; messageId: string };
    await eventually(async () => {
      [post] = await t.app.db.repositories.posts.listFor(request.id);
      expect(post).toBeDefined();
    });
    const message = t.fake.message(post.channelId, post.messageId)!;
    await send(
      t.url,
      blockActions({
        actions: [{ action_id: 'request.pdf' }],
        message: { ts: post.messageId, blocks: message.blocks as BlockJson[] },
        channel: post.channelId,
      }),
    );
    await t.fake.waitFor('files.completeUploadExternal', undefined, 20_000);
    const [file] = t.fake.files();
    const read = await readPdf(file.bytes!);
    const pages = read.pageText;
    expect(pages[0]).toContain('庁議案件申込書');
    // The attachment's two pages follow the form, in order, then the list of what was not merged.
    const first = pages.findIndex((p) => p.includes('TAIKEIZUPAGE1'));
    expect(first).toBeGreaterThan(0);
    expect(pages[first + 1]).toContain('TAIKEIZUPAGE2');
    expect(pages.slice(first + 2).join('')).toContain('調整メモ.txt');
    expect(pages.slice(0, first).join('')).not.toContain('TAIKEIZU');
  });
});
