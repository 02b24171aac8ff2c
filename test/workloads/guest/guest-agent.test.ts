import { describe, expect, it } from 'vitest';
import { guestAgentCommands, guestAgentFiles } from '../../../src/workloads/guest/guest-agent.js';
import { getGuestProfile } from '../../../src/workloads/guest/profiles.js';

describe('the guest agent on fedora', () => {
  const files = guestAgentFiles(getGuestProfile('fedora'));
  const [dropIn, environment] = files;

  it('adds a drop-in that reads virtwork\'s environment file after the distribution\'s', () => {
    expect(dropIn?.path).toBe('/etc/systemd/system/qemu-guest-agent.service.d/50-virtwork-guest-exec.conf');
    expect(dropIn?.content).toContain('[Service]\nEnvironmentFile=/etc/virtwork/qemu-ga.env\n');
    expect(environment?.path).toBe('/etc/virtwork/qemu-ga.env');
  });

  it('sets every name the RPC list has had, none of them blocking guest-exec or guest-exec-status', () => {
    const lines = environment?.content.trim().split('\n') ?? [];
    expect(lines.map((line) => line.split('=')[0])).toEqual(['FILTER_RPC_ARGS', 'BLOCK_RPCS', 'BLACKLIST_RPC']);
    for (const line of lines) {
      const rpcs = line.replace(/^[A-Z_]+=/, '').replaceAll('"', '').replace('--block-rpcs=', '').split(',');
      expect(rpcs).not.toContain('guest-exec');
      expect(rpcs).not.toContain('guest-exec-status');
      expect(rpcs).toContain('guest-file-write');
    }
    expect(lines[0]).toMatch(/^FILTER_RPC_ARGS="--block-rpcs=[a-z,-]+"$/);
  });
});

describe('the guest agent on debian', () => {
  it('is left as shipped: no files', () => {
    expect(guestAgentFiles(getGuestProfile('debian'))).toEqual([]);
  });
});

describe('guestAgentCommands', () => {
  it('enables the agent and restarts it, so a running copy reads the drop-in', () => {
    expect(guestAgentCommands(getGuestProfile('fedora'), true)).toEqual(['systemctl enable qemu-guest-agent', 'systemctl restart qemu-guest-agent']);
  });

  it('without a drop-in, enables and starts the agent, leaving a running copy alone', () => {
    expect(guestAgentCommands(getGuestProfile('fedora'), false)).toEqual(['systemctl enable --now qemu-guest-agent']);
  });
});
