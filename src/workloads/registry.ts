/** The built-in workloads, in order. A new workload is one file plus one entry in `builtins`. */
import { didYouMean } from '../config/suggest.js';
import { InvalidInputError } from '../errors.js';
import { chaosDisk } from './chaos-disk.js';
import { chaosNetwork } from './chaos-network.js';
import { chaosProcess } from './chaos-process.js';
import { cpu } from './cpu.js';
import { database } from './database.js';
import type { WorkloadDefinition } from './define-workload.js';
import { disk } from './disk.js';
import { memory } from './memory.js';
import { network } from './network.js';
import { describeParams, parseParams, type ParamDescription, type ParamValues } from './params.js';

export { InvalidParamError } from './params.js';
import { tps } from './tps.js';
import type { Workload, WorkloadConfig, WorkloadContext } from './workload.js';

export const builtins: readonly WorkloadDefinition[] = [
  cpu,
  memory,
  disk,
  database,
  network,
  tps,
  chaosDisk,
  chaosNetwork,
  chaosProcess,
];

export const getWorkloadDefinition = (name: string): WorkloadDefinition => {
  const definition = builtins.find((w) => w.name === name);
  if (definition) return definition;
  const names = builtins.map((w) => w.name);
  throw new InvalidInputError(
    '--workloads',
    name,
    `unknown workload; built-in workloads are ${names.join(', ')} (see virtwork workloads)${didYouMean(name, names)}`,
  );
};

/**
 * Checks the params of a workload the run does not build: an unknown workload is an InvalidInputError,
 * an unknown key (with a did-you-mean) or a value of the wrong type an InvalidParamError.
 */
export const validateParams = (name: string, params: ParamValues): void => {
  parseParams(getWorkloadDefinition(name), params);
};

/** Validates the params (InvalidInputError, field `--params <workload>.<key>`) and builds the workload. */
export const createWorkload = (name: string, config: WorkloadConfig, ctx: WorkloadContext): Workload =>
  getWorkloadDefinition(name).create(config, ctx);

export interface WorkloadDescription {
  readonly name: string;
  readonly description: string;
  /** Chaos: runs only when named in `--workloads`; catalog entries run only when named too. */
  readonly optIn: boolean;
  /** A catalog entry rather than a built-in. */
  readonly catalog?: boolean;
  /** Roles of a multi-VM workload, empty otherwise. */
  readonly roles: readonly string[];
  /** VMs per `--vm-count`: one per role, or 1. */
  readonly vmsPerCount: number;
  readonly dataDisk: boolean;
  /** The Service in front of each pair's VM of one role, if any: its ports as `name port/protocol`. */
  readonly service?: { readonly selects: string; readonly ports: readonly string[] };
  readonly params: readonly ParamDescription[];
}

/** Everything `virtwork workloads` and the README show about the built-ins. */
export const describeWorkloads = (): WorkloadDescription[] =>
  builtins.map((w) => ({
    name: w.name,
    description: w.description,
    optIn: w.optIn,
    roles: w.roles,
    vmsPerCount: Math.max(1, w.roles.length),
    dataDisk: w.hasDataDisk,
    ...(w.service && {
      service: { selects: w.service.selectorRole, ports: w.service.ports.map((p) => `${p.name} ${p.port}/${p.protocol ?? 'TCP'}`) },
    }),
    params: describeParams(w.params),
  }));
