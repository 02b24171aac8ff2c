import { describe, expect, it } from 'vitest';
import { getWorkloadDefinition } from '../../src/workloads/registry.js';
import { OVERRIDES } from './support/documents.js';
import { render } from './support/render.js';

const SCRIPT = '/usr/local/bin/virtwork-chaos-network';

describe('chaos-network', () => {
  it('is opt-in', () => {
    expect(getWorkloadDefinition('chaos-network').optIn).toBe(true);
  });

  it('replaces the default-route interface qdisc with netem delay 100ms loss 5% by default', () => {
    const script = render('chaos-network').file(SCRIPT);
    expect(script).toContain('interface=$(ip route show default');
    expect(script).toContain('tc qdisc replace dev "$interface" root netem delay 100ms loss 5%\n');
  });

  it('takes latency and loss from params, fractions included', () => {
    expect(render('chaos-network', { params: OVERRIDES['chaos-network'] }).file(SCRIPT)).toContain('netem delay 250ms loss 0.5%\n');
  });

  it('removes netem when the unit stops', () => {
    const rendered = render('chaos-network');
    expect(rendered.unitValues('virtwork-chaos-network.service', 'ExecStart')).toEqual([`${SCRIPT} start`]);
    expect(rendered.unitValues('virtwork-chaos-network.service', 'ExecStopPost')).toEqual([`${SCRIPT} stop`]);
    expect(rendered.file(SCRIPT)).toContain('  stop)\n');
    expect(rendered.file(SCRIPT)).toContain('tc qdisc del dev "$interface" root');
  });

  it('installs tc, and on fedora the kernel-modules-extra that carry sch_netem', () => {
    expect(render('chaos-network').doc.packages).toEqual(['iproute-tc', 'python3', 'qemu-guest-agent', 'kernel-modules-extra']);
    expect(render('chaos-network', { guestOs: 'debian' }).doc.packages).toEqual(['iproute2', 'python3', 'qemu-guest-agent']);
  });
});
