/**
 * Catalog entries planned as a run plans them: role counts, Services and their selectors, storage as
 * DataVolumes, disks and mounts, placeholders filled with defaults or the user's params, and every
 * starter entry of catalog/ valid against the real schemas.
 */
import path from 'node:path';
import type { V1Service } from '@kubernetes/client-node';
import type { V1VirtualMachine } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { describe, expect, it } from 'vitest';
import { readCatalogDir } from '../../src/config/catalog-dir.js';
import { LABEL_PAIR, LABEL_ROLE, LABEL_WORKLOAD } from '../../src/constants.js';
import { buildRunPlan } from '../../src/orchestrator/plan.js';
import type { RunPlan } from '../../src/orchestrator/plan-types.js';
import { checkCatalogEntry, type CatalogEntry } from '../../src/workloads/catalog/entry.js';
import { InvalidParamError } from '../../src/workloads/params.js';
import { builtins } from '../../src/workloads/registry.js';
import { workloadSet } from '../../src/workloads/workload-set.js';
import { cloudConfigSchemaErrors, cloudConfigSchemaSkipReason, parseCloudConfig } from '../support/cloud-config-schema.js';
import { repoRoot } from '../support/schemas-dir.js';
import { entryOf, UNIT } from '../workloads/catalog/support.js';
import { runConfig } from './fake-workloads.js';
import { expectPlanInvariants, ofKind } from './plan-invariants.js';

const RUN_ID = '7f0c2a4e-5b1d-4c3e-9a8f-1d2e3f4a5b6c';

const PAIR = entryOf('kv', {
  'workload.yaml': [
    'description: key-value pairs',
    'packages: [valkey]',
    'params:',
    '  - {key: clients, type: int, default: 50}',
    '  - {key: tests, type: list, default: [set, get]}',
    '  - {key: opts, type: dict, default: {a: 1}}',
    '  - {key: quiet, type: bool, default: true}',
    'roles:',
    '  - {name: server}',
    '  - {name: client}',
    'service:',
    '  ports: [{name: kv, port: 6379}, {name: stats, port: 9121, protocol: UDP}]',
    '  selector-role: server',
  ].join('\n'),
  'server.service': UNIT('/usr/bin/valkey-server --port 6379'),
  'client.service': UNIT('/usr/bin/bench -h {{service-host}} -c {{clients}} -t {{tests}} {{opts}} -q={{quiet}} -n {{namespace}}'),
});

const STORED = entryOf('stored', {
  'workload.yaml': [
    'params:',
    '  - {key: size, default: 4k}',
    'storage:',
    '  - {name: pgdata, size: 20Gi, serial: virtwork-pgdata, mount: /var/lib/pgsql}',
    '  - {name: logs, size: 1Gi, serial: virtwork-logs, mount: /var/log/app}',
  ].join('\n'),
  'db.service': UNIT('/usr/bin/db --block {{size}}'),
  'load.service': UNIT('/usr/bin/load'),
});

const plan = (entries: readonly CatalogEntry[], overrides: Parameters<typeof runConfig>[0] = {}): RunPlan =>
  buildRunPlan(runConfig({ workloads: entries.map((e) => e.name), ...overrides }), { runId: RUN_ID }, workloadSet(entries));

const unitOf = (userdata: string, unit: string): string => {
  const doc = parseCloudConfig(userdata) as { write_files: { path: string; content: string }[] };
  const file = doc.write_files.find((f) => f.path === `/etc/systemd/system/${unit}`);
  if (file === undefined) throw new Error(`no ${unit} in the cloud-config`);
  return file.content;
};

describe('a multi-role catalog entry', () => {
  it('gets one VM of each role per --vm-count, and one Service per pair selecting that pair’s server', () => {
    const result = plan([PAIR], { vmCount: 2 });
    expectPlanInvariants(result);
    expect(result.vms.map((vm) => vm.name)).toEqual(['virtwork-kv-0-server', 'virtwork-kv-0-client', 'virtwork-kv-1-server', 'virtwork-kv-1-client']);
    const services = ofKind<V1Service>(result, 'Service');
    expect(services.map((s) => s.metadata?.name)).toEqual(['virtwork-kv-0-server', 'virtwork-kv-1-server']);
    expect(services[1]?.spec?.selector).toEqual({ [LABEL_WORKLOAD]: 'kv', [LABEL_ROLE]: 'server', [LABEL_PAIR]: '1' });
    expect(services[0]?.spec?.ports).toEqual([
      { name: 'kv', port: 6379, targetPort: 6379, protocol: 'TCP' },
      { name: 'stats', port: 9121, targetPort: 9121, protocol: 'UDP' },
    ]);
  });

  it('gives a role the VM count its manifest fixes, and the rest --vm-count', () => {
    const fixed = entryOf('fixed', { 'workload.yaml': 'roles:\n  - {name: a, vm-count: 3}\n  - {name: b}\n', 'a.service': UNIT('/bin/a'), 'b.service': UNIT('/bin/b') });
    const result = plan([fixed], { vmCount: 2 });
    expectPlanInvariants(result);
    expect(result.vms.map((vm) => vm.name)).toEqual(['virtwork-fixed-0-a', 'virtwork-fixed-0-b', 'virtwork-fixed-1-a', 'virtwork-fixed-1-b', 'virtwork-fixed-2-a']);
  });

  it('refuses a count that would leave a VM without the server of its pair', () => {
    const oneServer = entryOf('one', {
      'workload.yaml': 'roles:\n  - {name: server, vm-count: 1}\n  - {name: client}\nservice:\n  ports: [{name: p, port: 80}]\n  selector-role: server\n',
      'server.service': UNIT('/bin/s'),
      'client.service': UNIT('/bin/c {{service-host}}'),
    });
    expect(plan([oneServer], { vmCount: 1 }).vms).toHaveLength(2);
    expect(() => plan([oneServer], { vmCount: 3 })).toThrow(
      '--vm-count=3: catalog entry one would get 3 client VMs but 1 server VMs, and each client needs the server of its own pair; use a --vm-count of at most 1',
    );
  });

  it('fills placeholders with the defaults, the namespace, and the Service of the client’s server', () => {
    const result = plan([PAIR], { vmCount: 2 });
    const clients = result.vms.filter((vm) => vm.role === 'client');
    clients.forEach((client, index) => {
      expect(unitOf(client.userdata, 'virtwork-kv-client.service')).toContain(
        `ExecStart=/usr/bin/bench -h virtwork-kv-${index}-server -c 50 -t set get a=1 -q=true -n virtwork-test\n`,
      );
      expect(client.unitNames).toEqual(['virtwork-kv-client.service']);
    });
    expect(clients).toHaveLength(2);
    const server = result.vms.find((vm) => vm.role === 'server');
    expect(server?.unitNames).toEqual(['virtwork-kv-server.service']);
    expect(parseCloudConfig(server?.userdata ?? '')).toMatchObject({ packages: expect.arrayContaining(['valkey', 'qemu-guest-agent']) as unknown });
  });

  it('installs the manifest’s packages as Fedora names them, and as the Debian profile maps them on Debian', () => {
    const packagesOn = (guestOs: 'fedora' | 'debian'): unknown => parseCloudConfig(plan([PAIR], { guestOs }).vms[0]?.userdata ?? '');
    expect(packagesOn('fedora')).toMatchObject({ packages: ['valkey', 'python3', 'qemu-guest-agent'] });
    expect(packagesOn('debian')).toMatchObject({ packages: ['redis-server', 'redis-tools', 'python3', 'qemu-guest-agent'] });
  });

  it('takes the user’s params over the defaults, typed, and records them for the audit', () => {
    const result = plan([PAIR], { params: { kv: { clients: '8', tests: 'lpush,lpop', opts: 'x=1,y=2', quiet: 'FALSE' } }, clusterDomain: 'cluster.local' });
    const client = result.vms.find((vm) => vm.role === 'client');
    expect(unitOf(client?.userdata ?? '', 'virtwork-kv-client.service')).toContain(
      'ExecStart=/usr/bin/bench -h virtwork-kv-0-server.virtwork-test.svc.cluster.local -c 8 -t lpush lpop x=1 y=2 -q=false -n virtwork-test\n',
    );
    expect(result.workloads).toEqual([{ name: 'kv', params: { clients: 8, tests: ['lpush', 'lpop'], opts: { x: '1', y: '2' }, quiet: false } }]);
  });

  it.each([
    [{ clients: 'many' }, 'clients', 'must be a whole number, such as 4 (default 50)'],
    [{ quiet: 'yes' }, 'quiet', 'must be true or false (default true)'],
    [{ opts: 'novalue' }, 'opts', 'must be a mapping: a YAML mapping, or key=value pairs separated by commas such as a=1,b=2 (default a=1)'],
    [{ clinets: '3' }, 'clinets', 'unknown parameter; kv takes clients, tests, opts, quiet (see virtwork workloads); did you mean kv.clients?'],
  ])('refuses %j with an InvalidParamError naming the entry and key', (params, key, fix) => {
    let error: unknown;
    try {
      plan([PAIR], { params: { kv: params } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidParamError);
    expect(error).toMatchObject({ workload: 'kv', key, field: `--params kv.${key}`, fix });
  });
});

describe('a single-role catalog entry with storage', () => {
  it('puts every unit on every VM, and each storage entry becomes a DataVolume, a disk with its serial and a mount', () => {
    const result = plan([STORED], { vmCount: 2, storageClass: 'fast' });
    expectPlanInvariants(result);
    expect(result.vms.map((vm) => vm.name)).toEqual(['virtwork-stored-0', 'virtwork-stored-1']);
    const vm = ofKind<V1VirtualMachine>(result, 'VirtualMachine')[0];
    expect(vm?.spec.dataVolumeTemplates?.map((dv) => [dv.metadata?.name, dv.spec.storage?.resources?.requests?.storage, dv.spec.storage?.storageClassName])).toEqual([
      ['virtwork-stored-0-pgdata', '20Gi', 'fast'],
      ['virtwork-stored-0-logs', '1Gi', 'fast'],
    ]);
    expect(vm?.spec.template.spec?.domain.devices.disks?.filter((d) => d.serial !== undefined).map((d) => [d.name, d.serial])).toEqual([
      ['pgdata', 'virtwork-pgdata'],
      ['logs', 'virtwork-logs'],
    ]);
    const doc = parseCloudConfig(result.vms[0]?.userdata ?? '') as { runcmd: string[]; packages: string[] };
    expect(doc.runcmd).toEqual(
      expect.arrayContaining([
        '/usr/local/bin/virtwork-disk-setup virtwork-pgdata /var/lib/pgsql',
        '/usr/local/bin/virtwork-disk-setup virtwork-logs /var/log/app',
        'systemctl enable --now virtwork-stored-db.service',
        'systemctl enable --now virtwork-stored-load.service',
      ]),
    );
    // The disks are mounted before the units start.
    expect(doc.runcmd.indexOf('/usr/local/bin/virtwork-disk-setup virtwork-logs /var/log/app')).toBeLessThan(doc.runcmd.indexOf('systemctl enable --now virtwork-stored-db.service'));
    expect(doc.packages).toContain('e2fsprogs');
    expect(result.vms[0]?.unitNames).toEqual(['virtwork-stored-db.service', 'virtwork-stored-load.service']);
    expect(unitOf(result.vms[0]?.userdata ?? '', 'virtwork-stored-db.service')).toContain('ExecStart=/usr/bin/db --block 4k\n');
  });

  it('takes the VM count its manifest gives its one role', () => {
    const three = entryOf('three', { 'workload.yaml': 'roles:\n  - {name: load, vm-count: 3}\n', 'a.service': UNIT('/bin/a'), 'b.service': UNIT('/bin/b') });
    const result = plan([three], { vmCount: 1 });
    expect(result.vms.map((vm) => [vm.name, vm.role, vm.unitNames])).toEqual(
      [0, 1, 2].map((i) => [`virtwork-three-${i}`, undefined, ['virtwork-three-a.service', 'virtwork-three-b.service']]),
    );
  });

  it.each(['guest-agent', 'running'] as const)('probes its units as the built-ins do with --readiness %s', (readiness) => {
    const result = plan([STORED, PAIR], { readiness });
    expectPlanInvariants(result);
    const doc = parseCloudConfig(result.vms[0]?.userdata ?? '') as { write_files: { path: string }[] };
    expect(doc.write_files.some((f) => f.path.endsWith('virtwork-health.service'))).toBe(false);
  });

  it('leaves packages out with --skip-package-install', () => {
    const result = plan([STORED], { skipPackageInstall: true });
    expect(parseCloudConfig(result.vms[0]?.userdata ?? '')).not.toHaveProperty('packages');
  });

  it('ignores --disk-size: each storage entry has its own size', () => {
    const result = plan([STORED], { diskSize: '1Mi' });
    expect(result.vms[0]?.dataDisks.map((d) => d.size)).toEqual(['20Gi', '1Gi']);
  });

  it('runs beside the built-ins in one plan', () => {
    const result = buildRunPlan(runConfig({ workloads: ['cpu', 'stored'] }), { runId: RUN_ID }, workloadSet([STORED]));
    expectPlanInvariants(result);
    expect(result.vms.map((vm) => vm.workload)).toEqual(['cpu', 'stored']);
  });
});

describe('the starter catalog', async () => {
  const sources = await readCatalogDir(path.join(repoRoot, 'catalog'), { field: '--catalog-dir', mustExist: true });
  const checked = sources.map((source) => checkCatalogEntry(source, builtins.map((w) => w.name)));
  const entries = checked.flatMap((c) => (c.entry ? [c.entry] : []));

  it('has four or more entries which together use every feature, each without a problem', () => {
    expect(checked.map((c) => ({ name: c.name, problems: c.problems }))).toEqual(checked.map((c) => ({ name: c.name, problems: [] })));
    expect(entries.length).toBeGreaterThanOrEqual(4);
    expect(entries.some((e) => e.roles.length > 1 && e.service !== undefined)).toBe(true);
    expect(entries.some((e) => e.storage.length > 0)).toBe(true);
    expect(entries.some((e) => e.roles.length === 0)).toBe(true);
    expect(new Set(entries.flatMap((e) => e.params.map((p) => p.type)))).toEqual(new Set(['string', 'int', 'bool', 'list', 'dict']));
  });

  it.each(['fedora', 'debian'] as const)('plans every entry on %s with objects valid against the schemas', (guestOs) => {
    const result = buildRunPlan(runConfig({ workloads: entries.map((e) => e.name), vmCount: 2, guestOs }), { runId: RUN_ID }, workloadSet(entries));
    expectPlanInvariants(result);
    expect(new Set(result.vms.map((vm) => vm.workload))).toEqual(new Set(entries.map((e) => e.name)));
  });

  it.skipIf(cloudConfigSchemaSkipReason !== undefined)('gives every VM a cloud-config valid against cloud-init’s schema', () => {
    const result = buildRunPlan(runConfig({ workloads: entries.map((e) => e.name) }), { runId: RUN_ID }, workloadSet(entries));
    for (const vm of result.vms) expect({ vm: vm.name, errors: cloudConfigSchemaErrors(vm.userdata) }).toEqual({ vm: vm.name, errors: [] });
  });
});
