import { describe, expect, it } from 'vitest';
import type { ReadinessMode } from '../../../src/constants.js';
import { getGuestProfile } from '../../../src/workloads/guest/profiles.js';
import { roleCloudConfig } from '../../../src/workloads/guest/role-cloud-config.js';
import { rolePaths } from '../../../src/workloads/guest/role-paths.js';
import { sh } from '../../../src/workloads/guest/shell-script.js';

const fedora = getGuestProfile('fedora');
const disk = { name: 'data', serial: 'virtwork-data', size: '1Gi', mountPath: '/mnt/data' };

describe('rolePaths', () => {
  it('derives unit and script names from virtwork-<workload>[-<role>]', () => {
    expect(rolePaths('cpu')).toEqual({
      base: 'virtwork-cpu',
      unit: 'virtwork-cpu.service',
      script: '/usr/local/bin/virtwork-cpu',
      setupScript: '/usr/local/bin/virtwork-cpu-setup',
    });
    expect(rolePaths('network', 'client').unit).toBe('virtwork-network-client.service');
  });
});

describe('roleCloudConfig', () => {
  const paths = rolePaths('demo');
  const guest = {
    tools: ['fio' as const],
    setupScript: sh('prepare', ['true']),
    script: sh('work', ['while :; do sleep 1; done']),
    unit: { description: 'demo work' },
  };
  const withReadiness = (readiness: ReadinessMode) =>
    roleCloudConfig({ guest, paths, profile: fedora, dataDisk: disk, skipPackageInstall: false, readiness });

  describe('with http readiness (the default)', () => {
    const full = withReadiness('http');

    it('starts the agent, then the health endpoint, then disks, then setup, then the unit', () => {
      expect(full.runcmd).toEqual([
        'systemctl daemon-reload',
        'systemctl enable --now qemu-guest-agent',
        'systemctl enable --now virtwork-health.service',
        '/usr/local/bin/virtwork-disk-setup virtwork-data /mnt/data',
        '/usr/local/bin/virtwork-demo-setup',
        'systemctl enable --now virtwork-demo.service',
      ]);
    });

    it('writes the health endpoint and its unit, disk setup, both scripts (executable) and the unit running the script', () => {
      expect(full.writeFiles?.map((f) => [f.path, f.permissions ?? '0644'])).toEqual([
        ['/usr/local/bin/virtwork-health', '0755'],
        ['/etc/systemd/system/virtwork-health.service', '0644'],
        ['/usr/local/bin/virtwork-disk-setup', '0755'],
        ['/usr/local/bin/virtwork-demo-setup', '0755'],
        ['/usr/local/bin/virtwork-demo', '0755'],
        ['/etc/systemd/system/virtwork-demo.service', '0644'],
      ]);
      const unit = full.writeFiles?.at(-1)?.content ?? '';
      expect(unit).toContain('Description=virtwork-demo: demo work\n');
      expect(unit).toContain('ExecStart=/usr/local/bin/virtwork-demo\n');
    });

    it('has the health endpoint report on exactly the role’s unit, on the port and path the probe asks', () => {
      const health = full.writeFiles?.find((f) => f.path === '/etc/systemd/system/virtwork-health.service')?.content ?? '';
      expect(health).toContain('ExecStart=/usr/local/bin/virtwork-health 8099 /readyz virtwork-demo.service\n');
    });

    it('leaves guest-exec blocked where the distribution blocks it: no agent drop-in', () => {
      expect(full.writeFiles?.map((f) => f.path).filter((p) => p.includes('qemu-guest-agent') || p.includes('qemu-ga'))).toEqual([]);
    });

    it('installs the tools, mkfs.ext4 for the disk, python3 for the health endpoint and the guest agent', () => {
      expect(full.packages).toEqual(['fio', 'e2fsprogs', 'python3', 'qemu-guest-agent']);
    });
  });

  describe('with guest-agent readiness', () => {
    const full = withReadiness('guest-agent');

    it('restarts the agent after writing the drop-in that allows guest-exec, and has no health endpoint', () => {
      expect(full.runcmd).toEqual([
        'systemctl daemon-reload',
        'systemctl enable qemu-guest-agent',
        'systemctl restart qemu-guest-agent',
        '/usr/local/bin/virtwork-disk-setup virtwork-data /mnt/data',
        '/usr/local/bin/virtwork-demo-setup',
        'systemctl enable --now virtwork-demo.service',
      ]);
      expect(full.writeFiles?.map((f) => f.path).slice(0, 2)).toEqual([
        '/etc/systemd/system/qemu-guest-agent.service.d/50-virtwork-guest-exec.conf',
        '/etc/virtwork/qemu-ga.env',
      ]);
      expect(full.writeFiles?.map((f) => f.path)).not.toContain('/usr/local/bin/virtwork-health');
      expect(full.packages).toEqual(['fio', 'e2fsprogs', 'qemu-guest-agent']);
    });
  });

  describe('with running readiness', () => {
    it('writes neither the health endpoint nor the agent drop-in', () => {
      const paths = withReadiness('running').writeFiles?.map((f) => f.path) ?? [];
      expect(paths.filter((p) => p.includes('health') || p.includes('qemu'))).toEqual([]);
      expect(paths).toContain('/etc/systemd/system/virtwork-demo.service');
    });
  });

  it('leaves packages out when the image carries the tools', () => {
    const input = { guest: { tools: ['fio' as const], unit: { description: 'd', execStart: 'fio x' } }, paths, profile: fedora, skipPackageInstall: true, readiness: 'http' as const };
    expect(roleCloudConfig(input)).not.toHaveProperty('packages');
  });

  it('refuses a role with neither a script nor a command', () => {
    expect(() =>
      roleCloudConfig({ guest: { tools: [], unit: { description: 'd' } }, paths, profile: fedora, skipPackageInstall: false, readiness: 'http' }),
    ).toThrow('virtwork-demo.service has neither a script nor an execStart');
  });
});
