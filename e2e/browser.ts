import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { launchChromium, signInAsGuest as signIn } from './chromium';
import { artifactsDir } from './portal';

/** The running portal's URL, or '' when browser tests are skipped. */
export const portalUrl = () => inject('portalUrl');

/** Opens the portal (the shared one unless `baseUrl` is given) and enters as guest. */
export const signInAsGuest = (browser: Browser, baseUrl = portalUrl()) =>
  signIn(browser, baseUrl);

/** The page of a guest signed in to the portal, shared by the tests of one suite. */
export interface SignedInSession {
  /** The signed-in page; there once the suite's `beforeAll` has run. */
  readonly page: Page;
}

/**
 * A suite of browser tests on one signed-in page: Chromium is launched and the guest
 * signs in before the first test, and the browser is closed after the last. Without a
 * portal (no Chromium) the suite is reported as skipped, never silently absent.
 */
export function describeSignedIn(
  name: string,
  tests: (session: SignedInSession) => void,
) {
  if (!portalUrl()) {
    describe(name, () => {
      it.skip('needs Chromium (see the warning printed above)', () => {});
    });
    return;
  }
  describe(name, () => {
    let browser: Browser | undefined;
    let page: Page | undefined;
    beforeAll(async () => {
      browser = await launchChromium();
      page = await signInAsGuest(browser);
    });
    afterAll(async () => {
      await browser?.close();
    });
    tests({
      get page() {
        if (!page) throw new Error('the guest has not signed in yet');
        return page;
      },
    });
  });
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
