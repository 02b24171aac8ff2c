import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

describe('help', () => {
  it('lists run, doctor, cleanup, status, verify, audit, validate, workloads and version, and the catalog flags', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: virtwork \[options\] \[command\]/);
    for (const command of ['run', 'doctor', 'cleanup', 'status', 'verify', 'audit', 'validate', 'workloads', 'version']) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(result.stdout).toContain('--catalog-dir <dir>');
    const runHelp = await runCli(['run', '--help']);
    expect(runHelp.stdout).toContain('--from-catalog <names>');
    expect(runHelp.stdout.replace(/\s+/g, ' ')).toContain('env VIRTWORK_FROM_CATALOG');
  });

  it('run --help shows every run flag with its environment variable, and the global flags', async () => {
    const { stdout, code } = await runCli(['run', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--workloads', '--vm-count', '--cpu-cores', '--memory', '--disk-size', '--container-disk-image', '--dry-run', '--no-wait', '--timeout', '--ssh-user', '--ssh-password', '--ssh-key', '--ssh-key-file', '--vm-concurrency', '--params']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout.replace(/\s+/g, ' ')).toContain('env VIRTWORK_VM_COUNT');
    expect(stdout).toContain('Global Options:');
    expect(stdout).toContain('-n, --namespace <name>');
  });

  it('shows help on stdout and exits 0 when no command is given, as kubectl does', async () => {
    const result = await runCli([]);
    expect(result).toEqual({ code: 0, stdout: (await runCli(['--help'])).stdout, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: virtwork/);
  });

  it('help <command> shows the same help as <command> --help', async () => {
    const viaHelp = await runCli(['help', 'status']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe((await runCli(['status', '--help'])).stdout);
    expect(viaHelp.stdout).toMatch(/^Usage: virtwork status/);
  });

  it.each([['run'], ['doctor'], ['cleanup'], ['status'], ['verify'], ['audit'], ['validate'], ['workloads'], ['version'], ['completion']])(
    '%s --help ends with Examples of that command',
    async (command) => {
      const { stdout, code } = await runCli([command, '--help']);
      expect(code).toBe(0);
      const examples = stdout.slice(stdout.lastIndexOf('\nExamples:\n') + '\nExamples:\n'.length).trimEnd().split('\n');
      expect(stdout).toContain('\nExamples:\n');
      expect(examples.length).toBeGreaterThanOrEqual(2);
      for (const line of examples) expect(line).toMatch(new RegExp(`^  (source <\\()?virtwork ${command}\\b`));
    },
  );

  /** The long names listed under "Global Options" in a command's help. */
  const globalOptionsOf = async (...command: string[]): Promise<string[]> => {
    const { stdout } = await runCli([...command, '--help']);
    const start = stdout.indexOf('\nGlobal Options:\n');
    if (start < 0) return [];
    const section = stdout.slice(start, stdout.indexOf('\nExamples:\n', start));
    return [...section.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1] ?? '');
  };

  it('lists under a command only the global options it reads', async () => {
    const workloads = await globalOptionsOf('workloads');
    expect(workloads).toContain('--catalog-dir');
    expect(workloads).not.toContain('--kubeconfig');
    expect(workloads).not.toContain('--audit-db');
    expect(await globalOptionsOf('completion', 'bash')).toEqual([]);
    expect(await globalOptionsOf('audit', 'show')).not.toContain('--namespace');
    expect(await globalOptionsOf('audit', 'list')).toEqual(expect.arrayContaining(['--namespace', '--context', '--audit-db']));
    // run reads them all but the program's own --version
    const run = await globalOptionsOf('run');
    expect(run).toEqual(expect.arrayContaining(['--namespace', '--kubeconfig', '--context', '--audit-db', '--catalog-dir', '--no-audit', '--config']));
    expect(run).not.toContain('--version');
  });
});

describe('usage errors exit 2 with one line on stderr', () => {
  it('suggests the flag for a mistyped option', async () => {
    const result = await runCli(['run', '--dry-run', '--vm-cout', '2']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: "error: unknown option '--vm-cout'; did you mean --vm-count?\n" });
  });

  it('suggests the short flag of the other case for an unknown short flag', async () => {
    const result = await runCli(['cleanup', '-N', 'x']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: "error: unknown option '-N'; did you mean -n?\n" });
  });

  it('reads a long flag typed with one dash as a typo of that flag', async () => {
    const result = await runCli(['run', '--dry-run', '-vm-count', '2']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: "error: unknown option '-vm-count'; did you mean --vm-count?\n" });
  });

  it('offers the long flags a short letter begins, and nothing when none does', async () => {
    const letter = await runCli(['cleanup', '-w']);
    const nothing = await runCli(['cleanup', '-z']);
    expect(letter.stderr).toBe("error: unknown option '-w'; did you mean --wait?\n");
    expect(nothing).toEqual({ code: 2, stdout: '', stderr: "error: unknown option '-z'\n" });
  });

  it('suggests the command for a mistyped command', async () => {
    const result = await runCli(['workload']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: unknown command 'workload'; did you mean workloads?\n");
  });

  it('names the option whose value is missing', async () => {
    const result = await runCli(['run', '--dry-run', '--memory']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: option '--memory <quantity>' argument missing\n");
  });

  it('lists the choices of --output, and suggests the closest', async () => {
    const result = await runCli(['run', '--dry-run', '-o', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: option '-o, --output <format>' argument 'xml' is invalid. Allowed choices are table, wide, json, yaml, name.\n");
    const far = await runCli(['status', '-o', 'custom-columns=NAME:.metadata.name']);
    expect(far.stderr).toMatch(/Allowed choices are table, wide, json, yaml, name\.\n$/);
    const typo = await runCli(['status', '-o', 'yml']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      "error: option '-o, --output <format>' argument 'yml' is invalid. Allowed choices are table, wide, json, yaml, name; did you mean --output yaml?\n",
    );
  });

  it("offers in each command's help only the formats it prints", async () => {
    const help = async (...args: string[]) => (await runCli([...args, '--help'])).stdout;
    expect(await help('status')).toMatch(/-o, --output <format>\s+output format \(default table\) \(choices:\s+"table",\s+"wide",\s+"json",\s+"yaml",\s+"name"\)/);
    expect(await help('doctor')).toMatch(/\(choices:\s+"table",\s+"json",\s+"yaml"\)/);
    expect(await help('audit', 'show')).toMatch(/\(choices:\s+"table",\s+"json",\s+"yaml"\)/);
    // not a global flag: the program's help does not offer -o
    expect(await help()).not.toContain('--output');
  });
});
