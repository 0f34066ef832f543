import { defineConfig } from 'vitest/config';

// One vitest run covers the harness, the TypeScript pipeline and the JS-client tests of the
// embedded Qdrant. Tests spawn real processes (pipelines, the store), so they get long timeouts
// and run one file at a time on these 2-core machines to keep measurements honest.
export default defineConfig({
  test: {
    include: ['harness/test/**/*.test.ts', 'ts-pipeline/test/**/*.test.ts', 'qdrant-local/tests/js/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
