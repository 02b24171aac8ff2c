/**
 * `virtwork version`: the package version and the runtime it runs on, then, as `kubectl version` does,
 * the cluster's: Kubernetes, KubeVirt and CDI. `--client` skips the cluster; an unreachable one is a
 * warning, not a failure, so the client's version is always there to read.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { InternalError } from '../../errors.js';
import type { ServerVersions } from '../../orchestrator/server-versions.js';
import type { CommandContext } from '../deps.js';
import { withExamples } from '../examples.js';
import { addOutputOption, COMMAND_FORMATS, outputOf } from '../output/formats.js';
import { completeCommon, withCluster } from './cluster-command.js';

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
  /** Absent with --client, or when the cluster could not be asked. */
  readonly server?: ServerVersions;
}

/** How long the cluster may take to answer before version prints the client's alone. */
const SERVER_TIMEOUT_MS = 10_000;

export const versionCommand = (ctx: CommandContext): Command =>
  withExamples(addOutputOption(new Command('version'), COMMAND_FORMATS.version), [
    'virtwork version',
    'virtwork version --client -o json',
    'virtwork version --context prod',
  ])
    .description('Print the version of virtwork and its Node.js runtime, and the cluster\'s Kubernetes, KubeVirt and CDI versions')
    .option('--client', 'print the client version only, without asking the cluster')
    .action(async (flags: { client?: boolean }, command: Command) => {
      const client = { version: readVersion(), node: process.version, platform: `${process.platform}/${process.arch}` };
      const server = flags.client === true ? undefined : await askServer(command, ctx);
      const info: VersionInfo = { ...client, ...(server && { server }) };
      const { formatAs } = await import('../output/print.js');
      ctx.stdout.write(formatAs(outputOf(command), info, { table: () => formatVersion(info) }));
    });

/** The cluster's versions, or undefined with a warning saying why they are missing. */
const askServer = async (command: Command, ctx: CommandContext): Promise<ServerVersions | undefined> => {
  const { config, logger } = await completeCommon(command, ctx, 'global');
  try {
    const { serverVersions } = await import('../../orchestrator/server-versions.js');
    return await withCluster(config, ctx, logger, (api) => serverVersions({ ...api, signal: AbortSignal.any([api.signal, AbortSignal.timeout(SERVER_TIMEOUT_MS)]) }));
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'cannot ask the cluster for its versions; --client prints the client alone');
    return undefined;
  }
};

const formatVersion = ({ version, node, platform, server }: VersionInfo): string =>
  [
    `virtwork ${version}`,
    `node ${node} ${platform}`,
    ...(server === undefined
      ? []
      : [`server ${server.server}`, `kubernetes ${server.kubernetes}`, `kubevirt ${server.kubevirt ?? '<not found>'}`, `cdi ${server.cdi ?? '<not found>'}`]),
  ].join('\n') + '\n';
