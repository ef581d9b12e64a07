/** Stops the embedded PostgreSQL that globalSetup.js started, if it started one. */
const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const started = globalThis.__chogiEmbeddedPostgres;
  if (!started) return;
  globalThis.__chogiEmbeddedPostgres = undefined;
  try {
    await started.pg.stop();
  } finally {
    fs.rmSync(started.root, { recursive: true, force: true });
  }
};
