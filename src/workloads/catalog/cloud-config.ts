/**
 * The cloud-config sections of one catalog VM. A built-in role has one unit that virtwork writes;
 * a catalog role brings its own unit files and may have several data disks, so the sections are
 * assembled here from the same guest pieces (packages, agent, health endpoint, disk setup).
 */
import type { CloudConfigInput } from '../../cloudinit/cloud-config.js';
import type { ReadinessMode } from '../../constants.js';
import { diskSetupCommand, diskSetupFile } from '../guest/disk-setup.js';
import { guestAgentCommands, guestAgentFiles } from '../guest/guest-agent.js';
import { packagesFor, type GuestProfile, type GuestTool } from '../guest/guest-profile.js';
import { healthCommand, healthFiles } from '../guest/health.js';
import type { DataDiskSpec } from '../workload.js';

export interface CatalogUnitFile {
  /** The unit's name in the guest: `virtwork-<entry>-<stem>.service`. */
  readonly name: string;
  readonly content: string;
}

export interface CatalogCloudConfigInput {
  readonly units: readonly CatalogUnitFile[];
  /** The manifest's packages, as Fedora names them; the profile maps those its distribution names otherwise. */
  readonly packages: readonly string[];
  readonly profile: GuestProfile;
  readonly dataDisks: readonly DataDiskSpec[];
  readonly skipPackageInstall: boolean;
  readonly readiness: ReadinessMode;
}

export const catalogCloudConfig = ({ units, packages, profile, dataDisks, skipPackageInstall, readiness }: CatalogCloudConfigInput): CloudConfigInput => {
  const tools: GuestTool[] = [
    ...(dataDisks.length > 0 ? ['mkfs-ext4' as const] : []),
    ...(readiness === 'http' ? ['python3' as const] : []),
    'qemu-guest-agent',
  ];
  const unitNames = units.map((unit) => unit.name);
  return {
    ...(!skipPackageInstall && { packages: [...new Set([...packages.flatMap((name) => profile.catalogPackages[name] ?? [name]), ...packagesFor(profile, tools)])] }),
    writeFiles: [
      ...(readiness === 'guest-agent' ? guestAgentFiles(profile) : []),
      ...(readiness === 'http' ? healthFiles(unitNames) : []),
      ...(dataDisks.length > 0 ? [diskSetupFile()] : []),
      ...units.map((unit) => ({ path: `/etc/systemd/system/${unit.name}`, content: unit.content })),
    ],
    // As for the built-ins: the agent and the health endpoint first, then the disks, then the units.
    runcmd: [
      'systemctl daemon-reload',
      ...guestAgentCommands(profile, readiness === 'guest-agent'),
      ...(readiness === 'http' ? [healthCommand] : []),
      ...dataDisks.map(diskSetupCommand),
      ...unitNames.map((unit) => `systemctl enable --now ${unit}`),
    ],
  };
};
