#!/usr/bin/env node
/*
 * The dependencies of the apps `@backstage/create-app` makes (the new frontend system's and
 * the `--legacy` one, with their backend), as one package: the adopter test installs it once
 * into .meshwork/adopter-deps and gives each stock app a hard-linked copy, so the apps run
 * on the Backstage release create-app makes, not on the one this repository uses.
 *
 *   node scripts/adopter/stock/render.mjs            # writes package.json beside this file
 *   node scripts/adopter/stock/render.mjs --check    # exits 1 when it is not up to date
 *
 * After writing it, refresh the lock from the release's time (npm floats caret ranges to the
 * newest release, and a tree mixed from two releases does not start). The lock was made
 * with --before=2026-10-14: 1.55's packages came out on 2026-09-16, 1.56's on 2026-10-20.
 *
 *   cd scripts/adopter/stock && npm install --package-lock-only --legacy-peer-deps \
 *     --ignore-scripts --before=<a day between this release and the next>
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');
const createApp = path.join(
  repoRoot,
  'node_modules',
  '@backstage',
  'create-app',
);
const require = createRequire(import.meta.url);
const { packageVersions } = require(path.join(
  createApp,
  'dist',
  'lib',
  'versions.cjs.js',
));

/** create-app's `{{version 'name'}}` (and `{{ version 'name'}}`) placeholders. */
function render(text) {
  return text.replace(/\{\{\s*version\s+'([^']+)'\s*\}\}/g, (_, name) => {
    const v = packageVersions[name];
    if (!v) throw new Error(`create-app has no version for ${name}`);
    return v;
  });
}

const manifests = [
  'default-app/package.json.hbs',
  'default-app/packages/app/package.json.hbs',
  'default-app/packages/backend/package.json.hbs',
  'legacy-app/packages/app/package.json.hbs',
  'legacy-app/packages/backend/package.json.hbs',
].map(f => ({
  file: f,
  manifest: JSON.parse(
    render(fs.readFileSync(path.join(createApp, 'templates', f), 'utf8')),
  ),
}));

const dependencies = {};
for (const { file, manifest } of manifests) {
  // The root's devDependencies are the tools (cli, typescript, the @types/jest its tsconfig
  // names), less the test runners; the apps' devDependencies are their own test tools
  // (testing-library, playwright), which nothing here runs.
  const fields = file.endsWith('default-app/package.json.hbs')
    ? ['devDependencies']
    : ['dependencies'];
  for (const field of fields) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (name === 'app' || /^(jest|@jest\/.*|@playwright\/test)$/.test(name))
        continue;
      if (dependencies[name] && dependencies[name] !== range) {
        throw new Error(
          `${name}: ${dependencies[name]} and ${range} in create-app's templates`,
        );
      }
      dependencies[name] = range;
    }
  }
}
const root = manifests[0].manifest;
// As this repository's root (see its toolchain notes): Yarn's core pinned for npm, one
// React for the whole tree. npm wants a direct dependency to name its override's range.
const overrides = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
).overrides;
for (const name of Object.keys(overrides)) {
  if (dependencies[name]) dependencies[name] = overrides[name];
}
const out = {
  name: 'meshwork-adopter-stock-deps',
  version: packageVersions.root,
  private: true,
  description: `The dependencies of create-app ${packageVersions.root} apps (Backstage ${packageVersions.root}); written by render.mjs`,
  dependencies: Object.fromEntries(
    Object.entries({
      ...dependencies,
      // What create-app's root tsconfig.json type-checks with.
      '@types/react': root.resolutions['@types/react'],
      '@types/react-dom': root.resolutions['@types/react-dom'],
    }).sort(([a], [b]) => a.localeCompare(b)),
  ),
  overrides,
};
const target = path.join(here, 'package.json');
const text = `${JSON.stringify(out, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error(
      'scripts/adopter/stock/package.json is not what create-app makes: run node scripts/adopter/stock/render.mjs and refresh its lock',
    );
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, text);
}
