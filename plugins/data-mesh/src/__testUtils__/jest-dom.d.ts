// The jsdom test project loads @testing-library/jest-dom/vitest (test-setup/jsdom.ts);
// this brings its matchers' types to the plugin's tests.
/// <reference types="@testing-library/jest-dom/vitest" />
