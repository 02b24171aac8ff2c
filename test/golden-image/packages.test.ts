/**
 * build/golden-image/ lists the packages a Fedora golden image carries. They must be exactly what the
 * VMs would install otherwise: the `packages:` of the cloud-config that `run --dry-run` writes for
 * every built-in workload and every starter catalog entry on the Fedora profile. The blueprint lists
 * the same packages.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtins } from '../../src/workloads/registry.js';
import { userdataOf, type Manifest } from '../cli/support/manifests.js';
import { BUILD_TIMEOUT_MS, REPO_ROOT, ensureBuilt, runCli } from '../cli/support/run-cli.js';

const GOLDEN = path.join(REPO_ROOT, 'build', 'golden-image');
const CATALOG = path.join(REPO_ROOT, 'catalog');

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const listed = (): string[] =>
  readFileSync(path.join(GOLDEN, 'packages.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

/** The `name` of every `[[packages]]` table: the blueprint is flat TOML, one key a line. */
const inBlueprint = (): string[] => {
  const names: string[] = [];
  let inPackages = false;
  for (const line of readFileSync(path.join(GOLDEN, 'blueprint.toml'), 'utf8').split('\n')) {
    if (line.startsWith('[')) inPackages = line.trim() === '[[packages]]';
    const name = /^name\s*=\s*"([^"]+)"/.exec(line)?.[1];
    if (inPackages && name !== undefined) names.push(name);
  }
  return names;
};

/** The union of `packages:` over every cloud-config a dry run of `args` writes. */
const installedBy = async (args: string[]): Promise<string[]> => {
  const result = await runCli(['run', '--dry-run', '-o', 'json', '--guest-os', 'fedora', ...args]);
  expect(result.code, result.stderr).toBe(0);
  const items = (JSON.parse(result.stdout) as { items: Manifest[] }).items;
  const packages = items
    .filter((item) => item.kind === 'Secret')
    .flatMap((secret) => (parse(userdataOf(items, secret.metadata?.name ?? '')) as { packages?: string[] }).packages ?? []);
  return [...new Set(packages)].sort();
};

describe('build/golden-image', () => {
  it('packages.txt is exactly what the built-in workloads and the starter catalog install on Fedora', async () => {
    const entries = readdirSync(CATALOG, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(entries.length).toBeGreaterThan(0);
    const needed = await installedBy([
      '--workloads', builtins.map((w) => w.name).join(','),
      '--catalog-dir', CATALOG, '--from-catalog', entries.join(','),
    ]);
    // The dry run did render both kinds: a built-in's tool and a catalog entry's package.
    expect(needed).toEqual(expect.arrayContaining(['stress-ng', 'sysbench']));
    expect(listed()).toEqual(needed);
  });

  it('the blueprint installs the same packages as packages.txt, and the guest agent runs', () => {
    expect(inBlueprint()).toEqual(listed());
    expect(readFileSync(path.join(GOLDEN, 'blueprint.toml'), 'utf8')).toMatch(/^enabled = \["qemu-guest-agent"\]$/m);
  });

  it('the containerDisk puts the disk under /disk/ owned by the qemu user KubeVirt runs as', () => {
    const containerfile = readFileSync(path.join(GOLDEN, 'Containerfile'), 'utf8');
    expect(containerfile).toMatch(/^FROM scratch$/m);
    expect(containerfile).toMatch(/^ADD --chown=107:107 \$\{DISK\} \/disk\/$/m);
  });
});
