import type { Page } from 'playwright-core';
import { describeSignedIn, portalUrl, scenario } from './browser';
import { guestToken } from './portal';

/** Picks an option in a Backstage entity picker (an MUI autocomplete) by its label. */
async function pick(page: Page, label: string, search: string, option: RegExp) {
  const input = page.getByLabel(label, { exact: false }).first();
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

async function next(page: Page) {
  await page.getByRole('button', { name: /^(next|review)$/i }).click();
}

/** Opens the data-product template and fills the first page. */
async function startForm(page: Page, name: string, title: string) {
  await page.goto(`${portalUrl()}/create`);
  const card = page
    .locator('article, [class*="Card"]')
    .filter({ hasText: 'Data product' })
    .first();
  await card.getByRole('button', { name: /choose/i }).click();
  await page.getByLabel('Name', { exact: false }).first().fill(name);
  await page.getByLabel('Title', { exact: false }).first().fill(title);
  await page
    .getByLabel('Description', { exact: false })
    .first()
    .fill('Orders per customer and day, created by the browser test.');
  await pick(page, 'Domain', 'customer', /customer/i);
  await pick(page, 'Owner', 'customer', /customer.team/i);
  await next(page);
}

describeSignedIn('the paved road in a browser', session => {
  it('creates a compliant data product from the form and lands on its page', async () => {
    const { page } = session;
    await scenario(page, 'create-data-product', async () => {
      await startForm(page, 'browser-orders-daily', 'Browser Orders Daily');
      // Classification and retention: the defaults (source-aligned, internal, no PII).
      await next(page);
      // Lineage: one input product.
      await pick(page, 'Input data products', 'orders', /orders/i);
      await next(page);
      // Output port, service levels, pipeline: the defaults.
      await next(page);
      await next(page);
      await next(page);
      await page.getByRole('button', { name: /^create$/i }).click();

      const open = page.getByRole('link', { name: 'Open the data product' });
      await open.waitFor({ timeout: 60_000 });
      await page
        .getByText(/Governance/)
        .first()
        .waitFor();
      await open.click();
      await page
        .getByRole('heading', { name: 'Browser Orders Daily' })
        .first()
        .waitFor({ timeout: 30_000 });
      expect(page.url()).toContain(
        '/catalog/default/dataproduct/browser-orders-daily',
      );
    });

    // It has a compliance result at once (evaluated live until the next sweep stores one).
    const token = await guestToken(portalUrl());
    const res = await fetch(
      `${portalUrl()}/api/data-mesh/compliance/default/browser-orders-daily`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      entityRef: 'dataproduct:default/browser-orders-daily',
      passed: true,
    });
  });

  it('stops a non-compliant answer with reasons the user can act on', async () => {
    const { page } = session;
    await scenario(page, 'create-data-product-refused', async () => {
      await startForm(page, 'browser-secrets', 'Browser Secrets');
      // Confidential data...
      await page.getByLabel(/^Confidential/).check();
      await next(page);
      await next(page);
      await next(page);
      await next(page);
      // ...without encryption at rest.
      await page.getByLabel(/Encrypt data at rest/).uncheck();
      await next(page);
      await page.getByRole('button', { name: /^create$/i }).click();

      await page
        .getByText(/breaks \d+ required polic/)
        .first()
        .waitFor({ timeout: 60_000 });
      await page
        .getByText(/encryption-at-rest/)
        .first()
        .waitFor();
      await page
        .getByText(/Fix: Enable encryption/)
        .first()
        .waitFor();
    });
  });
});
