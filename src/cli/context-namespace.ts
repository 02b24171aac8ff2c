/**
 * The reader the settings resolver asks for the kubeconfig context's namespace. A kubeconfig that is
 * missing or unusable gives no namespace rather than an error: `run --dry-run` needs no cluster, and
 * a cluster command reports the same problem, precisely, when it connects.
 */
import type { ContextNamespace, ContextNamespaceReader, KubeconfigTarget } from '../config/types.js';
import { EnvironmentError } from '../errors.js';

export const contextNamespaceReader = (env: Readonly<Record<string, string | undefined>>): ContextNamespaceReader => {
  // run resolves its own and the common settings from the same inputs: read the file once.
  const read = new Map<string, Promise<ContextNamespace | undefined>>();
  return (target) => {
    const key = JSON.stringify(target);
    let found = read.get(key);
    if (found === undefined) {
      found = readOnce(target, env);
      read.set(key, found);
    }
    return found;
  };
};

const readOnce = async (target: KubeconfigTarget, env: Readonly<Record<string, string | undefined>>): Promise<ContextNamespace | undefined> => {
  // The client library loads only when no flag, variable or file named the namespace.
  const { contextNamespace, loadKubeconfig } = await import('../cluster/kubeconfig.js');
  try {
    const loaded = loadKubeconfig({ ...target, env });
    const namespace = contextNamespace(loaded);
    return namespace === undefined ? undefined : { context: loaded.contextName, namespace };
  } catch (error) {
    if (error instanceof EnvironmentError) return undefined;
    throw error;
  }
};
