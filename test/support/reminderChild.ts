/**
 * The bot as its own process, for the SIGKILL test: the real app (startApp) with the
 * reminder loop on, its clock shifted by CHOGI_TEST_CLOCK_OFFSET_MS so that leases of a
 * killed predecessor have lapsed. Configured entirely by the environment.
 */
import { loadConfig } from '../../src/infra/config';
import { silentLogger } from '../../src/infra/logger';
import { startApp } from '../../src/server';

const offset = Number(process.env.CHOGI_TEST_CLOCK_OFFSET_MS ?? 0);
const clock = { now: () => new Date(Date.now() + offset) };

startApp(loadConfig(process.env), { clock, logger: silentLogger })
  .then((running) => {
    process.stdout.write('ready\n');
    process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
  })
  .catch((err: unknown) => {
    process.stderr.write(`child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
