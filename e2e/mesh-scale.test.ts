import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { portalUrl, scenario, signInAsGuest } from './browser';
import { launchChromium } from './chromium';
import {
  guestToken,
  repoRoot,
  startPortal,
  type RunningPortal,
} from './portal';

/*
 * The mesh page over a mesh larger than any page of the product list (the API's pages
 * hold at most 100): a portal of its own whose catalog is a generated mesh of 130
 * products, evaluated by the real sweeps, with pipeline runs for some of them through
 * the real ingest endpoint. Every figure the page shows is checked against what
 * `GET /mesh/summary` answers at the same time, and the product list against
 * `GET /mesh/products`, including a search for a product beyond the first page. The
 * domain page of its 100-product domain shows Meshwork's cards before the relations
 * graph.
 */

const PORT = 7018;
const PRODUCTS = 130;
/** Products 0-99 are Warehouse's, the rest Fulfilment's; Archive has none. */
const domainOf = (i: number) => (i < 100 ? 'warehouse' : 'fulfilment');
const hasSlos = (i: number) => i % 6 !== 0;
const keepsRetention = (i: number) => i % 10 !== 7;
/** Products whose pipeline reports a run: completed for i % 10 = 0, failed for 5. */
const reported = (i: number) => i % 5 === 0 && hasSlos(i);
const location = (i: number) => `s3://bulk-lake/${domainOf(i)}/product-${i}`;

function product(i: number) {
  return {
    apiVersion: 'meshwork.dev/v1alpha1',
    kind: 'DataProduct',
    metadata: {
      name: `product-${i}`,
      title: `Product ${i}`,
      description: `Bulk product number ${i}`,
    },
    spec: {
      type: ['source-aligned', 'aggregate', 'consumer-aligned'][i % 3],
      lifecycle: i % 2 ? 'production' : 'experimental',
      domain: domainOf(i),
      owner: 'group:bulk-team',
      version: '1.0.0',
      classification: i % 4 ? 'internal' : 'confidential',
      containsPii: false,
      ...(keepsRetention(i) ? { retentionDays: 365 } : {}),
      inputPorts: [{ source: 'component:bulk-erp' }],
      outputPorts: [
        { name: 'main', type: 'table', format: 'delta', location: location(i) },
      ],
      ...(hasSlos(i)
        ? {
            slos: [
              { indicator: 'freshness', objective: '1h' },
              { indicator: 'availability', objective: '99%', window: '30d' },
            ],
          }
        : {}),
      quality: {
        framework: 'great-expectations',
        checks: [{ name: 'row_count', threshold: '> 0' }],
      },
      infrastructure: {
        storage: { type: 'data-lake', format: 'delta', encryption: 'AES-256' },
        security: {
          encryptionAtRest: true,
          accessControl: 'rbac',
          auditLogging: true,
        },
      },
    },
  };
}

/** The generated mesh as catalog YAML (JSON documents are YAML). */
function meshYaml() {
  const domain = (name: string, title: string) => ({
    apiVersion: 'meshwork.dev/v1alpha1',
    kind: 'Domain',
    metadata: { name, title },
    spec: { owner: 'group:bulk-team', type: 'business-domain' },
  });
  const entities = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'bulk-team', title: 'Bulk Team' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'bulk-erp' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:bulk-team',
      },
    },
    domain('warehouse', 'Warehouse'),
    domain('fulfilment', 'Fulfilment'),
    domain('archive', 'Archive'),
    ...Array.from({ length: PRODUCTS }, (_, i) => product(i)),
  ];
  return entities.map(e => JSON.stringify(e)).join('\n---\n');
}

/** One pipeline run per reported product, ended a minute ago. */
function runEvents() {
  const now = Date.now();
  const events: unknown[] = [];
  for (let i = 0; i < PRODUCTS; i++) {
    if (!reported(i)) continue;
    const url = new URL(location(i));
    const base = {
      producer: 'https://github.com/meshwork/meshwork/tree/main/e2e',
      schemaURL:
        'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      job: { namespace: 'bulk-pipelines', name: `build-product-${i}` },
      run: {
        runId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      },
      inputs: [],
      outputs: [{ namespace: `s3://${url.host}`, name: url.pathname.slice(1) }],
    };
    events.push(
      {
        ...base,
        eventType: 'START',
        eventTime: new Date(now - 5 * 60_000).toISOString(),
      },
      {
        ...base,
        eventType: i % 10 === 0 ? 'COMPLETE' : 'FAIL',
        eventTime: new Date(now - 60_000).toISOString(),
      },
    );
  }
  return events;
}

interface Summary {
  coverage: string;
  products: number;
  domains: number;
  domainsWithProducts: number;
  productsWithoutDomain: number;
  productsPerDomain: number | null;
  compliance: {
    products: number;
    passing: number;
    warning: number;
    failing: number;
    compliant: number;
    compliantShare: number;
    averageScore: number;
  };
  slos: {
    products: number;
    measured: number;
    meeting: number;
    meetingShare: number | null;
    checkedAt: string | null;
  };
  domainFigures: Array<{
    domainRef: string | null;
    title?: string;
    products: number;
    compliance: { products: number; compliantShare: number; failing: number };
  }>;
  lastSweep: { finishedAt: string } | null;
}

interface ProductsPage {
  items: Array<{ name: string; title: string }>;
  totalItems: number;
}

const hasChromium = Boolean(portalUrl());

(hasChromium ? describe : describe.skip)(
  'the mesh page over a mesh larger than any page',
  () => {
    let portal: RunningPortal;
    let browser: Browser;
    let page: Page;
    let token: string;

    const api = async <T>(p: string): Promise<T> => {
      const res = await fetch(`${portal.baseUrl}/api/data-mesh${p}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok)
        throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const summaryNow = () => api<Summary>('/mesh/summary');
    /** The figures without the SLO roll-up's time, which moves on its own. */
    const figuresOf = (s: Summary) => ({
      ...s,
      slos: { ...s.slos, checkedAt: null },
    });

    /** Until `check` holds for the summary, for at most 4 minutes. */
    async function summaryWhen(
      what: string,
      check: (s: Summary) => boolean,
    ): Promise<Summary> {
      const deadline = Date.now() + 4 * 60_000;
      let last: Summary | undefined;
      while (Date.now() < deadline) {
        last = await summaryNow();
        if (check(last)) return last;
        await new Promise(r => setTimeout(r, 2000));
      }
      throw new Error(
        `the mesh did not settle (${what}): ${JSON.stringify(last)}`,
      );
    }

    beforeAll(async () => {
      const meshFile = path.join(
        repoRoot,
        '.meshwork',
        'e2e',
        'mesh-scale-catalog',
        'mesh.yaml',
      );
      fs.mkdirSync(path.dirname(meshFile), { recursive: true });
      fs.writeFileSync(meshFile, meshYaml());
      portal = await startPortal({
        port: PORT,
        name: 'mesh-scale',
        // Only the generated mesh in the catalog (a later config's list replaces the
        // example's), and the SLO roll-up often, so runs count within the test.
        extraConfig: [
          'catalog:',
          '  locations:',
          '    - type: file',
          `      target: ${JSON.stringify(meshFile)}`,
          'dataMesh:',
          '  mesh:',
          '    sloRollUp:',
          '      schedule:',
          '        frequency: { seconds: 15 }',
          '        timeout: { minutes: 2 }',
          '        initialDelay: { seconds: 5 }',
        ].join('\n'),
      });
      token = await guestToken(portal.baseUrl);
      const sent = await fetch(
        `${portal.baseUrl}/api/data-mesh/openlineage/api/v1/lineage/batch`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${portal.ingestToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(runEvents()),
        },
      );
      if (!sent.ok) {
        throw new Error(`ingest: ${sent.status} ${await sent.text()}`);
      }
      const ingested = new Date().toISOString();
      // Every product listed and evaluated, a full sweep finished, and an SLO roll-up
      // that started after the runs were stored (the second to finish after them).
      const first = await summaryWhen(
        'products evaluated, runs counted',
        s =>
          s.products === PRODUCTS &&
          s.compliance.products === PRODUCTS &&
          s.lastSweep !== null &&
          s.slos.checkedAt !== null &&
          s.slos.checkedAt > ingested,
      );
      await summaryWhen(
        'an SLO roll-up after the runs',
        s => s.slos.checkedAt !== first.slos.checkedAt,
      );
      browser = await launchChromium();
      page = await signInAsGuest(browser, portal.baseUrl);
    });

    afterAll(async () => {
      await browser?.close();
      await portal?.stop();
    });

    /** The text of a figure of the Adoption card: its value and its notes. */
    async function adoptionFigure(name: string) {
      const group = page
        .getByLabel('Adoption figures')
        .getByRole('group', { name, exact: true });
      return {
        value: (await group.locator('.MuiTypography-h3').textContent()) ?? '',
        notes: await group.locator('.MuiTypography-caption').allTextContents(),
      };
    }

    /** The card or table (innermost paper) with this title. */
    const card = (title: string) =>
      page
        .locator('.MuiPaper-root')
        .filter({ has: page.getByText(title, { exact: true }) })
        .last();

    /** The product titles of the list's rows, in order. */
    const listedTitles = (products: Locator) =>
      products
        .locator('tbody tr a[href*="/catalog/default/dataproduct/"]')
        .allTextContents();

    it('shows every figure as the API counts it over the whole mesh', async () => {
      await scenario(page, 'mesh-scale-figures', async () => {
        const before = await summaryNow();
        await page.goto(`${portal.baseUrl}/data-mesh`);
        await page.getByLabel('Adoption figures').waitFor();
        const fmt = (n: number) => page.evaluate(v => v.toLocaleString(), n);
        const s = before;
        // The mesh as the fixture makes it, so the API is not merely echoed.
        expect(s).toMatchObject({
          coverage: 'mesh',
          products: PRODUCTS,
          domains: 3,
          domainsWithProducts: 2,
          productsPerDomain: PRODUCTS / 2,
        });
        expect(s.slos.products).toBe(
          Array.from({ length: PRODUCTS }, (_, i) => i).filter(hasSlos).length,
        );
        expect(s.slos.measured).toBeGreaterThan(0);

        expect(await adoptionFigure('data products')).toEqual({
          value: await fmt(s.products),
          notes: [`in ${s.domainsWithProducts} of ${s.domains} domains`],
        });
        expect(await adoptionFigure('products per domain')).toMatchObject({
          value: String(s.productsPerDomain),
        });
        expect(await adoptionFigure('compliant')).toEqual({
          value: `${s.compliance.compliantShare}%`,
          notes: [
            `${await fmt(s.compliance.compliant)} of ${await fmt(
              s.compliance.products,
            )} evaluated products`,
          ],
        });
        const slos = await adoptionFigure('meet their SLOs');
        expect(slos.value).toBe(`${s.slos.meetingShare}%`);
        expect(slos.notes[0]).toBe(
          `${await fmt(s.slos.meeting)} of ${await fmt(
            s.slos.measured,
          )} products with measured SLOs (${await fmt(
            s.slos.products,
          )} declare SLOs)`,
        );

        // Compliance across the mesh: each figure on its own, none running into the next.
        const figures = page.getByRole('group', { name: 'Compliance figures' });
        const boxes = [];
        for (const [label, n] of [
          ['products evaluated', s.compliance.products],
          ['passing', s.compliance.passing],
          ['warning', s.compliance.warning],
          ['failing', s.compliance.failing],
        ] as const) {
          const group = figures.getByRole('group', {
            name: label,
            exact: true,
          });
          expect(await group.locator('.MuiTypography-h4').textContent()).toBe(
            await fmt(n),
          );
          boxes.push((await group.locator('.MuiTypography-h4').boundingBox())!);
        }
        for (let k = 1; k < boxes.length; k++) {
          const [a, b] = [boxes[k - 1], boxes[k]];
          if (Math.abs(a.y - b.y) < 1)
            expect(a.x + a.width).toBeLessThanOrEqual(b.x);
        }
        // The last full sweep's finish time, as the reader's browser writes it.
        const finished = await page.evaluate(
          iso =>
            new Date(iso).toLocaleString(undefined, {
              year: 'numeric',
              month: 'short',
              day: 'numeric',
              hour: '2-digit',
              minute: '2-digit',
            }),
          s.lastSweep!.finishedAt,
        );
        await card('Compliance across the mesh')
          .getByText(`Last sweep finished ${finished}`, { exact: false })
          .waitFor();

        // Each domain's row: its own products and their compliance.
        const domains = page
          .locator('.MuiPaper-root')
          .filter({
            has: page.getByText(
              "Each domain's own products (subdomains listed separately)",
            ),
          })
          .last();
        for (const d of s.domainFigures) {
          const row = domains.getByRole('row').filter({
            has: page.getByRole('link', { name: d.title!, exact: true }),
          });
          await row
            .getByRole('cell', { name: String(d.products), exact: true })
            .first()
            .waitFor();
          if (d.compliance.products) {
            await row
              .getByText(
                `${d.compliance.compliantShare}% of ${d.compliance.products}`,
                { exact: true },
              )
              .waitFor();
          }
        }

        // Nothing moved while the page was read.
        expect(figuresOf(await summaryNow())).toEqual(figuresOf(before));
      });
    });

    it('pages, searches and filters the products on the server', async () => {
      await scenario(page, 'mesh-scale-products', async () => {
        await page.goto(`${portal.baseUrl}/data-mesh`);
        const products = card('Data products');
        const first = await api<ProductsPage>('/mesh/products?limit=20');
        expect(first.totalItems).toBe(PRODUCTS);
        await products
          .getByText(`${PRODUCTS} of ${PRODUCTS} products`, { exact: true })
          .waitFor();
        expect(await listedTitles(products)).toEqual(
          first.items.map(i => i.title),
        );

        // The second page is the API's second page.
        const second = await api<ProductsPage>(
          '/mesh/products?limit=20&offset=20',
        );
        await products.getByRole('button', { name: 'Next page' }).click();
        await products
          .getByRole('link', { name: second.items[0].title, exact: true })
          .waitFor();
        expect(await listedTitles(products)).toEqual(
          second.items.map(i => i.title),
        );

        // A product far beyond the first page (titles sort 0, 1, 10, 100, ...: 99 is last).
        const last = await api<ProductsPage>(
          '/mesh/products?limit=100&sort=title&order=desc',
        );
        const target = last.items[0].title;
        expect(target).toBe('Product 99');
        expect(first.items.map(i => i.title)).not.toContain(target);
        const found = await api<ProductsPage>(
          `/mesh/products?search=${encodeURIComponent(target)}`,
        );
        expect(found.items.map(i => i.title)).toEqual([target]);
        await products.getByLabel('Search').fill(target);
        await products
          .getByText(`1 of ${PRODUCTS} products`, { exact: true })
          .waitFor();
        expect(await listedTitles(products)).toEqual([target]);
        await products.getByLabel('Search').fill('');
        await products
          .getByText(`${PRODUCTS} of ${PRODUCTS} products`, { exact: true })
          .waitFor();

        // The failing products, as many as the API counts.
        const failing = await api<ProductsPage>(
          '/mesh/products?compliance=failing&limit=20',
        );
        expect(failing.totalItems).toBeGreaterThan(0);
        await products.getByLabel('Compliance', { exact: true }).click();
        await page
          .getByRole('option', { name: 'failing', exact: true })
          .click();
        await products
          .getByText(`${failing.totalItems} of ${PRODUCTS} products`, {
            exact: true,
          })
          .waitFor();
        expect(await listedTitles(products)).toEqual(
          failing.items.map(i => i.title),
        );
      });
    });

    it("shows a domain of 100 products with Meshwork's cards before the relations graph", async () => {
      await scenario(page, 'mesh-scale-domain', async () => {
        await page.goto(`${portal.baseUrl}/catalog/default/domain/warehouse`);
        const productsCard = card('Data products (100)');
        await productsCard.waitFor();
        const compliance = card('Domain compliance');
        await compliance
          .getByText(/^\d+ of 100 products compliant/)
          .first()
          .waitFor();
        // The stock relations graph (catalog-graph's card): its title, and the graph
        // drawn around the domain.
        const graph = page.getByText('Relations', { exact: true }).first();
        await page
          .locator('svg')
          .filter({ hasText: 'Product 0' })
          .first()
          .waitFor();
        await graph.waitFor();
        const top = async (l: Locator) => (await l.boundingBox())!.y;
        expect(await top(compliance)).toBeLessThan(await top(graph));
        expect(await top(productsCard)).toBeLessThan(await top(graph));
        // Both within reach: above the fold of a laptop screen plus one screen.
        expect(await top(productsCard)).toBeLessThan(2000);
      });
    });
  },
);
