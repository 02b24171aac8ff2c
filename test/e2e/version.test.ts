/** `virtwork version` against the simulator: the client's version, then the cluster's, as `kubectl version` shows both. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDI_VERSION, KUBEVIRT_VERSION } from '../../sim/inventory.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { freePort } from '../support/free-port.js';
import { writeBareKubeconfig } from '../support/bare-kubeconfig.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, logLines, runCli } from './support/cli.js';

let sim: SimCluster;

beforeAll(async () => {
  await ensureBuilt();
  sim = await startSimCluster();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await sim.stop();
});

describe('virtwork version', () => {
  it("prints the client's version, then the server's Kubernetes, KubeVirt and CDI versions", async () => {
    const text = await runCli(['version', '--kubeconfig', sim.kubeconfigPath]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^virtwork \d+\.\d+\.\d+/);
    expect(lines.slice(2)).toEqual([`server ${sim.url}`, 'kubernetes v1.32.5', `kubevirt ${KUBEVIRT_VERSION}`, `cdi ${CDI_VERSION}`]);

    const json = await runCli(['version', '--kubeconfig', sim.kubeconfigPath, '-o', 'json']);
    expect((JSON.parse(json.stdout) as { server: unknown }).server).toEqual({ server: sim.url, kubernetes: 'v1.32.5', kubevirt: KUBEVIRT_VERSION, cdi: CDI_VERSION });
  });

  it('--client asks no cluster: no server line and no request to the simulator', async () => {
    const before = sim.requests().length;
    const result = await runCli(['version', '--client', '--kubeconfig', sim.kubeconfigPath, '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).not.toHaveProperty('server');
    expect(sim.requests().length).toBe(before);
  });

  it('prints the client alone with a warning when the cluster cannot be reached, and still exits 0', async () => {
    const kubeconfig = await writeBareKubeconfig(`https://127.0.0.1:${await freePort()}`);
    const result = await runCli(['version', '--kubeconfig', kubeconfig]);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2);
    const warnings = logLines(result.stderr).filter((line) => line.level === 'warn').map((line) => String(line.msg));
    expect(warnings).toContain('cannot ask the cluster for its versions; --client prints the client alone');
  });
});
