/** Which workloads a run selects with --from-catalog, and catalog entries in the config file and params. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../src/config/resolve-run-config.js';
import type { SettingInputs } from '../../src/config/resolve-settings.js';
import { loadSettingInputs } from '../../src/config/resolve-settings.js';
import { DEFAULTS } from '../../src/constants.js';

const BUILTINS = ['cpu', 'memory', 'disk', 'database', 'network', 'tps', 'chaos-disk', 'chaos-network', 'chaos-process'];
const ENTRIES = ['redis', 'nginx'];

const resolve = async (inputs: Partial<Omit<SettingInputs, 'file'>>) =>
  resolveRunConfig({
    ...(await loadSettingInputs({ flags: {}, env: {}, cwd: os.tmpdir(), ...inputs })),
    knownWorkloads: [...BUILTINS, ...ENTRIES],
    catalogEntries: ENTRIES,
  });

const configFile = async (text: string): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'virtwork-catalog-config-'));
  await writeFile(path.join(dir, 'virtwork.yaml'), text);
  return dir;
};

describe('--from-catalog', () => {
  it('without --workloads runs only the named entries, no built-in', async () => {
    const { config } = await resolve({ flags: { fromCatalog: ['redis,nginx'] } });
    expect(config.workloads).toEqual(['redis', 'nginx']);
  });

  it('with --workloads runs both, the built-ins first', async () => {
    const { config } = await resolve({ flags: { fromCatalog: ['redis'], workloads: ['cpu'] } });
    expect(config.workloads).toEqual(['cpu', 'redis']);
  });

  it('without either runs the default built-ins only', async () => {
    const { config } = await resolve({});
    expect(config.workloads).toEqual(DEFAULTS.workloads);
  });

  it('comes from VIRTWORK_FROM_CATALOG and the file key from_catalog too, the flag first', async () => {
    expect((await resolve({ env: { VIRTWORK_FROM_CATALOG: 'nginx' } })).config.workloads).toEqual(['nginx']);
    const cwd = await configFile('from_catalog: [redis]\n');
    expect((await resolve({ cwd, flags: { config: 'virtwork.yaml' } })).config.workloads).toEqual(['redis']);
    expect((await resolve({ cwd, flags: { config: 'virtwork.yaml', fromCatalog: ['nginx'] } })).config.workloads).toEqual(['nginx']);
  });

  it('refuses a name that is no catalog entry, a built-in included, with a did-you-mean', async () => {
    await expect(resolve({ flags: { fromCatalog: ['rediss'] } })).rejects.toThrow(
      "--from-catalog=rediss: not a catalog entry; the catalog's entries are redis, nginx; did you mean redis?",
    );
    await expect(resolve({ flags: { fromCatalog: ['cpu'] } })).rejects.toThrow('--from-catalog=cpu: not a catalog entry');
    await expect(resolve({ env: { VIRTWORK_FROM_CATALOG: 'ngnix' } })).rejects.toThrow('VIRTWORK_FROM_CATALOG=ngnix: not a catalog entry');
  });

  it('says so when the catalog is empty', async () => {
    await expect(
      resolveRunConfig({ ...(await loadSettingInputs({ flags: { fromCatalog: ['redis'] }, env: {}, cwd: os.tmpdir() })), knownWorkloads: BUILTINS }),
    ).rejects.toThrow('--from-catalog=redis: not a catalog entry; the catalog has no entries (see --catalog-dir)');
  });
});

describe('catalog entries in params and workloads.<entry> sections', () => {
  it('merges params for an entry from the file, the variable and the flag, key by key, naming where each was set', async () => {
    const cwd = await configFile('workloads:\n  redis:\n    vm_count: 3\n    cpu_cores: 4\n    params:\n      clients: 10\n      requests: 500\n');
    const { config, paramSources } = await resolve({
      cwd,
      flags: { config: 'virtwork.yaml', fromCatalog: ['redis'], params: ['redis.clients=20'] },
      env: { VIRTWORK_PARAMS: 'redis.requests=700,redis.tests=get' },
    });
    expect(config.params).toEqual({ redis: { clients: '20', requests: '700', tests: 'get' } });
    expect(config.workloadOverrides).toEqual({ redis: { vmCount: 3, cpuCores: 4 } });
    expect(paramSources.redis).toEqual({ clients: '--params redis.clients', requests: 'VIRTWORK_PARAMS redis.requests', tests: 'VIRTWORK_PARAMS redis.tests' });
  });

  it('refuses a workloads.<name> section for neither a built-in nor an entry, suggesting the entry', async () => {
    const cwd = await configFile('workloads:\n  ngnix:\n    vm_count: 2\n');
    await expect(resolve({ cwd, flags: { config: 'virtwork.yaml' } })).rejects.toThrow(/virtwork\.yaml:2: workloads\.ngnix=ngnix: unknown workload; did you mean nginx\?/);
  });
});
