'use strict';
/**
 * Lets a plain `node` process run the TypeScript sources (for the SIGKILL test, which
 * needs the bot in a process of its own): `node -r ./test/support/reminderChildRegister.js x.ts`.
 * Transpile only (types are checked by `tsc --noEmit` in npm test), CommonJS, cached on
 * disk by content so later spawns start fast. `./x.js` imports (Prisma's generated
 * client) resolve to `./x.ts`, as jest's moduleNameMapper does.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const cacheDir = path.join(os.tmpdir(), `chogi-ts-cache-${ts.version}`);
fs.mkdirSync(cacheDir, { recursive: true });

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  resolveJsonModule: true,
  isolatedModules: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    output = ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
    const tmp = `${cached}.${process.pid}`;
    fs.writeFileSync(tmp, output);
    fs.renameSync(tmp, cached);
  }
  module._compile(output, filename);
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveTs(request, parent, ...rest) {
  try {
    return resolve.call(this, request, parent, ...rest);
  } catch (err) {
    if (request.startsWith('.') && request.endsWith('.js')) return resolve.call(this, `${request.slice(0, -3)}.ts`, parent, ...rest);
    throw err;
  }
};
