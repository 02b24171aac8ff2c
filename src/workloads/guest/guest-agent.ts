/**
 * The QEMU guest agent: KubeVirt reads guest metrics and addresses through it, and with
 * `--readiness guest-agent` runs the probe's `systemctl is-active` in the guest through its guest-exec
 * and guest-exec-status RPCs, which RHEL-family agents block as shipped. Only that mode unblocks them.
 */
import type { WriteFile } from '../../cloudinit/cloud-config.js';
import type { GuestProfile } from './guest-profile.js';

const ENVIRONMENT_PATH = '/etc/virtwork/qemu-ga.env';

/** File RPCs stay blocked: the probe needs exec, nothing needs to read or write guest files. */
const BLOCKED_RPCS = [
  'guest-file-open',
  'guest-file-close',
  'guest-file-read',
  'guest-file-write',
  'guest-file-seek',
  'guest-file-flush',
].join(',');

/**
 * A drop-in that adds a second EnvironmentFile to the agent's unit. systemd reads environment files in
 * order and the later one wins, so this replaces whatever list the distribution's file sets, under
 * each name that list has had: FILTER_RPC_ARGS (current), BLOCK_RPCS and BLACKLIST_RPC (older).
 * Nothing a package owns is edited.
 */
export const guestAgentFiles = (profile: GuestProfile): WriteFile[] => {
  const { service, rpcFilterFile } = profile.guestAgent;
  if (rpcFilterFile === undefined) return [];
  return [
    {
      path: `/etc/systemd/system/${service}.service.d/50-virtwork-guest-exec.conf`,
      content: [
        `# virtwork: read after ${rpcFilterFile}, so guest-exec and guest-exec-status are allowed.`,
        '[Service]',
        `EnvironmentFile=${ENVIRONMENT_PATH}`,
        '',
      ].join('\n'),
    },
    {
      path: ENVIRONMENT_PATH,
      content: [
        `FILTER_RPC_ARGS="--block-rpcs=${BLOCKED_RPCS}"`,
        `BLOCK_RPCS=${BLOCKED_RPCS}`,
        `BLACKLIST_RPC=${BLOCKED_RPCS}`,
        '',
      ].join('\n'),
    },
  ];
};

/**
 * runcmd: enable the agent; with the drop-in, restart it, so a copy already running from the image
 * picks the drop-in up.
 */
export const guestAgentCommands = (profile: GuestProfile, withDropIn: boolean): string[] =>
  withDropIn
    ? [`systemctl enable ${profile.guestAgent.service}`, `systemctl restart ${profile.guestAgent.service}`]
    : [`systemctl enable --now ${profile.guestAgent.service}`];
