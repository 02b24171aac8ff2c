import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfigFile } from '../../src/config/config-file.js';
import { InvalidInputError } from '../../src/errors.js';

const parse = (text: string) => parseConfigFile(text, 'virtwork.yaml', '/configs');

/** The InvalidInputError a parse throws, so tests can look at its message and field. */
const parseError = (text: string): InvalidInputError => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
};

describe('parseConfigFile', () => {
  it('returns global values converted by their kind and the per-workload sections', () => {
    const file = parse(
      [
        'namespace: load-test',
        'vm_count: 3',
        'timeout: 10m',
        'memory: 4Gi',
        'ssh_authorized_keys:',
        '  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBAA me@host',
        'workloads:',
        '  database:',
        '    vm_count: 2',
        '    params: {clients: 20}',
        '  chaos-disk:',
        '    enabled: true',
      ].join('\n'),
    );
    expect(file.values).toEqual({
      namespace: 'load-test',
      vm_count: 3,
      timeout: 600,
      memory: '4Gi',
      ssh_authorized_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBAA me@host'],
    });
    expect(file.workloads).toEqual({
      database: { vm_count: 2, params: { clients: 20 } },
      'chaos-disk': { enabled: true },
    });
  });

  it('reads an empty file and an empty workload section as nothing set', () => {
    expect(parse('').values).toEqual({});
    expect(parse('workloads:\n  cpu:\n').workloads).toEqual({ cpu: {} });
  });

  it('names the line and suggests the key for an unknown global key', () => {
    const error = parseError('namespace: a\nvm_cuont: 2\n');
    expect(error.message).toBe('virtwork.yaml:2: vm_cuont=2: unknown key; did you mean vm_count?');
  });

  it('suggests the key for an unknown key inside a workload section', () => {
    const error = parseError('workloads:\n  cpu:\n    cpu_core: 4\n');
    expect(error.message).toBe('virtwork.yaml:3: workloads.cpu.cpu_core=4: unknown key; did you mean cpu_cores?');
  });

  it('explains a bad quantity with the kind of value expected', () => {
    const error = parseError('vm_count: 1\nmemory: 2GB\n');
    expect(error.field).toBe('virtwork.yaml:2: memory');
    expect(error.message).toContain('memory=2GB: use a Kubernetes quantity such as 2Gi');
  });

  it('refuses a non-positive count in a workload section and counts the other problems', () => {
    const error = parseError('cpu_cores: 0\nworkloads:\n  cpu:\n    vm_count: -1\n');
    expect(error.message).toBe(
      'virtwork.yaml:1: cpu_cores=0: must be a positive whole number, such as 2 (and 1 more problem in this file)',
    );
  });

  it('refuses a wrong type without echoing a password', () => {
    const error = parseError('ssh_password: [hunter2]\n');
    expect(error.message).toContain('ssh_password=[redacted]');
    expect(error.message).not.toContain('hunter2');
  });

  it('reports a YAML syntax error with its line', () => {
    const error = parseError('namespace: a\nvm_count: [1\n');
    expect(error.field).toMatch(/^virtwork\.yaml:\d+$/);
    expect(error.message).toContain('not valid YAML');
  });

  it('refuses a file that is not a mapping', () => {
    expect(parseError('- cpu\n- memory\n').message).toContain('must be a YAML mapping');
  });
});

describe('loadConfigFile', () => {
  it('names the flag and the path when the file does not exist', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'virtwork-config-'));
    await expect(loadConfigFile(path.join(dir, 'missing.yaml'), 'missing.yaml')).rejects.toThrow(
      '--config=missing.yaml: no such file',
    );
  });

  it('keeps the directory of the file for relative paths inside it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'virtwork-config-'));
    await writeFile(path.join(dir, 'v.yaml'), 'vm_count: 2\n');
    const file = await loadConfigFile(path.join(dir, 'v.yaml'), 'v.yaml');
    expect(file.dir).toBe(dir);
    expect(file.values.vm_count).toBe(2);
  });
});
