/** Reading a guest's serial console log: boot failures show there long before any timeout. */
import { readFileSync } from 'node:fs';

/** Lines that mean the guest will never finish booting. */
export const BOOT_FAILURE_PATTERNS: readonly RegExp[] = [/Dropping to a shell/, /Kernel panic/, /emergency mode/];

export const readSerialLog = (path: string): string => {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
};

/** The first boot-failure line in `log`, or undefined. */
export const findBootFailure = (log: string): string | undefined => {
  for (const line of log.split('\n')) {
    if (BOOT_FAILURE_PATTERNS.some((pattern) => pattern.test(line))) return line.trim();
  }
  return undefined;
};
