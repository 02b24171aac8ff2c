/**
 * Deleting one object as the API server's generic registry does: preconditions, the
 * propagation policy turned into the `foregroundDeletion` / `orphan` finalizers, graceful
 * deletion (deletionTimestamp) while finalizers remain or the kind always terminates first
 * (its strategy's `terminate`), immediate removal otherwise. The garbage
 * collector and the namespace controller finish what the finalizers hold back.
 */
import { strategyOf, type ResourceType } from '../registry/index.js';
import { badRequest, conflict, notFound } from './status.js';
import { timestamp, type Store, type StoredObject } from '../storage/store.js';

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  /** Deprecated form of Orphan / Background. */
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
  gracePeriodSeconds?: number;
}

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export const parsePropagationPolicy = (value: unknown): PropagationPolicy | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'Foreground' || value === 'Background' || value === 'Orphan') return value;
  throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: ${JSON.stringify(value)}: supported values: "Foreground", "Background", "Orphan"`);
};

export interface DeleteResult {
  /** The last state (removed now) or the object marked for deletion. */
  readonly object: StoredObject;
  /** Removed now, rather than marked and left to finalizers. */
  readonly deletedNow: boolean;
}

export const deleteObject = (
  store: Store,
  r: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions = {},
): DeleteResult => {
  const current = store.get(r, namespace, name);
  if (!current) throw notFound(r, name);
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw conflict(r, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(
      r,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
    );
  }
  const dryRun = (options.dryRun ?? []).includes('All');
  const policy =
    options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : 'Background');
  const finalizers = new Set(current.metadata.finalizers ?? []);
  if (policy === 'Foreground') finalizers.add(FOREGROUND_FINALIZER);
  if (policy === 'Orphan') finalizers.add(ORPHAN_FINALIZER);
  const terminate = strategyOf(r).terminate;

  if (finalizers.size === 0 && terminate === undefined) {
    if (dryRun) return { object: current, deletedNow: true };
    return { object: store.remove(r, namespace, name), deletedNow: true };
  }
  const marked: StoredObject = {
    ...current,
    metadata: {
      ...current.metadata,
      ...(finalizers.size > 0 ? { finalizers: [...finalizers] } : {}),
      deletionTimestamp: current.metadata.deletionTimestamp ?? timestamp(),
      deletionGracePeriodSeconds: 0,
    },
  };
  const shown = terminate ? terminate(marked) : marked;
  if (dryRun) return { object: shown, deletedNow: false };
  return { object: store.markDeleting(r, shown), deletedNow: false };
};
