/**
 * Builds dist/virtwork-linux-x64: one Linux x64 executable that carries Node and the CLI, for a
 * machine without Node (Node's single executable application, SEA).
 *
 *   npm run build:binary
 *
 * Steps, as Node 24 documents them: esbuild bundles the CLI and its dependencies into one CommonJS
 * file (a SEA runs a CommonJS script and may require only Node's built-in modules, node:sqlite
 * included); `node --experimental-sea-config` turns it into a blob; postject injects the blob into a
 * copy of the Node binary running this script. postject is not a dependency of the project: it is
 * run from the npm registry (npm exec, pinned), as the one tool only this build needs.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const POSTJECT = 'postject@1.0.0-alpha.6';
// The fuse Node's binary looks for to know a blob was injected (the value the Node docs give).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const BINARY_PATH = path.join(repoRoot, 'dist', 'virtwork-linux-x64');

export const buildBinary = async (): Promise<string> => {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`build:binary makes a Linux x64 executable from the Node running it; this is ${process.platform}/${process.arch}`);
  }
  // The binary is a copy of this Node: it must have node:sqlite and client-node's needs, as the CLI does.
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 19)) {
    throw new Error(`build:binary copies the Node running it into the binary, and virtwork needs Node 22.19 or later; this is ${process.versions.node}`);
  }
  const work = path.join(repoRoot, 'dist', 'sea');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

  const bundle = path.join(work, 'virtwork.cjs');
  await build({
    entryPoints: [path.join(repoRoot, 'scripts', 'binary-entry.ts')],
    outfile: bundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node24',
    minifyWhitespace: true,
    minifySyntax: true,
    // No package.json travels with the binary: the version is written into it.
    define: { VIRTWORK_EMBEDDED_VERSION: JSON.stringify(version) },
    logLevel: 'error',
  });

  const blob = path.join(work, 'virtwork.blob');
  const seaConfig = path.join(work, 'sea-config.json');
  writeFileSync(seaConfig, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true }));
  execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], { stdio: ['ignore', 'ignore', 'inherit'] });

  rmSync(BINARY_PATH, { force: true });
  copyFileSync(process.execPath, BINARY_PATH);
  chmodSync(BINARY_PATH, 0o755);
  execFileSync('npm', ['exec', '--yes', `--package=${POSTJECT}`, '--', 'postject', BINARY_PATH, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], {
    // postject warns about every ELF note section it cannot name; those are harmless (a failure still throws, with its stderr).
    stdio: 'pipe',
  });
  rmSync(work, { recursive: true, force: true });
  return BINARY_PATH;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = await buildBinary();
  process.stderr.write(`build:binary: wrote ${path.relative(process.cwd(), file)} (node ${process.versions.node}, ${process.platform}/${process.arch})\n`);
}
