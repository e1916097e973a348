import { defineConfig } from 'vitest/config';

// Client measurements for docs/benchmarks.md: `CONFAB_URL=http://127.0.0.1:8080 npm run bench` after `npm run build`.
export default defineConfig({
  test: { include: ['perf/**/*.perf.ts'], environment: 'node', fileParallelism: false, testTimeout: 300_000, hookTimeout: 60_000 },
});
