import { describe, expect, it } from 'vitest';
import { KINDS, parseParamsText } from '../../src/config/values.js';

const accepts = (kind: keyof typeof KINDS, input: unknown): unknown => {
  const result = KINDS[kind].schema.safeParse(input);
  return result.success ? result.data : 'rejected';
};

describe('quantity', () => {
  it.each(['2Gi', '512Mi', '1.5Gi', '10G', '2147483648', '1e9', '100k'])('accepts %s', (value) => {
    expect(accepts('quantity', value)).toBe(value);
  });
  it.each(['2GB', '2gi', 'Gi', '0Gi', '-1Gi', '2 Gi', '100m', ''])('rejects %s', (value) => {
    expect(accepts('quantity', value)).toBe('rejected');
  });
  it('accepts a YAML number as a byte count and keeps it as text', () => {
    expect(accepts('quantity', 1073741824)).toBe('1073741824');
  });
  it('advises a Kubernetes quantity', () => {
    expect(KINDS.quantity.fix).toContain('use a Kubernetes quantity such as 2Gi');
  });
});

describe('count', () => {
  it('turns digit text into a number', () => {
    expect(accepts('count', KINDS.count.fromText('3'))).toBe(3);
  });
  it.each(['0', '-1', '1.5', 'two', ''])('rejects the text %j', (text) => {
    expect(accepts('count', KINDS.count.fromText(text))).toBe('rejected');
  });
});

describe('duration', () => {
  it.each([
    ['600', 600],
    ['90s', 90],
    ['10m', 600],
    ['1h30m', 5400],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(accepts('duration', KINDS.duration.fromText(text))).toBe(seconds);
  });
  it('takes a YAML number as seconds', () => {
    expect(accepts('duration', 45)).toBe(45);
  });
  it.each(['0', '0s', '10 minutes', 'm', ''])('rejects %j', (text) => {
    expect(accepts('duration', KINDS.duration.fromText(text))).toBe('rejected');
  });
});

describe('boolean text', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['false', false],
    ['0', false],
    ['off', false],
  ])('reads %s as %s', (text, value) => {
    expect(accepts('boolean', KINDS.boolean.fromText(text))).toBe(value);
  });
  it('rejects anything else', () => {
    expect(accepts('boolean', KINDS.boolean.fromText('maybe'))).toBe('rejected');
  });
});

describe('lists', () => {
  it('splits comma-separated text and drops blanks', () => {
    expect(accepts('list', KINDS.list.fromText('cpu, memory,,disk'))).toEqual(['cpu', 'memory', 'disk']);
  });
  it('splits every value of a repeated flag', () => {
    expect(accepts('list', KINDS.list.fromFlags(['cpu,memory', 'disk']))).toEqual(['cpu', 'memory', 'disk']);
  });
  it('keeps each --ssh-key whole, even when its comment holds a comma', () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB+x me@host, laptop';
    expect(accepts('ssh-keys', KINDS['ssh-keys'].fromFlags([key]))).toEqual([key]);
  });
  it('refuses private key text as an authorized key', () => {
    expect(accepts('ssh-keys', ['-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjE='])).toBe('rejected');
    expect(accepts('ssh-keys', ['not a key'])).toBe('rejected');
  });
});

describe('namespace', () => {
  it.each(['virtwork', 'load-test-1', 'a'])('accepts %s', (name) => {
    expect(accepts('namespace', name)).toBe(name);
  });
  it.each(['Virtwork', 'under_score', '-lead', 'trail-', 'a'.repeat(64)])('rejects %s', (name) => {
    expect(accepts('namespace', name)).toBe('rejected');
  });
});

describe('parseParamsText', () => {
  it('groups workload.key=value pairs by workload', () => {
    expect(parseParamsText(['cpu.load=80,memory.vm-bytes=50%'])).toEqual({
      cpu: { load: '80' },
      memory: { 'vm-bytes': '50%' },
    });
  });
  it('keeps commas inside a value when the next item is not workload.key=', () => {
    expect(parseParamsText(['chaos-process.exclude=sshd,systemd,cpu.load=70'])).toEqual({
      'chaos-process': { exclude: 'sshd,systemd' },
      cpu: { load: '70' },
    });
  });
  it('lets a later flag win for the same key', () => {
    expect(parseParamsText(['cpu.load=80', 'cpu.load=60,cpu.method=fft'])).toEqual({
      cpu: { load: '60', method: 'fft' },
    });
  });
  it.each(['cpu', 'cpu.load', 'load=80', '=80'])('refuses %j', (text) => {
    expect(parseParamsText([text])).toBeUndefined();
  });
});
