import { describe, expect, it } from 'vitest';
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
  const full = roleCloudConfig({
    guest: {
      tools: ['fio'],
      setupScript: sh('prepare', ['true']),
      script: sh('work', ['while :; do sleep 1; done']),
      unit: { description: 'demo work' },
    },
    paths,
    profile: fedora,
    dataDisk: disk,
    skipPackageInstall: false,
  });

  it('starts the agent first, then disks, then setup, then the unit', () => {
    expect(full.runcmd).toEqual([
      'systemctl daemon-reload',
      'systemctl enable qemu-guest-agent',
      'systemctl restart qemu-guest-agent',
      '/usr/local/bin/virtwork-disk-setup virtwork-data /mnt/data',
      '/usr/local/bin/virtwork-demo-setup',
      'systemctl enable --now virtwork-demo.service',
    ]);
  });

  it('writes the agent drop-in, disk setup, both scripts (executable) and the unit running the script', () => {
    expect(full.writeFiles?.map((f) => [f.path, f.permissions ?? '0644'])).toEqual([
      ['/etc/systemd/system/qemu-guest-agent.service.d/50-virtwork-guest-exec.conf', '0644'],
      ['/etc/virtwork/qemu-ga.env', '0644'],
      ['/usr/local/bin/virtwork-disk-setup', '0755'],
      ['/usr/local/bin/virtwork-demo-setup', '0755'],
      ['/usr/local/bin/virtwork-demo', '0755'],
      ['/etc/systemd/system/virtwork-demo.service', '0644'],
    ]);
    const unit = full.writeFiles?.at(-1)?.content ?? '';
    expect(unit).toContain('Description=virtwork-demo: demo work\n');
    expect(unit).toContain('ExecStart=/usr/local/bin/virtwork-demo\n');
  });

  it('installs the tools, mkfs.ext4 for the disk and the guest agent', () => {
    expect(full.packages).toEqual(['fio', 'e2fsprogs', 'qemu-guest-agent']);
  });

  it('leaves packages out when the image carries the tools', () => {
    const input = { guest: { tools: ['fio' as const], unit: { description: 'd', execStart: 'fio x' } }, paths, profile: fedora, skipPackageInstall: true };
    expect(roleCloudConfig(input)).not.toHaveProperty('packages');
  });

  it('refuses a role with neither a script nor a command', () => {
    expect(() => roleCloudConfig({ guest: { tools: [], unit: { description: 'd' } }, paths, profile: fedora, skipPackageInstall: false })).toThrow(
      'virtwork-demo.service has neither a script nor an execStart',
    );
  });
});
