/*
 * A stock Backstage app as `@backstage/create-app` makes it (new frontend system, or
 * `--legacy`), adapted for npm as the toolchain notes say, on the dependencies of the
 * release create-app makes (installed once into .meshwork/adopter-deps, hard-linked into
 * each app), with Meshwork's packed plugins installed into it and the README's steps
 * applied; built, started and stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import {
  readJson,
  repoRoot,
  sh,
  writeJson,
  type PluginPackage,
} from './packages';
import {
  applyTsxBlock,
  backendLines,
  configBlocks,
  tsxBlocks,
  type Block,
} from './readme';

export const say = (msg: string) => console.log(`[adopter] ${msg}`);

/** The stock apps' dependencies (scripts/adopter/stock), as `npm test` installs them. */
export const stockDeps = path.join(
  repoRoot,
  '.meshwork',
  'adopter-deps',
  'node_modules',
);
const createAppBin = path.join(
  repoRoot,
  'node_modules/@backstage/create-app/bin/backstage-create-app',
);

function shAsync(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', d => (stderr += d));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve()
        : reject(new Error(`${cmd} failed (${code}) in ${cwd}: ${stderr}`)),
    );
  });
}

/** The directory Node finds `dep` in from `dir`, looking upward no further than `top`. */
function resolveFrom(dep: string, dir: string, top: string) {
  for (let d = dir; d.startsWith(top); d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', dep);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (d === top) break;
  }
  return undefined;
}

const versionOf = (dir: string): string =>
  readJson(path.join(dir, 'package.json')).version;

export type Flavor = 'new' | 'legacy';

export class StockApp {
  readonly dir: string;
  readonly nodeModules: string;
  readonly baseUrl: string;
  /** What the tarballs brought that the stock tree lacks: `name@version place`. */
  readonly added: string[] = [];
  /** Dependencies and peer dependencies of the tarballs the app does not satisfy. */
  readonly unsatisfied: string[] = [];
  backend?: ChildProcess;
  log = '';

  constructor(readonly flavor: Flavor, workDir: string, readonly port: number) {
    this.dir = path.join(workDir, flavor === 'new' ? 'app' : 'legacy-app');
    this.nodeModules = path.join(this.dir, 'node_modules');
    this.baseUrl = `http://localhost:${port}`;
  }

  path(...parts: string[]) {
    return path.join(this.dir, ...parts);
  }

  /**
   * create-app, as an adopter runs it (`--skip-install`: npm installs instead; create-app
   * only checks that a `yarn` answers), then what npm needs (the toolchain notes).
   */
  create(workDir: string) {
    if (!fs.existsSync(path.join(stockDeps, '.meshwork-install'))) {
      throw new Error(
        `${stockDeps} is not installed: npm test installs it in its "adopter dependencies" step`,
      );
    }
    const shim = path.join(workDir, 'yarn-shim');
    fs.mkdirSync(shim, { recursive: true });
    fs.writeFileSync(path.join(shim, 'yarn'), '#!/bin/sh\necho 4.13.0\n', {
      mode: 0o755,
    });
    sh(
      process.execPath,
      [
        createAppBin,
        '--skip-install',
        '--path',
        this.dir,
        ...(this.flavor === 'legacy' ? ['--legacy'] : []),
      ],
      workDir,
      {
        ...process.env,
        BACKSTAGE_APP_NAME: `adopter-${this.flavor}`,
        PATH: `${shim}${path.delimiter}${process.env.PATH}`,
      },
    );
    const root = readJson(this.path('package.json'));
    delete root.packageManager;
    root.overrides = readJson(path.join(repoRoot, 'package.json')).overrides;
    writeJson(this.path('package.json'), root);
    fs.writeFileSync(this.path('.npmrc'), 'legacy-peer-deps=true\n');
    fs.rmSync(this.path('yarn.lock'), { force: true });
    fs.rmSync(this.path('.yarnrc.yml'), { force: true });
    fs.rmSync(this.path('.yarn'), { recursive: true, force: true });
    const app = readJson(this.path('packages/app/package.json'));
    delete app.bundled;
    writeJson(this.path('packages/app/package.json'), app);
    const backend = readJson(this.path('packages/backend/package.json'));
    backend.dependencies.app = '*';
    writeJson(this.path('packages/backend/package.json'), backend);
  }

  /** The installed stock tree, hard-linked; the workspaces linked as npm links them. */
  async linkDependencies() {
    fs.mkdirSync(this.nodeModules, { recursive: true });
    const entries = fs
      .readdirSync(stockDeps)
      .filter(e => !['.meshwork-install', '.package-lock.json'].includes(e));
    await shAsync(
      'cp',
      ['-al', ...entries.map(e => path.join(stockDeps, e)), this.nodeModules],
      stockDeps,
    );
    for (const ws of ['app', 'backend']) {
      fs.symlinkSync(`../packages/${ws}`, path.join(this.nodeModules, ws));
    }
  }

  /**
   * The tarballs, unpacked where npm puts them, and what npm would add for them: each
   * dependency the stock tree does not hold in a version the range accepts is taken from
   * this repository's install (the version the same range resolved to there), hoisted when
   * the app's root has none and nested otherwise, then the same for what that brings.
   * Peer dependencies are the app's own (npm with legacy-peer-deps installs none).
   */
  installTarballs(plugins: PluginPackage[], tarballs: string[]) {
    for (const [i, plugin] of plugins.entries()) {
      const dir = path.join(this.nodeModules, ...plugin.name.split('/'));
      fs.mkdirSync(dir, { recursive: true });
      sh(
        'tar',
        ['-xzf', tarballs[i], '-C', dir, '--strip-components=1'],
        this.dir,
      );
    }
    for (const plugin of plugins) {
      this.provide(
        path.join(this.nodeModules, ...plugin.name.split('/')),
        path.join(repoRoot, 'plugins', plugin.folder),
      );
      const dir = path.join(this.nodeModules, ...plugin.name.split('/'));
      const manifest = readJson(path.join(dir, 'package.json'));
      for (const field of ['dependencies', 'peerDependencies']) {
        for (const [dep, range] of Object.entries(
          (manifest[field] ?? {}) as Record<string, string>,
        )) {
          const found = resolveFrom(dep, dir, this.dir);
          const version = found && versionOf(found);
          if (!version || !semver.satisfies(version, range)) {
            this.unsatisfied.push(
              `${plugin.name} ${field}.${dep} ${range}: ${
                version ? `found ${version}` : 'not installed'
              }`,
            );
          }
        }
      }
    }
  }

  private provide(pkgDir: string, repoPkgDir: string) {
    const manifest = readJson(path.join(pkgDir, 'package.json'));
    for (const [dep, range] of Object.entries(
      (manifest.dependencies ?? {}) as Record<string, string>,
    )) {
      if (dep.startsWith('@meshwork/')) continue;
      const found = resolveFrom(dep, pkgDir, this.dir);
      if (found && semver.satisfies(versionOf(found), range)) continue;
      const source = resolveFrom(dep, repoPkgDir, repoRoot);
      if (!source || !semver.satisfies(versionOf(source), range)) {
        this.unsatisfied.push(
          `${manifest.name} dependencies.${dep} ${range}: not in this repository's install either`,
        );
        continue;
      }
      const hoisted = path.join(this.nodeModules, dep);
      const target = fs.existsSync(hoisted)
        ? path.join(pkgDir, 'node_modules', dep)
        : hoisted;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      sh('cp', ['-al', fs.realpathSync(source), target], this.dir);
      this.added.push(
        `${dep}@${versionOf(source)} ${path.relative(
          this.nodeModules,
          target,
        )}`,
      );
      this.provide(target, fs.realpathSync(source));
    }
  }

  /** README step 1: what `npm install -w <workspace> <names>` writes into the manifests. */
  addDependencies(installs: Record<string, string[]>) {
    for (const [ws, names] of Object.entries(installs)) {
      const file = this.path(ws, 'package.json');
      const manifest = readJson(file);
      for (const name of names) {
        manifest.dependencies[name] = `^${versionOf(
          path.join(this.nodeModules, name),
        )}`;
      }
      writeJson(file, manifest);
    }
  }

  /** README step 2: the backend lines above `backend.start();` of the stock index.ts. */
  applyBackend(blocks: Block[]) {
    const file = this.path('packages/backend/src/index.ts');
    const index = fs.readFileSync(file, 'utf8');
    if (!index.includes('backend.start();')) {
      throw new Error("create-app's backend has no backend.start();");
    }
    fs.writeFileSync(
      file,
      index.replace(
        'backend.start();',
        `${backendLines(blocks)}\nbackend.start();`,
      ),
    );
  }

  /** README step 5': the legacy snippets, into the stock files they name. */
  applyLegacyFrontend(blocks: Block[]) {
    const files: Record<string, string> = {
      'EntityPage.tsx': 'packages/app/src/components/catalog/EntityPage.tsx',
      'App.tsx': 'packages/app/src/App.tsx',
      'Root.tsx': 'packages/app/src/components/Root/Root.tsx',
    };
    const legacy = tsxBlocks(blocks);
    if (!legacy.length) throw new Error('the README has no legacy snippets');
    for (const { file, block } of legacy) {
      const target = files[file];
      if (!target) throw new Error(`the README's tsx block names ${file}`);
      const full = this.path(target);
      fs.writeFileSync(
        full,
        applyTsxBlock(fs.readFileSync(full, 'utf8'), block),
      );
    }
  }

  /**
   * Config: the stock app-config.yaml, the README's blocks in order, then this test's own
   * (port, database, the example organisation and mesh, this repository's template).
   */
  writeConfig(blocks: Block[], ingestToken: string): string[] {
    const files = ['app-config.yaml'];
    configBlocks(blocks).forEach(({ file, yaml }, i) => {
      const name =
        file === 'app-config.yaml' ? `app-config.readme-${i}.yaml` : file;
      // The one placeholder the README asks the reader to fill in.
      fs.writeFileSync(
        this.path(name),
        yaml.replace('<the token>', ingestToken),
      );
      files.push(name);
    });
    const data = this.path('.data');
    fs.mkdirSync(data, { recursive: true });
    const file = (l: string) => JSON.stringify(path.join(repoRoot, l));
    fs.writeFileSync(
      this.path('app-config.adopter-test.yaml'),
      [
        'app:',
        `  baseUrl: ${this.baseUrl}`,
        'backend:',
        `  baseUrl: ${this.baseUrl}`,
        '  listen:',
        `    port: ${this.port}`,
        '  database:',
        '    client: better-sqlite3',
        '    connection:',
        `      directory: ${JSON.stringify(data)}`,
        // Users and groups by a rule of their own, as create-app's example org is; the mesh
        // and the template only by the README's catalog.rules.
        'catalog:',
        '  locations:',
        '    - type: file',
        `      target: ${file('examples/org.yaml')}`,
        '      rules:',
        '        - allow: [User, Group]',
        '    - type: file',
        `      target: ${file('examples/mesh/all.yaml')}`,
        '    - type: file',
        `      target: ${file('templates/data-product/template.yaml')}`,
        '',
      ].join('\n'),
    );
    files.push('app-config.adopter-test.yaml');
    return files;
  }

  /** `backstage-cli package build` of the app, which the stock backend serves. */
  buildApp() {
    sh(
      path.join(this.nodeModules, '.bin', 'backstage-cli'),
      ['package', 'build'],
      this.path('packages/app'),
      { ...process.env, NODE_ENV: 'production' },
    );
  }

  /** The backend from source, as `backstage-cli package start` runs it (minus the watcher). */
  startBackend(configs: string[], logFile: string) {
    const out = fs.openSync(logFile, 'w');
    this.backend = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        path.join(
          this.nodeModules,
          '@backstage/cli-node/config/nodeTransform.cjs',
        ),
        'src/index.ts',
        ...configs.flatMap(c => ['--config', this.path(c)]),
      ],
      {
        cwd: this.path('packages/backend'),
        env: { ...process.env, NODE_ENV: 'development' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    const keep = (chunk: Buffer) => {
      this.log += chunk.toString();
      fs.writeSync(out, chunk);
    };
    this.backend.stdout!.on('data', keep);
    this.backend.stderr!.on('data', keep);
  }

  async stopBackend() {
    const backend = this.backend;
    if (!backend || backend.exitCode !== null) return;
    const exited = new Promise(r => backend.once('exit', r));
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-backend.pid!, signal);
      } catch {
        // already gone
      }
    };
    kill('SIGTERM');
    await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
    if (backend.exitCode === null) kill('SIGKILL');
  }

  async until<T>(
    what: string,
    fn: () => Promise<T | undefined>,
    timeoutMs = 180_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.backend && this.backend.exitCode !== null) {
        throw new Error(
          `the ${this.flavor} app's backend exited (${
            this.backend.exitCode
          }) while waiting for ${what}:\n${this.log.slice(-4000)}`,
        );
      }
      try {
        const v = await fn();
        if (v !== undefined) return v;
      } catch {
        // not yet
      }
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}; the ${
            this.flavor
          } app's backend log ends:\n${this.log.slice(-4000)}`,
        );
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  async api(
    method: string,
    route: string,
    options: { token?: string; body?: unknown } = {},
  ) {
    const res = await fetch(`${this.baseUrl}/api${route}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body ? { 'content-type': 'application/json' } : {}),
      },
      body: options.body ? JSON.stringify(options.body) : undefined,
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  }

  async guestToken(): Promise<string> {
    const res = await fetch(`${this.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
    return ((await res.json()) as any).backstageIdentity.token;
  }
}
