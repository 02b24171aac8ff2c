/**
 * `virtwork doctor`: reads what a run depends on from the current cluster, then runs each check
 * over what was read. A failed read is an input to its check (a warning or a failure with a fix),
 * never the end of the preflight; only an unreachable API server leaves nothing else to check.
 */
import pLimit from 'p-limit';
import type { RunConfig } from '../../config/types.js';
import { VirtworkError } from '../../errors.js';
import type { ApiContext } from '../../kube/api.js';
import { listApiGroups } from '../../kube/api-check.js';
import { getStorageProfile, listCdis, listKubeVirts, listSchedulableNodes, listStorageClasses, serverVersion } from '../../kube/cluster-inventory.js';
import { canI, whoAmI } from '../../kube/identity.js';
import { getNamespace } from '../../kube/list.js';
import type { RunPlan } from '../plan-types.js';
import { checkApi, checkIdentity } from './api-checks.js';
import { readFailed, readOk, type CheckResult, type Read } from './check.js';
import { checkImage } from './image-check.js';
import { checkNodes, type VmNeeds } from './node-checks.js';
import { checkCdi, checkKubeVirt } from './operator-checks.js';
import { AccessAnswers, checkPermissions, rulesToAsk, type AccessRule } from './permission-checks.js';
import { checkStorage, chooseStorageClass } from './storage-checks.js';

/** What the planned run would ask of the cluster. */
export interface DoctorInput {
  readonly namespace: string;
  readonly vms: readonly VmNeeds[];
  /** Whether any planned VM has a data disk. */
  readonly needsStorage: boolean;
  /** --storage-class, when given. */
  readonly storageClass?: string;
  readonly image: string;
}

export interface DoctorReport {
  readonly context: string;
  readonly server: string;
  readonly namespace: string;
  readonly checks: readonly CheckResult[];
}

/** Exit 1 once the report is printed: some check failed. */
export class DoctorFailedError extends VirtworkError {
  constructor(readonly failed: readonly CheckResult[], total: number) {
    super(`${failed.length} of ${total} checks failed (${[...new Set(failed.map((check) => check.name))].join(', ')})`);
    this.name = 'DoctorFailedError';
  }
}

/** SelfSubjectAccessReviews in flight at once. */
const REVIEW_CONCURRENCY = 8;

export const doctorInputOf = (plan: RunPlan, config: RunConfig): DoctorInput => ({
  namespace: plan.namespace,
  vms: plan.vms.map((vm) => ({ name: vm.name, cpuCores: vm.cpuCores, memory: vm.memory })),
  needsStorage: plan.vms.some((vm) => vm.dataDisks.length > 0),
  ...(config.storageClass !== undefined && { storageClass: config.storageClass }),
  image: config.containerDiskImage,
});

export const runDoctor = async (api: ApiContext, input: DoctorInput): Promise<DoctorReport> => {
  const target = { server: api.cluster.server, contextName: api.cluster.contextName };
  const report = (checks: CheckResult[]): DoctorReport => ({ context: target.contextName, server: target.server, namespace: input.namespace, checks });
  const read = <T>(work: () => Promise<T>): Promise<Read<T>> => readCluster(api, work);

  const version = await read(() => serverVersion(api));
  if (!version.ok) return report([checkApi(target, version), checkImage(input.image)]);

  const [groups, identity, kubevirts, cdis, namespace, answers, classes, nodes] = await Promise.all([
    read(() => listApiGroups(api)),
    read(() => whoAmI(api)),
    read(() => listKubeVirts(api)),
    read(() => listCdis(api)),
    read(() => getNamespace(api, input.namespace)),
    read(() => askAccess(api, input.namespace)),
    input.needsStorage ? read(() => listStorageClasses(api)) : Promise.resolve(readOk([])),
    read(() => listSchedulableNodes(api)),
  ]);
  const chosen = classes.ok ? chooseStorageClass(classes.value, input.storageClass) : undefined;
  const profile = input.needsStorage && chosen !== undefined ? await read(() => getStorageProfile(api, chosen.name)) : undefined;

  return report([
    checkApi(target, version),
    checkIdentity(identity),
    checkKubeVirt(groups, kubevirts),
    checkCdi(groups, cdis),
    ...checkPermissions({ namespace: input.namespace, namespaceExists: namespace.ok && namespace.value !== undefined, answers }),
    checkStorage({ needed: input.needsStorage, classes, ...(input.storageClass !== undefined && { requested: input.storageClass }), ...(profile && { profile }) }),
    checkNodes(nodes, input.vms),
    checkImage(input.image),
  ]);
};

/**
 * One SelfSubjectAccessReview per rule, asked as the request itself would be: in the namespace for
 * namespaced kinds; a get or delete of the namespace itself is in that namespace and names it (kube's
 * RequestInfo), so a RoleBinding there can allow it; anything else cluster-wide.
 */
const askAccess = async (api: ApiContext, namespace: string): Promise<AccessAnswers> => {
  const answers = new AccessAnswers();
  const limit = pLimit(REVIEW_CONCURRENCY);
  const scopeOf = (rule: AccessRule): { namespace?: string; name?: string } => {
    if (rule.kind.namespaced) return { namespace };
    return rule.kindName === 'Namespace' && rule.verb !== 'create' ? { namespace, name: namespace } : {};
  };
  await Promise.all(
    rulesToAsk().map((rule) => limit(async () => answers.set(rule, await canI(api, { verb: rule.verb, kind: rule.kind, ...scopeOf(rule) })))),
  );
  return answers;
};

/** A read's value, or the VirtworkError it failed with; an interrupt ends the preflight. */
const readCluster = async <T>(api: ApiContext, work: () => Promise<T>): Promise<Read<T>> => {
  try {
    return readOk(await work());
  } catch (error) {
    api.signal.throwIfAborted();
    if (error instanceof VirtworkError) return readFailed(error);
    throw error;
  }
};
