/** Shell scripts that cloud-init writes into the guest: a shebang, a summary, strict mode, the body. */

export interface ShellScript {
  /** `bash` only where the script needs it (`wait -n`); `sh` otherwise. */
  readonly shell: 'sh' | 'bash';
  /** One line on what the script does, as its first comment. */
  readonly summary: string;
  readonly lines: readonly string[];
}

export const renderShellScript = (script: ShellScript): string =>
  [
    `#!/bin/${script.shell}`,
    `# ${script.summary}`,
    script.shell === 'bash' ? 'set -euo pipefail' : 'set -eu',
    ...script.lines,
    '',
  ].join('\n');

/** A POSIX `sh` script. */
export const sh = (summary: string, lines: readonly string[]): ShellScript => ({ shell: 'sh', summary, lines });
/** A bash script, for what POSIX sh lacks. */
export const bash = (summary: string, lines: readonly string[]): ShellScript => ({ shell: 'bash', summary, lines });
