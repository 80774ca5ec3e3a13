/*
 * Meshwork's plugins packed as npm would publish them, and the checks every tarball must
 * pass: its entry points lead into dist and exist, and every package its dist imports
 * (code and type declarations) is declared, with nothing declared that nothing imports.
 */
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface PluginPackage {
  /** The folder under plugins/. */
  folder: string;
  name: string;
  version: string;
}

export const readJson = (file: string) =>
  JSON.parse(fs.readFileSync(file, 'utf8'));
export const writeJson = (file: string, value: unknown) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** The plugins that are published: every package under plugins/ that is not private. */
export function publishedPlugins(): PluginPackage[] {
  const dir = path.join(repoRoot, 'plugins');
  return fs
    .readdirSync(dir)
    .filter(f => fs.existsSync(path.join(dir, f, 'package.json')))
    .map(folder => ({
      folder,
      manifest: readJson(path.join(dir, folder, 'package.json')),
    }))
    .filter(p => !p.manifest.private)
    .map(p => ({
      folder: p.folder,
      name: p.manifest.name,
      version: p.manifest.version,
    }));
}

/** Runs a command to its end; throws with its output when it fails. */
export function sh(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
) {
  const res = spawnSync(cmd, args, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd} (exit ${res.status}):\n${
        res.stdout
      }\n${res.stderr}`,
    );
  }
  return res.stdout;
}

/**
 * Packs one plugin as `npm publish` does: its `prepack` script (`backstage-cli package
 * prepack`), then `npm pack`. The plugin's folder (without node_modules) is copied first,
 * so the working tree's package.json is never rewritten while others use it. Returns the
 * tarball.
 */
export async function packPlugin(
  plugin: PluginPackage,
  workDir: string,
): Promise<string> {
  const from = path.join(repoRoot, 'plugins', plugin.folder);
  if (!fs.existsSync(path.join(from, 'dist'))) {
    throw new Error(
      `plugins/${plugin.folder}/dist is missing: build the plugins first (backstage-cli repo build)`,
    );
  }
  const stage = path.join(workDir, 'stage', plugin.folder);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.cpSync(from, stage, {
    recursive: true,
    filter: src => path.basename(src) !== 'node_modules',
  });
  const out = path.join(workDir, 'tarballs');
  fs.mkdirSync(out, { recursive: true });
  // What `npm pack` does with the package's scripts, without npm's slow lifecycle run:
  // prepack points main, types and exports at dist, then npm packs the `files`.
  const manifest = readJson(path.join(stage, 'package.json'));
  if (manifest.scripts?.prepack !== 'backstage-cli package prepack') {
    throw new Error(
      `plugins/${plugin.folder}: scripts.prepack must be "backstage-cli package prepack", or npm publishes a package that points at src/`,
    );
  }
  await run(
    path.join(repoRoot, 'node_modules', '.bin', 'backstage-cli'),
    ['package', 'prepack'],
    stage,
  );
  const json = await run(
    'npm',
    [
      'pack',
      '--ignore-scripts',
      '--json',
      '--pack-destination',
      out,
      '--loglevel=error',
    ],
    stage,
  );
  const [{ filename }] = JSON.parse(json.slice(json.indexOf('[')));
  return path.join(out, filename);
}

/** Packs every plugin, a few at a time; the tarballs in the plugins' order. */
export async function packPlugins(
  plugins: PluginPackage[],
  workDir: string,
): Promise<string[]> {
  const tarballs: string[] = new Array(plugins.length);
  let next = 0;
  const worker = async () => {
    while (next < plugins.length) {
      const i = next++;
      tarballs[i] = await packPlugin(plugins[i], workDir);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(2, os.cpus().length) }, worker),
  );
  return tarballs;
}

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve(stdout)
        : reject(
            new Error(
              `${cmd} ${args.join(
                ' ',
              )} failed in ${cwd} (exit ${code}):\n${stdout}\n${stderr}`,
            ),
          ),
    );
  });
}

/** Unpacks a tarball into `dir` (its `package/` folder becomes `dir`). */
export function unpack(tarball: string, dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  sh('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], dir);
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

const BUILTINS = new Set([
  ...builtinModules,
  ...builtinModules.map(m => `node:${m}`),
]);

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The bare imports of a JavaScript or declaration file (requires, imports, import types). */
export function bareImports(source: string): string[] {
  const found = new Set<string>();
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    // Prose in string literals (messages that show `import('...')`) is not an import:
    // each literal is read whole, left to right, and one with a space (never a module
    // specifier) is blanked.
    .replace(
      /`(?:[^`\\]|\\[\s\S])*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g,
      literal => (/\s/.test(literal) ? '""' : literal),
    );
  const patterns = [
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
  ];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) {
      const spec = m[1];
      if (spec.startsWith('.') || spec.startsWith('/')) continue;
      if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0])) continue;
      found.add(packageOf(spec));
    }
  }
  return [...found];
}

/** The manifest of a package as installed in this repository, if it is. */
function installedManifest(name: string): Record<string, any> | undefined {
  for (const base of [
    repoRoot,
    ...fs
      .readdirSync(path.join(repoRoot, 'plugins'))
      .map(f => path.join(repoRoot, 'plugins', f)),
  ]) {
    const file = path.join(base, 'node_modules', name, 'package.json');
    if (fs.existsSync(file)) return readJson(file);
  }
  return undefined;
}

export interface PackageProblems {
  name: string;
  problems: string[];
}

/**
 * Checks an unpacked package: `main`, `types`, `module` and `exports` lead into dist and
 * exist; every bare import in dist (.js and .d.ts) is a dependency or peer dependency;
 * every dependency is imported somewhere in dist; no internal range is `*`.
 */
export function checkPackedPackage(dir: string): PackageProblems {
  const manifest = readJson(path.join(dir, 'package.json'));
  const problems: string[] = [];
  const entry = (field: string, value: unknown) => {
    if (typeof value !== 'string') return;
    if (!value.replace(/^\.\//, '').startsWith('dist/')) {
      problems.push(`${field} is ${value}, not a file in dist`);
    } else if (!fs.existsSync(path.join(dir, value))) {
      problems.push(`${field} is ${value}, which is not in the tarball`);
    }
  };
  for (const field of ['main', 'types', 'module']) {
    entry(field, manifest[field]);
  }
  const exportsField = manifest.exports ?? {};
  for (const [key, value] of Object.entries(exportsField)) {
    if (key === './package.json') continue;
    const targets =
      typeof value === 'string' ? { default: value } : (value as object);
    for (const [condition, target] of Object.entries(targets)) {
      // `backstage` names the kind of entry point (@backstage/FrontendPlugin), not a file.
      if (condition === 'backstage') continue;
      entry(`exports["${key}"].${condition}`, target);
    }
  }
  for (const [key, targets] of Object.entries(
    (manifest.typesVersions?.['*'] ?? {}) as Record<string, string[]>,
  )) {
    if (key === 'package.json') continue;
    for (const target of targets) entry(`typesVersions["${key}"]`, target);
  }

  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const used = new Set<string>();
  const distDir = path.join(dir, 'dist');
  for (const file of fs.existsSync(distDir) ? walk(distDir) : []) {
    if (!/\.(c|m)?js$|\.d\.ts$/.test(file)) continue;
    for (const dep of bareImports(fs.readFileSync(file, 'utf8'))) {
      if (dep === manifest.name) continue;
      used.add(dep);
      if (!declared.has(dep)) {
        problems.push(
          `${path.relative(dir, file)} imports ${dep}, which is not declared`,
        );
      }
    }
  }
  // A package nothing imports is still needed when it is a peer dependency of one that is
  // imported (npm with legacy-peer-deps, as Backstage apps use it, installs no peers).
  const peersOfUsed = new Set(
    [...used].flatMap(dep =>
      Object.keys(installedManifest(dep)?.peerDependencies ?? {}),
    ),
  );
  for (const dep of declared) {
    if (!used.has(dep) && !peersOfUsed.has(dep)) {
      problems.push(`${dep} is declared but nothing in dist imports it`);
    }
  }
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const [dep, range] of Object.entries(
      (manifest[field] ?? {}) as Record<string, string>,
    )) {
      if (range === '*' || range === '' || range.startsWith('workspace:')) {
        problems.push(`${field}.${dep} is "${range}", not a version range`);
      }
    }
  }
  if (manifest.scripts?.prepack !== 'backstage-cli package prepack') {
    problems.push('scripts.prepack is not backstage-cli package prepack');
  }
  return { name: manifest.name, problems: [...new Set(problems)] };
}
