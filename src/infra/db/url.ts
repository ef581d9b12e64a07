import path from 'node:path';

export type DatabaseTarget = { provider: 'sqlite'; file: string } | { provider: 'postgresql'; url: string };

/**
 * Which database a URL names. `file:./data/chogi.db` and plain paths are SQLite files,
 * relative to `cwd`; `postgres://` and `postgresql://` are PostgreSQL.
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: 'postgresql', url };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^file:/i.test(url)) {
    throw new Error(`unsupported database URL scheme: ${url.split(':')[0]}: (use file:… for SQLite or postgresql://…)`);
  }
  let file = url.replace(/^file:(\/\/(?=\/))?/i, '');
  if (file.includes('?')) throw new Error(`SQLite URL options are not supported: ${url}`);
  if (file === '' || file === ':memory:') {
    // Migrations run on their own connection before Prisma opens its own: an in-memory
    // database would be a different one for each.
    throw new Error(`SQLite needs a file, not ${JSON.stringify(url)}`);
  }
  file = path.resolve(cwd, file);
  return { provider: 'sqlite', file };
}
