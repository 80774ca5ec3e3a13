import { defineConfig } from 'vitest/config';

/*
 * One vitest run, three projects:
 * - node:    backend plugins, common libraries and the backend (SQLite, and PostgreSQL when
 *            BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set)
 * - jsdom:   frontend components through Backstage's test app
 * - browser: the built portal served by the real backend, driven in Chromium
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          globals: true,
          environment: 'node',
          include: [
            'plugins/*/src/**/*.test.ts',
            'packages/backend/src/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['plugins/data-mesh/**', '**/node_modules/**'],
          setupFiles: ['./test-setup/node.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'jsdom',
          globals: true,
          environment: 'jsdom',
          include: [
            'plugins/data-mesh/src/**/*.test.{ts,tsx}',
            'packages/app/src/**/*.test.{ts,tsx}',
          ],
          setupFiles: ['./test-setup/jsdom.ts'],
          server: {
            deps: { inline: [/material-ui-popup-state/] },
          },
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          globals: true,
          environment: 'node',
          include: ['e2e/**/*.test.ts'],
          setupFiles: ['./test-setup/node.ts'],
          globalSetup: ['./e2e/globalSetup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
