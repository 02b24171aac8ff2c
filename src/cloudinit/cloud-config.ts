/**
 * The `#cloud-config` document as data: the few cloud-init modules virtwork uses, in the shape
 * cloud-init's schema expects. Building is pure; rendering to text is `render.ts`.
 */
import { InternalError } from '../errors.js';

/** The account virtwork adds next to the image's own cloud user. */
export interface CloudConfigUser {
  readonly name: string;
  /** SHA-512 crypt hash (`$6$...`). Without it the password is locked: SSH keys only. */
  readonly passwordHash?: string | undefined;
  readonly authorizedKeys: readonly string[];
}

export interface WriteFile {
  readonly path: string;
  readonly content: string;
  /** Octal mode as a string, such as `'0644'` (cloud-init reads a YAML number as decimal). Default `'0644'`. */
  readonly permissions?: string;
}

/** A string runs through `sh`; a list runs as argv, no shell. */
export type Command = string | readonly string[];

export interface CloudConfigInput {
  readonly user?: CloudConfigUser;
  readonly packages?: readonly string[];
  readonly writeFiles?: readonly WriteFile[];
  /** Runs early on every boot, before `write_files`. */
  readonly bootcmd?: readonly Command[];
  /** Runs once per instance, last: after `write_files`, users and packages. */
  readonly runcmd?: readonly Command[];
}

interface UserEntry {
  name: string;
  lock_passwd: boolean;
  passwd?: string;
  ssh_authorized_keys?: string[];
  sudo: string;
  shell: string;
}

/** The document exactly as it is rendered: snake_case keys, empty sections left out. */
export interface CloudConfig {
  users?: (string | UserEntry)[];
  ssh_pwauth?: boolean;
  packages?: string[];
  write_files?: { path: string; content: string; permissions: string }[];
  bootcmd?: (string | string[])[];
  runcmd?: (string | string[])[];
}

const PERMISSIONS_PATTERN = /^0[0-7]{3}$/;

export const buildCloudConfig = (input: CloudConfigInput): CloudConfig => ({
  ...(input.user && usersSection(input.user)),
  ...(nonEmpty(input.packages) && { packages: [...input.packages] }),
  ...(nonEmpty(input.writeFiles) && { write_files: input.writeFiles.map(writeFileEntry) }),
  ...(nonEmpty(input.bootcmd) && { bootcmd: input.bootcmd.map(commandEntry) }),
  ...(nonEmpty(input.runcmd) && { runcmd: input.runcmd.map(commandEntry) }),
});

/** A SHA-512 crypt hash as `hashPassword` makes it: `$6$`, optional rounds, salt, 86-character hash. */
const SHA512_CRYPT_PATTERN = /^\$6\$(rounds=\d+\$)?[./0-9A-Za-z]{0,16}\$[./0-9A-Za-z]{86}$/;

/** `default` keeps the image's own cloud user; ours gets passwordless sudo. */
const usersSection = (user: CloudConfigUser): Pick<CloudConfig, 'users' | 'ssh_pwauth'> => {
  // The value is left out of the message: if it is not a hash, it may be the password itself.
  if (user.passwordHash !== undefined && !SHA512_CRYPT_PATTERN.test(user.passwordHash)) {
    throw new InternalError(`the password of ${user.name} must be a SHA-512 crypt hash (hashPassword), never plain text`);
  }
  return {
    users: [
      'default',
      {
        name: user.name,
        lock_passwd: user.passwordHash === undefined,
        ...(user.passwordHash !== undefined && { passwd: user.passwordHash }),
        ...(nonEmpty(user.authorizedKeys) && { ssh_authorized_keys: [...user.authorizedKeys] }),
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        shell: '/bin/bash',
      },
    ],
    // Cloud images turn SSH password login off; a password is given to be used.
    ...(user.passwordHash !== undefined && { ssh_pwauth: true }),
  };
};

const writeFileEntry = (file: WriteFile): { path: string; content: string; permissions: string } => {
  const permissions = file.permissions ?? '0644';
  if (!PERMISSIONS_PATTERN.test(permissions)) {
    throw new InternalError(`permissions ${JSON.stringify(permissions)} of ${file.path}: must be an octal string such as '0644'`);
  }
  return { path: file.path, content: file.content, permissions };
};

const commandEntry = (command: Command): string | string[] => (typeof command === 'string' ? command : [...command]);

const nonEmpty = <T>(list: readonly T[] | undefined): list is readonly T[] => list !== undefined && list.length > 0;
