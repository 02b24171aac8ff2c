import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/guest and test/ship have their own configs (QEMU guests; the image and the binary builds).
    exclude: ['test/guest/**', 'test/ship/**', 'node_modules/**'],
    expect: { requireAssertions: true },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CI also writes machine-readable results; .ci/run prints the closing "N passed, N failed" line from them.
    reporters: process.env.CI === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/unit.json' },
  },
});
