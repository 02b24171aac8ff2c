import { verify } from 'unixcrypt';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/cloudinit/password.js';
import { InvalidInputError } from '../../src/errors.js';

describe('hashPassword', () => {
  it('matches the SHA-crypt specification vector (and glibc crypt, and openssl passwd -6)', () => {
    expect(hashPassword('Hello world!', 'saltstring')).toBe(
      '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
    );
  });

  it('draws a new 16-character salt on every call without one', () => {
    const first = hashPassword('s3cret');
    const second = hashPassword('s3cret');
    expect(first).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    expect(second).not.toBe(first);
    expect(verify('s3cret', first)).toBe(true);
    expect(verify('s3cret', second)).toBe(true);
    expect(verify('other', first)).toBe(false);
  });

  it('never contains the plain password', () => {
    expect(hashPassword('VeryPlainPassword')).not.toContain('VeryPlainPassword');
  });

  it('rejects a salt crypt(3) cannot use', () => {
    expect(() => hashPassword('x', 'bad$salt')).toThrow(InvalidInputError);
    expect(() => hashPassword('x', 'a'.repeat(17))).toThrow(/1 to 16 characters/);
  });
});
