/**
 * What `virtwork validate` says about each catalog entry: its problems from the entry check, then,
 * for an entry without errors, those of planning it as a run would (one count, defaults, both guest
 * OSes), which builds its cloud-configs and every object from the same code a run uses.
 */
import { didYouMean } from '../config/suggest.js';
import type { RunConfig } from '../config/types.js';
import { GUEST_OS_NAMES } from '../config/guest-os.js';
import { DEFAULTS } from '../constants.js';
import type { CheckedEntry } from '../workloads/catalog/entry.js';
import { problemText, type CatalogProblem } from '../workloads/catalog/problems.js';
import { workloadSet } from '../workloads/workload-set.js';
import { buildRunPlan } from './plan.js';

export type ValidationStatus = 'OK' | 'WARN' | 'FAIL';

export interface EntryValidation {
  readonly name: string;
  readonly status: ValidationStatus;
  /** Every problem, errors and warnings, each on one line. */
  readonly problems: readonly { readonly level: CatalogProblem['level']; readonly message: string }[];
}

/** `names` empty: every entry. A name the catalog does not have fails, with a did-you-mean. */
export const validateEntries = (checked: readonly CheckedEntry[], names: readonly string[]): EntryValidation[] => {
  const selected = names.length === 0 ? checked.map((entry) => entry.name) : [...new Set(names)];
  return selected.map((name) => {
    const entry = checked.find((c) => c.name === name);
    if (entry === undefined) {
      const known = checked.map((c) => c.name);
      return verdict(name, [{ level: 'error', field: name, fix: `no such catalog entry${known.length > 0 ? ` (entries: ${known.join(', ')})` : ''}${didYouMean(name, known)}` }]);
    }
    return verdict(name, [...entry.problems, ...planProblems(entry)]);
  });
};

const verdict = (name: string, problems: readonly CatalogProblem[]): EntryValidation => ({
  name,
  status: problems.some((p) => p.level === 'error') ? 'FAIL' : problems.length > 0 ? 'WARN' : 'OK',
  problems: problems.map((problem) => ({ level: problem.level, message: problemText(problem) })),
});

/** Planning the entry alone, on each guest OS: a problem there is one a run would meet. */
const planProblems = ({ entry, name }: CheckedEntry): CatalogProblem[] => {
  if (entry === undefined) return [];
  const factory = workloadSet([entry]);
  return GUEST_OS_NAMES.flatMap((guestOs) => {
    try {
      buildRunPlan(validationConfig(name, guestOs), { runId: '00000000-0000-4000-8000-000000000000' }, factory);
      return [];
    } catch (error) {
      return [{ level: 'error' as const, field: `${name} (planned for ${guestOs})`, fix: error instanceof Error ? error.message : String(error) }];
    }
  });
};

const validationConfig = (name: string, guestOs: RunConfig['guestOs']): RunConfig => ({
  namespace: DEFAULTS.namespace,
  verbose: false,
  output: 'yaml',
  workloads: [name],
  vmCount: 1,
  cpuCores: DEFAULTS.cpuCores,
  memory: DEFAULTS.memory,
  diskSize: DEFAULTS.diskSize,
  containerDiskImage: DEFAULTS.containerDiskImage,
  ...(guestOs !== undefined && { guestOs }),
  readiness: DEFAULTS.readiness,
  dryRun: true,
  wait: false,
  timeoutSeconds: DEFAULTS.timeoutSeconds,
  ssh: { user: DEFAULTS.sshUser, authorizedKeys: [] },
  vmConcurrency: DEFAULTS.vmConcurrency,
  params: {},
  workloadOverrides: {},
});
