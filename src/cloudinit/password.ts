/** SSH passwords travel only as SHA-512 crypt hashes, the form cloud-init's `passwd` takes. */
import { encrypt } from 'unixcrypt';
import { InvalidInputError } from '../errors.js';

/** crypt(3) salts: up to 16 characters of `./0-9A-Za-z`. */
const SALT_PATTERN = /^[./0-9A-Za-z]{1,16}$/;

/**
 * `$6$<salt>$<hash>`. The salt is random on every call unless given, so callers hash once per run
 * and reuse the result: every VM of a run then carries the same line.
 */
export const hashPassword = (plain: string, salt?: string): string => {
  // Without a salt, unixcrypt draws 16 random characters and uses SHA-512.
  if (salt === undefined) return encrypt(plain);
  if (!SALT_PATTERN.test(salt)) {
    throw new InvalidInputError('password salt', salt, 'use 1 to 16 characters from ./0-9A-Za-z');
  }
  return encrypt(plain, `$6$${salt}`);
};
