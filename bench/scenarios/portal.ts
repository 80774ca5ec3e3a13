/**
 * Scenarios 9-12: the real portal with the bench's mesh as a catalog location.
 *
 * The backend is started as `npm start` starts it (its source under Backstage's loader,
 * the shipped app-config.yaml, SQLite in a folder of its own), with the generated mesh
 * added to the shipped catalog locations. One run per size serves every scenario:
 *
 *  9  backend RSS: the peak while the mesh loads and the settled figure once every
 *     product is evaluated (sampled from /proc every second).
 * 10  start to every product visible in the catalog and evaluated by the compliance
 *     sweeps, against the same entities as plain Components (visible only: nothing
 *     evaluates a Component).
 * 11  the mesh page in Chromium until every figure, the compliance panel, the domain
 *     table and the first page of products are rendered, against the catalog's own list
 *     page showing its first rows of the same products.
 * 12  the mesh summary, the mesh and domain compliance roll-ups and a searched page of
 *     products from the HTTP API, against one product's compliance.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import type { Browser, Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import type { MeshSummaryResponse } from '@meshwork/plugin-data-mesh-common';
import {
  chromiumAvailable,
  launchChromium,
  signInAsGuest,
} from '../../e2e/chromium';
import {
  guestToken,
  repoRoot,
  startPortal,
  type RunningPortal,
} from '../../e2e/portal';
import { median, p99, Row } from '../lib/stats';
import {
  asComponents,
  generateMesh,
  MESH_SIZES,
  MeshSize,
} from '../lib/syntheticMesh';
import type { BenchContext } from '../index';

const PORT = 7031;
const LOAD_DEADLINE_MS = 40 * 60_000;

/** The shipped catalog locations plus one file: a later config's list replaces them. */
function catalogConfig(meshFile: string): string {
  const shipped = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  const locations = [
    ...shipped.catalog.locations,
    { type: 'file', target: meshFile },
  ];
  return stringify({ catalog: { locations } });
}

// Marks the generated entities, so counts leave the shipped example's out.
const LABEL = 'meshwork.dev/bench';

function writeMesh(dir: string, entities: Entity[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'mesh.yaml');
  const labelled = entities.map(e => ({
    ...e,
    metadata: {
      ...e.metadata,
      labels: { ...e.metadata.labels, [LABEL]: 'portal' },
    },
  }));
  fs.writeFileSync(file, labelled.map(e => stringify(e)).join('---\n'));
  return file;
}

/** The backend's resident set, from /proc (Linux), in MiB. */
function rssMiB(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Api {
  get<T>(p: string): Promise<T>;
  /** Milliseconds of one GET, its body read. */
  time(p: string): Promise<number>;
}

function api(baseUrl: string, token: string): Api {
  const call = async (p: string) => {
    const res = await fetch(`${baseUrl}${p}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${text}`);
    return text;
  };
  return {
    get: async <T>(p: string) => JSON.parse(await call(p)) as T,
    time: async p => {
      const t0 = performance.now();
      await call(p);
      return performance.now() - t0;
    },
  };
}

/** How many generated entities of a kind the catalog serves (stitched ones only). */
async function catalogCount(client: Api, kind: string): Promise<number> {
  const filter = encodeURIComponent(
    `kind=${kind},metadata.labels.${LABEL}=portal`,
  );
  const page = await client.get<{ totalItems: number }>(
    `/api/catalog/entities/by-query?filter=${filter}&limit=1&fields=metadata.name`,
  );
  return page.totalItems;
}

interface Load {
  portal: RunningPortal;
  client: Api;
  visibleMs: number;
  evaluatedMs?: number;
  peakRss: number;
  samples: { at: number; rss: number }[];
}

/** Starts a portal on `entities` and waits until `kind` is all visible (and evaluated). */
async function loadPortal(
  ctx: BenchContext,
  name: string,
  entities: Entity[],
  kind: string,
  evaluate: boolean,
): Promise<Load> {
  const expected = entities.filter(e => e.kind.toLowerCase() === kind).length;
  const dir = path.join(repoRoot, '.meshwork', 'bench', name);
  const meshFile = writeMesh(dir, entities);
  const started = Date.now();
  const portal = await startPortal({
    port: PORT,
    name,
    extraConfig: catalogConfig(meshFile),
  });
  const samples: { at: number; rss: number }[] = [];
  const sampler = setInterval(() => {
    const rss = rssMiB(portal.pid);
    if (rss !== undefined) samples.push({ at: Date.now(), rss });
  }, 1000);
  try {
    const client = api(portal.baseUrl, await guestToken(portal.baseUrl));
    let visibleMs: number | undefined;
    let evaluatedMs: number | undefined;
    let lastLog = 0;
    while (Date.now() - started < LOAD_DEADLINE_MS) {
      const visible = await catalogCount(client, kind).catch(() => 0);
      if (visibleMs === undefined && visible >= expected) {
        visibleMs = Date.now() - started;
        ctx.log(`${name}: ${visible} ${kind} visible after ${visibleMs} ms`);
      }
      let evaluated = 0;
      if (evaluate) {
        const s = await client
          .get<MeshSummaryResponse>('/api/data-mesh/mesh/summary')
          .catch(() => undefined);
        evaluated = s?.compliance.products ?? 0;
        if (evaluatedMs === undefined && evaluated >= expected) {
          evaluatedMs = Date.now() - started;
          ctx.log(`${name}: ${evaluated} products evaluated after ${evaluatedMs} ms`);
        }
      }
      if (visibleMs !== undefined && (!evaluate || evaluatedMs !== undefined)) {
        clearInterval(sampler);
        return {
          portal,
          client,
          visibleMs,
          evaluatedMs,
          peakRss: Math.max(...samples.map(s => s.rss)),
          samples,
        };
      }
      if (Date.now() - lastLog > 60_000) {
        lastLog = Date.now();
        ctx.log(
          `${name}: ${visible}/${expected} visible, ${evaluated} evaluated, RSS ${Math.round(
            samples.at(-1)?.rss ?? 0,
          )} MiB after ${Math.round((Date.now() - started) / 1000)} s`,
        );
      }
      await new Promise(r => setTimeout(r, 2000));
    }
    throw new Error(
      `${name}: not loaded within ${LOAD_DEADLINE_MS / 60_000} minutes`,
    );
  } catch (e) {
    clearInterval(sampler);
    await portal.stop();
    throw e;
  }
}

/** RSS over `ms` of a portal left alone (its scheduled work runs as it would). */
async function settledRss(pid: number, ms: number): Promise<number[]> {
  const out: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const rss = rssMiB(pid);
    if (rss !== undefined) out.push(rss);
    await new Promise(r => setTimeout(r, 1000));
  }
  return out;
}

/** Time from navigation until `ready` resolves, `reps` times. */
async function pageTimes(
  page: Page,
  url: string,
  ready: (page: Page) => Promise<unknown>,
  reps: number,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i <= reps; i++) {
    // A blank page between runs, so each one starts the page anew.
    await page.goto('about:blank');
    const t0 = performance.now();
    await page.goto(url);
    await ready(page);
    // The first is a warm-up (the bundle into the browser's cache).
    if (i > 0) out.push(performance.now() - t0);
  }
  return out;
}

/** Every figure of the mesh page rendered, with the summary's own numbers. */
async function meshPageComplete(page: Page, summary: MeshSummaryResponse) {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const adoption = page.getByLabel('Adoption figures');
  await adoption
    .getByRole('group', { name: 'data products', exact: true })
    .getByText(fmt(summary.products), { exact: true })
    .waitFor({ timeout: 60_000 });
  await adoption
    .getByRole('group', { name: 'meet their SLOs', exact: true })
    .locator('.MuiTypography-h3')
    .waitFor({ timeout: 60_000 });
  await page
    .getByRole('group', { name: 'Compliance figures' })
    .getByRole('group', { name: 'products evaluated', exact: true })
    .getByText(fmt(summary.compliance.products), { exact: true })
    .waitFor({ timeout: 60_000 });
  if (summary.lastSweep) {
    await page
      .getByText(`Last sweep finished`, { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
  }
  await page
    .locator('tbody tr a[href*="/catalog/default/domain/"]')
    .first()
    .waitFor({ timeout: 60_000 });
  await page
    .locator('tbody tr a[href*="/catalog/default/dataproduct/"]')
    .first()
    .waitFor({ timeout: 60_000 });
}

async function catalogListShown(page: Page) {
  await page
    .locator('tbody tr a[href*="/catalog/default/dataproduct/"]')
    .first()
    .waitFor({ timeout: 120_000 });
}

interface PortalFigures {
  rows: Row[];
}

const runs = new Map<MeshSize, Promise<PortalFigures>>();

async function measurePortal(
  ctx: BenchContext,
  size: MeshSize,
): Promise<PortalFigures> {
  const mesh = generateMesh(size);
  const n = MESH_SIZES[size].products;
  const rows: Row[] = [];
  const entities = [
    ...mesh.groups,
    ...mesh.domains,
    ...mesh.sources,
    ...mesh.products,
  ];

  const load = await loadPortal(
    ctx,
    `bench-portal-${size}`,
    entities,
    'dataproduct',
    true,
  );
  try {
    // 9: memory while it loaded and once it is left to its scheduled work.
    const settled = await settledRss(load.portal.pid, 60_000);
    rows.push(
      {
        scenario: '9 backend RSS',
        size,
        variant: 'ready, before the catalog has read the mesh',
        median: load.samples[0]?.rss ?? NaN,
        unit: 'MiB',
      },
      {
        scenario: '9 backend RSS',
        size,
        variant: 'peak while loading and evaluating',
        median: load.peakRss,
        unit: 'MiB',
        target: '< 512',
      },
      {
        scenario: '9 backend RSS',
        size,
        variant: 'settled, 60 s after evaluated',
        median: median(settled),
        p99: Math.max(...settled),
        unit: 'MiB',
        target: '< 512',
      },
    );

    // 12: the roll-ups the pages read.
    const reps = 30;
    const timeOf = async (p: string) => {
      await load.client.time(p);
      const out: number[] = [];
      for (let i = 0; i < reps; i++) out.push(await load.client.time(p));
      return out;
    };
    const one = mesh.products[Math.floor(n / 2)].metadata.name;
    const base = await timeOf(`/api/data-mesh/compliance/default/${one}`);
    rows.push({
      scenario: '12 roll-ups (HTTP)',
      size,
      variant: 'one product compliance',
      median: median(base),
      p99: p99(base),
      unit: 'ms',
    });
    for (const [variant, p] of [
      ['mesh summary', '/api/data-mesh/mesh/summary'],
      ['compliance/mesh', '/api/data-mesh/compliance/mesh'],
      ['compliance/domains', '/api/data-mesh/compliance/domains'],
      [
        'products: search, page 1',
        `/api/data-mesh/mesh/products?search=${encodeURIComponent(
          `Product ${n - 1}`,
        )}&limit=25`,
      ],
      [
        'products: sorted by score, page 1',
        '/api/data-mesh/mesh/products?sort=score&order=asc&limit=25',
      ],
    ] as const) {
      const t = await timeOf(p);
      rows.push({
        scenario: '12 roll-ups (HTTP)',
        size,
        variant,
        median: median(t),
        p99: p99(t),
        unit: 'ms',
        baselineOf: 'one product compliance',
        target: '< 100',
      });
    }

    // 11: the pages in a real browser.
    if (chromiumAvailable()) {
      const summary = await load.client.get<MeshSummaryResponse>(
        '/api/data-mesh/mesh/summary',
      );
      let browser: Browser | undefined;
      try {
        browser = await launchChromium();
        const page = await signInAsGuest(browser, load.portal.baseUrl);
        const list = await pageTimes(
          page,
          `${load.portal.baseUrl}/?filters%5Bkind%5D=dataproduct`,
          catalogListShown,
          5,
        );
        const mesh11 = await pageTimes(
          page,
          `${load.portal.baseUrl}/data-mesh`,
          p => meshPageComplete(p, summary),
          5,
        );
        rows.push(
          {
            scenario: '11 pages in Chromium',
            size,
            variant: 'catalog list, first rows',
            median: median(list),
            p99: p99(list),
            unit: 'ms',
          },
          {
            scenario: '11 pages in Chromium',
            size,
            variant: 'mesh page, every figure',
            median: median(mesh11),
            p99: p99(mesh11),
            unit: 'ms',
            baselineOf: 'catalog list, first rows',
            target: '< 2000',
          },
        );
      } finally {
        await browser?.close();
      }
    } else {
      ctx.log('scenario 11 needs Chromium; not measured');
    }
  } finally {
    await load.portal.stop();
  }

  // 10's baseline: the same entities as plain Components, in a portal of their own.
  const plain = await loadPortal(
    ctx,
    `bench-portal-${size}-components`,
    [...mesh.groups, ...mesh.sources, ...asComponents(mesh.products)],
    'component',
    false,
  );
  const plainSettled = await settledRss(plain.portal.pid, 60_000).finally(() =>
    plain.portal.stop(),
  );
  // Backstage's own share: the same entities without anything for Meshwork to hold.
  rows.splice(
    0,
    0,
    {
      scenario: '9 backend RSS',
      size,
      variant: 'as Components: ready',
      median: plain.samples[0]?.rss ?? NaN,
      unit: 'MiB',
    },
    {
      scenario: '9 backend RSS',
      size,
      variant: 'as Components: peak while loading',
      median: plain.peakRss,
      unit: 'MiB',
    },
    {
      scenario: '9 backend RSS',
      size,
      variant: 'as Components: settled, 60 s after visible',
      median: median(plainSettled),
      p99: Math.max(...plainSettled),
      unit: 'MiB',
    },
  );
  for (const r of rows) {
    if (r.scenario !== '9 backend RSS' || r.variant.startsWith('as ')) continue;
    r.baselineOf = r.variant.startsWith('peak')
      ? 'as Components: peak while loading'
      : r.variant.startsWith('ready')
      ? 'as Components: ready'
      : 'as Components: settled, 60 s after visible';
  }
  rows.push(
    {
      scenario: '10 real portal load',
      size,
      variant: 'as Components: visible',
      median: plain.visibleMs / 1000,
      unit: 's',
    },
    {
      scenario: '10 real portal load',
      size,
      variant: 'products visible',
      median: load.visibleMs / 1000,
      unit: 's',
      baselineOf: 'as Components: visible',
    },
    {
      scenario: '10 real portal load',
      size,
      variant: 'products visible and evaluated',
      median: load.evaluatedMs! / 1000,
      unit: 's',
      baselineOf: 'as Components: visible',
      target: '< 300',
    },
  );
  return { rows };
}

/** One portal run per size, shared by scenarios 9-12 of one `npm run bench`. */
function portalFigures(ctx: BenchContext, size: MeshSize) {
  let run = runs.get(size);
  if (!run) {
    run = measurePortal(ctx, size);
    runs.set(size, run);
  }
  return run;
}

function portalScenario(id: number, title: string) {
  return {
    id,
    title,
    async run(ctx: BenchContext): Promise<Row[]> {
      const rows: Row[] = [];
      for (const size of ctx.sizes) {
        const figures = await portalFigures(ctx, size);
        rows.push(
          ...figures.rows.filter(r => r.scenario.startsWith(`${id} `)),
        );
      }
      return rows;
    },
  };
}

export const portalMemory = portalScenario(
  9,
  'backend memory with the mesh loaded (real portal)',
);
export const portalLoad = portalScenario(
  10,
  'real portal: start to every product visible and evaluated',
);
export const portalPages = portalScenario(
  11,
  'mesh page in Chromium, to every figure rendered (real portal)',
);
export const portalRollUps = portalScenario(
  12,
  'domain roll-ups and mesh summary (real portal)',
);
