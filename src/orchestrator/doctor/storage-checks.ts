/**
 * Will the data disks get a volume? Their DataVolumes use CDI's `storage` API without access and
 * volume modes, so CDI needs a StorageClass (the one --storage-class names, else the default for
 * virtualization, else the Kubernetes default) and that class's StorageProfile must hold a complete
 * claim property set; otherwise the DataVolume never gets a PVC (event ErrClaimNotValid).
 */
import type { V1StorageClass } from '@kubernetes/client-node';
import { DEFAULT_CLASS_ANNOTATION, DEFAULT_VIRT_CLASS_ANNOTATION, type StorageProfile } from '../../kube/cluster-inventory.js';
import { fail, listWords, pass, warn, whyFailed, type CheckResult, type Read } from './check.js';

export interface ChosenClass {
  readonly name: string;
  /** How it was chosen, for the message: `--storage-class`, `default for virtualization`, `default`. */
  readonly why: string;
  /** Other classes carrying the same default mark; CDI takes the newest. */
  readonly alsoMarked: readonly string[];
}

const nameOf = (c: V1StorageClass): string => c.metadata?.name ?? '';
const isMarked = (c: V1StorageClass, annotation: string): boolean => c.metadata?.annotations?.[annotation] === 'true';
const newestFirst = (classes: readonly V1StorageClass[]): V1StorageClass[] =>
  [...classes].sort((a, b) => (b.metadata?.creationTimestamp?.getTime() ?? 0) - (a.metadata?.creationTimestamp?.getTime() ?? 0));

/** The class the data disks would get, as CDI picks it; undefined when there is none. */
export const chooseStorageClass = (classes: readonly V1StorageClass[], requested: string | undefined): ChosenClass | undefined => {
  if (requested !== undefined) {
    return classes.some((c) => nameOf(c) === requested) ? { name: requested, why: '--storage-class', alsoMarked: [] } : undefined;
  }
  for (const [annotation, why] of [[DEFAULT_VIRT_CLASS_ANNOTATION, 'default for virtualization'], [DEFAULT_CLASS_ANNOTATION, 'default']] as const) {
    const [newest, ...others] = newestFirst(classes.filter((c) => isMarked(c, annotation)));
    if (newest !== undefined) return { name: nameOf(newest), why, alsoMarked: others.map(nameOf) };
  }
  return undefined;
};

export interface StorageInput {
  /** Whether any planned VM has a data disk. */
  readonly needed: boolean;
  /** --storage-class, when given. */
  readonly requested?: string;
  readonly classes: Read<V1StorageClass[]>;
  /** The chosen class's profile (undefined value: CDI has none for it); absent when no class was chosen. */
  readonly profile?: Read<StorageProfile | undefined>;
}

const MARK_DEFAULT = `kubectl annotate storageclass NAME ${DEFAULT_VIRT_CLASS_ANNOTATION}=true`;

export const checkStorage = (input: StorageInput): CheckResult => {
  if (!input.needed) return pass('storage', 'no planned workload has a data disk, so no StorageClass is needed');
  const { classes, requested } = input;
  if (!classes.ok) return warn('storage', `cannot list storageclasses (${whyFailed(classes)}), so the data disks' class is not checked`);
  const names = classes.value.map(nameOf);
  const chosen = chooseStorageClass(classes.value, requested);
  if (chosen === undefined) {
    const choices = names.length > 0 ? ` (one of ${listWords(names)})` : '';
    return requested !== undefined
      ? fail('storage', `StorageClass ${requested} (--storage-class) does not exist`, `choose an existing class with --storage-class${choices}`)
      : fail('storage', 'no StorageClass is marked default and --storage-class is not given: CDI cannot choose a class for the data disks',
        `pass --storage-class NAME${choices}, or mark one default for VMs: ${MARK_DEFAULT}`);
  }
  const profile = input.profile;
  if (profile === undefined || !profile.ok) {
    return warn('storage', `cannot read the StorageProfile of ${chosen.name}${profile && !profile.ok ? ` (${whyFailed(profile)})` : ''}, so CDI's settings for it are not checked`);
  }
  if (profile.value === undefined) {
    return fail('storage', `StorageClass ${chosen.name} has no StorageProfile: CDI has not seen it, so its DataVolumes get no PVC`,
      'check that CDI runs (it keeps one StorageProfile per StorageClass), or choose another class with --storage-class');
  }
  const sets = (profile.value.status?.claimPropertySets ?? []).filter((s) => (s.accessModes?.length ?? 0) > 0 && s.volumeMode);
  if (sets.length === 0) {
    const provisioner = profile.value.status?.provisioner;
    return fail('storage',
      `the StorageProfile of ${chosen.name} has no claim property set with access modes and a volume mode${provisioner ? ` (CDI does not know provisioner ${provisioner})` : ''}: its DataVolumes get no PVC (ErrClaimNotValid)`,
      `set them: kubectl patch storageprofile ${chosen.name} --type merge -p '{"spec":{"claimPropertySets":[{"accessModes":["ReadWriteOnce"],"volumeMode":"Filesystem"}]}}', or choose another class with --storage-class`);
  }
  const first = sets[0]!;
  const message = `StorageClass ${chosen.name} (${chosen.why}): CDI gives the data disks ${(first.accessModes ?? []).join(',')} ${first.volumeMode ?? ''}`;
  if (chosen.alsoMarked.length > 0) {
    return warn('storage', `${message}; ${listWords(chosen.alsoMarked)} ${chosen.alsoMarked.length > 1 ? 'are' : 'is'} marked ${chosen.why} too, and CDI takes the newest`,
      'leave the mark on one class, or pass --storage-class');
  }
  return pass('storage', message);
};
