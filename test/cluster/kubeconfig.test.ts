import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextNamespace, loadKubeconfig, locateKubeconfig } from '../../src/cluster/kubeconfig.js';
import { EnvironmentError } from '../../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'virtwork-kubeconfig-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Writes a kubeconfig with a cluster, user and context per name, servers at `https://<name>.<domain>:6443`;
 * the first context is current unless `current` says otherwise.
 */
const writeKubeconfig = (
  file: string,
  contexts: readonly string[],
  { current = contexts[0] ?? null, domain = 'example' }: { current?: string | null; domain?: string } = {},
): string => {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...contexts.flatMap((c) => [`- name: ${c}`, '  cluster:', `    server: https://${c}.${domain}:6443`]),
    'users:',
    ...contexts.flatMap((c) => [`- name: ${c}`, '  user:', `    token: token-${c}`]),
    'contexts:',
    ...contexts.flatMap((c) => [`- name: ${c}`, '  context:', `    cluster: ${c}`, `    user: ${c}`]),
    ...(current ? [`current-context: ${current}`] : []),
  ];
  writeFileSync(full, `${lines.join('\n')}\n`);
  return full;
};

/** A fake service-account mount under `dir/sa`, as `loadFromCluster(prefix)` reads it. */
const writeServiceAccount = (): string => {
  const root = path.join(dir, 'sa');
  const saDir = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(saDir, { recursive: true });
  writeFileSync(path.join(saDir, 'token'), 'in-cluster-token');
  writeFileSync(path.join(saDir, 'ca.crt'), '');
  return root;
};

const inClusterEnv = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };

describe('the kubeconfig chain', () => {
  it('takes --kubeconfig before VIRTWORK_KUBECONFIG, KUBECONFIG, in-cluster and ~/.kube/config', () => {
    const flag = writeKubeconfig('flag.yaml', ['flag']);
    const env = {
      VIRTWORK_KUBECONFIG: writeKubeconfig('vw.yaml', ['vw']),
      KUBECONFIG: writeKubeconfig('kc.yaml', ['kc']),
      ...inClusterEnv,
    };
    writeKubeconfig('home/.kube/config', ['home']);
    const loaded = loadKubeconfig({ kubeconfig: flag, env, homeDir: path.join(dir, 'home'), inClusterRoot: writeServiceAccount() });
    expect(loaded.location).toEqual({ source: '--kubeconfig', paths: [flag] });
    expect(loaded.server).toBe('https://flag.example:6443');
  });

  it('takes VIRTWORK_KUBECONFIG before KUBECONFIG', () => {
    const env = { VIRTWORK_KUBECONFIG: writeKubeconfig('vw.yaml', ['vw']), KUBECONFIG: writeKubeconfig('kc.yaml', ['kc']) };
    const loaded = loadKubeconfig({ env, homeDir: dir });
    expect(loaded.location.source).toBe('VIRTWORK_KUBECONFIG');
    expect(loaded.contextName).toBe('vw');
  });

  it('takes KUBECONFIG before the in-cluster service account', () => {
    const env = { KUBECONFIG: writeKubeconfig('kc.yaml', ['kc']), ...inClusterEnv };
    const loaded = loadKubeconfig({ env, homeDir: dir, inClusterRoot: writeServiceAccount() });
    expect(loaded.location.source).toBe('KUBECONFIG');
    expect(loaded.server).toBe('https://kc.example:6443');
  });

  it('takes the in-cluster service account before ~/.kube/config', () => {
    writeKubeconfig('home/.kube/config', ['home']);
    const loaded = loadKubeconfig({ env: inClusterEnv, homeDir: path.join(dir, 'home'), inClusterRoot: writeServiceAccount() });
    expect(loaded.location).toEqual({ source: 'in-cluster', paths: [] });
    expect(loaded.server).toBe('https://10.0.0.1:443');
  });

  it('ignores the in-cluster variables when no service-account token is mounted', () => {
    const home = path.join(dir, 'home');
    const location = locateKubeconfig({ env: inClusterEnv, homeDir: home, inClusterRoot: path.join(dir, 'no-sa') });
    expect(location).toEqual({ source: '~/.kube/config', paths: [path.join(home, '.kube', 'config')] });
  });

  it('falls back to ~/.kube/config when nothing else is set', () => {
    writeKubeconfig('home/.kube/config', ['home']);
    const loaded = loadKubeconfig({ env: {}, homeDir: path.join(dir, 'home') });
    expect(loaded.location.source).toBe('~/.kube/config');
    expect(loaded.contextName).toBe('home');
  });

  it('merges a KUBECONFIG path list like kubectl: missing files skipped, the first definition of a name wins', () => {
    const first = writeKubeconfig('a.yaml', ['shared', 'a']);
    const second = writeKubeconfig('b.yaml', ['shared', 'b'], { current: 'b', domain: 'shadowed' });
    const env = { KUBECONFIG: [path.join(dir, 'missing.yaml'), first, second].join(path.delimiter) };
    const loaded = loadKubeconfig({ env, homeDir: dir });
    expect(loaded.kubeConfig.getContexts().map((c) => c.name).sort()).toEqual(['a', 'b', 'shared']);
    expect(loaded.kubeConfig.getCluster('shared')?.server).toBe('https://shared.example:6443');
    expect(loaded.contextName).toBe('shared');
  });

  it('selects --context over the current context', () => {
    const file = writeKubeconfig('two.yaml', ['one', 'two']);
    const loaded = loadKubeconfig({ kubeconfig: file, context: 'two', env: {} });
    expect(loaded.contextName).toBe('two');
    expect(loaded.kubeConfig.getCurrentContext()).toBe('two');
    expect(loaded.server).toBe('https://two.example:6443');
  });
});

describe('contextNamespace', () => {
  it("is the selected context's namespace, and undefined when it names none or only blanks", () => {
    const file = path.join(dir, 'ns.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://c.example:6443"}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: dev, context: {cluster: c, user: u, namespace: team-a}}, {name: bare, context: {cluster: c, user: u}}, {name: blank, context: {cluster: c, user: u, namespace: " "}}]',
        'current-context: dev',
        '',
      ].join('\n'),
    );
    expect(contextNamespace(loadKubeconfig({ kubeconfig: file, env: {} }))).toBe('team-a');
    expect(contextNamespace(loadKubeconfig({ kubeconfig: file, context: 'bare', env: {} }))).toBeUndefined();
    expect(contextNamespace(loadKubeconfig({ kubeconfig: file, context: 'blank', env: {} }))).toBeUndefined();
  });

  it("is the service account's namespace in a Pod", () => {
    const root = writeServiceAccount();
    writeFileSync(path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount/namespace'), 'pod-ns');
    expect(contextNamespace(loadKubeconfig({ env: inClusterEnv, homeDir: path.join(dir, 'home'), inClusterRoot: root }))).toBe('pod-ns');
  });
});

describe('kubeconfig failures are one clear line with exit code 2', () => {
  const failure = (run: () => unknown): EnvironmentError => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      return error as EnvironmentError;
    }
    throw new Error('expected an EnvironmentError');
  };

  it('names a --kubeconfig file that does not exist and where its path came from', () => {
    const missing = path.join(dir, 'nope.yaml');
    const error = failure(() => loadKubeconfig({ kubeconfig: missing, env: {} }));
    expect(error.message).toBe(`kubeconfig "${missing}" (from --kubeconfig) does not exist`);
    expect(error.exitCode).toBe(2);
  });

  it('tells how to point at a kubeconfig when ~/.kube/config is missing', () => {
    const error = failure(() => loadKubeconfig({ env: {}, homeDir: dir }));
    expect(error.message).toContain('(from ~/.kube/config) does not exist');
    expect(error.message).toContain('set --kubeconfig, VIRTWORK_KUBECONFIG or KUBECONFIG');
  });

  it('says why a path that cannot be read as a file was refused', () => {
    expect(failure(() => loadKubeconfig({ kubeconfig: dir, env: {} })).message).toBe(
      `kubeconfig "${dir}" (from --kubeconfig) cannot be read (EISDIR)`,
    );
  });

  it('rejects a KUBECONFIG list in which no file exists', () => {
    const env = { KUBECONFIG: [path.join(dir, 'a'), path.join(dir, 'b')].join(path.delimiter) };
    expect(failure(() => loadKubeconfig({ env, homeDir: dir })).message).toMatch(/^no kubeconfig found: none of .* \(from KUBECONFIG\)/);
  });

  it('rejects a file that is not a kubeconfig', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'clusters: [ {name: x} ]\n');
    expect(failure(() => loadKubeconfig({ kubeconfig: file, env: {} })).message).toContain('is not a valid kubeconfig');
  });

  it('lists the available contexts when --context names none of them', () => {
    const file = writeKubeconfig('two.yaml', ['one', 'two']);
    expect(failure(() => loadKubeconfig({ kubeconfig: file, context: 'three', env: {} })).message).toBe(
      `context "three" not found in kubeconfig "${file}" (from --kubeconfig) (available: one, two)`,
    );
  });

  it('asks for --context when the file has no current-context', () => {
    const file = writeKubeconfig('none.yaml', ['one'], { current: null });
    expect(failure(() => loadKubeconfig({ kubeconfig: file, env: {} })).message).toContain('has no current-context; pass --context');
  });
});
