/**
 * Where the cluster credentials come from, decided explicitly and in this order:
 *   1. `--kubeconfig`, 2. `VIRTWORK_KUBECONFIG`, 3. `KUBECONFIG` (a path list, merged like kubectl),
 *   4. the in-cluster service account, 5. `~/.kube/config`.
 * `KubeConfig.loadFromDefault` tries `~/.kube/config` before in-cluster and knows nothing of our
 * own variable, so the chain is built here. Every failure is an EnvironmentError (exit 2) that names
 * the file and where its path came from.
 */
import { accessSync, constants as fsConstants, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { EnvironmentError } from '../errors.js';

export type KubeconfigSource =
  | '--kubeconfig'
  | 'VIRTWORK_KUBECONFIG'
  | 'the config file'
  | 'KUBECONFIG'
  | 'in-cluster'
  | '~/.kube/config';

/** The first link of the chain that applies; `paths` is empty for the in-cluster service account. */
export interface KubeconfigLocation {
  readonly source: KubeconfigSource;
  readonly paths: readonly string[];
}

export interface KubeconfigOptions {
  /** The kubeconfig path the settings chose: `--kubeconfig`, `VIRTWORK_KUBECONFIG` or the config file's key. */
  readonly kubeconfig?: string;
  /** Which of those gave `kubeconfig`, for messages. @default '--kubeconfig' */
  readonly kubeconfigFrom?: '--kubeconfig' | 'VIRTWORK_KUBECONFIG' | 'the config file';
  /** `--context`; defaults to the file's current-context. */
  readonly context?: string;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default os.homedir() */
  readonly homeDir?: string;
  /** Prefix of the service-account directory (tests point it at a temp dir). @default '' */
  readonly inClusterRoot?: string;
}

export interface LoadedKubeconfig {
  readonly kubeConfig: KubeConfig;
  readonly location: KubeconfigLocation;
  readonly contextName: string;
  /** The API server URL of the selected context. */
  readonly server: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Walks the chain and returns the first link that applies, without reading any file. */
export const locateKubeconfig = (options: KubeconfigOptions = {}): KubeconfigLocation => {
  const env = options.env ?? process.env;
  if (options.kubeconfig) return { source: options.kubeconfigFrom ?? '--kubeconfig', paths: [options.kubeconfig] };
  if (env.VIRTWORK_KUBECONFIG) return { source: 'VIRTWORK_KUBECONFIG', paths: [env.VIRTWORK_KUBECONFIG] };
  const listed = (env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p !== '');
  if (listed.length > 0) return { source: 'KUBECONFIG', paths: listed };
  if (isInCluster(env, options.inClusterRoot ?? '')) return { source: 'in-cluster', paths: [] };
  const home = options.homeDir ?? homedir();
  return { source: '~/.kube/config', paths: [path.join(home, '.kube', 'config')] };
};

/** Loads the located kubeconfig and selects `--context` (or the current context). */
export const loadKubeconfig = (options: KubeconfigOptions = {}): LoadedKubeconfig => {
  const location = locateKubeconfig(options);
  const kubeConfig =
    location.source === 'in-cluster'
      ? loadInCluster(options.env ?? process.env, options.inClusterRoot ?? '')
      : loadFiles(location);
  const contextName = selectContext(kubeConfig, location, options.context);
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster?.server) {
    throw new EnvironmentError(
      `kubeconfig ${describe(location)}: context "${contextName}" names no cluster with a server URL`,
    );
  }
  if (isPlainHttp(cluster.server)) allowPlainHttp(kubeConfig, cluster.name);
  return { kubeConfig, location, contextName, server: cluster.server };
};

/**
 * The namespace the selected context names, as kubectl uses it when no `-n` is given; in-cluster,
 * the service account's namespace. Undefined when the context names none.
 */
export const contextNamespace = (loaded: LoadedKubeconfig): string | undefined => {
  const namespace = loaded.kubeConfig.getContextObject(loaded.contextName)?.namespace?.trim();
  return namespace === undefined || namespace === '' ? undefined : namespace;
};

const isPlainHttp = (server: string): boolean => server.toLowerCase().startsWith('http:');

/**
 * client-node refuses an `http://` server unless the cluster says `insecure-skip-tls-verify`, though
 * plain HTTP has no certificate to verify. kubectl accepts such a server as written (`kubectl proxy`
 * serves one on 127.0.0.1:8001), so we do too: the flag is set for that cluster only.
 */
const allowPlainHttp = (kubeConfig: KubeConfig, clusterName: string): void => {
  kubeConfig.clusters = kubeConfig.clusters.map((cluster) =>
    cluster.name === clusterName ? { ...cluster, skipTLSVerify: true } : cluster,
  );
};

const isInCluster = (env: Readonly<Record<string, string | undefined>>, root: string): boolean =>
  Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) && isReadable(`${root}${SERVICE_ACCOUNT_TOKEN}`);

/**
 * Loads every file of the location. For a KUBECONFIG list, missing files are skipped and the first
 * file to define a name wins (kubectl's merge rules); an explicitly named file must exist.
 */
const loadFiles = (location: KubeconfigLocation): KubeConfig => {
  const isList = location.source === 'KUBECONFIG';
  const [first, ...rest] = (isList ? location.paths.filter(isReadable) : location.paths).map((file) =>
    loadFile(file, location),
  );
  if (!first) {
    throw new EnvironmentError(
      `no kubeconfig found: none of ${location.paths.join(', ')} (from KUBECONFIG) is readable; ` +
        'set --kubeconfig or KUBECONFIG to a valid file',
    );
  }
  for (const next of rest) mergeFirstWins(first, next);
  return first;
};

/**
 * The client's in-cluster config (CA file, a token file re-read as it rotates), with the server
 * taken from the same environment the chain looked at rather than from process.env directly.
 */
const loadInCluster = (env: Readonly<Record<string, string | undefined>>, root: string): KubeConfig => {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromCluster(root);
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const server = `https://${isIPv6(host) ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT}`;
  kubeConfig.clusters = kubeConfig.clusters.map((cluster) => ({ ...cluster, server }));
  return kubeConfig;
};

const loadFile = (file: string, location: KubeconfigLocation): KubeConfig => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${code})`;
    const hint =
      location.source === '~/.kube/config'
        ? '; set --kubeconfig, VIRTWORK_KUBECONFIG or KUBECONFIG, or log in to a cluster first'
        : '';
    throw new EnvironmentError(`kubeconfig "${file}" (from ${location.source}) ${why}${hint}`, { cause: error });
  }
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromString(text);
    kubeConfig.makePathsAbsolute(path.dirname(file));
  } catch (error) {
    // No `cause`: the parser's error quotes the lines around the problem, tokens and keys included.
    throw new EnvironmentError(`kubeconfig "${file}" (from ${location.source}) is not a valid kubeconfig: ${describeParseError(error)}`);
  }
  return kubeConfig;
};

/** js-yaml's YAMLException, as client-node's loader throws it. */
interface YamlException {
  readonly name: 'YAMLException';
  readonly reason: string;
  readonly mark?: { readonly line: number; readonly column: number };
}

const isYamlException = (error: unknown): error is YamlException =>
  error instanceof Error && error.name === 'YAMLException' && typeof (error as Partial<YamlException>).reason === 'string';

/**
 * Where the file is wrong and why, never what it holds: the YAML parser's message quotes the
 * surrounding lines (a bearer token among them), so only its reason and position are kept; the
 * loader's own checks ("users[0].name is missing") name fields, not values.
 */
const describeParseError = (error: unknown): string => {
  if (isYamlException(error)) {
    const at = error.mark ? `line ${error.mark.line + 1}, column ${error.mark.column + 1}: ` : '';
    return `${at}${error.reason}`;
  }
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'not a kubeconfig';
};

const mergeFirstWins = (into: KubeConfig, from: KubeConfig): void => {
  for (const cluster of from.getClusters()) if (!into.getCluster(cluster.name)) into.addCluster(cluster);
  for (const user of from.getUsers()) if (!into.getUser(user.name)) into.addUser(user);
  for (const context of from.getContexts()) if (!into.getContextObject(context.name)) into.addContext(context);
  if (!into.getCurrentContext()) into.setCurrentContext(from.getCurrentContext());
};

const selectContext = (kubeConfig: KubeConfig, location: KubeconfigLocation, wanted?: string): string => {
  const available = kubeConfig.getContexts().map((c) => c.name);
  const name = wanted ?? kubeConfig.getCurrentContext();
  if (!name) {
    throw new EnvironmentError(
      `kubeconfig ${describe(location)} has no current-context; pass --context (available: ${list(available)})`,
    );
  }
  if (!kubeConfig.getContextObject(name)) {
    throw new EnvironmentError(
      `context "${name}" not found in kubeconfig ${describe(location)} (available: ${list(available)})`,
    );
  }
  kubeConfig.setCurrentContext(name);
  return name;
};

const describe = (location: KubeconfigLocation): string =>
  location.paths.length > 0 ? `"${location.paths.join(path.delimiter)}" (from ${location.source})` : `(${location.source})`;

const list = (names: readonly string[]): string => (names.length > 0 ? names.join(', ') : 'none');

const isReadable = (file: string): boolean => {
  try {
    accessSync(file, fsConstants.R_OK);
    return true;
  } catch {
    return false;
  }
};
