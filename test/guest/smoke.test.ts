/**
 * The harness itself, on two guests booted from hand-written cloud-configs and joined by a socket link:
 * the guest agent answers, cloud-init finishes, the user-data arrives byte for byte, the data disk shows
 * under its serial, and the Service name given through vendor-data resolves to the peer.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Guest } from './lab/guest.js';
import { useGuestLab } from './lab/use-guest-lab.js';

const lab = useGuestLab();

const SERVICE = 'virtwork-smoke-server.virtwork.svc.cluster.local';
const DATA_SERIAL = 'virtwork-smoke-data';

// Deliberately odd bytes (a comment without a final newline, a tab, non-ASCII) that any re-serialisation would change.
const serverUserData = Buffer.from(
  '#cloud-config\n# smoke test: server\t(é)\nruncmd:\n  - [sh, -c, "echo ran > /run/virtwork-smoke"]\n# end',
);
const clientUserData = Buffer.from('#cloud-config\nruncmd:\n  - [sh, -c, "echo ran > /run/virtwork-smoke"]\n');

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

describe('two Debian guests booted from hand-written cloud-configs', () => {
  let server: Guest;
  let client: Guest;

  beforeAll(async () => {
    [server, client] = (await lab.boot([
      {
        name: 'virtwork-smoke-0-server',
        userData: serverUserData,
        cpus: 1,
        memoryBytes: 1024 * 2 ** 20,
        dataDisks: [{ serial: DATA_SERIAL, sizeBytes: 2 ** 30 }],
        serviceNames: [SERVICE],
      },
      { name: 'virtwork-smoke-0-client', userData: clientUserData, cpus: 1, memoryBytes: 1024 * 2 ** 20 },
    ])) as [Guest, Guest];
    for (const guest of [server, client]) {
      console.log(
        `${guest.name}: agent after ${guest.timings.agentSeconds.toFixed(1)} s, ` +
          `cloud-init final after ${guest.timings.cloudInitSeconds.toFixed(1)} s (${lab.env.accel.kind})`,
      );
    }
  });

  it('finish cloud-init with status done, as the guest agent reports it', async () => {
    for (const guest of [server, client]) {
      const result = await guest.agent.exec('/usr/bin/cloud-init', ['status', '--long']);
      expect(result.stdout, guest.name).toMatch(/^status: done$/m);
      expect(result.exitCode, guest.name).toBe(0);
    }
  });

  it('receive their user-data byte for byte and run it', async () => {
    const seen = await server.agent.shOk('sha256sum /var/lib/cloud/instance/user-data.txt');
    expect(seen.split(' ')[0]).toBe(sha256(serverUserData));
    expect(await server.agent.shOk('cat /run/virtwork-smoke')).toBe('ran\n');
    expect(await client.agent.shOk('cat /run/virtwork-smoke')).toBe('ran\n');
  });

  it('report stdout, stderr and the exit code of a guest command separately', async () => {
    const result = await client.agent.sh('echo out; echo err >&2; exit 3');
    expect(result).toEqual({ exitCode: 3, signal: undefined, stdout: 'out\n', stderr: 'err\n' });
  });

  it('see the data disk under its virtio serial, with the size the lab gave it', async () => {
    const bytes = await server.agent.shOk(`blockdev --getsize64 /dev/disk/by-id/virtio-${DATA_SERIAL}`);
    expect(Number(bytes)).toBe(2 ** 30);
  });

  it('reach each other by static address, the client finding the server by its Service name', async () => {
    expect(await client.agent.shOk(`getent hosts ${SERVICE}`)).toMatch(/^10\.0\.2\.10\s/);
    const ping = await client.agent.sh(`ping -c 2 -W 5 ${SERVICE}`, { timeoutMs: 30_000 });
    expect(ping.stdout).toMatch(/2 received/);
    expect(await server.agent.shOk('ip -4 route show default')).toMatch(/^default via 10\.0\.2\.1 dev eth0/);
  });
});
