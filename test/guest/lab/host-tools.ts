/** What the host must provide before a guest can be built or booted, checked once with one clear message. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Command -> Debian package that provides it. */
const HOST_COMMANDS: Readonly<Record<string, string>> = {
  'qemu-system-x86_64': 'qemu-system-x86',
  'qemu-img': 'qemu-utils',
  debootstrap: 'debootstrap',
  'cloud-localds': 'cloud-image-utils',
  'mkfs.ext4': 'e2fsprogs',
  setpriv: 'util-linux',
  chroot: 'coreutils',
};

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Finds a command on PATH (plus the sbin folders a non-login root shell may lack). */
export const findCommand = (command: string, path = process.env.PATH ?? ''): string | undefined =>
  [...path.split(delimiter), '/usr/sbin', '/sbin']
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, command))
    .find(isExecutable);

/** Throws, naming every missing piece and how to get it, unless the host can build and boot guests. */
export const assertHostReady = (): void => {
  const problems: string[] = [];
  const missing = Object.entries(HOST_COMMANDS).filter(([command]) => findCommand(command) === undefined);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
    problems.push(
      `missing commands: ${missing.map(([command]) => command).join(', ')}; ` +
        `install them with: apt-get install -y --no-install-recommends ${packages}`,
    );
  }
  // debootstrap and the chroot for systemd-analyze verify need root.
  if (process.getuid?.() !== 0) problems.push('the guest suite must run as root (debootstrap, chroot)');
  if (problems.length > 0) throw new Error(`guest tests cannot run on this host:\n- ${problems.join('\n- ')}`);
};
