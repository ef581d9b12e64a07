import { parseArgs } from 'node:util';
import { createRegister, registerCsv, registerXlsx } from '../app/register';
import { fiscalYearOf, parseFiscalYear, tokyoToday } from '../domain/jpdate';
import { loadOrg } from '../infra/config';
import { openDatabase } from '../infra/db';
import type { CliIo } from './main';
import { CliError } from './errors';

export const registerUsage = `  npm run cli -- register --year R8 [--csv] > 庁議案件一覧.xlsx
      年度の庁議案件一覧（全案件、取り下げを含む）を標準出力に書き出します。
      --year  年度（R8 / 令和8年度 / H21 / 2026）。省略時は今年度
      --csv   CSV（UTF-8、BOM付き）で出力します（省略時は Excel .xlsx）
      DATABASE_URL の データベースを読みます（サーバーの管理者向け: 全件が出力されます）`;

/** `register`: the 年度 register on stdout (the file alone, nothing else), for the secretariat's server admin. */
export async function registerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { year: { type: 'string' }, csv: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(`${registerUsage}\n`);
    return 0;
  }
  const now = (io.now ?? (() => new Date()))();
  const current = fiscalYearOf(tokyoToday(now));
  const fy = values.year === undefined ? current : parseFiscalYear(values.year, current);
  if (fy === null)
    throw new CliError(`「${values.year}」は年度として分かりません（例: R8、令和8年度、H21、2026。今年度より先の年度は指定できません）`);
  const { org } = loadOrg(io.env.ORG_CONFIG?.trim() || undefined);
  const db = await openDatabase(io.env.DATABASE_URL?.trim() || 'file:./data/chogi.db');
  try {
    const register = createRegister({ repos: db.repositories, org, clock: { now: () => now } });
    const r = await register.rows(fy, 'all');
    if (!r.ok) throw new CliError(r.reason);
    io.stdout.write(values.csv ? Buffer.from(registerCsv(org, r.rows), 'utf8') : await registerXlsx(org, fy, r.rows));
    return 0;
  } finally {
    await db.close();
  }
}
