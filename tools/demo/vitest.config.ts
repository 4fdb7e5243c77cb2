import { defineConfig } from 'vitest/config';

/** `npm run demo:regenerate`: rebuilds examples/demo-inventory.json from a seeded moto account. */
export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['src/quiet-sdk-warning.ts'],
    include: ['tools/demo/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
