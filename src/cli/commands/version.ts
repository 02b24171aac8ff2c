/** `virtwork version`: the package version, and the runtime it runs on. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { InternalError } from '../../errors.js';
import type { CliDeps } from '../deps.js';
import { withExamples } from '../examples.js';
import { addOutputOption, COMMAND_FORMATS, outputOf } from '../output/formats.js';

/**
 * From the package's package.json, the nearest one above this module: the source (src/cli/commands),
 * the compiled tree (dist/cli/commands) and the bundle (dist/bundle) sit at different depths.
 */
/** Written in by the single-executable build (scripts/build-binary.ts), which has no package.json beside it. */
declare const VIRTWORK_EMBEDDED_VERSION: string | undefined;

export const readVersion = (): string => {
  if (typeof VIRTWORK_EMBEDDED_VERSION === 'string') return VIRTWORK_EMBEDDED_VERSION;
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'virtwork') return pkg.version;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (dir.pathname === '/') throw new InternalError(`no package.json of virtwork above ${import.meta.url}`);
  }
};

export interface VersionInfo {
  readonly version: string;
  readonly node: string;
  readonly platform: string;
}

export const versionCommand = (deps: CliDeps): Command =>
  withExamples(addOutputOption(new Command('version'), COMMAND_FORMATS.version), [
    'virtwork version',
    'virtwork version -o json',
  ])
    .description('Print the version of virtwork and of the Node.js runtime it runs on')
    .action(async (_flags: unknown, command: Command) => {
      const { formatAs } = await import('../output/print.js');
      const info: VersionInfo = { version: readVersion(), node: process.version, platform: `${process.platform}/${process.arch}` };
      deps.stdout.write(formatAs(outputOf(command), info, { table: () => `virtwork ${info.version}\nnode ${info.node} ${info.platform}\n` }));
    });
