/**
 * The catalog through the real CLI: `validate` verdicts and exit codes, `workloads` listing entries,
 * and `run --from-catalog <entry> --dry-run` for every starter entry, its objects and cloud-configs
 * valid against the real schemas; params, the catalog directory and broken entries as a user meets them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloudConfigSchemaErrors, cloudConfigSchemaSkipReason } from '../support/cloud-config-schema.js';
import { objectSchemaErrors, schemasSkipReason } from '../support/k8s-schemas.js';
import { schemasDir } from '../support/schemas-dir.js';
import { kinds, names, parseYamlStream, userdataOf } from './support/manifests.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, REPO_ROOT, runCli, scratchDir } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const STARTER = path.join(REPO_ROOT, 'catalog');
const STARTER_ENTRIES = ['nginx', 'postgres-sysbench', 'redis', 'sysbench'];
/** The last line of `validate`'s table when no schemas directory was given. */
const NOT_CHECKED =
  'note: objects and cloud-configs were not checked against the Kubernetes, KubeVirt, CDI and cloud-init schemas; give --schemas-dir DIR (or VIRTWORK_SCHEMAS_DIR) to check them';
const UNIT = (execStart: string): string => `[Unit]\nDescription=t\n\n[Service]\nExecStart=${execStart}\n\n[Install]\nWantedBy=multi-user.target\n`;

/** A catalog with one good entry, one with a warning and one that fails in three ways. */
const mixedCatalog = (): Promise<string> =>
  scratchDir({
    'good/load.service': UNIT('/bin/load {{n}}'),
    'good/workload.yaml': 'params:\n  - {key: n, type: int, default: 2}\n',
    'spare/load.service': UNIT('/bin/load'),
    'spare/workload.yaml': 'params:\n  - {key: unused}\n',
    'broken/load.service': UNIT('/bin/load {{missing}}'),
    'broken/workload.yaml': 'descriptoin: x\nstorage:\n  - {name: data, size: 1Gi, serial: abcdefghijklmnopqrstuvwxyz, mount: /data}\n',
  });

describe('virtwork validate', () => {
  it('says OK for every starter entry, and once that schemas were not checked, and exits 0', async () => {
    const result = await runCli(['validate', '--catalog-dir', STARTER]);
    expect(result).toEqual({ code: 0, stderr: '', stdout: `${STARTER_ENTRIES.map((name) => `OK    ${name}\n`).join('')}${NOT_CHECKED}\n` });
  });

  it.skipIf(schemasSkipReason !== '' || cloudConfigSchemaSkipReason !== undefined)(
    'checks the starter entries against the schemas of --schemas-dir or VIRTWORK_SCHEMAS_DIR: all OK, no note',
    async () => {
      const expected = { code: 0, stderr: '', stdout: STARTER_ENTRIES.map((name) => `OK    ${name}\n`).join('') };
      expect(await runCli(['validate', '--catalog-dir', STARTER, '--schemas-dir', schemasDir])).toEqual(expected);
      expect(await runCli(['validate', '--catalog-dir', STARTER], { env: { VIRTWORK_SCHEMAS_DIR: schemasDir } })).toEqual(expected);
    },
  );

  it('refuses a schemas directory that lacks a schema file, before checking anything', async () => {
    const dir = await scratchDir({ 'kubernetes-swagger.json': '{}' });
    const result = await runCli(['validate', '--catalog-dir', STARTER, '--schemas-dir', dir]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: --schemas-dir=${dir}: the directory must hold kubernetes-swagger.json, kubevirt-swagger.json, cdi-swagger.json, cloud-init-schema-cloud-config-v1.json; missing kubevirt-swagger.json, cdi-swagger.json, cloud-init-schema-cloud-config-v1.json\n`,
    });
  });

  it('prints OK, WARN or FAIL per entry with every problem, and exits 2 when one fails', async () => {
    const dir = await mixedCatalog();
    const result = await runCli(['validate', '--catalog-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n')).toEqual([
      'FAIL  broken',
      `      error: ${dir}/broken/workload.yaml:3: storage.0.serial=abcdefghijklmnopqrstuvwxyz: serial must be 1 to 20 letters, digits, - or _ (the guest sees only the first 20 characters)`,
      `      error: ${dir}/broken/workload.yaml:1: descriptoin=x: unknown key; workload.yaml takes description, packages, params, roles, storage, service; did you mean description?`,
      `      error: ${dir}/broken/load.service:5={{missing}}: no param declares this key; declare it under params in workload.yaml, or use one of namespace`,
      'OK    good',
      'WARN  spare',
      `      warning: ${dir}/spare/workload.yaml:2: params.0.key=unused: declared but no .service file uses {{unused}}`,
      NOT_CHECKED,
      '',
    ]);
    expect(result.stderr).toBe('error: catalog entry=broken: 1 of 3 failed validation; fix the problems listed above\n');
  });

  it('checks only the entries named, exits 0 on warnings, and fails a name the catalog lacks', async () => {
    const dir = await mixedCatalog();
    expect(await runCli(['validate', '--catalog-dir', dir, 'good', 'spare'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK {4}good\nWARN {2}spare\n/) as unknown });
    const missing = await runCli(['validate', '--catalog-dir', dir, 'godo']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe(`FAIL  godo\n      error: godo: no such catalog entry (entries: broken, good, spare); did you mean good?\n${NOT_CHECKED}\n`);
  });

  it('refuses an entry named like a built-in', async () => {
    const dir = await scratchDir({ 'cpu/load.service': UNIT('/bin/load') });
    const result = await runCli(['validate', '--catalog-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^FAIL {2}cpu\n {6}error: .*\/cpu=cpu: a built-in workload has this name/);
  });

  it('-o json gives each entry its status and problems', async () => {
    const dir = await mixedCatalog();
    const result = await runCli(['validate', '--catalog-dir', dir, '-o', 'json', 'spare']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`${NOT_CHECKED}\n`);
    expect(JSON.parse(result.stdout)).toEqual([
      { name: 'spare', status: 'WARN', problems: [{ level: 'warning', message: `${dir}/spare/workload.yaml:2: params.0.key=unused: declared but no .service file uses {{unused}}` }] },
    ]);
  });

  it('reads the catalog from VIRTWORK_CATALOG_DIR, and from catalog_dir in the config file relative to the file', async () => {
    const env = await runCli(['validate', 'sysbench'], { env: { VIRTWORK_CATALOG_DIR: STARTER } });
    expect(env).toMatchObject({ code: 0, stdout: `OK    sysbench\n${NOT_CHECKED}\n` });
    const dir = await scratchDir({ 'conf/virtwork.yaml': 'catalog_dir: ../cat\n', 'cat/one/a.service': UNIT('/bin/a') });
    const file = await runCli(['validate', '--config', path.join(dir, 'conf/virtwork.yaml')]);
    expect(file).toMatchObject({ code: 0, stdout: `OK    one\n${NOT_CHECKED}\n` });
  });

  it('refuses a catalog directory that does not exist when the user named it, and finds none by default', async () => {
    const result = await runCli(['validate', '--catalog-dir', '/nonexistent/catalog']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'error: --catalog-dir=/nonexistent/catalog: no such directory; give a catalog directory (one sub-directory per entry)\n' });
    const byDefault = await runCli(['validate']);
    expect(byDefault).toMatchObject({ code: 0, stdout: expect.stringMatching(/^no catalog entries in .*\.virtwork\/catalog\n$/) as unknown });
  });
});

describe('virtwork workloads with a catalog', () => {
  it('lists the entries after the built-ins, with their params, types and defaults', async () => {
    const result = await runCli(['workloads', '--catalog-dir', STARTER, '-o', 'json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { name: string; catalog?: boolean; roles: string[]; dataDisk: boolean; params: { key: string; type: string; default: unknown }[] }[];
    expect(listed.map((w) => w.name)).toEqual(['cpu', 'memory', 'disk', 'database', 'network', 'tps', 'chaos-disk', 'chaos-network', 'chaos-process', ...STARTER_ENTRIES]);
    const redis = listed.find((w) => w.name === 'redis');
    expect(redis).toMatchObject({ catalog: true, roles: ['server', 'client'], dataDisk: false });
    expect(redis?.params.find((p) => p.key === 'clients')).toEqual({ key: 'clients', type: 'integer', default: 50, description: 'valkey-benchmark -c, parallel connections of each client VM' });
    const table = await runCli(['workloads', '--catalog-dir', STARTER]);
    expect(table.stdout).toMatch(/^sysbench\s+1\s+no\s+no \(catalog: --from-catalog\)\s+sysbench CPU and memory tests in turn, forever$/m);
    expect(table.stdout).toMatch(/^sysbench\.tests\s+list\s+cpu,memory\s+sysbench tests to run one after the other$/m);
  });
});

describe('run --from-catalog --dry-run', () => {
  it.each(STARTER_ENTRIES)('plans %s alone, no built-in, with every object valid against the schemas', async (entry) => {
    const result = await runCli(['run', '--dry-run', '--catalog-dir', STARTER, '--from-catalog', entry, '--vm-count', '2']);
    expect(result.code, result.stderr).toBe(0);
    const objects = parseYamlStream(result.stdout);
    const vms = names(objects, 'VirtualMachine');
    expect(vms.length).toBeGreaterThanOrEqual(2);
    expect(vms.every((name) => name.startsWith(`virtwork-${entry}-`))).toBe(true);
    expect(kinds(objects)[0]).toBe('Namespace');
    if (schemasSkipReason === undefined) {
      for (const object of objects) expect({ object: `${object.kind}/${object.metadata?.name}`, errors: objectSchemaErrors(object) }).toEqual({ object: `${object.kind}/${object.metadata?.name}`, errors: [] });
    }
    if (cloudConfigSchemaSkipReason === undefined) {
      for (const vm of vms) expect(cloudConfigSchemaErrors(userdataOf(objects, `${vm}-cloudinit`))).toEqual([]);
    }
  });

  it('runs entries beside --workloads, with the entry’s params from --params', async () => {
    const result = await runCli(['run', '--dry-run', '--catalog-dir', STARTER, '--workloads', 'cpu', '--from-catalog', 'sysbench', '--params', 'sysbench.threads=7,sysbench.tests=cpu']);
    expect(result.code, result.stderr).toBe(0);
    const objects = parseYamlStream(result.stdout);
    expect(names(objects, 'VirtualMachine')).toEqual(['virtwork-cpu-0', 'virtwork-sysbench-0']);
    expect(userdataOf(objects, 'virtwork-sysbench-0-cloudinit')).toContain('for test in cpu; do sysbench "$$test" --threads=7 --time=60');
  });

  it('names a bad param where it was set: the flag, the variable or the file and line', async () => {
    const base = ['run', '--dry-run', '--catalog-dir', STARTER, '--from-catalog', 'redis'];
    const flag = await runCli([...base, '--params', 'redis.clients=lots']);
    expect(flag).toMatchObject({ code: 2, stderr: 'error: --params redis.clients=lots: must be a whole number, such as 4 (default 50)\n' });
    const env = await runCli(base, { env: { VIRTWORK_PARAMS: 'redis.clinets=3' } });
    expect(env.stderr).toBe(
      'error: VIRTWORK_PARAMS redis.clinets=3: unknown parameter; redis takes maxmemory, clients, requests, data-size, tests (see virtwork workloads); did you mean redis.clients?\n',
    );
    const dir = await scratchDir({ 'virtwork.yaml': 'workloads:\n  redis:\n    params:\n      requests: lots\n' });
    const file = await runCli([...base, '--config', path.join(dir, 'virtwork.yaml')]);
    expect(file).toMatchObject({ code: 2, stderr: `error: ${dir}/virtwork.yaml:4: workloads.redis.params.requests=lots: must be a whole number, such as 4 (default 100000)\n` });
  });

  it('fails a broken entry it is asked to run with its first problem, and runs the others of the same catalog', async () => {
    const dir = await mixedCatalog();
    const broken = await runCli(['run', '--dry-run', '--catalog-dir', dir, '--from-catalog', 'broken']);
    expect(broken).toMatchObject({ code: 2, stdout: '' });
    expect(broken.stderr).toBe(
      `error: ${dir}/broken/workload.yaml:3: storage.0.serial=abcdefghijklmnopqrstuvwxyz: serial must be 1 to 20 letters, digits, - or _ (the guest sees only the first 20 characters)\n`,
    );
    // Params for the broken entry are ignored with the run's usual warning, not checked against a schema it lacks.
    const good = await runCli(['run', '--dry-run', '--catalog-dir', dir, '--from-catalog', 'good', '--params', 'good.n=5,broken.x=1']);
    expect(good.code, good.stderr).toBe(0);
    expect(names(parseYamlStream(good.stdout), 'VirtualMachine')).toEqual(['virtwork-good-0']);
    expect(good.stderr).toContain('params for broken are ignored: broken is not among the selected workloads');
    expect(userdataOf(parseYamlStream(good.stdout), 'virtwork-good-0-cloudinit')).toContain('ExecStart=/bin/load 5\n');
  });
});

describe('docs/catalog.md', () => {
  const blocks = async (language: string): Promise<string[]> => {
    const text = await readFile(path.join(REPO_ROOT, 'docs', 'catalog.md'), 'utf8');
    return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
  };

  it('lists every starter entry, and each entry has its README', async () => {
    const text = await readFile(path.join(REPO_ROOT, 'docs', 'catalog.md'), 'utf8');
    for (const entry of STARTER_ENTRIES) {
      expect(text).toContain(`(../catalog/${entry}/README.md)`);
      expect(await readFile(path.join(STARTER, entry, 'README.md'), 'utf8')).toMatch(new RegExp(`^# ${entry}\\n`));
    }
  });

  it('teaches an entry that validates as written: the step 2 manifest with the step 2 unit', async () => {
    const [manifest] = (await blocks('yaml')).filter((block) => block.includes('key: message'));
    const [unit] = (await blocks('ini')).filter((block) => block.startsWith('[Unit]'));
    const execStart = (await blocks('ini')).find((block) => block.startsWith('ExecStart=') && block.includes('{{message}}'));
    expect(manifest).toBeDefined();
    const dir = await scratchDir({ 'hello/workload.yaml': manifest ?? '', 'hello/hello.service': (unit ?? '').replace(/^ExecStart=.*$/m, (execStart ?? '').trim()) });
    const result = await runCli(['validate', '--catalog-dir', dir]);
    expect(result).toEqual({ code: 0, stdout: `OK    hello\n${NOT_CHECKED}\n`, stderr: '' });
    const planned = await runCli(['run', '--dry-run', '--catalog-dir', dir, '--from-catalog', 'hello', '--params', 'hello.every=5']);
    expect(userdataOf(parseYamlStream(planned.stdout), 'virtwork-hello-0-cloudinit')).toContain("ExecStart=/bin/sh -c 'while :; do cowsay hello; sleep 5; done'");
  });
});
