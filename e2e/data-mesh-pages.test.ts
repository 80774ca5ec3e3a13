import type { Locator, Page } from 'playwright-core';
import { describeSignedIn, portalUrl, scenario } from './browser';

/*
 * Meshwork's own pages in the portal (@meshwork/plugin-data-mesh through its /alpha
 * plugin): the cards of a data product, its Compliance tab, the lineage graph, the domain
 * cards and the mesh page, with the example mesh (examples/mesh) and the data the backend
 * seeds for it.
 */

/**
 * Compliance results come from the backend's scheduled sweep, which first runs some
 * seconds after start: reload until `locator` shows, for at most `timeoutMs`.
 */
async function reloadUntilVisible(
  page: Page,
  locator: Locator,
  timeoutMs = 150_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await locator.first().waitFor({ timeout: 15_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.reload();
    }
  }
}

const productUrl = (name: string) =>
  `${portalUrl()}/catalog/default/dataproduct/${name}`;

/** A card of the entity page, found by its title. */
const card = (page: Page, title: string) =>
  page
    .locator('.MuiCard-root')
    .filter({
      has: page.getByText(title, { exact: true }),
    })
    .first();

describeSignedIn('the data mesh pages', session => {
  it('shows a product page with its overview, SLO and lineage cards', async () => {
    const { page } = session;
    await scenario(page, 'data-product-customer-360', async () => {
      await page.goto(productUrl('customer-360'));
      await page
        .getByRole('heading', { name: 'Customer 360' })
        .first()
        .waitFor();

      const overview = card(page, 'Data product');
      await overview.waitFor();
      for (const text of ['aggregate', 'production', '2.1.0', '730 days']) {
        await overview.getByText(text, { exact: true }).first().waitFor();
      }
      // Confidential data stands out; storage locations are text, not links.
      await overview
        .locator('[data-classification="confidential"]')
        .first()
        .waitFor();
      const outputs = overview.getByRole('table', { name: 'Output ports' });
      await outputs
        .getByText('s3://shopco-lake/customer/customer-360', { exact: true })
        .waitFor();
      expect(await outputs.getByRole('link', { name: /^s3:/ }).count()).toBe(0);
      await overview
        .getByRole('link', { name: /Customer Team/ })
        .first()
        .waitFor();
      // The http(s) documentation link is a link.
      await overview
        .getByRole('link', { name: /Customer 360 dashboard/ })
        .waitFor();

      const slos = card(page, 'Service level objectives');
      const sloTable = slos.getByRole('table', {
        name: 'Service level objectives',
      });
      await sloTable.waitFor();
      for (const indicator of ['freshness', 'availability']) {
        const row = sloTable.getByRole('row').filter({ hasText: indicator });
        await row.first().waitFor();
        // The example mesh is seeded with runs: each SLO has a status.
        await row
          .getByText(/^(met|missed)$/)
          .first()
          .waitFor();
      }

      const lineage = card(page, 'Lineage');
      await lineage.getByLabel('Lineage graph').waitFor();
      for (const upstream of ['Customer Profiles', 'Orders']) {
        await lineage
          .getByRole('link', {
            name: new RegExp(`^${upstream} \\(data product\\)`),
          })
          .first()
          .waitFor();
      }
      await lineage.getByRole('list', { name: 'Edge legend' }).waitFor();
    });
  });

  it('lists the violations of non-compliant products on their Compliance tab', async () => {
    const { page } = session;
    const policyRow = (name: string) =>
      page.getByRole('row').filter({ hasText: name }).first();

    await scenario(page, 'compliance-customer-segments', async () => {
      await page.goto(`${productUrl('customer-segments')}/compliance`);
      const encryption = policyRow('Encryption at rest');
      await reloadUntilVisible(page, encryption);
      await encryption.getByText('Failed', { exact: true }).waitFor();
      await encryption.getByText('required', { exact: true }).waitFor();
      // Its waiver expired: shown as such, with the reason.
      await encryption.getByText(/^expired /).waitFor();
      await encryption.getByText(/encrypted lake/).waitFor();
      await page.getByText('Compliance score').first().waitFor();
      await page
        .getByText(/^Failing$/)
        .first()
        .waitFor();
    });

    await scenario(page, 'compliance-returns', async () => {
      await page.goto(`${productUrl('returns')}/compliance`);
      const retention = policyRow('Retention set');
      await reloadUntilVisible(page, retention);
      await retention.getByText('Failed', { exact: true }).waitFor();
    });

    await scenario(page, 'compliance-delivery-performance', async () => {
      await page.goto(`${productUrl('delivery-performance')}/compliance`);
      const slos = policyRow('SLOs defined');
      await reloadUntilVisible(page, slos);
      await slos.getByText('Failed', { exact: true }).waitFor();
      await slos.getByText(/no service level objectives/).waitFor();
    });
  });

  it('renders the lineage graph and opens a node’s page on click', async () => {
    const { page } = session;
    await scenario(page, 'lineage-navigation', async () => {
      await page.goto(productUrl('customer-360'));
      const lineage = card(page, 'Lineage');
      const orders = lineage
        .getByRole('link', { name: /^Orders \(data product\)/ })
        .first();
      await orders.waitFor();
      expect(
        await lineage.locator('path[data-edge-style]').count(),
      ).toBeGreaterThan(0);
      await orders.click();
      await page.waitForURL(/\/catalog\/default\/dataproduct\/orders$/);
      await page.getByRole('heading', { name: 'Orders' }).first().waitFor();
      // The card follows: now the lineage around Orders, Customer 360 downstream.
      await card(page, 'Lineage')
        .getByRole('link', { name: /^Customer 360 \(data product\)/ })
        .first()
        .waitFor();
    });
  });

  it('shows a domain page with its products and compliance figures', async () => {
    const { page } = session;
    await scenario(page, 'domain-sales', async () => {
      await page.goto(`${portalUrl()}/catalog/default/domain/sales`);
      await page.getByRole('heading', { name: 'Sales' }).first().waitFor();
      // Sales' own product and those of its subdomain Orders.
      await page
        .getByText(/^Data products \(\d+\)$/)
        .first()
        .waitFor();
      for (const product of ['Sales Performance', 'Returns', 'Orders']) {
        await page
          .getByRole('link', { name: product, exact: true })
          .first()
          .waitFor();
      }
      // Each product's health: its compliance and its SLOs.
      const returns = page
        .getByRole('row')
        .filter({
          has: page.getByRole('link', { name: 'Returns', exact: true }),
        })
        .first();
      await returns.getByText(/^(Passing|Warning|Failing)$/).waitFor();
      await returns.getByText(/^(\d+\/\d+ met|no SLOs|no data)$/).waitFor();
      await reloadUntilVisible(
        page,
        page.getByText(
          /^\d+ of \d+ products compliant \([\d.]+%\), average score [\d.]+$/,
        ),
      );
      await page
        .getByRole('table', { name: 'Failing policies' })
        .first()
        .waitFor();
    });
  });

  it('shows the mesh page, from the sidebar, with its figures', async () => {
    const { page } = session;
    await scenario(page, 'mesh-page', async () => {
      await page.goto(portalUrl());
      await page.getByRole('link', { name: 'Data mesh' }).first().click();
      await page.waitForURL(/\/data-mesh$/);
      const figures = page.getByLabel('Adoption figures');
      await figures.waitFor();
      await figures.getByText('data products', { exact: true }).waitFor();
      await figures.getByText('products per domain', { exact: true }).waitFor();
      await reloadUntilVisible(
        page,
        page
          .getByLabel('Adoption figures')
          .getByText(/^\d+ of \d+ evaluated products$/),
      );
      const products = Number(
        await page
          .getByRole('group', { name: 'data products', exact: true })
          .locator('.MuiTypography-h3')
          .textContent(),
      );
      expect(products).toBeGreaterThanOrEqual(14);
      await page.getByText('Compliance across the mesh').first().waitFor();
      await page
        .getByText(/^\d+ of \d+ products$/)
        .first()
        .waitFor();
      // Filter the products to the failing ones: the example's broken products.
      await page
        .getByRole('group', { name: 'Filters' })
        .getByLabel('Compliance', { exact: true })
        .click();
      await page.getByRole('option', { name: 'failing', exact: true }).click();
      await page
        .getByRole('link', { name: 'Customer Segments', exact: true })
        .first()
        .waitFor();
    });
    await scenario(page, 'mesh-page-to-domain', async () => {
      // From the mesh page to a domain, and on to one of its products.
      await page
        .getByRole('link', { name: 'Marketing', exact: true })
        .first()
        .click();
      await page.waitForURL(/\/catalog\/default\/domain\/marketing$/);
      await page
        .getByText(/^Data products \(\d+\)$/)
        .first()
        .waitFor();
      await page
        .getByRole('link', { name: 'Customer Segments', exact: true })
        .first()
        .click();
      await page.waitForURL(
        /\/catalog\/default\/dataproduct\/customer-segments$/,
      );
      await card(page, 'Data product').waitFor();
    });
  });
});
