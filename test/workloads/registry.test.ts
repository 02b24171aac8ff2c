import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/constants.js';
import { InvalidInputError } from '../../src/errors.js';
import {
  InvalidParamError,
  builtins,
  createWorkload,
  describeWorkloads,
  getWorkloadDefinition,
  validateParams,
} from '../../src/workloads/registry.js';
import { CONFIG, SSH } from './support/render.js';

const ctx = { namespace: 'virtwork', ssh: SSH['keys only']! };

describe('builtins', () => {
  it('lists the nine built-in workloads in order', () => {
    expect(builtins.map((w) => w.name)).toEqual([
      'cpu',
      'memory',
      'disk',
      'database',
      'network',
      'tps',
      'chaos-disk',
      'chaos-network',
      'chaos-process',
    ]);
  });

  it('marks as opt-in exactly the built-ins outside the default list: the chaos ones', () => {
    expect(builtins.filter((w) => w.optIn).map((w) => w.name)).toEqual(['chaos-disk', 'chaos-network', 'chaos-process']);
  });

  it('has a built-in for every name in the default list', () => {
    const names = builtins.map((w) => w.name);
    expect(DEFAULTS.workloads.filter((name) => !names.includes(name))).toEqual([]);
  });
});

describe('getWorkloadDefinition', () => {
  it('finds a workload by name', () => {
    expect(getWorkloadDefinition('tps').roles).toEqual(['server', 'client']);
  });

  it('rejects an unknown name with a did-you-mean over the workload names', () => {
    expect(() => getWorkloadDefinition('datbase')).toThrow(InvalidInputError);
    expect(() => getWorkloadDefinition('datbase')).toThrow(
      '--workloads=datbase: unknown workload; built-in workloads are cpu, memory, disk, database, network, tps, chaos-disk, chaos-network, chaos-process (see virtwork workloads); did you mean database?',
    );
    expect(() => getWorkloadDefinition('gpu-burn')).toThrow(/\(see virtwork workloads\)$/);
  });
});

describe('validateParams', () => {
  it('rejects a bad param as an InvalidParamError that carries its workload and key, for the CLI to name its source', () => {
    let thrown: unknown;
    try {
      validateParams('cpu', { 'cpu-load-percent': '500' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidParamError);
    expect(thrown).toMatchObject({ workload: 'cpu', key: 'cpu-load-percent', value: '500' });
  });

  it('rejects an unknown key as --params <workload>.<key> with a did-you-mean', () => {
    expect(() => validateParams('disk', { numjob: '8' })).toThrow(
      '--params disk.numjob=8: unknown parameter; disk takes block-size-rw, block-size-seq, rwmixread, numjobs, runtime (see virtwork workloads); did you mean disk.numjobs?',
    );
  });

  it('rejects a value of the wrong type', () => {
    expect(() => validateParams('network', { 'parallel-streams': 'many' })).toThrow(
      '--params network.parallel-streams=many: must be an integer from 1 to 128 (default 4)',
    );
  });

  it('rejects an unknown workload before looking at params', () => {
    expect(() => validateParams('cpuu', {})).toThrow(/did you mean cpu\?/);
  });
});

describe('createWorkload', () => {
  it('builds the named workload with its params applied', () => {
    const workload = createWorkload('cpu', { ...CONFIG, params: { 'cpu-load-percent': '50' } }, ctx);
    expect(workload.name).toBe('cpu');
    expect(workload.cloudInitUserdata()).toContain('--cpu-load 50');
  });

  it('fails on a bad param before anything is built', () => {
    expect(() => createWorkload('memory', { ...CONFIG, params: { 'vm-method': 'all;reboot' } }, ctx)).toThrow(InvalidInputError);
  });

  it('fails on an unknown guest OS with the profiles it knows', () => {
    expect(() => createWorkload('cpu', CONFIG, { ...ctx, guestOs: 'fedroa' as 'fedora' })).toThrow(
      'guest OS=fedroa: unknown guest OS; use one of fedora, debian; did you mean fedora?',
    );
  });
});

describe('describeWorkloads', () => {
  const byName = new Map(describeWorkloads().map((w) => [w.name, w]));

  it('describes every built-in, in order', () => {
    expect([...byName.keys()]).toEqual(builtins.map((w) => w.name));
  });

  it('gives VMs per count, roles, data disk and Service', () => {
    expect(byName.get('network')).toMatchObject({
      roles: ['server', 'client'],
      vmsPerCount: 2,
      dataDisk: false,
      service: { selects: 'server', ports: ['iperf3 5201/TCP'] },
    });
    expect(byName.get('tps')).toMatchObject({
      vmsPerCount: 2,
      service: { selects: 'server', ports: ['netperf-control 12865/TCP', 'netperf-data 12866/TCP', 'http 8080/TCP'] },
    });
    expect(byName.get('database')).toMatchObject({ roles: [], vmsPerCount: 1, dataDisk: true, optIn: false });
    expect(byName.get('database')).not.toHaveProperty('service');
    expect(byName.get('chaos-disk')).toMatchObject({ dataDisk: true, optIn: true });
  });

  it('lists every param with its type, default and a description', () => {
    const defaults = Object.fromEntries(
      describeWorkloads().map((w) => [w.name, Object.fromEntries(w.params.map((p) => [p.key, p.default]))]),
    );
    expect(defaults).toEqual({
      cpu: { 'cpu-load-percent': 100, 'cpu-method': 'all' },
      memory: { 'memory-percent': 80, 'vm-stressors': 1, 'vm-method': 'all' },
      disk: { 'block-size-rw': '4k', 'block-size-seq': '128k', rwmixread: 70, numjobs: 4, runtime: 300 },
      database: { 'scale-factor': 50, clients: 10, duration: 300 },
      network: { 'parallel-streams': 4, 'test-duration': 60 },
      tps: { 'file-size': '10M', iterations: 30, duration: 60 },
      'chaos-disk': { mount: '/mnt/data', 'fill-percent': 90, 'fill-sleep': 60, 'release-sleep': 30 },
      'chaos-network': { 'latency-ms': 100, 'packet-loss-percent': 5 },
      'chaos-process': { signal: 'SIGTERM', interval: 30, 'min-pid': 1000 },
    });
    for (const workload of describeWorkloads()) {
      for (const param of workload.params) {
        expect(param.description.length, `${workload.name}.${param.key}`).toBeGreaterThan(10);
        expect(['integer', 'number', 'string', 'enum']).toContain(param.type);
      }
    }
    expect(byName.get('chaos-network')?.params.find((p) => p.key === 'packet-loss-percent')?.type).toBe('number');
    expect(byName.get('chaos-process')?.params.find((p) => p.key === 'signal')?.values).toContain('SIGKILL');
  });
});
