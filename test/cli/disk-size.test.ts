/** A data disk too small for its workload is refused while planning, through the real CLI: exit 2, nothing printed. */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli, scratchDir } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const dryRun = (args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) =>
  runCli(['run', '--dry-run', '-o', 'json', ...args], options);

const refusal = async (args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<string> => {
  const result = await dryRun(args, options);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  return result.stderr;
};

describe('--disk-size against what each workload needs on its data disk', () => {
  it('refuses a disk below ext4 and CDI floor for any workload with a data disk', async () => {
    expect(await refusal(['--workloads', 'chaos-disk', '--disk-size', '16Mi'])).toBe(
      "error: --disk-size=16Mi: too small for the data disk of workload chaos-disk, which needs at least 64Mi: CDI refuses DataVolumes below 1 MiB, and below 64 MiB ext4's journal, inode tables and 5% root reserve leave little room for data; use 64Mi or more\n",
    );
  });

  it("refuses a disk smaller than fio's files, which grow with numjobs", async () => {
    expect(await refusal(['--workloads', 'disk', '--disk-size', '2Gi'])).toBe(
      "error: --disk-size=2Gi: too small for the data disk of workload disk, which needs at least 2.8Gi: fio lays out one 512M file per mixed job (numjobs=4) and one for the sequential job, plus ext4's reserve; use 2.8Gi or more\n",
    );
    expect((await dryRun(['--workloads', 'disk', '--disk-size', '2Gi', '--params', 'disk.numjobs=2'])).code).toBe(0);
  });

  it("refuses a disk smaller than pgbench's data at its scale factor plus PostgreSQL's WAL", async () => {
    expect(await refusal(['--workloads', 'database', '--disk-size', '10Gi', '--params', 'database.scale-factor=1000'])).toMatch(
      /^error: --disk-size=10Gi: too small for the data disk of workload database, which needs at least 16\.7Gi: pgbench's tables at scale-factor 1000 take about 16000 MiB, PostgreSQL's WAL up to 1024 MiB \(max_wal_size\) and the cluster itself about 64 MiB; use 16\.7Gi or more\n$/,
    );
    expect((await dryRun(['--workloads', 'database', '--disk-size', '2Gi', '--params', 'database.scale-factor=10'])).code).toBe(0);
  });

  it('leaves workloads without a data disk alone, and accepts the defaults', async () => {
    expect((await dryRun(['--workloads', 'cpu', '--disk-size', '1Mi'])).code).toBe(0);
    expect((await dryRun([])).code).toBe(0);
  });

  it('names the setting as the user set it: the environment variable or the config file key', async () => {
    expect(await refusal(['--workloads', 'chaos-disk'], { env: { VIRTWORK_DISK_SIZE: '1Mi' } })).toMatch(/^error: VIRTWORK_DISK_SIZE=1Mi: too small/);
    const cwd = await scratchDir({ 'v.yaml': 'disk_size: 1Mi\n' });
    expect(await refusal(['--workloads', 'chaos-disk', '--config', 'v.yaml'], { cwd })).toMatch(/^error: disk_size=1Mi: too small/);
  });
});
