import { defineConfig } from 'vitest/config';

/*
 * The adopter test (`npm test`'s "adopter install" step): Meshwork's plugins packed as npm
 * publishes them, installed into a Backstage app and backend outside this repository's
 * workspaces, set up by the root README alone. One file, run on its own after the build.
 */
export default defineConfig({
  test: {
    name: 'adopter',
    globals: true,
    environment: 'node',
    include: ['scripts/adopter/*.adopter.ts'],
    setupFiles: ['./test-setup/node.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
