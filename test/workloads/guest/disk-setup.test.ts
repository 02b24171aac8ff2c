import { describe, expect, it } from 'vitest';
import { DISK_SETUP_PATH, diskSetupCommand, diskSetupFile } from '../../../src/workloads/guest/disk-setup.js';

describe('the shared disk setup script', () => {
  const { path, content, permissions } = diskSetupFile();

  it('is one executable script under /usr/local/bin', () => {
    expect(path).toBe(DISK_SETUP_PATH);
    expect(permissions).toBe('0755');
    expect(content.startsWith('#!/bin/sh\n')).toBe(true);
  });

  it('finds the disk by its virtio serial and waits for the link to appear', () => {
    expect(content).toContain('device=/dev/disk/by-id/virtio-$serial\n');
    expect(content).toContain('while [ ! -e "$device" ]; do');
  });

  it('formats only when blkid finds no filesystem, and stops on any other blkid failure', () => {
    expect(content).toContain('blkid -p "$device" >/dev/null || status=$?');
    expect(content).toContain('if [ "$status" -eq 2 ]; then\n  mkfs.ext4 -q "$device"\nelif [ "$status" -ne 0 ]; then');
  });

  it('records the mount in /etc/fstab once, with nofail, mounts it and restores SELinux labels where present', () => {
    expect(content).toContain('echo "$device $mount_point ext4 defaults,nofail 0 2" >>/etc/fstab');
    expect(content).toContain(`if ! awk -v m="$mount_point" '$2 == m { found = 1 } END { exit !found }' /etc/fstab; then`);
    expect(content).toContain('mount "$mount_point"');
    expect(content).toContain('if command -v restorecon >/dev/null 2>&1; then\n  restorecon -R "$mount_point"\nfi');
  });

  it('is called with the serial and the mount point of each disk', () => {
    expect(diskSetupCommand({ name: 'data', serial: 'virtwork-data', size: '1Gi', mountPath: '/mnt/data' })).toBe(
      '/usr/local/bin/virtwork-disk-setup virtwork-data /mnt/data',
    );
  });
});
