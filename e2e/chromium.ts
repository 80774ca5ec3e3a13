/*
 * The one Chromium the browser tests (e2e/) and the frontend benchmarks
 * (bench/scenarios/frontend.ts) drive: Debian's, through playwright-core, which downloads
 * no browser of its own.
 */
import fs from 'node:fs';
import { chromium, Browser, Page } from 'playwright-core';

/** Where Chromium is: `MESHWORK_CHROMIUM`, else Debian's package. */
export const CHROMIUM_PATH =
  process.env.MESHWORK_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

/**
 * Launches a headless Chromium. The networking flags keep it from calling home: on a
 * closed network it otherwise stalls and logs errors on start.
 */
export function launchChromium(): Promise<Browser> {
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

/** Opens the portal at `baseUrl` and enters as guest. */
export async function signInAsGuest(
  browser: Browser,
  baseUrl: string,
): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
  });
  await page.goto(baseUrl);
  await page.getByRole('button', { name: /enter/i }).click();
  // Signed in once the sign-in page is gone and the catalog (the landing page) shows;
  // the choice is remembered, so later navigations sign in by themselves.
  await page.getByText('Meshwork Demo (ShopCo) Catalog').first().waitFor();
  return page;
}
