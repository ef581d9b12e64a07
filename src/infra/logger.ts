/**
 * A small structured logger: one JSON line per event on stderr. Secrets never reach
 * it: fields whose names look like credentials are masked.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const secret = /token|secret|password|authorization/i;

function scrub(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [
      k,
      secret.test(k) ? '[redacted]' : typeof v === 'string' ? v.replace(/x(?:ox[abpr]|app)-[\w-]+/g, '[redacted]') : v,
    ]),
  );
}

export function createLogger(level: Level = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const log =
    (lvl: Level) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (order[lvl] < order[level]) return;
      write(
        JSON.stringify({ t: new Date().toISOString(), level: lvl, msg: msg.replace(/x(?:ox[abpr]|app)-[\w-]+/g, '[redacted]'), ...scrub(fields) }),
      );
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
