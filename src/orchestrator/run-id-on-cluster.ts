/**
 * `--run-id` of status and cleanup, whole or a unique prefix, matched against the run ids the
 * cluster's virtwork objects carry where the command looks (one namespace, or every one with -A).
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { matchRunId } from '../config/run-id-match.js';
import { LABEL_RUN_ID } from '../constants.js';
import type { ApiContext } from '../kube/api.js';
import { managedSelector } from '../kube/labels.js';
import { listAcrossNamespaces, listByLabel, MANAGED_KINDS } from '../kube/list.js';

export interface RunIdScope {
  readonly namespace: string;
  readonly allNamespaces?: boolean;
  /** `-l`: only the runs of objects that match it. */
  readonly selector?: string;
}

/** The run id `given` stands for; an InvalidInputError (exit 2) when it matches none or several. */
export const resolveRunIdOnCluster = async (api: ApiContext, given: string, scope: RunIdScope): Promise<string> => {
  const selector = managedSelector(undefined, scope.selector);
  const lists = await Promise.all(
    MANAGED_KINDS.map((kind) =>
      scope.allNamespaces === true ? listAcrossNamespaces(api, kind, selector) : listByLabel(api, kind, scope.namespace, selector),
    ),
  );
  const known = lists.flatMap((list) => list.items.flatMap(runIdOf));
  const where = `${scope.allNamespaces === true ? 'in any namespace' : `in namespace ${scope.namespace}`}${scope.selector === undefined ? '' : ` matching ${scope.selector}`}`;
  return matchRunId(given, known, '--run-id', where);
};

const runIdOf = (object: KubernetesObject): string[] => {
  const runId = object.metadata?.labels?.[LABEL_RUN_ID];
  return runId === undefined ? [] : [runId];
};
