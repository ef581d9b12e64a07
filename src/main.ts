import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './infra/config';
import { createLogger } from './infra/logger';
import { startApp, STOP_GRACE_MS } from './server';

async function main(): Promise<void> {
  // A .env file beside the working directory is read if present (it never overrides
  // variables already set by the service manager).
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`chogi: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.env.LOG_LEVEL);
  const running = await startApp(config, { logger });
  let stopping = false;
  const stop = (signal: string) => {
    // A second signal while stopping changes nothing: the stop is already bounded.
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down (requests in flight may take up to ${STOP_GRACE_MS / 1000} s)`);
    // Should closing the database itself hang, the process still ends.
    setTimeout(() => process.exit(1), STOP_GRACE_MS + 5_000).unref();
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`chogi: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
