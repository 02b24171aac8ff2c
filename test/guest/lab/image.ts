/**
 * The Debian guest image: built once with debootstrap from Debian's packages, then reused from the
 * user's cache directory for as long as the suite, the package list and the build script are unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './command.js';
import { GUEST_PACKAGES, GUEST_SUITE } from './guest-packages.js';
import { guestImageCacheDir } from './paths.js';

const BUILD_SCRIPT = new URL('./build-image.sh', import.meta.url).pathname;
const DEFAULT_MIRROR = 'http://deb.debian.org/debian';
/** Written last: a directory without it is an interrupted build. */
const COMPLETE_MARKER = 'complete';

export interface GuestImage {
  /** Hash of suite, package list and build script: the cache key. */
  readonly key: string;
  readonly dir: string;
  /** ext4 root file system labelled `vmroot`; never written, every boot uses its own overlay. */
  readonly baseRaw: string;
  readonly kernel: string;
  readonly initrd: string;
  /** The image's tree, for chroot checks such as `systemd-analyze verify`. */
  readonly rootfs: string;
  readonly packages: readonly string[];
  /** Seconds spent building now; 0 when the cached image was used. */
  readonly buildSeconds: number;
}

export const guestImageKey = (packages: readonly string[] = GUEST_PACKAGES): string =>
  createHash('sha256')
    .update(JSON.stringify({ suite: GUEST_SUITE, packages: [...packages].sort() }))
    .update(readFileSync(BUILD_SCRIPT))
    .digest('hex')
    .slice(0, 16);

/**
 * The Debian mirror: `$VIRTWORK_GUEST_MIRROR`, else the one the host's apt uses (when it is a Debian
 * mirror: an Ubuntu host's would not serve bookworm), else deb.debian.org.
 */
export const debianMirror = (env: NodeJS.ProcessEnv = process.env, aptSources?: string): string => {
  if (env.VIRTWORK_GUEST_MIRROR) return env.VIRTWORK_GUEST_MIRROR;
  const sources = aptSources ?? readHostAptSources();
  const uris = [...sources.matchAll(/^(?:URIs:\s*|deb\s+(?:\[[^\]]*\]\s+)?)(\S+)/gm)].map((m) => m[1] ?? '');
  return uris.find((uri) => /^https?:\/\/.*\/debian\/?$/.test(uri)) ?? DEFAULT_MIRROR;
};

const readHostAptSources = (): string =>
  ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');

const imageAt = (dir: string, key: string, packages: readonly string[], buildSeconds: number): GuestImage => ({
  key,
  dir,
  baseRaw: join(dir, 'base.raw'),
  kernel: join(dir, 'vmlinuz'),
  initrd: join(dir, 'initrd.img'),
  rootfs: join(dir, 'rootfs'),
  packages,
  buildSeconds,
});

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Removes images of other keys and partial builds whose builder is gone: each image is about 2.5 GB. */
const pruneCache = (cacheDir: string, keep: string): void => {
  for (const entry of readdirSync(cacheDir)) {
    const partial = /^[0-9a-f]{16}\.partial-(\d+)$/.exec(entry);
    const isOldImage = /^[0-9a-f]{16}$/.test(entry) && entry !== keep;
    if (isOldImage || (partial && !isAlive(Number(partial[1])))) {
      rmSync(join(cacheDir, entry), { recursive: true, force: true });
    }
  }
};

export interface EnsureImageOptions {
  readonly packages?: readonly string[];
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
  /** Called with a line of progress (cached or building, where the build log is). */
  readonly onProgress?: (line: string) => void;
}

/** Returns the cached image for the current key, building it first when there is none. */
export const ensureGuestImage = async (options: EnsureImageOptions = {}): Promise<GuestImage> => {
  const packages = options.packages ?? GUEST_PACKAGES;
  const cacheDir = options.cacheDir ?? guestImageCacheDir();
  const key = guestImageKey(packages);
  const dir = join(cacheDir, key);
  if (existsSync(join(dir, COMPLETE_MARKER))) {
    options.onProgress?.(`guest image ${key}: cached in ${dir}`);
    return imageAt(dir, key, packages, 0);
  }

  mkdirSync(cacheDir, { recursive: true });
  pruneCache(cacheDir, key);
  const partial = join(cacheDir, `${key}.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  const logFile = join(partial, 'build.log');
  options.onProgress?.(`guest image ${key}: building with debootstrap (log: ${logFile})`);
  const started = performance.now();
  await runCommand(BUILD_SCRIPT, [partial, join(cacheDir, 'debs'), debianMirror(), packages.join(',')], {
    logFile,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const buildSeconds = (performance.now() - started) / 1000;
  writeFileSync(join(partial, COMPLETE_MARKER), `${key}\n`);
  try {
    renameSync(partial, dir);
  } catch (error) {
    // Another run finished the same key first: its image is as good as ours.
    if (!existsSync(join(dir, COMPLETE_MARKER))) throw error;
    rmSync(partial, { recursive: true, force: true });
  }
  return imageAt(dir, key, packages, buildSeconds);
};
