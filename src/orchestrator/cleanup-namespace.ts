/**
 * Whether `cleanup --delete-namespace` may delete the namespace: only when virtwork created it
 * (it carries the managed-by label) and it holds nothing virtwork did not make. Otherwise the
 * namespace stays and the reason says why.
 */
import type { KubernetesObject, V1Secret } from '@kubernetes/client-node';
import { LABEL_MANAGED_BY, LABEL_RUN_ID, MANAGED_BY } from '../constants.js';
import type { ApiContext } from '../kube/api.js';
import { getNamespace, listByLabel, type ListableKind } from '../kube/list.js';

export type NamespaceDecision =
  | { readonly action: 'delete' }
  | { readonly action: 'keep'; readonly reason: string };

/** Every kind looked at for objects someone else put in the namespace. */
const KINDS_TO_INSPECT: readonly ListableKind[] = [
  'VirtualMachine',
  'VirtualMachineInstance',
  'DataVolume',
  'PersistentVolumeClaim',
  'Secret',
  'Service',
  'ConfigMap',
  'Pod',
];

/** What the platform puts in every namespace: not "someone else's objects". */
const PLATFORM_CONFIGMAPS = new Set(['kube-root-ca.crt', 'openshift-service-ca.crt']);
const PLATFORM_SECRET_TYPES = new Set(['kubernetes.io/service-account-token', 'kubernetes.io/dockercfg']);

/** Names shown in a reason before "and N more". */
const SHOWN = 5;

export const decideNamespace = async (
  ctx: ApiContext,
  namespace: string,
  targetRunId?: string,
): Promise<NamespaceDecision> => {
  const found = await getNamespace(ctx, namespace);
  if (found === undefined) return keep(`namespace "${namespace}" does not exist`);
  if (found.metadata?.labels?.[LABEL_MANAGED_BY] !== MANAGED_BY) {
    return keep(`namespace "${namespace}" was not created by virtwork (no ${LABEL_MANAGED_BY}=${MANAGED_BY} label)`);
  }
  const lists = await Promise.all(KINDS_TO_INSPECT.map((kind) => listByLabel(ctx, kind, namespace)));
  const objects = lists.flatMap((list, i) => list.items.map((object) => ({ kind: KINDS_TO_INSPECT[i] ?? '', object })));

  const ours = ownedByVirtwork(objects.map((o) => o.object));
  const foreign = objects.filter(({ kind, object }) => !ours.has(object) && !isPlatformDefault(kind, object));
  if (foreign.length > 0) {
    return keep(
      `namespace "${namespace}" holds ${foreign.length} object(s) virtwork did not make: ` +
        listNames(foreign.map(({ kind, object }) => `${kind}/${object.metadata?.name ?? ''}`)),
    );
  }
  if (targetRunId !== undefined) {
    const otherRuns = objects
      .map(({ object }) => object.metadata?.labels?.[LABEL_RUN_ID])
      .filter((runId): runId is string => runId !== undefined && runId !== targetRunId);
    if (otherRuns.length > 0) {
      return keep(
        `namespace "${namespace}" still holds objects of other runs (${listNames([...new Set(otherRuns)].sort())}); ` +
          'clean those up too, or leave out --run-id',
      );
    }
  }
  return { action: 'delete' };
};

const keep = (reason: string): NamespaceDecision => ({ action: 'keep', reason });

/**
 * Objects with the managed-by label, and those owned (through ownerReferences, at any depth) by
 * one: the VMI of a VM, the virt-launcher Pod of that VMI, the PVC of a DataVolume.
 */
const ownedByVirtwork = (objects: readonly KubernetesObject[]): Set<KubernetesObject> => {
  const ours = new Set(objects.filter((o) => o.metadata?.labels?.[LABEL_MANAGED_BY] === MANAGED_BY));
  const uids = new Set([...ours].map((o) => o.metadata?.uid).filter(Boolean));
  for (let grew = true; grew; ) {
    grew = false;
    for (const object of objects) {
      if (ours.has(object) || !(object.metadata?.ownerReferences ?? []).some((ref) => uids.has(ref.uid))) continue;
      ours.add(object);
      uids.add(object.metadata?.uid);
      grew = true;
    }
  }
  return ours;
};

const isPlatformDefault = (kind: string, object: KubernetesObject): boolean =>
  (kind === 'ConfigMap' && PLATFORM_CONFIGMAPS.has(object.metadata?.name ?? '')) ||
  (kind === 'Secret' && PLATFORM_SECRET_TYPES.has((object as V1Secret).type ?? ''));

const listNames = (names: readonly string[]): string =>
  names.length <= SHOWN ? names.join(', ') : `${names.slice(0, SHOWN).join(', ')} and ${names.length - SHOWN} more`;
