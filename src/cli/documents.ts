/**
 * `pdf` and `packet`: the 案件申込書 of a request and a meeting's 庁議資料 as PDF on
 * stdout (npm run cli -- pdf R8-001 > R8-001.pdf). Status lines go to stderr, so the
 * redirected file holds the PDF and nothing else. The command line is the operator's
 * (it reads the database directly), so it sees every request.
 */
import { createDocumentService } from '../app/documents';
import { createMeetingService } from '../app/meetings';
import { createVisibility, orgRoles } from '../app/visibility';
import type { JpDay } from '../domain/jpdate';
import { loadConfig } from '../infra/config';
import { systemClock } from '../infra/clock';
import { openDatabase } from '../infra/db';
import { createLogger } from '../infra/logger';
import { CliError } from './errors';
import { findTier, parseFrom } from './meetings';

export const pdfUsage = `使い方: npm run cli -- pdf 案件番号 > 案件番号.pdf
  案件番号 (例: R8-001) の案件申込書を PDF で標準出力に書き出します。
使い方: npm run cli -- packet --tier NAME --date YYYY-MM-DD > 庁議資料.pdf
  会議 (例: 局経営会議) のその日の庁議資料 (表紙・各案件の申込書・別紙資料) を書き出します。
データベースは環境変数 DATABASE_URL、設定ファイルは ORG_CONFIG。
パイプに流すときは npm の表示が混ざらないよう npm run -s cli -- … としてください。`;

export interface DocumentIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(data: string | Uint8Array): unknown };
  stderr: { write(text: string): unknown };
}

async function withDocuments<T>(
  io: DocumentIo,
  run: (docs: ReturnType<typeof createDocumentService>, org: ReturnType<typeof loadConfig>['org']) => Promise<T>,
): Promise<T> {
  const { env, org } = loadConfig(io.env as NodeJS.ProcessEnv);
  const db = await openDatabase(env.DATABASE_URL);
  try {
    const logger = createLogger('error');
    // Read only (the minutes for the PDF): nobody speaks for a section here.
    const meetings = createMeetingService({
      repos: db.repositories,
      org,
      clock: systemClock,
      roles: { ...orgRoles(org), sectionOf: async () => null },
    });
    const visibility = createVisibility({ repos: db.repositories, roles: orgRoles(org), directories: {}, org, logger });
    return await run(
      createDocumentService({ repos: db.repositories, org, clock: systemClock, meetings, visibility, attachments: db.repositories.attachments }),
      org,
    );
  } finally {
    await db.close();
  }
}

export async function pdfCommand(caseNo: string | undefined, io: DocumentIo): Promise<number> {
  if (!caseNo) throw new CliError('a case number is required (e.g. npm run cli -- pdf R8-001 > R8-001.pdf)');
  return withDocuments(io, async (docs) => {
    const request = await docs.find(caseNo);
    if (!request) throw new CliError(`no request "${caseNo}"`);
    const pdf = await docs.build(request);
    io.stdout.write(pdf);
    io.stderr.write(`${request.caseNo} ${request.form.title}: ${pdf.length} bytes\n`);
    return 0;
  });
}

export async function packetCommand(args: { tier?: string; date?: string }, io: DocumentIo): Promise<number> {
  if (args.tier === undefined) throw new CliError('--tier is required (e.g. --tier 局経営会議)');
  if (args.date === undefined) throw new CliError('--date is required (e.g. --date 2026-12-07)');
  return withDocuments(io, async (docs, org) => {
    const tier = findTier(org, args.tier!);
    let day: JpDay;
    try {
      day = parseFrom(args.date!);
    } catch {
      throw new CliError(`--date: "${args.date}" is not a date (write YYYY-MM-DD, e.g. 2026-12-07)`);
    }
    const { pdf, items } = await docs.packet(tier, day);
    io.stdout.write(pdf);
    io.stderr.write(`${tier.name} ${args.date}: ${items.length} items, ${pdf.length} bytes\n`);
    return 0;
  });
}
