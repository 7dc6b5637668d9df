import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (pkg: string, entry = 'index.ts') => fileURLToPath(new URL(`./packages/${pkg}/src/${entry}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources of sibling packages, so a change is tested without a rebuild.
    // A subpath comes before its package: aliases match by prefix, in order.
    alias: {
      '@fakestore/shared-core/cli': source('shared-core', 'cli/index.ts'),
      '@fakestore/shared-core': source('shared-core'),
      '@fakestore/fakestore-sim': source('fakestore-sim'),
      '@fakestore/test-utils': source('test-utils'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './scripts/vitest-summary.ts'],
  },
});
