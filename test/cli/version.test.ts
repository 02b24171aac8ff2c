import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, REPO_ROOT, ensureBuilt, runCli } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const packageVersion = async (): Promise<string> =>
  (JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('virtwork --version and version', () => {
  it('--version prints the package version alone and exits 0', async () => {
    const result = await runCli(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${await packageVersion()}\n`, stderr: '' });
  });

  it('version names virtwork, its version and the Node.js runtime', async () => {
    const result = await runCli(['version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`virtwork ${await packageVersion()}\nnode ${process.version} ${process.platform}/${process.arch}\n`);
  });

  it('version -o json prints the same facts as JSON', async () => {
    const result = await runCli(['version', '-o', 'json']);
    expect(JSON.parse(result.stdout)).toEqual({
      version: await packageVersion(),
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
    });
  });

  it('version -o yaml prints the same fields as YAML; -o name is refused with the formats it prints', async () => {
    const yaml = await runCli(['version', '-o', 'yaml']);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toBe(`version: "${await packageVersion()}"\nnode: ${process.version}\nplatform: ${process.platform}/${process.arch}\n`);
    const name = await runCli(['version', '-o', 'name']);
    expect(name.code).toBe(2);
    expect(name.stderr).toBe("error: option '-o, --output <format>' argument 'name' is invalid. Allowed choices are table, json, yaml.\n");
  });
});
