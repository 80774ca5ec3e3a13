import { describeSignedIn, portalUrl, scenario } from './browser';

/*
 * What Backstage itself does with the mesh kinds, before any Meshwork frontend: the
 * catalog list filtered to DataProduct, the default entity page with its relations graph,
 * and search over products.
 */

describeSignedIn('the example mesh in stock Backstage pages', session => {
  it('lists data products when the catalog is filtered to the DataProduct kind', async () => {
    const { page } = session;
    await scenario(page, 'catalog-dataproducts', async () => {
      await page.goto(
        `${portalUrl()}/?filters[kind]=dataproduct&filters[user]=all&limit=50`,
      );
      await page.getByRole('link', { name: 'Customer 360' }).first().waitFor();
      await page
        .getByText(/All Data ?Products \((\d+)\)/i)
        .first()
        .waitFor();
      const heading = await page
        .getByText(/All Data ?Products \((\d+)\)/i)
        .first()
        .textContent();
      const count = Number(/\((\d+)\)/.exec(heading ?? '')?.[1]);
      expect(count).toBeGreaterThanOrEqual(14);
    });
  });

  it('shows a product on the default entity page with its lineage in the relations graph', async () => {
    const { page } = session;
    await scenario(page, 'entity-customer-360', async () => {
      await page.goto(
        `${portalUrl()}/catalog/default/dataproduct/customer-360`,
      );
      await page
        .getByRole('heading', { name: 'Customer 360' })
        .first()
        .waitFor();
      const graph = page
        .locator('svg')
        .filter({ hasText: 'Customer 360' })
        .first();
      await graph.waitFor();
      // Upstream products from other domains, and the domain it is part of.
      for (const node of ['Orders', 'Support Tickets', 'Campaign Engagement']) {
        await graph.getByText(node, { exact: true }).first().waitFor();
      }
      await graph.getByText('hasPart').first().waitFor();
    });
  });

  it('finds products by name and by description in search', async () => {
    const { page } = session;
    await scenario(page, 'search-products', async () => {
      await page.goto(`${portalUrl()}/search?query=churn%20propensity`);
      await page
        .getByRole('link', { name: /Customer Churn Scores/ })
        .first()
        .waitFor();
      await page.goto(`${portalUrl()}/search?query=Customer%20360`);
      await page
        .getByRole('link', { name: /^Customer 360$/ })
        .first()
        .waitFor();
    });
  });
});
