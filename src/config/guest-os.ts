/**
 * Which guest OS a run's cloud-init is written for: the profile names, the aliases users know from
 * OpenShift Virtualization's images, and the guess made from the boot image when nobody says.
 * The names match the workload layer's guest profiles (a test keeps the two lists equal).
 */
export const GUEST_OS_NAMES = ['fedora', 'debian'] as const;
export type GuestOs = (typeof GUEST_OS_NAMES)[number];

export const DEFAULT_GUEST_OS: GuestOs = 'fedora';

/** Distributions that share a profile: CentOS Stream and RHEL are dnf-based like Fedora; Ubuntu is apt-based. */
export const GUEST_OS_ALIASES: Readonly<Record<string, GuestOs>> = {
  ubuntu: 'debian',
  'centos-stream': 'fedora',
  rhel: 'fedora',
};

/** Words in an image's repository name that tell its distribution (`centos` also covers `centos-stream`). */
const IMAGE_HINTS: readonly (readonly [string, GuestOs])[] = [
  ['fedora', 'fedora'],
  ['centos', 'fedora'],
  ['rhel', 'fedora'],
  ['debian', 'debian'],
  ['ubuntu', 'debian'],
];

/** A profile name or alias, any case, as its profile name; undefined when it is neither. */
export const normalizeGuestOs = (name: string): GuestOs | undefined => {
  const lower = name.trim().toLowerCase();
  return (GUEST_OS_NAMES as readonly string[]).includes(lower) ? (lower as GuestOs) : GUEST_OS_ALIASES[lower];
};

/**
 * The guest OS a containerDisk image holds, judged by its repository name (the last path part, tag and
 * digest removed): `quay.io/containerdisks/ubuntu:22.04` is debian, `.../centos-stream:9` is fedora.
 * A word counts when a part of the name starts with it (`rhel9-golden`). Undefined when nothing matches.
 */
export const inferGuestOs = (image: string): GuestOs | undefined => {
  const repository = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  const words = repository.slice(repository.lastIndexOf('/') + 1).toLowerCase().split(/[-_.]/);
  return IMAGE_HINTS.find(([hint]) => words.some((word) => word.startsWith(hint)))?.[1];
};

export interface GuestOsChoice {
  readonly guestOs: GuestOs;
  /** Set when the image told nothing and the default was taken: worth a warning log line. */
  readonly warning?: string;
}

/** The given guest OS; else the one the image name tells; else fedora, with a warning. */
export const chooseGuestOs = (given: GuestOs | undefined, image: string): GuestOsChoice => {
  if (given !== undefined) return { guestOs: given };
  const inferred = inferGuestOs(image);
  if (inferred !== undefined) return { guestOs: inferred };
  return {
    guestOs: DEFAULT_GUEST_OS,
    warning:
      `cannot tell the guest OS from the image ${image}; writing cloud-init for ${DEFAULT_GUEST_OS} ` +
      `(set --guest-os ${GUEST_OS_NAMES.join(' or ')} to choose)`,
  };
};
