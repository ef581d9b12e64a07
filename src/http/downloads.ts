import type { RegisterLinks } from '../app/registerLinks';
import type { GetRoute } from './routes';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /register/<年度>.xlsx?u=…&exp=…&sig=…: the register's signed, expiring links. */
export function registerRoute(links: RegisterLinks): GetRoute {
  return async (path, query) => {
    const file = await links.serve(path, query);
    return file === null ? null : { body: file.bytes, type: XLSX, filename: file.filename };
  };
}
