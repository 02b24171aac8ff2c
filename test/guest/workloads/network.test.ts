/**
 * network with `--vm-count 2` (one vCPU each, one stream): two server/client pairs booted together from the dry run's Secrets, on
 * one shared network segment where either server is reachable from either client. Each pair has its
 * own Service; each client names its own pair's Service, which resolves to its own server, and
 * iperf3 moves data both ways (--bidir) between each client and its own server only.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Guest } from '../lab/guest.js';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun } from './support/dry-run-plan.js';
import type { PlannedRun } from './support/dry-run-plan.js';
import { netBytes, reportFigures } from './support/guest-checks.js';
import { bootPlanned, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();
const WINDOW_SECONDS = 20;
const MIB = 2 ** 20;
const PAIRS = [0, 1] as const;

let run: PlannedRun;
/** `servers[i]` and `clients[i]` form pair i. */
let servers: BootedVm[];
let clients: BootedVm[];

/** The guest's address on its pod-network interface. */
const addressOf = async (guest: Guest): Promise<string> =>
  /inet (\S+)\//.exec(await guest.agent.shOk('ip -4 -o addr show dev eth0'))?.[1] ?? '';

/** Peer addresses of the established iperf3 connections a server holds (its socket is dual-stack: `[::ffff:a.b.c.d]`). */
const iperfPeers = async (server: Guest): Promise<string[]> => {
  const out = await server.agent.shOk("ss -Htn state established '( sport = :5201 )'");
  return [...new Set([...out.matchAll(/\s\[?(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)\]?:\d+\s*$/gm)].map((m) => m[1] ?? ''))];
};

beforeAll(async () => {
  // Four emulated guests share the host's two cores: one vCPU each, and one iperf3 stream per client,
  // leave the guests enough CPU to answer the agent and the probe while the traffic runs.
  run = await planDryRun(['--workloads', 'network', '--vm-count', '2', '--cpu-cores', '1', '--params', 'network.parallel-streams=1']);
  const names = PAIRS.flatMap((i) => [`virtwork-network-${i}-server`, `virtwork-network-${i}-client`]);
  const booted = await bootPlanned(lab, run, names);
  servers = PAIRS.map((i) => booted[2 * i] as BootedVm);
  clients = PAIRS.map((i) => booted[2 * i + 1] as BootedVm);
});

for (const i of PAIRS) {
  describe(`network pair ${i}`, () => {
    describe('server', () => {
      itRunsAsPlanned(() => servers[i] as BootedVm);
    });
    describe('client', () => {
      itRunsAsPlanned(() => clients[i] as BootedVm);
    });

    it('has its own Service, selecting its server only, and its client names it, resolving to that server', async () => {
      const server = servers[i] as BootedVm;
      const client = clients[i] as BootedVm;
      const service = run.services.find((s) => s.name === `virtwork-network-${i}-server`);
      expect(service?.selects).toEqual([server.vm.name]);
      expect(client.vm.files.map((f) => f.content).join('\n')).toContain(`host=${service?.name}\n`);
      const resolved = /^(\S+)\s/.exec(await client.guest.agent.shOk(`getent hosts ${service?.name}`))?.[1];
      expect(resolved).toBe(await addressOf(server.guest));
    });
  });
}

describe('the two pairs on one segment', () => {
  // Tolerance: at least 1 MiB each way through each server's NIC within 20 s (the lab measured ~300 Mbit/s for one pair).
  it('moves data both ways between each client and its own server, and never to the other pair’s server', async () => {
    const serverGuests = servers.map((s) => s.guest);
    const clientAddresses = await Promise.all(clients.map((c) => addressOf(c.guest)));
    // Each server holds connections from its own client, and only from it.
    await expect
      .poll(async () => Promise.all(serverGuests.map(iperfPeers)), { timeout: 180_000, interval: 2_000 })
      .toEqual(clientAddresses.map((address) => [address]));

    const before = await Promise.all(serverGuests.map((g) => netBytes(g)));
    const seen = serverGuests.map(() => new Set<string>());
    for (let t = 0; t < WINDOW_SECONDS; t += 2) {
      const peers = await Promise.all(serverGuests.map(iperfPeers));
      peers.forEach((list, k) => list.forEach((address) => seen[k]?.add(address)));
      await sleep(2_000);
    }
    const after = await Promise.all(serverGuests.map((g) => netBytes(g)));
    expect(seen.map((set) => [...set])).toEqual(clientAddresses.map((address) => [address]));
    for (const i of PAIRS) {
      const receivedMiB = ((after[i]?.rx ?? 0) - (before[i]?.rx ?? 0)) / MIB;
      const sentMiB = ((after[i]?.tx ?? 0) - (before[i]?.tx ?? 0)) / MIB;
      reportFigures(`network pair ${i} (two pairs on one segment)`, {
        'server received': `${((receivedMiB * 8 * 1.048576) / WINDOW_SECONDS).toFixed(1)} Mbit/s`,
        'server sent': `${((sentMiB * 8 * 1.048576) / WINDOW_SECONDS).toFixed(1)} Mbit/s`,
      });
      expect(receivedMiB, `server ${i} received`).toBeGreaterThanOrEqual(1);
      expect(sentMiB, `server ${i} sent`).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('network units at the end', () => {
  for (const i of PAIRS) {
    itKeepsUnitsActive(() => servers[i] as BootedVm);
    itKeepsUnitsActive(() => clients[i] as BootedVm);
  }
});
