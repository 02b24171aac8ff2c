/**
 * The reverse of rendering, for `virtwork describe`: from a VM's `#cloud-config` user data, the
 * systemd units it writes (name, Description, every ExecStart) and the user it adds. Reads what
 * virtwork writes and tolerates what it does not: user data that is not a cloud-config document,
 * or one without units, gives no units rather than an error.
 */
import { parse } from 'yaml';

export interface GuestUnit {
  /** `virtwork-cpu.service`. */
  readonly name: string;
  readonly description: string | null;
  /** Every `ExecStart=` line, in order (a oneshot unit may have several). */
  readonly execStart: readonly string[];
}

export interface GuestSetup {
  readonly units: readonly GuestUnit[];
  /** The first user the document adds by name (`--ssh-user`); the image's `default` user aside. */
  readonly user: string | null;
}

const UNIT_DIR = '/etc/systemd/system/';

export const readGuestSetup = (userData: string): GuestSetup => {
  if (!userData.startsWith('#cloud-config')) return { units: [], user: null };
  let document: unknown;
  try {
    document = parse(userData);
  } catch {
    // Not YAML after all: nothing to say about it, which describe shows as "no units".
    return { units: [], user: null };
  }
  if (!isRecord(document)) return { units: [], user: null };
  const files = Array.isArray(document.write_files) ? document.write_files.filter(isRecord) : [];
  const units = files.flatMap((file): GuestUnit[] => {
    const { path, content } = file;
    if (typeof path !== 'string' || typeof content !== 'string') return [];
    if (!path.startsWith(UNIT_DIR) || !path.endsWith('.service')) return [];
    return [{ name: path.slice(UNIT_DIR.length), ...readUnitFile(content) }];
  });
  const users = Array.isArray(document.users) ? document.users : [];
  const named = users.find((user): user is { name: string } => isRecord(user) && typeof user.name === 'string');
  return { units, user: named?.name ?? null };
};

/** Description and ExecStart of a unit file's text; systemd's `key=value` lines, continuation lines joined. */
const readUnitFile = (content: string): Omit<GuestUnit, 'name'> => {
  let description: string | null = null;
  const execStart: string[] = [];
  for (const line of content.replace(/\\\n/g, ' ').split('\n')) {
    const match = /^\s*(Description|ExecStart)\s*=\s*(.*)$/.exec(line);
    if (match === null) continue;
    const [, key, value = ''] = match;
    if (key === 'Description') description = value.trim();
    else if (value.trim() !== '') execStart.push(value.trim());
  }
  return { description, execStart };
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
