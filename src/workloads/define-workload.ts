/** The registry's view of a workload: what it is, for listing, and how to create it for a run. */
import { DEFAULTS } from '../constants.js';
import { BaseWorkload, MultiRoleWorkload } from './base-workload.js';
import type { ParamsSchema } from './params.js';
import type { WorkloadSpec } from './workload-spec.js';
import type { ServiceSpec, Workload, WorkloadConfig, WorkloadContext } from './workload.js';

export interface WorkloadDefinition {
  readonly name: string;
  readonly description: string;
  /** Chaos workloads run only when named. */
  readonly optIn: boolean;
  /** Roles of a multi-VM workload; empty for a single-role one. */
  readonly roles: readonly string[];
  readonly params: ParamsSchema;
  readonly service?: ServiceSpec | undefined;
  readonly hasDataDisk: boolean;
  /** Validates `config.params` (InvalidInputError on a bad one) and builds the workload. */
  create(config: WorkloadConfig, ctx: WorkloadContext): Workload;
}

export const defineWorkload = <S extends ParamsSchema>(spec: WorkloadSpec<S>): WorkloadDefinition => ({
  name: spec.name,
  description: spec.description,
  // DEFAULTS.workloads is the one list of what runs without --workloads; the rest (chaos: destructive
  // inside its VM) runs only when named.
  optIn: !(DEFAULTS.workloads as readonly string[]).includes(spec.name),
  roles: spec.roles ?? [],
  params: spec.params,
  service: spec.service,
  hasDataDisk: spec.dataMount !== undefined,
  create: (config, ctx) =>
    spec.roles === undefined ? new BaseWorkload(spec, config, ctx) : new MultiRoleWorkload({ ...spec, roles: spec.roles }, config, ctx),
});
