/** One object by name, as `kubectl get KIND NAME` reads it; undefined when the server says 404. */
import type { KubernetesObject } from '@kubernetes/client-node';
import { callApi, type ApiContext } from './api.js';
import { isApiStatus } from './api-errors.js';
import { KIND_CALLS, resourceOf, type GettableKind } from './kind-calls.js';

export const getObject = async <T extends object = KubernetesObject>(
  ctx: ApiContext,
  kind: GettableKind,
  namespace: string,
  name: string,
): Promise<T | undefined> => {
  try {
    const object = await callApi(ctx, { verb: 'get', resource: resourceOf(kind), namespace, name }, (options) =>
      KIND_CALLS[kind].get(ctx, namespace, name, options),
    );
    // The KubeVirt API types and client-node's describe the same JSON, with different optional fields.
    return object as unknown as T;
  } catch (error) {
    if (isApiStatus(error, 404)) return undefined;
    throw error;
  }
};
