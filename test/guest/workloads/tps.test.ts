/**
 * tps, both roles booted from the dry run's Secrets and joined by a socket link: the client fetches
 * the server's file over HTTP through the Service's DNS name. Debian has no netperf (non-free), so the
 * debian profile runs only the HTTP fetches and says why. `tps.file-size=1M` keeps each fetch short.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun } from './support/dry-run-plan.js';
import { reportFigures } from './support/guest-checks.js';
import { bootPlanned, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();
const WINDOW_SECONDS = 30;

let server: BootedVm;
let client: BootedVm;

/** Successful fetches of the payload the server has logged so far (python's http.server logs each request). */
const servedFetches = async (): Promise<number> =>
  Number(
    (
      await server.guest.agent.shOk(
        "journalctl -q -o cat -u virtwork-tps-server.service | grep -c 'GET /payload.bin HTTP/1.1\" 200' || true",
      )
    ).trim(),
  );

beforeAll(async () => {
  const run = await planDryRun(['--workloads', 'tps', '--params', 'tps.file-size=1M']);
  [server, client] = (await bootPlanned(lab, run, ['virtwork-tps-0-server', 'virtwork-tps-0-client'])) as [BootedVm, BootedVm];
});

describe('tps server', () => {
  itRunsAsPlanned(() => server);
});

describe('tps client', () => {
  itRunsAsPlanned(() => client);
});

describe('tps pair', () => {
  it('runs no netperf on debian and says why in the scripts', () => {
    const scripts = [...server.vm.files, ...client.vm.files].map((f) => f.content).join('\n');
    expect(scripts).not.toMatch(/^\s*(netperf|netserver)\b/m);
    expect(scripts).toContain('no netperf on debian');
  });

  // Tolerance: at least 3 fetches of the 1 MiB file served in 30 s.
  it('completes HTTP fetches through the Service name: at least 3 served in 30 s', async () => {
    await expect.poll(servedFetches, { timeout: 120_000, interval: 3_000 }).toBeGreaterThan(0);
    const before = await servedFetches();
    await sleep(WINDOW_SECONDS * 1000);
    const after = await servedFetches();
    reportFigures('tps (file-size=1M)', { 'HTTP fetches': `${((after - before) / WINDOW_SECONDS).toFixed(2)} per second` });
    expect(after - before).toBeGreaterThanOrEqual(3);
  });
});

describe('tps units at the end', () => {
  itKeepsUnitsActive(() => server);
  itKeepsUnitsActive(() => client);
});
