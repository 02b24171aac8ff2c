/**
 * chaos-network, booted from the dry run's Secret with params other than the defaults, so the figures
 * prove they reached the guest: netem with that delay and loss sits on the default-route interface.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun } from './support/dry-run-plan.js';
import { reportFigures } from './support/guest-checks.js';
import { bootPlanned, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();
const LATENCY_MS = 150;
const LOSS_PERCENT = 2.5;

let booted: BootedVm;

beforeAll(async () => {
  const run = await planDryRun([
    '--workloads', 'chaos-network',
    '--params', `chaos-network.latency-ms=${LATENCY_MS},chaos-network.packet-loss-percent=${LOSS_PERCENT}`,
  ]);
  [booted] = (await bootPlanned(lab, run, ['virtwork-chaos-network-0'])) as [BootedVm];
});

describe(`chaos-network with ${LATENCY_MS} ms delay and ${LOSS_PERCENT} % loss`, () => {
  itRunsAsPlanned(() => booted);

  // Exact: tc reports the delay and loss it was given.
  it('puts netem with the configured delay and loss on the default-route interface', async () => {
    const route = await booted.guest.agent.shOk('ip route show default');
    const iface = /\bdev (\S+)/.exec(route)?.[1];
    expect(iface).toBe('eth0');
    const qdisc = await booted.guest.agent.shOk(`tc qdisc show dev ${iface ?? ''} root`);
    reportFigures('chaos-network', { qdisc: qdisc.trim() });
    expect(qdisc).toMatch(new RegExp(`^qdisc netem \\S+ root .*\\bdelay ${LATENCY_MS}ms\\b.*\\bloss ${LOSS_PERCENT}%`, 'm'));
  });

  itKeepsUnitsActive(() => booted);
});
