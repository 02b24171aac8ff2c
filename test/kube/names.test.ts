import { describe, expect, it } from 'vitest';
import { InternalError, InvalidInputError } from '../../src/errors.js';
import {
  assertRfc1035Label,
  cloudInitSecretName,
  dataVolumeName,
  dns1123LabelProblem,
  isDns1123Label,
  isRfc1035Label,
  vmName,
} from '../../src/kube/names.js';

describe('name rules', () => {
  it.each(['a', 'virtwork', 'virtwork-cpu-0', '0abc', 'a'.repeat(63)])('%s is an RFC 1123 label', (name) => {
    expect(isDns1123Label(name)).toBe(true);
  });

  it.each(['', 'A', 'a_b', '-a', 'a-', 'a.b', 'a'.repeat(64)])('%j is not an RFC 1123 label', (name) => {
    expect(isDns1123Label(name)).toBe(false);
  });

  it('an RFC 1035 label must also start with a letter', () => {
    expect(isRfc1035Label('virtwork-iperf3-server')).toBe(true);
    expect(isRfc1035Label('0-server')).toBe(false);
    expect(isDns1123Label('0-server')).toBe(true);
  });

  it('explains a name that is too long with its length', () => {
    expect(dns1123LabelProblem('a'.repeat(70))).toBe('must be no more than 63 characters (it has 70)');
  });

  it('rejects a Service name that is not an RFC 1035 label with an input error naming it', () => {
    expect(() => assertRfc1035Label('Service name', '1-server')).toThrow(InvalidInputError);
    expect(() => assertRfc1035Label('Service name', '1-server')).toThrow(/^Service name=1-server: /);
  });
});

describe('deterministic names', () => {
  it('names a single-role VM virtwork-<workload>-<index>', () => {
    expect(vmName('cpu', 0)).toBe('virtwork-cpu-0');
    expect(vmName('chaos-disk', 12)).toBe('virtwork-chaos-disk-12');
  });

  it('appends the role of a multi-VM workload', () => {
    expect(vmName('network', 1, 'client')).toBe('virtwork-network-1-client');
  });

  it('gives the same name for the same input, so a re-run finds its objects', () => {
    expect(vmName('tps', 3, 'server')).toBe(vmName('tps', 3, 'server'));
  });

  it('refuses a VM name past 63 characters instead of letting the API server do it', () => {
    expect(() => vmName('w'.repeat(60), 0)).toThrow(InvalidInputError);
  });

  it('refuses a negative or fractional index', () => {
    expect(() => vmName('cpu', -1)).toThrow(InternalError);
    expect(() => vmName('cpu', -1)).toThrow(/VM index/);
    expect(() => vmName('cpu', 1.5)).toThrow(/VM index/);
  });

  it('derives the Secret and DataVolume names from the VM name', () => {
    expect(cloudInitSecretName('virtwork-cpu-0')).toBe('virtwork-cpu-0-cloudinit');
    expect(dataVolumeName('virtwork-disk-1', 'data')).toBe('virtwork-disk-1-data');
  });

  it('refuses a derived name that would be invalid', () => {
    expect(() => dataVolumeName('virtwork-disk-0', 'Data')).toThrow(InvalidInputError);
    expect(() => cloudInitSecretName('v'.repeat(55))).toThrow(/no more than 63/);
  });
});
