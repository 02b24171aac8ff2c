import { describe, expect, it } from 'vitest';
import { REDACTED, createScrubber, isSensitiveName, redactFields } from '../../src/logging/redact.js';

describe('isSensitiveName', () => {
  it.each(['password', 'sshPassword', 'ssh_password', 'passwordHash', 'token', 'bearerToken', 'authorizedKeys', 'userdata', 'privateKey'])(
    'treats %s as sensitive',
    (name) => {
      expect(isSensitiveName(name)).toBe(true);
    },
  );
  it.each(['secretName', 'namespace', 'user', 'vmCount', 'keyFiles', 'tokens_total'])('leaves %s alone', (name) => {
    expect(isSensitiveName(name)).toBe(false);
  });
});

describe('redactFields', () => {
  it('replaces sensitive fields at any depth and keeps the rest', () => {
    const input = { runId: 'r1', ssh: { user: 'virtwork', password: 'pw', authorizedKeys: ['ssh-ed25519 AAAA'] }, vms: [{ userdata: '#cloud-config' }] };
    expect(redactFields(input)).toEqual({
      runId: 'r1',
      ssh: { user: 'virtwork', password: REDACTED, authorizedKeys: REDACTED },
      vms: [{ userdata: REDACTED }],
    });
    expect(input.ssh.password).toBe('pw');
  });

  it("hides a Secret object's data", () => {
    const secret = { kind: 'Secret', metadata: { name: 'virtwork-cpu-0-cloudinit' }, data: { userdata: 'I2Nsb3Vk' } };
    expect(redactFields({ object: secret })).toEqual({
      object: { kind: 'Secret', metadata: { name: 'virtwork-cpu-0-cloudinit' }, data: REDACTED },
    });
  });

  it('keeps numbers and booleans under a sensitive name, such as counts keyed by kind', () => {
    const totals = { deleted: { VirtualMachine: 2, Secret: 2, Service: 1 }, secret: 'hunter22', useToken: true };
    expect(redactFields(totals)).toEqual({
      deleted: { VirtualMachine: 2, Secret: 2, Service: 1 },
      secret: REDACTED,
      useToken: true,
    });
  });

  it('survives cycles', () => {
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    expect(redactFields(node)).toMatchObject({ name: 'a' });
  });
});

describe('createScrubber', () => {
  it('replaces registered values, raw and JSON-escaped, wherever they appear', () => {
    const scrubber = createScrubber();
    scrubber.add('pa"ss\\word');
    const line = JSON.stringify({ msg: 'login with pa"ss\\word', note: 'pa"ss\\word' });
    const scrubbed = scrubber.scrub(line);
    expect(scrubbed).not.toContain('pa\\"ss');
    expect(JSON.parse(scrubbed)).toEqual({ msg: `login with ${REDACTED}`, note: REDACTED });
  });

  it('replaces a longer secret whole when it contains a shorter one', () => {
    const scrubber = createScrubber();
    scrubber.add('hunter2');
    scrubber.add('$6$salt$hunter2hash');
    expect(scrubber.scrub('x $6$salt$hunter2hash y hunter2')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it('ignores empty and very short values so lines stay readable', () => {
    const scrubber = createScrubber();
    scrubber.add(undefined);
    scrubber.add('ab');
    expect(scrubber.scrub('abc label')).toBe('abc label');
  });
});
