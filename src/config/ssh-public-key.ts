/**
 * One OpenSSH public key line, as authorized_keys holds it: `<type> <base64 key> [comment]`, on one
 * line. The base64 must decode to the wire-format key, whose first field names the same type, as
 * ssh-keygen and sshd check (sshkey_from_blob). Options in front of the type (`no-pty ...`) are not
 * taken: cloud-init writes the key as given, and an option string could grant more than a key.
 */

export const PUBLIC_KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ssh-dss',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
] as const;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Why `line` is not one OpenSSH public key; undefined when it is. */
export const publicKeyProblem = (line: string): string | undefined => {
  if (/[\r\n]/.test(line)) return 'holds more than one line';
  // Anything after the key is its comment.
  const [type = '', body = ''] = line.trim().split(/\s+/);
  if (!(PUBLIC_KEY_TYPES as readonly string[]).includes(type)) {
    return `does not start with a key type (${PUBLIC_KEY_TYPES.slice(0, 3).join(', ')}, ...)`;
  }
  if (!BASE64.test(body) || body.length % 4 !== 0) return 'has no base64 key after its type';
  const blob = Buffer.from(body, 'base64');
  if (blob.length < 4) return 'has a key too short to be one';
  const nameLength = blob.readUInt32BE(0);
  if (4 + nameLength > blob.length || blob.subarray(4, 4 + nameLength).toString('latin1') !== type) {
    return `has a key that is not a ${type} key`;
  }
  return undefined;
};
