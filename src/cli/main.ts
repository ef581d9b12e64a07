/**
 * Admin command line: `npm run cli -- <command> …` (ORG_CONFIG names the org file).
 * Everything runs through runCli so tests call it with their own env and streams.
 */
import { parseArgs } from 'node:util';
import { tokyoToday } from '../domain/jpdate';
import { ConfigError, loadOrg } from '../infra/config';
import { CliError } from './errors';
import { meetingsReport, meetingsUsage } from './meetings';
import { packetCommand, pdfCommand, pdfUsage } from './documents';
import { writeDocument } from './binaryOut';
import { registerCommand, registerUsage } from './register';

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  /** Text, or the bytes of a PDF (pdf, packet). */
  stdout: { write(data: string | Uint8Array): unknown };
  stderr: { write(text: string): unknown };
  /** The clock, for the default --from (today in Tokyo). */
  now?: () => Date;
}

export const usage = `chogi 管理コマンド

${meetingsUsage}

${pdfUsage}
${registerUsage}

  npm run cli -- --help    この説明`;

/** Exit codes: 0 done, 1 unexpected failure, 2 bad command line or configuration. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string, code = 2): number => {
    io.stderr.write(`chogi: ${message}\n`);
    return code;
  };
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      io.stderr.write(`${usage}\n`);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (command === 'pdf' || command === 'packet') {
      const { values, positionals } = parseArgs({
        args: [...rest],
        options: { tier: { type: 'string' }, date: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        strict: true,
        allowPositionals: command === 'pdf',
      });
      if (values.help) {
        io.stdout.write(`${pdfUsage}\n`);
        return 0;
      }
      return command === 'pdf' ? await pdfCommand(positionals[0], io) : await packetCommand(values, io);
    }
    if (command === 'register') return await registerCommand(rest, io);
    if (command !== 'meetings') return fail(`unknown command "${command}" (try --help)`);

    const { values } = parseArgs({
      args: [...rest],
      options: {
        tier: { type: 'string' },
        from: { type: 'string' },
        count: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(`${meetingsUsage}\n`);
      return 0;
    }
    const { org } = loadOrg(io.env.ORG_CONFIG?.trim() || undefined);
    const today = tokyoToday((io.now ?? (() => new Date()))());
    const { lines, note } = meetingsReport(org, values, today);
    for (const line of lines) io.stdout.write(`${line}\n`);
    if (note) io.stderr.write(`${note}\n`);
    return 0;
  } catch (e) {
    if (e instanceof CliError || e instanceof ConfigError) return fail(e.message);
    // parseArgs reports unknown options and missing values with these codes.
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return fail(`${(e as Error).message} (try --help)`);
    return fail(`unexpected error: ${(e as Error).message}`, 1);
  }
}

/** The process's stdout for runCli: text as it is, a PDF through writeDocument (npm's banner cut from a file). */
export function processStdout(): CliIo['stdout'] {
  return { write: (data: string | Uint8Array) => (typeof data === 'string' ? process.stdout.write(data) : writeDocument(data)) };
}

if (require.main === module) {
  void runCli(process.argv.slice(2), { env: process.env, stdout: processStdout(), stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}
