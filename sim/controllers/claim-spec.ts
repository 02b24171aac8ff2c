/**
 * How CDI renders a DataVolume's PVC spec (pkg/controller/datavolume/util.go, renderPvcSpecVolumeModeAndAccessModes):
 * the `storage` API may leave out the StorageClass, the access modes and the volume mode, and CDI
 * fills them in: the named class, else the one marked default for virtualization, else the
 * Kubernetes default; then the first claim property set of that class's StorageProfile. Without a
 * class, or with a profile that has no complete set, there is no PVC, only an ErrClaimNotValid event.
 * The `pvc` API is taken as written.
 */
import { DEFAULT_CLASS_ANNOTATION, DEFAULT_VIRT_CLASS_ANNOTATION } from '../inventory.js';
import { resourceOfKind } from '../registry/index.js';
import type { Store, StoredObject } from '../storage/store.js';

const STORAGE_CLASSES = resourceOfKind('StorageClass');
const STORAGE_PROFILES = resourceOfKind('StorageProfile');

export interface StorageSpec {
  accessModes?: string[];
  volumeMode?: string;
  storageClassName?: string;
  resources?: { requests?: { storage?: string } };
}

export interface ClaimSpec {
  accessModes: string[];
  volumeMode: string;
  storageClassName?: string;
  resources: { requests: { storage: string } };
}

/** The PVC spec, or the message of CDI's ErrClaimNotValid event. */
export type RenderedClaim = { readonly spec: ClaimSpec } | { readonly invalid: string };

interface ClaimPropertySet {
  accessModes?: string[];
  volumeMode?: string;
}

const newest = (classes: readonly StoredObject[]): StoredObject | undefined =>
  [...classes].sort((a, b) => b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp))[0];

/** The class CDI picks (GetStorageClassByNameWithVirtFallback): named, default for virtualization, default. */
export const storageClassFor = (store: Store, named: string | undefined): StoredObject | undefined => {
  if (named !== undefined) return store.get(STORAGE_CLASSES, undefined, named);
  const classes = store.list(STORAGE_CLASSES);
  const marked = (annotation: string): StoredObject[] => classes.filter((c) => c.metadata.annotations?.[annotation] === 'true');
  return newest(marked(DEFAULT_VIRT_CLASS_ANNOTATION)) ?? newest(marked(DEFAULT_CLASS_ANNOTATION));
};

export const renderClaimSpec = (store: Store, api: 'storage' | 'pvc', storage: StorageSpec): RenderedClaim => {
  const size = { requests: { storage: storage.resources?.requests?.storage ?? '1Gi' } };
  if (api === 'pvc') {
    return { spec: { accessModes: storage.accessModes ?? [], volumeMode: storage.volumeMode ?? 'Filesystem', resources: size, ...(storage.storageClassName ? { storageClassName: storage.storageClassName } : {}) } };
  }
  const storageClass = storageClassFor(store, storage.storageClassName);
  if (storageClass === undefined) {
    if (storage.accessModes?.length) {
      return { spec: { accessModes: storage.accessModes, volumeMode: storage.volumeMode ?? 'Filesystem', resources: size } };
    }
    return { invalid: 'PVC spec is missing accessMode and no storageClass to choose profile' };
  }
  const className = storageClass.metadata.name;
  if (storage.accessModes?.length && storage.volumeMode) {
    return { spec: { accessModes: storage.accessModes, volumeMode: storage.volumeMode, storageClassName: className, resources: size } };
  }
  const profile = store.get(STORAGE_PROFILES, undefined, className);
  const sets = ((profile?.status as { claimPropertySets?: ClaimPropertySet[] } | undefined)?.claimPropertySets ?? [])
    .filter((set) => set.accessModes?.length && set.volumeMode)
    .filter((set) => !storage.volumeMode || set.volumeMode === storage.volumeMode);
  const chosen = sets[0];
  if (chosen === undefined) {
    return { invalid: `Spec is missing accessMode and volumeMode, cannot get access mode from StorageProfile ${className}` };
  }
  return {
    spec: {
      accessModes: storage.accessModes?.length ? storage.accessModes : (chosen.accessModes ?? []),
      volumeMode: storage.volumeMode ?? chosen.volumeMode ?? 'Filesystem',
      storageClassName: className,
      resources: size,
    },
  };
};
