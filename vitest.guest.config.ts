import { defineConfig } from 'vitest/config';

// The guest suite: boots Debian guests under QEMU (see docs/guest-tests.md). Separate from `npm test`
// because it needs root, QEMU and debootstrap, and takes minutes.
export default defineConfig({
  test: {
    include: ['test/guest/**/*.test.ts'],
    globalSetup: ['test/guest/global-setup.ts'],
    expect: { requireAssertions: true },
    // QEMU processes are children of the worker; separate processes let the kernel stop them if a worker dies.
    pool: 'forks',
    // Two files at once; the guest slots keep it to two guests at once.
    maxWorkers: 2,
    // A file may wait for guest slots while another group boots, then boot its own group under TCG:
    // each up to the lab's boot deadline, 20 minutes for a group of four (bootTimeoutMs in lab/lab.ts).
    hookTimeout: 40 * 60_000,
    testTimeout: 10 * 60_000,
    teardownTimeout: 60_000,
    // As in vitest.config.ts: CI also writes machine-readable results for .ci/run's closing line.
    reporters: process.env.CI === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/guest.json' },
  },
});
