import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCommonConfig } from '../../src/config/resolve-common-config.js';
import { kubeconfigTarget, resolveNamespace } from '../../src/config/resolve-namespace.js';
import { loadSettingInputs } from '../../src/config/resolve-settings.js';
import type { SettingInputs } from '../../src/config/resolve-settings.js';
import type { ContextNamespace, KubeconfigTarget } from '../../src/config/types.js';
import { InvalidInputError } from '../../src/errors.js';

/** A reader that answers `found` and remembers what it was asked. */
const reader = (found: ContextNamespace | undefined) => {
  const asked: KubeconfigTarget[] = [];
  return {
    asked,
    read: (target: KubeconfigTarget) => {
      asked.push(target);
      return Promise.resolve(found);
    },
  };
};

const inputs = (over: Partial<SettingInputs>): SettingInputs => ({ flags: {}, env: {}, cwd: os.tmpdir(), ...over });

describe('resolveNamespace', () => {
  it("takes the context's namespace when no flag, variable or file sets one, naming it as the source", async () => {
    const context = reader({ context: 'dev', namespace: 'team-a' });
    const resolved = await resolveNamespace(inputs({ readContextNamespace: context.read }));
    expect(resolved).toEqual({ value: 'team-a', source: 'kubeconfig', field: 'kubeconfig context "dev": namespace', given: 'team-a' });
  });

  it('asks for the kubeconfig and context the settings chose', async () => {
    const context = reader(undefined);
    await resolveNamespace(inputs({ flags: { context: 'prod' }, env: { VIRTWORK_KUBECONFIG: '/k/config' }, readContextNamespace: context.read }));
    expect(context.asked).toEqual([{ kubeconfig: '/k/config', kubeconfigFrom: 'VIRTWORK_KUBECONFIG', context: 'prod' }]);
  });

  it('falls back to virtwork when the context names none, and without a reader', async () => {
    expect(await resolveNamespace(inputs({ readContextNamespace: reader(undefined).read }))).toMatchObject({ value: 'virtwork', source: 'default' });
    expect(await resolveNamespace(inputs({}))).toMatchObject({ value: 'virtwork', source: 'default' });
  });

  it('never reads the kubeconfig when a flag or variable sets the namespace', async () => {
    const context = reader({ context: 'dev', namespace: 'team-a' });
    const flag = await resolveNamespace(inputs({ flags: { namespace: 'mine' }, readContextNamespace: context.read }));
    const env = await resolveNamespace(inputs({ env: { VIRTWORK_NAMESPACE: 'from-env' }, readContextNamespace: context.read }));
    expect([flag.value, flag.source, env.value, env.source]).toEqual(['mine', 'flag', 'from-env', 'env']);
    expect(context.asked).toEqual([]);
  });

  it('lets the config file beat the context', async () => {
    const file = await loadSettingInputs(inputs({ env: { VIRTWORK_CONFIG: 'v.yaml' }, cwd: await scratch({ 'v.yaml': 'namespace: from-file\n' }) }));
    const resolved = await resolveNamespace({ ...file, readContextNamespace: reader({ context: 'dev', namespace: 'team-a' }).read });
    expect([resolved.value, resolved.source]).toEqual(['from-file', 'file']);
  });

  it("rejects a context's namespace that is no RFC 1123 label, naming the context", async () => {
    const error = await resolveNamespace(inputs({ readContextNamespace: reader({ context: 'dev', namespace: 'Team_A' }).read })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('kubeconfig context "dev": namespace');
    expect((error as InvalidInputError).value).toBe('Team_A');
    expect((error as InvalidInputError).fix).toContain('choose a namespace with -n');
  });
});

describe('kubeconfigTarget', () => {
  it('is empty when nothing names a kubeconfig or context: the chain decides', () => {
    expect(kubeconfigTarget(inputs({}))).toEqual({});
  });
});

describe('resolveCommonConfig', () => {
  it("uses the context's namespace and reports its source", async () => {
    const config = await resolveCommonConfig(inputs({ readContextNamespace: reader({ context: 'dev', namespace: 'team-a' }).read }));
    expect(config.namespace).toBe('team-a');
    expect(config.sources).toEqual({ namespace: 'kubeconfig' });
  });
});

const scratch = async (files: Record<string, string>): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'virtwork-ns-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
};
