/** `virtwork version`: the package version, and the runtime it runs on. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { InvalidInputError } from '../errors.js';
import type { CliDeps } from './deps.js';

/** From package.json, two levels up from src/cli, dist/cli and the bundle in dist/bundle. */
export const readVersion = (): string => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
};

export interface VersionInfo {
  readonly version: string;
  readonly node: string;
  readonly platform: string;
}

export const versionCommand = (deps: CliDeps): Command =>
  new Command('version')
    .description('Print the version of virtwork and of the Node.js runtime it runs on')
    .action((_flags: unknown, command: Command) => {
      const { output } = command.optsWithGlobals<{ output?: string }>();
      if (output === 'yaml') throw new InvalidInputError('--output', output, 'version prints table (the default) or json');
      const info: VersionInfo = { version: readVersion(), node: process.version, platform: `${process.platform}/${process.arch}` };
      deps.stdout.write(
        output === 'json'
          ? `${JSON.stringify(info, null, 2)}\n`
          : `virtwork ${info.version}\nnode ${info.node} ${info.platform}\n`,
      );
    });
