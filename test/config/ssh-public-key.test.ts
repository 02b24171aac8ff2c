import { describe, expect, it } from 'vitest';
import { publicKeyProblem } from '../../src/config/ssh-public-key.js';

/** Made by `ssh-keygen -t ed25519`: a key type, the wire-format key in base64, a comment. */
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKbbtKV+MvHew0dySD+vaUSpWLSMwyz0ghMRSwAwayGj ops@bastion';

describe('publicKeyProblem', () => {
  it('accepts an OpenSSH public key line, with or without its comment', () => {
    expect(publicKeyProblem(KEY)).toBeUndefined();
    expect(publicKeyProblem(KEY.split(' ').slice(0, 2).join(' '))).toBeUndefined();
  });

  it.each([
    ['junk around the key', `junk ${KEY}`, 'does not start with a key type (ssh-ed25519, ssh-rsa, ssh-dss, ...)'],
    ['an option string in front', `no-pty,command="/bin/sh" ${KEY}`, 'does not start with a key type (ssh-ed25519, ssh-rsa, ssh-dss, ...)'],
    ['a second line', `${KEY}\nssh-ed25519 AAAA`, 'holds more than one line'],
    ['no key after the type', 'ssh-ed25519', 'has no base64 key after its type'],
    ['a body that is not base64', 'ssh-ed25519 not-base64!', 'has no base64 key after its type'],
    ['a key of another type than it claims', `ssh-rsa ${KEY.split(' ')[1]}`, 'has a key that is not a ssh-rsa key'],
    ['a key too short to hold its type', 'ssh-ed25519 AAAA', 'has a key too short to be one'],
    ['a truncated key', 'ssh-ed25519 AAAAC3Nz', 'has a key that is not a ssh-ed25519 key'],
  ])('refuses %s', (_, line, problem) => {
    expect(publicKeyProblem(line)).toBe(problem);
  });
});
