import type { TestProject } from 'vitest/node';
import fs from 'node:fs';
import path from 'node:path';
import { chromiumAvailable, CHROMIUM_PATH } from './chromium';
import {
  artifactsDir,
  repoRoot,
  seedOpenLineage,
  startPortal,
  waitForExampleMesh,
} from './portal';

const PORT = 7017;

/** Starts one portal for every browser test file; they share it. */
export default async function setup(project: TestProject) {
  fs.rmSync(artifactsDir, { recursive: true, force: true });
  if (!chromiumAvailable()) {
    if (process.env.MESHWORK_REQUIRE_BROWSER) {
      throw new Error(
        `MESHWORK_REQUIRE_BROWSER is set but there is no Chromium at ${CHROMIUM_PATH}`,
      );
    }
    const line = '!'.repeat(78);
    // Loud on purpose: a skipped browser suite must never pass unnoticed.
    console.warn(
      `\n${line}\n!! BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH}.\n!! Install it (apt-get install -y chromium) or set MESHWORK_CHROMIUM. CI installs it.\n${line}\n`,
    );
    project.provide('portalUrl', '');
    return undefined;
  }
  const portal = await startPortal({
    port: PORT,
    name: 'browser',
    // New products from the paved road go to the portal's private work dir, so every
    // run starts empty.
    extraConfig: [
      'dataMesh:',
      '  scaffolder:',
      '    localPublish:',
      `      directory: ${JSON.stringify(
        path.join(repoRoot, '.meshwork/e2e/browser/products'),
      )}`,
    ].join('\n'),
  });
  try {
    await waitForExampleMesh(portal.baseUrl);
    seedOpenLineage(portal);
  } catch (e) {
    await portal.stop();
    throw e;
  }
  project.provide('portalUrl', portal.baseUrl);
  return () => portal.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    portalUrl: string;
  }
}
