/**
 * The workloads one command can use: the built-ins and the catalog's valid entries, behind the one
 * factory planning takes. Catalog names never clash with built-in ones (the entry check refuses it).
 */
import { didYouMean } from '../config/suggest.js';
import { InvalidInputError } from '../errors.js';
import { createCatalogWorkload } from './catalog/catalog-workload.js';
import type { CatalogEntry } from './catalog/entry.js';
import { describeCatalogParams, parseCatalogParams } from './catalog/params.js';
import { InvalidParamError, type ParamValues } from './params.js';
import { builtins, createWorkload as createBuiltin, describeWorkloads, validateParams as validateBuiltinParams } from './registry.js';
import type { WorkloadDescription } from './registry.js';
import type { Workload, WorkloadConfig, WorkloadContext } from './workload.js';

export interface WorkloadSet {
  readonly builtinNames: readonly string[];
  readonly catalogNames: readonly string[];
  /** The class of a bad param's error, so a caller that loads this module lazily can recognise one. */
  readonly InvalidParamError: typeof InvalidParamError;
  /** Parses the params once and builds the workload (InvalidInputError / InvalidParamError). */
  createWorkload(name: string, config: WorkloadConfig, ctx: WorkloadContext): Workload;
  /** Checks the params of a workload the run does not build. */
  validateParams(name: string, params: ParamValues): void;
  /** The built-ins, then the catalog's entries, for `virtwork workloads`. */
  describeWorkloads(): WorkloadDescription[];
}

export const workloadSet = (catalog: readonly CatalogEntry[]): WorkloadSet => {
  const builtinNames = builtins.map((w) => w.name);
  const catalogNames = catalog.map((entry) => entry.name);
  const entryNamed = (name: string): CatalogEntry | undefined => catalog.find((entry) => entry.name === name);
  const known = (name: string): void => {
    if (builtinNames.includes(name) || entryNamed(name)) return;
    const names = [...builtinNames, ...catalogNames];
    throw new InvalidInputError('--workloads', name, `unknown workload; the workloads are ${names.join(', ')} (see virtwork workloads)${didYouMean(name, names)}`);
  };
  return {
    builtinNames,
    catalogNames,
    InvalidParamError,
    createWorkload: (name, config, ctx) => {
      known(name);
      const entry = entryNamed(name);
      return entry ? createCatalogWorkload(entry, config, ctx) : createBuiltin(name, config, ctx);
    },
    validateParams: (name, params) => {
      known(name);
      const entry = entryNamed(name);
      if (entry) parseCatalogParams(entry.name, entry.params, params);
      else validateBuiltinParams(name, params);
    },
    describeWorkloads: () => [...describeWorkloads(), ...catalog.map(describeEntry)],
  };
};

const describeEntry = (entry: CatalogEntry): WorkloadDescription => ({
  name: entry.name,
  description: entry.description,
  // Catalog entries run when named with --from-catalog, never by default.
  optIn: true,
  catalog: true,
  roles: entry.roles.map((role) => role.name),
  vmsPerCount: Math.max(1, entry.roles.length),
  dataDisk: entry.storage.length > 0,
  ...(entry.service && {
    service: { selects: entry.service.selectorRole, ports: entry.service.ports.map((p) => `${p.name} ${p.port}/${p.protocol ?? 'TCP'}`) },
  }),
  params: describeCatalogParams(entry.params),
});
