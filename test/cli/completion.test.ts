/**
 * `virtwork completion bash`: the script the real binary prints is loaded into a real bash, which is
 * asked for completions as bash asks a completion function (COMP_WORDS, COMP_CWORD), word by word.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shellcheck, shellcheckSkipReason } from '../workloads/support/shellcheck.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from './support/run-cli.js';

let script: string;

const FORMATS = ['table', 'wide', 'json', 'yaml', 'name'];
/** Arguments a command needs before it looks at --output. */
const REQUIRED_ARGS: Record<string, string[]> = { 'audit show': ['audit', 'show', 'no-such-run'], completion: ['completion', 'bash'], describe: ['describe', 'no-such-vm'] };

beforeAll(async () => {
  await ensureBuilt();
  const result = await runCli(['completion', 'bash']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  script = result.stdout;
}, BUILD_TIMEOUT_MS);

/**
 * What bash offers for `line`, the cursor at its end. Words split as bash splits them for completion
 * (COMP_WORDBREAKS makes `=` a word of its own); a trailing space starts an empty word.
 */
const complete = (line: string, cwd?: string): string[] => {
  const words = line.replace(/=/g, ' = ').split(/\s+/).filter((w) => w !== '');
  if (line.endsWith(' ')) words.push('');
  const program = [
    script,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_virtwork',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8', cwd });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter((w) => w !== '').sort();
};

describe('virtwork completion bash', () => {
  it('completes the commands, and the subcommands of audit', () => {
    expect(complete('virtwork ')).toEqual(['audit', 'cleanup', 'completion', 'describe', 'doctor', 'run', 'status', 'validate', 'verify', 'version', 'wait', 'workloads']);
    expect(complete('virtwork cl')).toEqual(['cleanup']);
    expect(complete('virtwork audit ')).toEqual(['list', 'show']);
  });

  it("completes a command's own flags and the program's, after a value-taking flag and its value", () => {
    expect(complete('virtwork run --vm')).toEqual(['--vm-concurrency', '--vm-count']);
    expect(complete('virtwork --namespace demo run --gu')).toEqual(['--guest-os']);
    expect(complete('virtwork cleanup --run-id abc --de')).toEqual(['--delete-namespace']);
    expect(complete('virtwork status --kube')).toEqual(['--kubeconfig']);
    expect(complete('virtwork doctor --stor')).toEqual(['--storage-class']);
    expect(complete('virtwork audit list --li')).toEqual(['--limit']);
    // --version is the program's alone
    expect(complete('virtwork run --vers')).toEqual([]);
  });

  it('completes workload names item by item in a comma-separated --workloads list', () => {
    expect(complete('virtwork run --workloads ch')).toEqual(['chaos-disk', 'chaos-network', 'chaos-process']);
    expect(complete('virtwork run --workloads cpu,me')).toEqual(['cpu,memory']);
    expect(complete('virtwork run --workloads=d')).toEqual(['database', 'disk']);
    expect(complete('virtwork doctor --workloads ch')).toEqual(['chaos-disk', 'chaos-network', 'chaos-process']);
    // catalog entries are not known when the script is written
    expect(complete('virtwork run --from-catalog c')).toEqual([]);
  });

  it('completes guest OS names with their aliases, and the output formats the command prints', () => {
    expect(complete('virtwork run --guest-os ')).toEqual(['centos-stream', 'debian', 'fedora', 'rhel', 'ubuntu']);
    expect(complete('virtwork status -o ')).toEqual(['json', 'name', 'table', 'wide', 'yaml']);
    expect(complete('virtwork audit list --output=')).toEqual(['json', 'table', 'wide', 'yaml']);
    expect(complete('virtwork audit show x -o ')).toEqual(['json', 'table', 'yaml']);
    expect(complete('virtwork run -o ')).toEqual(['json', 'name', 'table', 'wide', 'yaml']);
    expect(complete('virtwork run --output=j')).toEqual(['json']);
  });

  it('offers after each command exactly the output formats that command accepts', { timeout: 120_000 }, async () => {
    const leaves = complete('virtwork ').flatMap((command) => {
      const subcommands = complete(`virtwork ${command} `);
      return subcommands.length === 0 ? [command] : subcommands.map((sub) => `${command} ${sub}`);
    });
    const kubeconfig = path.join(tmpdir(), 'virtwork-completion-no-kubeconfig');
    /** Whether `virtwork <path> -o <format>` gets past the output check (run: with or without --dry-run). */
    const accepts = async (commandPath: string, format: string): Promise<boolean> => {
      const args = REQUIRED_ARGS[commandPath] ?? commandPath.split(' ');
      const modes = commandPath === 'run' ? [args, [...args, '--dry-run']] : [args];
      const results = await Promise.all(modes.map((mode) => runCli([...mode, '-o', format], { env: { KUBECONFIG: kubeconfig } })));
      return results.some((result) => !result.stderr.includes(`--output=${format}`) && !result.stderr.includes(`argument '${format}' is invalid`));
    };
    for (const commandPath of leaves) {
      const offered = complete(`virtwork ${commandPath} -o `);
      const accepted = await Promise.all(FORMATS.map((format) => accepts(commandPath, format)));
      const formats = FORMATS.filter((_, i) => accepted[i]);
      // completion prints its script whatever --output says: what it is offered is accepted, yaml too
      if (commandPath === 'completion') expect(formats).toEqual(expect.arrayContaining(offered));
      else expect({ commandPath, offered }).toEqual({ commandPath, offered: formats.sort() });
    }
    expect(leaves).toEqual(expect.arrayContaining(['run', 'status', 'cleanup', 'audit list', 'audit show', 'doctor']));
  });

  it('completes file names for the path flags, and nothing for a free value', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'virtwork-completion-'));
    writeFileSync(path.join(dir, 'kubeconfig-dev.yaml'), '');
    writeFileSync(path.join(dir, 'kubeconfig-prod.yaml'), '');
    expect(complete('virtwork status --kubeconfig kubeconfig-', dir)).toEqual(['kubeconfig-dev.yaml', 'kubeconfig-prod.yaml']);
    expect(complete('virtwork run --ssh-key-file kubeconfig-p', dir)).toEqual(['kubeconfig-prod.yaml']);
    expect(complete('virtwork run --vm-count ', dir)).toEqual([]);
  });

  it('refuses a shell it does not write for, naming those it does', async () => {
    const result = await runCli(['completion', 'zshh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: shell=zshh: completion scripts are written for bash, zsh, fish; did you mean zsh?\n');
  });
});

describe.skipIf(shellcheckSkipReason !== undefined)(`the completion script under shellcheck ${shellcheckSkipReason ?? ''}`, () => {
  it('has no findings', () => {
    expect(shellcheck(script, 'bash')).toBe('');
  });
});
