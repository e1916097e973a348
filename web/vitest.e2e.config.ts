import { defineConfig } from 'vitest/config';

// Browser tests: playwright-core drives Debian's Chromium against the server in CONFAB_URL (the
// JUnit test WebBrowserTest starts one and runs this). Files run one after another: the machine is small.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    globalSetup: ['e2e/global-setup.ts'],
  },
});
