import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requestPdf } from '../../src/documents/requestPdf';
import { loadOrg } from '../../src/infra/config';
import { seedDocument } from '../fixtures/seedDocument';
import { readPdf } from '../support/pdfRead';

const { org } = loadOrg(undefined);
const now = new Date('2026-12-01T00:00:00Z');

describe('the 案件申込書 PDF', () => {
  it('smoke', async () => {
    const pdf = await requestPdf({ form: seedDocument(org), attachments: [] }, { title: 'seed', now });
    if (process.env.CHOGI_PDF_OUT) writeFileSync(join(process.env.CHOGI_PDF_OUT, 'seed.pdf'), pdf);
    const read = await readPdf(pdf);
    console.log(read.pages.length, read.pageText);
  });
});
