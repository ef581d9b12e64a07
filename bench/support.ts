/**
 * What the benchmarks share: the project root (from dist/bench), a free port, percentiles,
 * and the built app started as its own process, waited for until /healthz answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');

/** The p-th percentile (0–100) of some samples. */
export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The built app (dist/src/main.js) on a free port, reminders off, healthy. BENCH_APP_NODE_ARGS
 * (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p") passes flags to its node, to profile it.
 */
export async function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const profiling = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...profiling, join(root, 'dist/src/main.js')], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', SCHEDULER: 'off' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 20_000) throw new Error('the app did not become healthy');
    await new Promise((r) => setTimeout(r, 10));
  }
}
