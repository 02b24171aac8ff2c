/** The guest OS profiles by name, and the lookup the CLI's guest OS choice goes through. */
import { didYouMean } from '../../config/suggest.js';
import { InvalidInputError } from '../../errors.js';
import { debian } from './debian.js';
import { fedora } from './fedora.js';
import { GUEST_OS_NAMES, type GuestOsName, type GuestProfile } from './guest-profile.js';

export const DEFAULT_GUEST_OS: GuestOsName = 'fedora';

const PROFILES: Readonly<Record<GuestOsName, GuestProfile>> = { fedora, debian };

/** The profile of a guest OS; an unknown name is a user error (the future `--guest-os` flag). */
export const getGuestProfile = (name: string = DEFAULT_GUEST_OS): GuestProfile => {
  if (Object.hasOwn(PROFILES, name)) return PROFILES[name as GuestOsName];
  throw new InvalidInputError('guest OS', name, `unknown guest OS; use one of ${GUEST_OS_NAMES.join(', ')}${didYouMean(name, GUEST_OS_NAMES)}`);
};
