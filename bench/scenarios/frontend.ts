/**
 * Scenarios 7 and 8: the frontend of @meshwork/plugin-data-mesh.
 *
 * 7. The lineage card in a real browser (Chromium through playwright-core) with a
 *    lineage of 300 nodes and 600 edges: the card, built with Vite into a small page that
 *    gives it Backstage's test app context and the real DataMeshClient, fetches the graph
 *    from a local server. Measured in the page: from the lineage response's arrival to the
 *    graph laid out and painted (visible, every node drawn, the DOM quiet), for the
 *    default view (at most 50 nodes) and after "Show all" (300 nodes). The baseline is the
 *    same card with a 30-node lineage.
 * 8. The weight of the plugin in the portal: after `backstage-cli package build` of
 *    packages/app, which chunks hold the plugin's code (from the source maps), whether any
 *    of them is loaded by index.html (the initial chunks), and their gzip sizes.
 *
 * Set MESHWORK_BENCH_SKIP_APP_BUILD=1 to measure an existing packages/app/dist,
 * MESHWORK_BENCH_APP_DIR to measure another app package, MESHWORK_BENCH_PLUGIN_DIR to
 * build the lineage harness from another copy of plugins/data-mesh (an older commit, to
 * compare in one load window), and MESHWORK_CHROMIUM to use another Chromium than
 * /usr/bin/chromium.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import type { LineageGraphResponse } from '@meshwork/plugin-data-mesh-common';
import {
  chromiumAvailable,
  CHROMIUM_PATH,
  launchChromium,
} from '../../e2e/chromium';
import { median, p99, Row } from '../lib/stats';
import { rng } from '../lib/syntheticMesh';
import type { BenchContext } from '../index';

const repoRoot = path.resolve(__dirname, '..', '..');
const workDir = path.join(repoRoot, '.meshwork', 'bench', 'frontend');
const REPETITIONS = 7;
const QUIET_MS = 300;

// Native dynamic import: the benchmarks run through a CommonJS transform, and Vite is
// ECMAScript modules only.
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<any>;

/**
 * A lineage around `dataproduct:default/root`: `nodes` products in five layers upstream
 * and five downstream, each linked to the layer closer to the root, then cross edges
 * between adjacent layers until `edges`; a few observed-only edges and one drift.
 */
export function syntheticLineage(
  nodes: number,
  edges: number,
): LineageGraphResponse {
  const random = rng(7);
  const root = 'dataproduct:default/root';
  const graphNodes: LineageGraphResponse['nodes'] = [
    { id: root, kind: 'product', entityRef: root, title: 'Root', depth: 0 },
  ];
  for (let i = 1; i < nodes; i++) {
    const layer = 1 + (i % 5);
    const ref = `dataproduct:default/p${i}`;
    graphNodes.push({
      id: ref,
      kind: 'product',
      entityRef: ref,
      title: `Product ${i}`,
      depth: i % 2 ? -layer : layer,
    });
  }
  const byDepth = new Map<number, string[]>();
  for (const n of graphNodes) {
    byDepth.set(n.depth, [...(byDepth.get(n.depth) ?? []), n.id]);
  }
  const graphEdges: LineageGraphResponse['edges'] = [];
  const keys = new Set<string>();
  const origins = ['declared', 'observed', 'both'] as const;
  const add = (source: string, target: string) => {
    const key = `${source}>${target}`;
    if (source === target || keys.has(key)) return;
    keys.add(key);
    const origin = origins[Math.floor(random() * 3)];
    graphEdges.push({
      source,
      target,
      origin,
      origins: origin === 'both' ? ['declared', 'observed'] : [origin],
    });
  };
  graphNodes.forEach((n, k) => {
    if (n.depth === 0) return;
    const closer = byDepth.get(n.depth < 0 ? n.depth + 1 : n.depth - 1)!;
    const other = closer[k % closer.length];
    if (n.depth < 0) add(n.id, other);
    else add(other, n.id);
  });
  for (let k = 0; graphEdges.length < edges && k < edges * 50; k++) {
    const a = graphNodes[1 + Math.floor(random() * (graphNodes.length - 1))];
    const next = byDepth.get(a.depth + 1);
    if (next && a.depth + 1 !== 0) {
      add(a.id, next[Math.floor(random() * next.length)]);
    }
  }
  const firstInput = graphEdges.find(e => e.target === root);
  return {
    root,
    direction: 'both',
    depth: 5,
    nodes: graphNodes,
    edges: graphEdges,
    partial: false,
    drift: {
      window: '30d',
      observedRunsInWindow: 12,
      observedUndeclared: [],
      declaredUnseen: firstInput
        ? [{ node: firstInput.source, kind: 'product' }]
        : [],
    },
  };
}

const HARNESS_HTML = `<!doctype html>
<html>
  <head><meta charset="utf-8" /><title>Lineage card benchmark</title></head>
  <body><div id="root"></div><script type="module" src="./main.tsx"></script></body>
</html>
`;

// The card as an app shows it: Backstage's test app (theme, routes, APIs), the plugin's
// legacy component extension (lazily loaded, like in an app) and the real client.
const HARNESS_MAIN = `
import { createRoot } from 'react-dom/client';
import { TestApiProvider, wrapInTestApp } from '@backstage/test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  DataMeshClient,
  dataMeshApiRef,
  EntityDataProductLineageCard,
} from '@meshwork/plugin-data-mesh';

const entity = {
  apiVersion: 'meshwork.dev/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'root', namespace: 'default', title: 'Root' },
  spec: { type: 'aggregate', lifecycle: 'production', domain: 'd', owner: 'group:g' },
};
const client = new DataMeshClient({
  discoveryApi: { getBaseUrl: async (id: string) => location.origin + '/api/' + id },
  fetchApi: { fetch: (input: any, init?: any) => fetch(input, init) },
});
createRoot(document.getElementById('root')!).render(
  wrapInTestApp(
    <TestApiProvider apis={[[dataMeshApiRef, client]]}>
      <EntityProvider entity={entity}>
        <div style={{ width: 1280 }}>
          <EntityDataProductLineageCard />
        </div>
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  ),
);
`;

async function buildHarness(ctx: BenchContext): Promise<string> {
  const dir = path.join(workDir, 'lineage-harness');
  const outDir = path.join(dir, 'dist');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), HARNESS_HTML);
  fs.writeFileSync(path.join(dir, 'main.tsx'), HARNESS_MAIN);
  ctx.log('scenario 7: building the lineage card harness with Vite');
  const vite = await importEsm('vite');
  await vite.build({
    root: dir,
    configFile: false,
    logLevel: 'error',
    base: './',
    define: {
      'process.env.NODE_ENV': JSON.stringify('production'),
      'process.env': '{}',
    },
    oxc: { jsx: { runtime: 'automatic' } },
    resolve: process.env.MESHWORK_BENCH_PLUGIN_DIR
      ? {
          alias: {
            '@meshwork/plugin-data-mesh': path.resolve(
              process.env.MESHWORK_BENCH_PLUGIN_DIR,
              'src/index.ts',
            ),
          },
        }
      : undefined,
    build: { outDir, emptyOutDir: true, sourcemap: false, minify: true },
  });
  return outDir;
}

function serve(
  dir: string,
  lineage: () => LineageGraphResponse,
): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/data-mesh/products/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(lineage()));
      return;
    }
    const file = path.join(
      dir,
      path.normalize(url.pathname === '/' ? '/index.html' : url.pathname),
    );
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () => new Promise(r => server.close(() => r())),
      });
    });
  });
}

// Records the time of the last DOM change, so "laid out and painted" is the moment the
// graph stopped changing (after the layout with measured node sizes).
const OBSERVE_DOM = `
  window.__dm = { lastMutation: 0 };
  new MutationObserver(() => { window.__dm.lastMutation = performance.now(); })
    .observe(document, { subtree: true, childList: true, attributes: true });
`;

/** Waits until the graph is visible, shows `count` nodes and the DOM has been quiet. */
async function waitSettled(
  page: import('playwright-core').Page,
  count: number,
) {
  await page.waitForFunction(
    ({ count: n, quiet }) => {
      const svg = document.querySelector('svg#dependency-graph');
      const visible =
        (svg?.parentElement as HTMLElement | null)?.style.visibility ===
        'visible';
      const nodes = document.querySelectorAll('[data-node-id]').length;
      const dm = (window as any).__dm;
      return (
        visible && nodes === n && performance.now() - dm.lastMutation > quiet
      );
    },
    { count, quiet: QUIET_MS },
    { timeout: 60_000, polling: 50 },
  );
}

async function lineageRows(ctx: BenchContext): Promise<Row[]> {
  if (!chromiumAvailable()) {
    ctx.log(`scenario 7 skipped: no Chromium at ${CHROMIUM_PATH}`);
    return [
      {
        scenario: '7 lineage card',
        size: '-',
        variant: 'skipped',
        median: NaN,
        unit: 'ms',
        note: `no Chromium at ${CHROMIUM_PATH}`,
      },
    ];
  }
  const outDir = await buildHarness(ctx);
  const graphs = {
    small: syntheticLineage(30, 45),
    large: syntheticLineage(300, 600),
  };
  let current = graphs.large;
  const server = await serve(outDir, () => current);
  const browser = await launchChromium();
  const samples = {
    baseline: [] as number[],
    defaultView: [] as number[],
    showAll: [] as number[],
    firstLoad: [] as number[],
  };
  let shownByDefault = 0;
  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
    });
    await context.addInitScript(OBSERVE_DOM);
    const page = await context.newPage();
    const responseEnd = () =>
      page.evaluate(
        () =>
          (
            performance
              .getEntriesByType('resource')
              .find(e => e.name.includes('/lineage')) as
              | PerformanceResourceTiming
              | undefined
          )?.responseEnd ?? NaN,
      );
    const lastMutation = () =>
      page.evaluate(() => (window as any).__dm.lastMutation as number);

    for (let rep = 0; rep <= REPETITIONS; rep++) {
      const warmup = rep === 0;
      // Baseline: a small lineage, shown whole.
      current = graphs.small;
      await page.goto(server.url);
      await waitSettled(page, graphs.small.nodes.length);
      if (!warmup) {
        samples.baseline.push((await lastMutation()) - (await responseEnd()));
      }

      // 300 nodes / 600 edges: the default view.
      current = graphs.large;
      await page.goto(server.url);
      await page.waitForFunction(
        () => document.querySelectorAll('[data-node-id]').length > 0,
        undefined,
        { timeout: 60_000 },
      );
      shownByDefault = await page.evaluate(
        () => document.querySelectorAll('[data-node-id]').length,
      );
      await waitSettled(page, shownByDefault);
      const painted = await lastMutation();
      if (!warmup) {
        samples.defaultView.push(painted - (await responseEnd()));
        samples.firstLoad.push(painted);
      }

      // Everything: "Show all 300 nodes".
      const clickedAt = await page.evaluate(() => {
        const button = [...document.querySelectorAll('button')].find(b =>
          /^Show all \d+ nodes$/.test(b.textContent ?? ''),
        );
        const at = performance.now();
        button!.click();
        return at;
      });
      await waitSettled(page, graphs.large.nodes.length);
      if (!warmup) samples.showAll.push((await lastMutation()) - clickedAt);
    }
    fs.mkdirSync(path.join(repoRoot, 'artifacts', 'bench'), {
      recursive: true,
    });
    await page.screenshot({
      path: path.join(repoRoot, 'artifacts', 'bench', 'lineage-300.png'),
      fullPage: true,
    });
  } finally {
    await browser.close();
    await server.close();
  }
  const row = (
    variant: string,
    values: number[],
    extra: Partial<Row>,
  ): Row => ({
    scenario: '7 lineage card',
    size: '300n/600e',
    variant,
    median: median(values),
    p99: p99(values),
    unit: 'ms',
    ...extra,
  });
  return [
    row('30 nodes / 45 edges, whole', samples.baseline, {
      size: '30n/45e',
      note: 'baseline: response to painted',
    }),
    row(`default view (${shownByDefault} of 300 nodes)`, samples.defaultView, {
      target: '< 1000 ms, <= 50 nodes',
      note: `response to laid out and painted; ${
        shownByDefault <= 50 ? 'within' : 'OVER'
      } the 50-node default`,
    }),
    row('all 300 nodes after "Show all"', samples.showAll, {
      target: '< 1000 ms',
      note: 'click to laid out and painted (DependencyGraph, longest-path ranker)',
    }),
    row('page load to default view painted', samples.firstLoad, {
      note: 'context: includes loading the card chunk and the request',
    }),
  ];
}

/** Which of the plugin's folders a chunk's sources come from. */
function pluginParts(sources: string[]): string[] {
  const parts = new Set<string>();
  for (const source of sources) {
    const m = /plugins\/data-mesh\/src\/(.+)$/.exec(source);
    if (!m) continue;
    const segments = m[1].split('/');
    parts.add(
      segments[0] === 'components' && segments.length > 2
        ? segments[1]
        : segments[0].replace(/\.tsx?$/, ''),
    );
  }
  return [...parts].sort();
}

async function weightRows(ctx: BenchContext): Promise<Row[]> {
  const appDir =
    process.env.MESHWORK_BENCH_APP_DIR ??
    path.join(repoRoot, 'packages', 'app');
  if (!process.env.MESHWORK_BENCH_SKIP_APP_BUILD) {
    ctx.log('scenario 8: building packages/app (backstage-cli package build)');
    const bin = path.join(repoRoot, 'node_modules', '.bin', 'backstage-cli');
    const res = spawnSync(bin, ['package', 'build'], {
      cwd: appDir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (res.status !== 0) throw new Error('building packages/app failed');
  }
  const dist = path.join(appDir, 'dist');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = new Set(
    [...html.matchAll(/<script[^>]*\ssrc="\/?([^"]+\.js)"/g)].map(m =>
      path.basename(m[1]),
    ),
  );
  const staticDir = path.join(dist, 'static');
  const chunks = fs
    .readdirSync(staticDir)
    .filter(f => f.endsWith('.js'))
    .map(file => {
      const mapFile = path.join(staticDir, `${file}.map`);
      const sources: string[] = fs.existsSync(mapFile)
        ? JSON.parse(fs.readFileSync(mapFile, 'utf8')).sources ?? []
        : [];
      const code = fs.readFileSync(path.join(staticDir, file));
      return {
        file,
        initial: initial.has(file),
        parts: pluginParts(sources),
        gzip: zlib.gzipSync(code, { level: 9 }).length / 1024,
      };
    });
  const initialKb = chunks
    .filter(c => c.initial)
    .reduce((sum, c) => sum + c.gzip, 0);
  const ours = chunks.filter(c => c.parts.length > 0);
  if (ours.length === 0) {
    return [
      {
        scenario: '8 frontend weight',
        size: '-',
        variant: 'plugin not in the app build',
        median: NaN,
        unit: 'kB gzip',
        note: 'add @meshwork/plugin-data-mesh to packages/app',
      },
    ];
  }
  const components = new Set([
    'EntityDataProductOverviewCard',
    'EntityDataProductSloCard',
    'EntityDataProductLineageCard',
    'EntityComplianceContent',
    'EntityDomainProductsCard',
    'EntityDomainComplianceCard',
    'DataMeshPage',
  ]);
  const leaked = ours.filter(
    c => c.initial && c.parts.some(p => components.has(p) || p === 'shared'),
  );
  const rows: Row[] = [
    {
      scenario: '8 frontend weight',
      size: 'portal',
      variant: 'initial chunks (all of index.html)',
      median: initialKb,
      unit: 'kB gzip',
      note: `${initial.size} scripts; context`,
    },
    {
      scenario: '8 frontend weight',
      size: 'portal',
      variant: 'plugin code in the initial chunks',
      median: ours.filter(c => c.initial).reduce((sum, c) => sum + c.gzip, 0),
      unit: 'kB gzip',
      target: 'no card code',
      note: leaked.length
        ? `CARD CODE IN INITIAL CHUNKS: ${leaked
            .map(c => `${c.file} (${c.parts.join(', ')})`)
            .join('; ')}`
        : `only ${[
            ...new Set(ours.filter(c => c.initial).flatMap(c => c.parts)),
          ].join(
            ', ',
          )} (the plugin's definition; these chunks hold other code too)`,
    },
  ];
  for (const c of ours.filter(o => !o.initial)) {
    rows.push({
      scenario: '8 frontend weight',
      size: 'portal',
      variant: `lazy chunk ${c.file}`,
      median: c.gzip,
      unit: 'kB gzip',
      target: c.parts.includes('EntityDataProductOverviewCard')
        ? '< 50 kB (first card)'
        : undefined,
      note: c.parts.join(', '),
    });
  }
  return rows;
}

/** Scenario 7: the lineage card in a real browser. */
export const lineageCardScenario = {
  id: 7,
  title: 'lineage card in a real browser, 300 nodes / 600 edges',
  run: (ctx: BenchContext) => lineageRows(ctx),
};

/** Scenario 8: the plugin's weight in the portal and where it loads. */
export const frontendWeightScenario = {
  id: 8,
  title: "frontend weight: the plugin's code loads only on its pages",
  run: (ctx: BenchContext) => weightRows(ctx),
};
