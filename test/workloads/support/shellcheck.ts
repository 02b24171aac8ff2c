/** Runs shellcheck on a script's exact text, the dialect taken from its shebang. */
import { spawnSync } from 'node:child_process';
import { hasCommand, skipReason } from '../../support/schemas-dir.js';

/** Set when shellcheck is missing: `apt-get install shellcheck`. */
export const shellcheckSkipReason = skipReason(hasCommand('shellcheck'), 'shellcheck is not installed (apt-get install shellcheck)');

/** shellcheck's findings (gcc format, one per line); empty when the script is clean. */
export const shellcheck = (text: string, shell: 'sh' | 'bash'): string => {
  const result = spawnSync('shellcheck', ['--shell', shell, '--format', 'gcc', '-'], { input: text, encoding: 'utf8' });
  if (result.error) throw result.error;
  return `${result.stdout}${result.stderr}`.trim();
};
