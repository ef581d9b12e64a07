import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './infra/config';
import { createLogger } from './infra/logger';
import { startApp } from './server';
import { warmUp } from './documents/requestPdf';

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
  // The PDF font (7.7 MB) is read once, at start, so the first 「PDF」 is not the slow one.
  setImmediate(() => {
    warmUp().catch((err: unknown) => logger.error('the PDF font could not be loaded', { error: err instanceof Error ? err.message : String(err) }));
  });
  const stop = (signal: string) => {
    logger.info(`${signal}: shutting down`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`chogi: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
