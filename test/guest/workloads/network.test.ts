/**
 * network, both roles booted from the dry run's Secrets and joined by a socket link: the client finds
 * the server by the Service's DNS name and iperf3 moves data both ways (--bidir).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun } from './support/dry-run-plan.js';
import type { PlannedRun } from './support/dry-run-plan.js';
import { netBytes, reportFigures } from './support/guest-checks.js';
import { bootPlanned, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();
const WINDOW_SECONDS = 20;
const MIB = 2 ** 20;

let run: PlannedRun;
let server: BootedVm;
let client: BootedVm;

beforeAll(async () => {
  run = await planDryRun(['--workloads', 'network']);
  [server, client] = (await bootPlanned(lab, run, ['virtwork-network-0-server', 'virtwork-network-0-client'])) as [BootedVm, BootedVm];
});

describe('network server', () => {
  itRunsAsPlanned(() => server);
});

describe('network client', () => {
  itRunsAsPlanned(() => client);
});

describe('network pair', () => {
  it('has the client name the server by the Service’s DNS name, which resolves to the server', async () => {
    const service = run.services.find((s) => s.selects.includes(server.vm.name));
    const dnsName = `${service?.name}.${service?.namespace}.svc.cluster.local`;
    expect(client.vm.files.map((f) => f.content).join('\n')).toContain(`host=${dnsName}\n`);
    expect(await client.guest.agent.shOk(`getent hosts ${dnsName}`)).toMatch(/^10\.0\.2\.10\s/);
  });

  // Tolerance: at least 1 MiB each way through the server's NIC within 20 s (the lab measured ~300 Mbit/s).
  it('moves data both ways through the server: at least 1 MiB received and 1 MiB sent in 20 s', async () => {
    await expect
      .poll(async () => (await client.guest.agent.sh("ss -Htn state established '( dport = :5201 )' | wc -l")).stdout.trim(), {
        timeout: 120_000,
        interval: 2_000,
      })
      .not.toBe('0');
    const before = await netBytes(server.guest);
    await sleep(WINDOW_SECONDS * 1000);
    const after = await netBytes(server.guest);
    const receivedMiB = (after.rx - before.rx) / MIB;
    const sentMiB = (after.tx - before.tx) / MIB;
    reportFigures('network (defaults)', {
      'server received': `${((receivedMiB * 8 * 1.048576) / WINDOW_SECONDS).toFixed(1)} Mbit/s`,
      'server sent': `${((sentMiB * 8 * 1.048576) / WINDOW_SECONDS).toFixed(1)} Mbit/s`,
    });
    expect(receivedMiB).toBeGreaterThanOrEqual(1);
    expect(sentMiB).toBeGreaterThanOrEqual(1);
  });
});

describe('network units at the end', () => {
  itKeepsUnitsActive(() => server);
  itKeepsUnitsActive(() => client);
});
