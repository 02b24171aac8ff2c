/**
 * The lab's networking, on four minimal guests booted as one group: they share one segment, where
 * each reaches every other by address and by the Service name its hosts entries give (neighbours
 * found by ARP, so the segment is one L2 network); and a host port forwarded to a guest port answers
 * an HTTP GET from the host, as the kubelet's probe reaches a guest, without touching eth0's routes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Guest } from './lab/guest.js';
import { macAddress, serviceDnsNames } from './lab/network.js';
import { useGuestLab } from './lab/use-guest-lab.js';

const lab = useGuestLab();

const GROUP_SIZE = 4;
const HEALTH_PORT = 8099;
const addressOf = (i: number): string => `10.0.2.${10 + i}`;
const serviceOf = (i: number): string => `virtwork-lab-net-${i}`;
const fqdnOf = (i: number): string => `${serviceOf(i)}.virtwork.svc.cluster.local`;
/** No workload; one cheap host key instead of four (RSA takes long under emulation), for a quick boot. */
const TINY_USER_DATA = Buffer.from('#cloud-config\nssh_genkeytypes: [ed25519]\n');

describe('four guests booted as one group', () => {
  let guests: Guest[];
  const indexes = Array.from({ length: GROUP_SIZE }, (_, i) => i);

  beforeAll(async () => {
    const started = performance.now();
    guests = await lab.boot(
      indexes.map((i) => ({
        name: `virtwork-lab-net-${i}`,
        userData: TINY_USER_DATA,
        cpus: 1,
        memoryBytes: 1024 * 2 ** 20,
        serviceNames: serviceDnsNames(serviceOf(i), 'virtwork'),
        ...(i === 0 ? { forwardPorts: [HEALTH_PORT] } : {}),
      })),
    );
    console.log(`[guest-figures] four-guest group booted in ${((performance.now() - started) / 1000).toFixed(1)} s (${lab.env.accel.kind})`);
    for (const guest of guests) {
      console.log(
        `[guest-figures] ${guest.name}: agent after ${guest.timings.agentSeconds.toFixed(1)} s, ` +
          `cloud-init final after ${guest.timings.cloudInitSeconds.toFixed(1)} s`,
      );
    }
  });

  it('reach every other guest of the group by its Service name, which resolves to its address', async () => {
    for (const i of indexes) {
      const others = indexes.filter((j) => j !== i);
      // One line per peer: the name, the address it resolves to, and whether a ping (of two) came back.
      const script = others
        .map((j) => `printf '%s %s %s\\n' ${fqdnOf(j)} "$(getent hosts ${fqdnOf(j)} | cut -d' ' -f1)" "$(ping -c 2 -W 5 ${fqdnOf(j)} >/dev/null && echo reached || echo unreachable)"`)
        .join('; ');
      const seen = await guests[i]?.agent.shOk(script, { timeoutMs: 60_000 });
      expect(seen, guests[i]?.name).toBe(others.map((j) => `${fqdnOf(j)} ${addressOf(j)} reached\n`).join(''));
    }
  });

  it('share one L2 segment: each guest knows every other by its MAC on eth0', async () => {
    for (const i of indexes) {
      const neighbours = await guests[i]?.agent.shOk('ip -4 neigh show dev eth0');
      for (const j of indexes.filter((k) => k !== i)) {
        expect(neighbours, `${guests[i]?.name} -> ${addressOf(j)}`).toMatch(new RegExp(`^${addressOf(j).replace(/\./g, '\\.')} lladdr ${macAddress(j)} `, 'm'));
      }
    }
  });

  it('answer an HTTP GET from the host on the port forwarded to a guest port', async () => {
    const server = guests[0] as Guest;
    await server.agent.shOk(
      `mkdir -p /srv/lab && echo 'healthy: ${server.name}' >/srv/lab/health && ` +
        `systemd-run --unit=lab-http python3 -m http.server ${HEALTH_PORT} --directory /srv/lab`,
    );
    const url = `http://127.0.0.1:${server.forwardedPort(HEALTH_PORT)}/health`;
    // Python starts in seconds under emulation; until then the forward accepts and resets.
    await expect
      .poll(async () => (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text(), { timeout: 120_000, interval: 1_000 })
      .toBe(`healthy: ${server.name}\n`);
    // The request came through the forwarding NIC, from QEMU's address on it.
    expect(await server.agent.shOk('journalctl -u lab-http -o cat')).toMatch(/^10\.0\.3\.2 .*"GET \/health HTTP\/1\.1" 200/m);
  });

  it('keep the default route on eth0 when a guest has the forwarding NIC', async () => {
    const server = guests[0] as Guest;
    expect(await server.agent.shOk('ip -4 -o addr show dev fwd0')).toMatch(/ inet 10\.0\.3\.15\/24 /);
    const defaults = (await server.agent.shOk('ip -4 route show default')).trim().split('\n');
    expect(defaults).toHaveLength(1);
    expect(defaults[0]).toMatch(/^default via 10\.0\.2\.1 dev eth0\b/);
    expect(await server.agent.shOk('ip -6 route show default')).toBe('');
  });

  it('say which ports are forwarded when asked for one that is not', () => {
    expect(() => guests[1]?.forwardedPort(HEALTH_PORT)).toThrow(/guest port 8099 is not forwarded \(forwarded: none\)/);
    expect(() => guests[0]?.forwardedPort(22)).toThrow(/guest port 22 is not forwarded \(forwarded: 8099\)/);
  });
});
