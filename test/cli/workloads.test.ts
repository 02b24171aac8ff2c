import { beforeAll, describe, expect, it } from 'vitest';
import { describeWorkloads } from '../../src/workloads/registry.js';
import type { WorkloadDescription } from '../../src/workloads/registry.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

describe('virtwork workloads', () => {
  it('lists every workload, then every param as --params names it with its type and default', async () => {
    const result = await runCli(['workloads']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const [overview = '', params = ''] = result.stdout.split('\n\n');
    const overviewLines = overview.split('\n');
    expect(overviewLines[0]).toMatch(/^WORKLOAD\s+VMS PER COUNT\s+DATA DISK\s+RUNS BY DEFAULT\s+DESCRIPTION$/);
    expect(overviewLines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(describeWorkloads().map((w) => w.name));
    expect(overview).toMatch(/^network\s+2 \(server \+ client\)\s+no\s+yes\s+/m);
    expect(overview).toMatch(/^chaos-disk\s+1\s+yes\s+no \(name it\)\s+/m);

    const paramLines = params.trimEnd().split('\n');
    expect(paramLines[0]).toMatch(/^PARAM\s+TYPE\s+DEFAULT\s+DESCRIPTION$/);
    const expectedParams = describeWorkloads().flatMap((w) => w.params.map((p) => `${w.name}.${p.key}`));
    expect(paramLines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(expectedParams);
    expect(params).toMatch(/^cpu\.cpu-load-percent\s+integer\s+100\s+.*\(1 to 100\)$/m);
    expect(params).toMatch(/^chaos-process\.signal\s+enum\s+SIGTERM\s+.*\(one of SIGTERM, SIGKILL/m);
  });

  it('-o json prints the descriptions for scripts', async () => {
    const result = await runCli(['workloads', '-o', 'json']);
    expect(result.code).toBe(0);
    const workloads = JSON.parse(result.stdout) as WorkloadDescription[];
    expect(workloads).toEqual(describeWorkloads());
    const cpu = workloads.find((w) => w.name === 'cpu');
    expect(cpu?.params.find((p) => p.key === 'cpu-load-percent')).toMatchObject({ type: 'integer', default: 100, minimum: 1, maximum: 100 });
    expect(workloads.filter((w) => w.optIn).map((w) => w.name)).toEqual(['chaos-disk', 'chaos-network', 'chaos-process']);
  });
});
