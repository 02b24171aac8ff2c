/**
 * No plain credential on any output: the password travels only as its SHA-512 crypt hash inside the
 * cloud-init Secret, and the JSON logs carry neither the password, nor the hash, nor key material.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { verify } from 'unixcrypt';
import { beforeAll, describe, expect, it } from 'vitest';
import { names, parseYamlStream, userdataOf } from './support/manifests.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli, scratchDir } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const PASSWORD = 'Tr0ub4dor&3-correct-horse';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyMaterialThatMustNotBeLoggedA ops@bastion';
const FILE_KEY = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQFileKeyMaterialAAA team@laptop';

/** The `passwd:` line of a cloud-config: the crypt hash. */
const passwdOf = (userdata: string): string | undefined => /^\s+passwd: (\S+)$/m.exec(userdata)?.[1];

describe('credentials', () => {
  it('never prints the plain password, hashes it once per run, and keeps hash and keys out of the logs', async () => {
    const cwd = await scratchDir({ 'team.pub': `${FILE_KEY}\n` });
    const result = await runCli(
      ['run', '--dry-run', '--verbose', '--workloads', 'cpu,network', '--ssh-password', PASSWORD, '--ssh-key', KEY, '--ssh-key-file', 'team.pub'],
      { cwd },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain(PASSWORD);
    expect(result.stderr).not.toContain(PASSWORD);

    const objects = parseYamlStream(result.stdout);
    const userdata = names(objects, 'Secret').map((secret) => userdataOf(objects, secret));
    expect(userdata).toHaveLength(3);
    for (const text of userdata) {
      expect(text).not.toContain(PASSWORD);
      expect(text).toContain(KEY);
      expect(text).toContain(FILE_KEY);
    }
    const hashes = new Set(userdata.map(passwdOf));
    expect(hashes.size).toBe(1);
    const [hash] = hashes;
    expect(hash).toMatch(/^\$6\$/);
    expect(verify(PASSWORD, hash ?? '')).toBe(true);

    // --verbose logs the resolved configuration; it must show none of the secrets.
    const logs = result.stderr.trimEnd().split('\n');
    expect(logs.length).toBeGreaterThan(1);
    const records = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => r.level)).toContain('debug');
    for (const secret of [hash ?? '', 'KeyMaterialThatMustNotBeLogged', 'FileKeyMaterial']) {
      expect(result.stderr).not.toContain(secret);
    }
    expect(result.stderr).toContain('"password":"[redacted]"');
  });

  it('keeps a password from the environment or the config file out of logs and errors', async () => {
    const cwd = await scratchDir({ 'v.yaml': `ssh_password: "${PASSWORD}"\n` });
    const fromFile = await runCli(['run', '--dry-run', '--verbose', '--workloads', 'cpu', '--config', 'v.yaml'], { cwd });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout + fromFile.stderr).not.toContain(PASSWORD);

    const fromEnv = await runCli(['run', '--dry-run', '--verbose', '--workloads', 'cpu', '--memory', '2GB'], {
      env: { VIRTWORK_SSH_PASSWORD: PASSWORD },
    });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stdout + fromEnv.stderr).not.toContain(PASSWORD);
  });

  it('refuses a private key file without printing any of it', async () => {
    const body = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW';
    const cwd = await scratchDir({ id_ed25519: `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n` });
    const result = await runCli(['run', '--dry-run', '--ssh-key-file', 'id_ed25519'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --ssh-key-file=.*id_ed25519: this is a private key; give the public key \(the \.pub file\) instead\n$/);
    expect(result.stderr).not.toContain(body);
  });

  it('names a misspelt password key in a config file without printing its value', async () => {
    const cwd = await scratchDir({ 'v.yaml': `vm_count: 1\nssh_pasword: "${PASSWORD}"\n` });
    const result = await runCli(['run', '--dry-run', '--config', 'v.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: v.yaml:2: ssh_pasword=[redacted]: unknown key; did you mean ssh_password?\n');
  });
});

describe('a malformed kubeconfig', () => {
  const TOKEN = 'sha256~TopSecretBearerToken0123456789abcdef';
  // YAML broken on the line after the token: the parser's own message quotes the lines around it.
  const KUBECONFIG = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    '    server: https://api.example:6443',
    'users:',
    '- name: admin',
    '  user:',
    `    token: ${TOKEN}`,
    '   extra: [unclosed',
    'contexts:',
    '- name: c',
    '  context: {cluster: c, user: admin}',
    'current-context: c',
    '',
  ].join('\n');

  const sources = [
    ['--kubeconfig', (file: string) => ({ args: ['--kubeconfig', file], env: {} })],
    ['KUBECONFIG', (file: string) => ({ args: [], env: { KUBECONFIG: file } })],
    ['VIRTWORK_KUBECONFIG', (file: string) => ({ args: [], env: { VIRTWORK_KUBECONFIG: file } })],
  ] as const;
  const commands = [['run', '--workloads', 'cpu'], ['status'], ['cleanup', '--yes']];

  it.each(sources)('read through %s: run, status and cleanup name file, line and column, never its content, on stderr or in the audit', async (source, given) => {
    const cwd = await scratchDir({ 'kubeconfig.yaml': KUBECONFIG });
    const file = `${cwd}/kubeconfig.yaml`;
    const auditDb = `${cwd}/audit.db`;
    for (const command of commands) {
      const { args, env } = given(file);
      const result = await runCli([...command, ...args, '--audit-db', auditDb], { cwd, env });
      expect(result.code, `${command[0]}: ${result.stderr}`).toBe(2);
      expect(result.stdout + result.stderr).not.toContain('TopSecretBearerToken');
      expect(result.stderr).toContain(
        `error: kubeconfig "${file}" (from ${source}) is not a valid kubeconfig: line 11, column 4: bad indentation of a mapping entry\n`,
      );
    }
    const shown = await runCli(['audit', 'list', '--audit-db', auditDb, '-o', 'json'], { cwd });
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain('TopSecretBearerToken');
    // nothing of the token in the database file or its journal
    for (const name of readdirSync(cwd).filter((n) => n.startsWith('audit.db'))) {
      expect(readFileSync(`${cwd}/${name}`).includes('TopSecretBearerToken'), name).toBe(false);
    }
  });
});
