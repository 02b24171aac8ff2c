import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the audit database lives unless `--audit-db` says otherwise: the user's state directory,
 * `$XDG_STATE_HOME/virtwork/virtwork.db`, else `~/.local/state/virtwork/virtwork.db`.
 * Never the current directory, so a run from a repository does not leave a database in it.
 */
export const defaultAuditDbPath = (
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = homedir(),
): string => {
  const stateHome = env.XDG_STATE_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  const base = stateHome !== undefined && stateHome.startsWith('/') ? stateHome : join(home, '.local', 'state');
  return join(base, 'virtwork', 'virtwork.db');
};
