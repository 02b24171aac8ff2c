/**
 * `virtwork completion zsh` and `fish`: each script the real binary prints is loaded into the real
 * shell and asked for completions as the shell asks (fish: `complete -C`; zsh: the function called
 * with `words` and `CURRENT`, compadd recording what it is given). The values only known while typing
 * come from `virtwork __complete`, here against the simulator, a kubeconfig and an audit database.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { BUILD_TIMEOUT_MS, cliPath, ensureBuilt, isolatedEnv, runCli } from './support/cli.js';

const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const missing = ['zsh', 'fish'].filter((shell) => !has(shell));
// Under CI the shells are installed by .ci/run: a missing one is a failure there, not a skip.
const skip = missing.length > 0 && process.env.CI !== 'true' ? `(skipped: ${missing.join(', ')} not installed)` : '';

let sim: SimCluster;
let dir: string;
let env: Record<string, string>;
let runId: string;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  await ensureBuilt();
  sim = await startSimCluster();
  dir = await mkdtemp(path.join(tmpdir(), 'virtwork-completion-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  await sim.writeKubeconfig(kubeconfig, 'load-test');
  env = isolatedEnv({ KUBECONFIG: kubeconfig, VIRTWORK_AUDIT_DB: path.join(dir, 'audit.db') });
  const run = await runCli(['run', '--workloads', 'cpu', '--no-wait', '-n', 'load-test', '-o', 'json'], env);
  expect(run.code, run.stderr).toBe(0);
  runId = (JSON.parse(run.stdout) as { runId: string }).runId;
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await runCli(['completion', shell], env);
    expect(result.code, result.stderr).toBe(0);
    scripts[shell] = path.join(dir, `virtwork.${shell}`);
    await writeFile(scripts[shell], result.stdout);
  }
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await sim.stop();
});

const shellEnv = (): NodeJS.ProcessEnv => ({ ...env, VIRTWORK_CLI: cliPath, NODE: process.execPath });

// Asynchronous: the simulator answers from this very process.
const run = promisify(execFile);

/** What fish offers for `line`, the cursor at its end. */
const fish = async (line: string): Promise<string[]> => {
  const program = `function virtwork; $NODE $VIRTWORK_CLI $argv; end; source ${scripts.fish}; complete -C ${JSON.stringify(line)}`;
  const { stdout, stderr } = await run('fish', ['--no-config', '-c', program], { encoding: 'utf8', env: shellEnv() });
  expect(stderr).toBe('');
  return stdout.split('\n').filter((w) => w !== '').map((w) => w.split('\t')[0] ?? '').sort();
};

/** What bash offers for `line` (words split on spaces; the values asked for here hold no '='). */
const bash = async (line: string): Promise<string[]> => {
  const words = line.split(' ');
  const program = [
    'virtwork() { "$NODE" "$VIRTWORK_CLI" "$@"; }',
    `source ${scripts.bash}`,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_virtwork',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const { stdout, stderr } = await run('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8', env: shellEnv() });
  expect(stderr).toBe('');
  return stdout.split('\n').filter((w) => w !== '').sort();
};

/** What the zsh function hands compadd for `line` (unfiltered by what is typed: compadd filters), or FILES for _files. */
const zsh = async (line: string): Promise<string[]> => {
  const words = line.split(' ');
  const program = [
    'virtwork() { "$NODE" "$VIRTWORK_CLI" "$@" }',
    'compadd() { local skip=0 a; for a in "$@"; do if (( skip )); then skip=0; continue; fi; case $a in -S|-p|-P) skip=1 ;; --) ;; *) print -r -- "$a" ;; esac; done }',
    '_files() { print -r -- FILES }',
    'compset() { return 0 }',
    'compdef() { : }',
    `source ${scripts.zsh}`,
    `words=(${words.map((w) => `'${w}'`).join(' ')})`,
    `CURRENT=${words.length}`,
    '_virtwork',
  ].join('\n');
  const { stdout, stderr } = await run('zsh', ['-f', '-c', program], { encoding: 'utf8', env: shellEnv() });
  expect(stderr).toBe('');
  return stdout.split('\n').filter((w) => w !== '').sort();
};

describe.skipIf(skip !== '')(`completion in fish and zsh ${skip}`, () => {
  it('completes commands, subcommands and a command’s flags', async () => {
    expect(await fish('virtwork ')).toEqual(['audit', 'cleanup', 'completion', 'describe', 'doctor', 'run', 'status', 'validate', 'verify', 'version', 'wait', 'workloads']);
    expect(await zsh('virtwork ')).toEqual(await fish('virtwork '));
    expect(await fish('virtwork audit ')).toEqual(['list', 'show']);
    expect(await zsh('virtwork audit ')).toEqual(['list', 'show']);
    expect(await fish('virtwork cleanup --del')).toEqual(['--delete-namespace']);
    expect(await zsh('virtwork --namespace demo run --gu')).toContain('--guest-os');
  });

  it('completes the values it knows: guest OS names, workloads item by item, the formats the command prints, files', async () => {
    expect(await fish('virtwork run --guest-os ')).toEqual(['centos-stream', 'debian', 'fedora', 'rhel', 'ubuntu']);
    expect(await zsh('virtwork run --guest-os ')).toEqual(['centos-stream', 'debian', 'fedora', 'rhel', 'ubuntu']);
    expect(await fish('virtwork run --workloads cpu,me')).toEqual(['cpu,memory']);
    expect(await fish('virtwork status --output=')).toEqual(['--output=json', '--output=name', '--output=table', '--output=wide', '--output=yaml']);
    expect(await zsh('virtwork audit list -o ')).toEqual(['json', 'table', 'wide', 'yaml']);
    expect(await zsh('virtwork run --config ')).toEqual(['FILES']);
  });

  it('asks virtwork for namespaces, contexts, run ids and --params keys', async () => {
    for (const complete of [bash, fish, zsh]) {
      expect(await complete('virtwork status -n ')).toContain('load-test');
      expect(await complete('virtwork run --context ')).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(await complete('virtwork cleanup --run-id ')).toEqual([runId]);
      expect(await complete('virtwork run --params ')).toEqual(expect.arrayContaining(['cpu.cpu-load-percent=', 'database.clients=']));
    }
  });
});

describe('virtwork __complete', () => {
  it('lists the namespaces holding virtwork VMs, the kubeconfig contexts, the run ids and the params keys', async () => {
    const lines = async (source: string): Promise<string[]> => {
      const result = await runCli(['__complete', source], env);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      return result.stdout.split('\n').filter((l) => l !== '');
    };
    expect(await lines('namespaces')).toEqual(['load-test']);
    expect(await lines('contexts')).toEqual(sim.kubeConfig().getContexts().map((c) => c.name));
    expect(await lines('run-ids')).toEqual([runId]);
    expect(await lines('params')).toContain('cpu.cpu-load-percent=');
  });

  it('prints nothing, and no error, when its source cannot be read', async () => {
    const unreachable = path.join(dir, 'unreachable');
    await writeFile(unreachable, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n');
    const result = await runCli(['__complete', 'namespaces'], { ...env, KUBECONFIG: unreachable });
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('is not offered by help or completion', async () => {
    const help = await runCli(['--help'], env);
    expect(help.stdout).not.toContain('__complete');
    expect(await fish('virtwork __')).toEqual([]);
  });
});
