/** Where the guest suite keeps what outlives one run (the image) and what a failed run leaves to read. */
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const isAbsolute = (p: string | undefined): p is string => p !== undefined && p.startsWith('/');

/**
 * Cached guest images: `$XDG_CACHE_HOME/virtwork/guest-image`, else `~/.cache/virtwork/guest-image`.
 * The XDG spec says relative values are invalid and must be ignored.
 */
export const guestImageCacheDir = (env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string =>
  join(isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(home, '.cache'), 'virtwork', 'guest-image');

/** Serial logs of failed guests: `$VIRTWORK_GUEST_LOGS_DIR`, else `<tmpdir>/virtwork-guest-logs`. */
export const guestLogsRoot = (env: NodeJS.ProcessEnv = process.env): string =>
  isAbsolute(env.VIRTWORK_GUEST_LOGS_DIR) ? env.VIRTWORK_GUEST_LOGS_DIR : join(tmpdir(), 'virtwork-guest-logs');
