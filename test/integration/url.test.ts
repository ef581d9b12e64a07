import path from 'node:path';
import { parseDatabaseUrl } from '../../src/infra/db/url';

describe('database URL', () => {
  const cwd = '/srv/chogi';

  it.each([
    ['file:./data/chogi.db', '/srv/chogi/data/chogi.db'],
    ['file:data/chogi.db', '/srv/chogi/data/chogi.db'],
    ['file:/var/lib/chogi/chogi.db', '/var/lib/chogi/chogi.db'],
    ['file:///var/lib/chogi/chogi.db', '/var/lib/chogi/chogi.db'],
    ['./chogi.db', '/srv/chogi/chogi.db'],
    ['/tmp/庁議.db', '/tmp/庁議.db'],
  ])('reads %s as the SQLite file %s, relative to the working directory', (url, file) => {
    expect(parseDatabaseUrl(url, cwd)).toEqual({ provider: 'sqlite', file: path.resolve(file) });
  });

  it.each(['postgresql://chogi@db.example.lg.jp:5432/chogi', 'postgres://u:p@127.0.0.1/chogi?sslmode=require'])('reads %s as PostgreSQL', (url) => {
    expect(parseDatabaseUrl(url, cwd)).toEqual({ provider: 'postgresql', url });
  });

  it.each(['mysql://root@localhost/chogi', 'file::memory:', ':memory:', 'file:', 'file:./chogi.db?mode=ro'])('refuses %s', (url) => {
    expect(() => parseDatabaseUrl(url, cwd)).toThrow();
  });
});
