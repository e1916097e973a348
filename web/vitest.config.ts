import { defineConfig } from 'vitest/config';

// Unit and protocol tests. The protocol tests need a running server: CONFAB_URL (set by the JUnit
// test that starts one); without it they are skipped only when run by hand outside Maven.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'happy-dom',
    setupFiles: ['test/setup.ts'],
    testTimeout: 30000,
    hookTimeout: 30000,
  },
});
