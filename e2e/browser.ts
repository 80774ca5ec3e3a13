import path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { artifactsDir, CHROMIUM_PATH } from './portal';

/** The running portal's URL, or '' when browser tests are skipped. */
export const portalUrl = () => inject('portalUrl');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens the portal and enters as guest. */
export async function signInAsGuest(browser: Browser): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
  });
  await page.goto(portalUrl());
  await page.getByRole('button', { name: /enter/i }).click();
  // Signed in once the sign-in page is gone and the catalog (the landing page) shows;
  // the choice is remembered, so later navigations sign in by themselves.
  await page.getByText('Meshwork Demo (ShopCo) Catalog').first().waitFor();
  return page;
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({
    path: path.join(artifactsDir, `${name}.png`),
    fullPage: true,
  });
}

/**
 * Runs a browser scenario and always leaves a screenshot: `<name>.png` when it passes,
 * `<name>-failed.png` when it does not, so a failure can be seen, not guessed.
 */
export async function scenario(
  page: Page,
  name: string,
  fn: (page: Page) => Promise<void>,
) {
  try {
    await fn(page);
    await screenshot(page, name);
  } catch (e) {
    await screenshot(page, `${name}-failed`).catch(() => {});
    throw e;
  }
}
