/**
 * `--ssh-key-file`: files of authorized public keys, one per non-empty, non-comment line (the
 * authorized_keys format). A private key is refused without echoing a byte of it.
 */
import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../errors.js';
import { KINDS, isPrivateKey } from './values.js';

/** The keys of every file in order; `field` names the flag, variable or file key for errors. */
export const readAuthorizedKeyFiles = async (paths: readonly string[], field: string): Promise<string[]> => {
  const keys: string[] = [];
  for (const file of paths) keys.push(...(await readKeyFile(file, field)));
  return keys;
};

const readKeyFile = async (file: string, field: string): Promise<string[]> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot read the file';
    throw new InvalidInputError(field, file, `${reason}; give a file of OpenSSH public keys, such as ~/.ssh/id_ed25519.pub`, {
      cause: error,
    });
  }
  if (isPrivateKey(text)) {
    throw new InvalidInputError(field, file, 'this is a private key; give the public key (the .pub file) instead');
  }
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const keys: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === '' || line.startsWith('#')) continue;
    if (!KINDS['ssh-keys'].schema.safeParse([line]).success) {
      throw new InvalidInputError(field, file, `line ${index + 1} is not an OpenSSH public key; ${KINDS['ssh-keys'].fix}`);
    }
    keys.push(line);
  }
  if (keys.length === 0) throw new InvalidInputError(field, file, 'the file holds no public key');
  return keys;
};
