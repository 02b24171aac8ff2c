/**
 * Turns what one role needs into cloud-config sections: packages, files (agent drop-in, disk setup,
 * scripts, the unit), and runcmd that starts it all in order. SSH access is added by BaseWorkload.
 */
import type { CloudConfigInput, WriteFile } from '../../cloudinit/cloud-config.js';
import type { ReadinessMode } from '../../constants.js';
import type { RoleGuest } from '../workload-spec.js';
import type { DataDiskSpec } from '../workload.js';
import { diskSetupCommand, diskSetupFile } from './disk-setup.js';
import { guestAgentCommands, guestAgentFiles } from './guest-agent.js';
import { packagesFor, type GuestProfile, type GuestTool } from './guest-profile.js';
import { healthCommand, healthFiles } from './health.js';
import type { RolePaths } from './role-paths.js';
import { renderShellScript, type ShellScript } from './shell-script.js';
import { renderServiceUnit } from './systemd-unit.js';

export interface RoleCloudConfigInput {
  readonly guest: RoleGuest;
  readonly paths: RolePaths;
  readonly profile: GuestProfile;
  readonly dataDisk?: DataDiskSpec | undefined;
  /** Leave `packages:` out: the image already carries every tool. */
  readonly skipPackageInstall: boolean;
  /** `http` adds the health endpoint the probe asks; `guest-agent` lets the agent run the probe's command. */
  readonly readiness: ReadinessMode;
}

export const roleCloudConfig = ({ guest, paths, profile, dataDisk, skipPackageInstall, readiness }: RoleCloudConfigInput): CloudConfigInput => {
  const tools: GuestTool[] = [
    ...guest.tools,
    ...(dataDisk ? ['mkfs-ext4' as const] : []),
    ...(readiness === 'http' ? ['python3' as const] : []),
    'qemu-guest-agent',
  ];
  const execStart = guest.unit.execStart ?? (guest.script ? paths.script : undefined);
  if (execStart === undefined) throw new Error(`${paths.unit} has neither a script nor an execStart`);
  return {
    ...(!skipPackageInstall && { packages: packagesFor(profile, tools, guest.kernelModules) }),
    writeFiles: [
      // guest-exec stays blocked where the distribution blocks it, unless the probe needs it.
      ...(readiness === 'guest-agent' ? guestAgentFiles(profile) : []),
      ...(readiness === 'http' ? healthFiles([paths.unit]) : []),
      ...(dataDisk ? [diskSetupFile()] : []),
      ...(guest.setupScript ? [scriptFile(paths.setupScript, guest.setupScript)] : []),
      ...(guest.script ? [scriptFile(paths.script, guest.script)] : []),
      {
        path: `/etc/systemd/system/${paths.unit}`,
        content: renderServiceUnit({ ...guest.unit, description: `${paths.base}: ${guest.unit.description}`, execStart }),
      },
    ],
    // The agent and the health endpoint first: the probe gets an answer even when later steps fail.
    runcmd: [
      'systemctl daemon-reload',
      ...guestAgentCommands(profile, readiness === 'guest-agent'),
      ...(readiness === 'http' ? [healthCommand] : []),
      ...(dataDisk ? [diskSetupCommand(dataDisk)] : []),
      ...(guest.setupScript ? [paths.setupScript] : []),
      `systemctl enable --now ${paths.unit}`,
    ],
  };
};

const scriptFile = (path: string, script: ShellScript): WriteFile => ({
  path,
  content: renderShellScript(script),
  permissions: '0755',
});
