/*
 * An adopter's install, by the root README alone, from packed packages, into the apps
 * `@backstage/create-app` makes:
 *
 * 1. every published plugin is packed as `npm publish` would pack it, and its tarball checked;
 * 2. create-app makes two apps under .meshwork/adopter: one on the new frontend system and
 *    one with `--legacy`, adapted for npm; each gets the stock dependencies of the release
 *    create-app makes (hard-linked from .meshwork/adopter-deps, which `npm test` installs
 *    from scripts/adopter/stock), so the plugins run on that release, not on this
 *    repository's;
 * 3. the tarballs are installed into both, and the README's steps applied as the README
 *    writes them: `npm install -w` names, `backend.add` lines in the stock backend, config
 *    blocks, nothing more for the new frontend system (discovery), the legacy snippets into
 *    the stock legacy files (which must then type-check);
 * 4. each app is built and started; the kinds, the API and ingest and one template run are
 *    checked on the first, and a page in Chromium on both.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../../e2e/chromium';
import {
  checkPackedPackage,
  packPlugins,
  publishedPlugins,
  readJson,
  repoRoot,
  unpack,
  type PackageProblems,
} from './packages';
import { backendLines, installBlocks } from './readme';
import { say, StockApp } from './stockApp';

const workDir = path.join(repoRoot, '.meshwork', 'adopter');
const artifacts = path.join(repoRoot, 'artifacts');
const blocks = installBlocks();
const plugins = publishedPlugins();
const packed: PackageProblems[] = [];
const ingestToken = randomBytes(24).toString('base64url');
const apps = {
  new: new StockApp('new', workDir, 7175),
  legacy: new StockApp('legacy', workDir, 7176),
};

/** The README's install commands, as what they add to each package's dependencies. */
function readmeInstalls(): Record<string, string[]> {
  const sh = blocks.find(b => b.lang === 'sh' && /npm install -w/.test(b.text));
  if (!sh) throw new Error('the install section has no npm install block');
  const installs: Record<string, string[]> = {};
  for (const line of sh.text.split('\n')) {
    const m = /^npm install -w (\S+) (.+)$/.exec(line.trim());
    if (m) installs[m[1]] = m[2].split(/\s+/);
  }
  return installs;
}

/** Builds the app, starts its backend and waits for readiness; returns a guest token. */
async function start(app: StockApp, t0: number): Promise<string> {
  const configs = app.writeConfig(blocks, ingestToken);
  app.buildApp();
  say(`${app.flavor} app built in ${Date.now() - t0} ms`);
  fs.mkdirSync(artifacts, { recursive: true });
  app.startBackend(
    configs,
    path.join(artifacts, `adopter-${app.flavor}-backend.log`),
  );
  await app.until(
    'readiness',
    async () =>
      (
        await fetch(`${app.baseUrl}/.backstage/health/v1/readiness`)
      ).ok
        ? true
        : undefined,
    240_000,
  );
  say(`${app.flavor} app's backend ready in ${Date.now() - t0} ms`);
  return app.guestToken();
}

/** Chromium on the app: guest sign-in, then the test's own steps; a screenshot at the end. */
async function inChromium(
  app: StockApp,
  name: string,
  steps: (page: Page) => Promise<void>,
) {
  if (!chromiumAvailable()) {
    if (process.env.MESHWORK_REQUIRE_BROWSER) {
      throw new Error('Chromium is required here (MESHWORK_REQUIRE_BROWSER)');
    }
    console.warn(
      '[adopter] WARNING: no Chromium, the page check is not run (see the README)',
    );
    return;
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    try {
      await page.goto(app.baseUrl);
      // create-app's sign-in: the guest provider of its config ("Enter").
      await page.getByRole('button', { name: /enter/i }).click();
      await steps(page);
    } finally {
      await page.screenshot({
        path: path.join(artifacts, `adopter-${app.flavor}-${name}.png`),
      });
    }
  } finally {
    await browser.close();
  }
}

beforeAll(async () => {
  const t0 = Date.now();
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  for (const app of Object.values(apps)) app.create(workDir);
  say(`create-app made both apps in ${Date.now() - t0} ms`);
  // Linking the dependencies is disk work, packing is CPU work: side by side.
  const [tarballs] = await Promise.all([
    packPlugins(plugins, workDir),
    apps.new.linkDependencies().then(() => apps.legacy.linkDependencies()),
  ]);
  say(`plugins packed, stock dependencies linked in ${Date.now() - t0} ms`);
  for (const [i, plugin] of plugins.entries()) {
    const dir = path.join(workDir, 'unpacked', plugin.folder);
    unpack(tarballs[i], dir);
    packed.push(checkPackedPackage(dir));
  }
  const installs = readmeInstalls();
  for (const app of Object.values(apps)) {
    app.installTarballs(plugins, tarballs);
    app.addDependencies(installs);
    app.applyBackend(blocks);
    if (app.flavor === 'legacy') app.applyLegacyFrontend(blocks);
    say(
      `${app.flavor} app: what the tarballs add to the stock tree: ${
        app.added.join(', ') || 'nothing'
      }`,
    );
  }
});

it('packs every plugin as npm publishes it: entry points in dist, every import declared, nothing unused', () => {
  expect(packed.map(p => p.name).sort()).toEqual(
    plugins.map(p => p.name).sort(),
  );
  expect(packed.filter(p => p.problems.length)).toEqual([]);
});

it("accepts the stock apps' Backstage: every peer and dependency satisfied", () => {
  const stock = readJson(
    path.join(repoRoot, 'scripts/adopter/stock/package.json'),
  );
  // The stock tree is what create-app makes (render.mjs --check).
  const check = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'scripts/adopter/stock/render.mjs'), '--check'],
    { encoding: 'utf8' },
  );
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
  say(`stock apps: create-app's Backstage ${stock.version}`);
  expect(apps.new.unsatisfied).toEqual([]);
  expect(apps.legacy.unsatisfied).toEqual([]);
});

it('installs the packages the README names, from the tarballs, and nothing of the workspace', () => {
  const installs = readmeInstalls();
  const frontend = plugins
    .filter(p => p.folder === 'data-mesh')
    .map(p => p.name);
  const libraries = ['data-mesh-common', 'data-mesh-node'];
  const backendPlugins = plugins
    .filter(p => p.folder !== 'data-mesh' && !libraries.includes(p.folder))
    .map(p => p.name);
  expect(installs['packages/app']).toEqual(frontend);
  expect([...(installs['packages/backend'] ?? [])].sort()).toEqual(
    backendPlugins.sort(),
  );
  for (const app of Object.values(apps)) {
    // Real folders from the tarballs, not links into this repository.
    for (const p of plugins) {
      const dir = path.join(app.nodeModules, ...p.name.split('/'));
      expect(fs.lstatSync(dir).isSymbolicLink()).toBe(false);
      expect(fs.existsSync(path.join(dir, 'src'))).toBe(false);
    }
    // Every README backend line is in the stock backend.
    const index = fs.readFileSync(
      app.path('packages/backend/src/index.ts'),
      'utf8',
    );
    for (const line of backendLines(blocks).split('\n')) {
      if (line.startsWith('backend.add(')) expect(index).toContain(line);
    }
  }
});

describe('the new frontend system app create-app makes', () => {
  const app = apps.new;
  let token: string;

  beforeAll(async () => {
    token = await start(app, Date.now());
  });

  afterAll(() => app.stopBackend());

  it('serves the kinds, related, from the catalog', async () => {
    const products = await app.until(
      'the example data products, stitched',
      async () => {
        const { body } = await app.api(
          'GET',
          '/catalog/entities/by-query?filter=kind=dataproduct&limit=1000',
          { token },
        );
        const items = (body.items ?? []) as any[];
        return items.length > 10 && items.every(e => e.relations?.length)
          ? items
          : undefined;
      },
    );
    const c360 = products.find(p => p.metadata.name === 'customer-360');
    expect(c360.apiVersion).toBe('meshwork.dev/v1alpha1');
    expect(c360.relations.map((r: any) => r.type)).toEqual(
      expect.arrayContaining(['ownedBy', 'partOf', 'dependsOn']),
    );
    const domain = await app.api(
      'GET',
      '/catalog/entities/by-name/domain/default/customer',
      { token },
    );
    expect(domain.status).toBe(200);
    expect(domain.body.relations.map((r: any) => r.type)).toContain('hasPart');
  });
  it('answers the data-mesh API and takes pipeline runs with the README token', async () => {
    const policies = await app.api('GET', '/data-mesh/policies', { token });
    expect(policies.status).toBe(200);
    expect(JSON.stringify(policies.body)).toContain('encryption-at-rest');
    const event = {
      eventType: 'COMPLETE',
      eventTime: new Date().toISOString(),
      producer: 'https://example.com/adopter-test',
      schemaURL:
        'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId: '0190a6f2-6d1f-7000-8000-00000000ad0b' },
      job: { namespace: 'customer', name: 'customer_360.build' },
      inputs: [],
      outputs: [],
    };
    const sent = await app.api(
      'POST',
      '/data-mesh/openlineage/api/v1/lineage',
      {
        token: ingestToken,
        body: event,
      },
    );
    expect(sent).toMatchObject({ status: 200, body: { received: 1 } });
    expect(app.log).not.toContain('Pipelines cannot send OpenLineage events');
  });
  it('runs the data-product template to a product in the catalog', async () => {
    const created = await app.api('POST', '/scaffolder/v2/tasks', {
      token,
      body: {
        templateRef: 'template:default/data-product',
        values: {
          name: 'adopter-orders-daily',
          title: 'Adopter Orders Daily',
          description: 'Orders per customer and day, made by the adopter test.',
          domain: 'domain:default/customer',
          owner: 'group:default/customer-team',
          lifecycle: 'experimental',
          type: 'aggregate',
          classification: 'internal',
          containsPii: false,
          retentionDays: 365,
          inputProducts: ['dataproduct:default/orders'],
          sources: ['component:default/crm-service'],
          outputPortName: 'daily',
          outputPortType: 'table',
          outputFormat: 'delta',
          columns: [{ name: 'customer_id', type: 'string', required: true }],
          freshness: '1d',
          availability: '99.5%',
          qualityFramework: 'soda',
          qualityChecks: [{ check: 'row_count', value: '1' }],
          engine: 'dbt',
          orchestrator: 'airflow',
          schedule: '0 2 * * *',
          storageType: 'warehouse',
          autoscaling: false,
          encryptionAtRest: true,
          accessControl: 'rbac',
          auditLogging: true,
          piiMasking: false,
        },
      },
    });
    expect(created.status).toBe(201);
    const task = await app.until('the template run to finish', async () => {
      const { body } = await app.api(
        'GET',
        `/scaffolder/v2/tasks/${created.body.id}`,
        { token },
      );
      return ['completed', 'failed', 'cancelled'].includes(body.status)
        ? body
        : undefined;
    });
    const events = await app.api(
      'GET',
      `/scaffolder/v2/tasks/${created.body.id}/events`,
      { token },
    );
    expect({
      status: task.status,
      log: (events.body as any[]).map(e => e.body.message).join('\n'),
    }).toMatchObject({ status: 'completed' });
    // The README's local folder (relative to packages/backend).
    expect(
      fs.existsSync(app.path('data-products', 'adopter-orders-daily', '.git')),
    ).toBe(true);
    const product = await app.until(
      'the new product in the catalog',
      async () => {
        const { status, body } = await app.api(
          'GET',
          '/catalog/entities/by-name/dataproduct/default/adopter-orders-daily',
          { token },
        );
        return status === 200 ? body : undefined;
      },
    );
    expect(product.spec.domain).toBe('domain:default/customer');
  });

  it('shows the mesh page, discovered by the new frontend system, in Chromium', async () => {
    await inChromium(app, 'data-mesh-page', async page => {
      // The page's sidebar item comes with the discovered plugin.
      await page.getByRole('link', { name: 'Data mesh' }).first().click();
      await page.getByText('Customer 360').first().waitFor({ timeout: 60_000 });
    });
  });
});

describe('the legacy app create-app makes (--legacy)', () => {
  const app = apps.legacy;
  let token: string;

  it("type-checks with the README's snippets in its stock files (create-app's tsc)", () => {
    // The stock app's own tests need its test tools, which the adopter test does not install.
    for (const f of ['App.test.tsx', 'setupTests.ts']) {
      fs.rmSync(app.path('packages/app/src', f), { force: true });
    }
    const res = spawnSync(
      process.execPath,
      [path.join(app.nodeModules, 'typescript/bin/tsc')],
      { cwd: app.dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(res.stdout + res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  describe('started', () => {
    beforeAll(async () => {
      token = await start(app, Date.now());
    });

    afterAll(() => app.stopBackend());

    it('serves the kinds from the catalog', async () => {
      const product = await app.until('customer-360, stitched', async () => {
        const { status, body } = await app.api(
          'GET',
          '/catalog/entities/by-name/dataproduct/default/customer-360',
          { token },
        );
        return status === 200 && body.relations?.length ? body : undefined;
      });
      expect(product.apiVersion).toBe('meshwork.dev/v1alpha1');
    });

    it("shows the mesh page and a product's page with the README's snippets, in Chromium", async () => {
      await inChromium(app, 'pages', async page => {
        // Root.tsx's sidebar item and App.tsx's route.
        await page.getByRole('link', { name: 'Data mesh' }).first().click();
        await page
          .getByText('Customer 360')
          .first()
          .waitFor({ timeout: 60_000 });
        // EntityPage.tsx's dataProductPage: the overview and SLO cards, the Compliance tab
        // (its results come with the backend's first sweep: either state is the tab).
        await page.goto(
          `${app.baseUrl}/catalog/default/dataproduct/customer-360`,
        );
        await page
          .getByText('Output ports')
          .first()
          .waitFor({ timeout: 60_000 });
        await page.getByText('Service level objectives').first().waitFor();
        await page.getByRole('tab', { name: 'Compliance' }).click();
        await page
          .getByText(/^(Compliance score|No compliance result)$/)
          .first()
          .waitFor({ timeout: 60_000 });
      });
    });
  });
});
