/**
 * A Bolt/web-api logger that keeps lines instead of printing them, so expected errors
 * (a refused view, a failed call) do not clutter test output and can be asserted on.
 * Give it to the app under test: `new App({ logger, ... })` — the Web API client then
 * shares it (with only `logLevel`, web-api prints `[ERROR]` lines of its own).
 */
import { LogLevel, type Logger } from '@slack/bolt';

export interface LogLine {
  level: LogLevel;
  message: string;
}

export interface TestLogger extends Logger {
  readonly lines: LogLine[];
  /** Lines at `level`, joined, for `expect(...).toContain(...)`. */
  text(level?: LogLevel): string;
  clear(): void;
}

export function testLogger(): TestLogger {
  const lines: LogLine[] = [];
  let level = LogLevel.DEBUG;
  let name = 'test';
  const at =
    (l: LogLevel) =>
    (...msg: unknown[]) => {
      lines.push({
        level: l,
        message: msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? (m.stack ?? m.message) : JSON.stringify(m))).join(' '),
      });
    };
  return {
    lines,
    debug: at(LogLevel.DEBUG),
    info: at(LogLevel.INFO),
    warn: at(LogLevel.WARN),
    error: at(LogLevel.ERROR),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
      void name;
    },
    text: (l) =>
      lines
        .filter((x) => l === undefined || x.level === l)
        .map((x) => x.message)
        .join('\n'),
    clear: () => {
      lines.length = 0;
    },
  };
}
