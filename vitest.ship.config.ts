import { defineConfig } from 'vitest/config';

// The shipping suite: the single binary (npm run build:binary) and the container image (npm run
// build:image, run under buildah). Separate from `npm test` because it builds both, needs root and
// buildah for the image, and takes minutes cold (see docs/deployment.md).
export default defineConfig({
  test: {
    include: ['test/ship/**/*.test.ts'],
    expect: { requireAssertions: true },
    // One file at a time: each builds something large on a two-core machine.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 30 * 60_000,
    // As in vitest.config.ts: CI also writes machine-readable results for .ci/run's closing line.
    reporters: process.env.CI === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/ship.json' },
  },
});
