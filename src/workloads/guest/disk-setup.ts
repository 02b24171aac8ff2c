/**
 * The one script that prepares a data disk in the guest, shared by every workload that has one:
 * find the disk by virtio serial, format it only when empty, record it in /etc/fstab, mount it.
 */
import type { WriteFile } from '../../cloudinit/cloud-config.js';
import type { DataDiskSpec } from '../workload.js';
import { renderShellScript, sh } from './shell-script.js';

export const DISK_SETUP_PATH = '/usr/local/bin/virtwork-disk-setup';

/** How long the script waits for udev's by-id link before it gives up. */
const DEVICE_WAIT_SECONDS = 300;

const diskSetupScript = sh('Mount a virtwork data disk: virtwork-disk-setup <virtio serial> <mount point>', [
  'serial=$1',
  'mount_point=$2',
  // /dev/vdX order changes across reboots and migrations; the serial does not.
  'device=/dev/disk/by-id/virtio-$serial',
  'waited=0',
  'while [ ! -e "$device" ]; do',
  `  if [ "$waited" -ge ${DEVICE_WAIT_SECONDS} ]; then`,
  `    echo "virtwork: $device did not appear within ${DEVICE_WAIT_SECONDS} s" >&2`,
  '    exit 1',
  '  fi',
  '  sleep 1',
  '  waited=$((waited + 1))',
  'done',
  '# blkid exits 2 when it finds no filesystem: only a blank disk is formatted, never a used one.',
  'status=0',
  'blkid -p "$device" >/dev/null || status=$?',
  'if [ "$status" -eq 2 ]; then',
  '  mkfs.ext4 -q "$device"',
  'elif [ "$status" -ne 0 ]; then',
  '  echo "virtwork: blkid failed on $device (exit $status)" >&2',
  '  exit 1',
  'fi',
  'mkdir -p "$mount_point"',
  '# nofail: a missing data disk must not stop the guest from booting.',
  `if ! awk -v m="$mount_point" '$2 == m { found = 1 } END { exit !found }' /etc/fstab; then`,
  '  echo "$device $mount_point ext4 defaults,nofail 0 2" >>/etc/fstab',
  'fi',
  'if ! mountpoint -q "$mount_point"; then',
  '  mount "$mount_point"',
  'fi',
  '# On SELinux guests, give the new filesystem the labels its mount point calls for.',
  'if command -v restorecon >/dev/null 2>&1; then',
  '  restorecon -R "$mount_point"',
  'fi',
]);

export const diskSetupFile = (): WriteFile => ({
  path: DISK_SETUP_PATH,
  content: renderShellScript(diskSetupScript),
  permissions: '0755',
});

/** The runcmd line that prepares one disk; it runs before any unit starts. */
export const diskSetupCommand = (disk: DataDiskSpec): string => `${DISK_SETUP_PATH} ${disk.serial} ${disk.mountPath}`;
