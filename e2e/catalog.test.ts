import type { Browser } from 'playwright-core';
import { launchBrowser, portalUrl, scenario, signInAsGuest } from './browser';

const enabled = Boolean(portalUrl());

describe.runIf(enabled)('the portal in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in as guest and lists the example organisation in the catalog', async () => {
    const page = await signInAsGuest(browser);
    await scenario(page, 'catalog-groups', async () => {
      await page.goto(`${portalUrl()}/?filters[kind]=group`);
      await page.getByRole('link', { name: 'Customer Team' }).first().waitFor();
      await page.getByRole('link', { name: 'Data Platform' }).first().waitFor();
    });
    await scenario(page, 'group-page', async () => {
      await page.getByRole('link', { name: 'Customer Team' }).first().click();
      await page
        .getByText('Owns customer identity, profiles and the Customer 360')
        .first()
        .waitFor();
    });
  });
});

if (!enabled) {
  describe('the portal in a browser', () => {
    it.skip('needs Chromium (see the warning printed above)', () => {});
  });
}
