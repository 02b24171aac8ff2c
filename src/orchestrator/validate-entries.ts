/**
 * What `virtwork validate` says about each catalog entry: its problems from the entry check, then,
 * for an entry without errors, those of planning it as a run would (one count, defaults, both guest
 * OSes), which builds its cloud-configs and every object from the same code a run uses; given a
 * schema checker, every planned object and cloud-config is checked against its schema too.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { didYouMean } from '../config/suggest.js';
import type { RunConfig } from '../config/types.js';
import { GUEST_OS_NAMES } from '../config/guest-os.js';
import { DEFAULTS } from '../constants.js';
import type { CheckedEntry } from '../workloads/catalog/entry.js';
import { problemText, type CatalogProblem } from '../workloads/catalog/problems.js';
import type { SchemaChecker } from '../schemas/checker.js';
import type { RunPlan } from './plan-types.js';
import { workloadSet } from '../workloads/workload-set.js';
import { buildRunPlan } from './plan.js';

export type ValidationStatus = 'OK' | 'WARN' | 'FAIL';

export interface EntryValidation {
  readonly name: string;
  readonly status: ValidationStatus;
  /** Every problem, errors and warnings, each on one line. */
  readonly problems: readonly { readonly level: CatalogProblem['level']; readonly message: string }[];
}

/**
 * `names` empty: every entry. A name the catalog does not have fails, with a did-you-mean. Without
 * `schemas` the planned objects are built but not checked against any schema.
 */
export const validateEntries = (
  checked: readonly CheckedEntry[],
  names: readonly string[],
  schemas?: SchemaChecker,
): EntryValidation[] => {
  const selected = names.length === 0 ? checked.map((entry) => entry.name) : [...new Set(names)];
  return selected.map((name) => {
    const entry = checked.find((c) => c.name === name);
    if (entry === undefined) {
      const known = checked.map((c) => c.name);
      return verdict(name, [{ level: 'error', field: name, fix: `no such catalog entry${known.length > 0 ? ` (entries: ${known.join(', ')})` : ''}${didYouMean(name, known)}` }]);
    }
    return verdict(name, [...entry.problems, ...planProblems(entry, schemas)]);
  });
};

const verdict = (name: string, problems: readonly CatalogProblem[]): EntryValidation => ({
  name,
  status: problems.some((p) => p.level === 'error') ? 'FAIL' : problems.length > 0 ? 'WARN' : 'OK',
  problems: problems.map((problem) => ({ level: problem.level, message: problemText(problem) })),
});

/**
 * Planning the entry alone, on each guest OS: a problem there is one a run would meet. A schema
 * violation found on every guest OS is listed once; one found on some names them.
 */
const planProblems = ({ entry, name }: CheckedEntry, schemas: SchemaChecker | undefined): CatalogProblem[] => {
  if (entry === undefined) return [];
  const factory = workloadSet([entry]);
  const violations = new Map<string, { field: string; fix: string; guestOses: Set<string> }>();
  const failures = GUEST_OS_NAMES.flatMap((guestOs) => {
    try {
      const plan = buildRunPlan(validationConfig(name, guestOs), { runId: '00000000-0000-4000-8000-000000000000' }, factory);
      for (const violation of schemas === undefined ? [] : schemaViolations(plan, schemas)) {
        const key = `${violation.field}\n${violation.fix}`;
        const seen = violations.get(key) ?? { ...violation, guestOses: new Set<string>() };
        seen.guestOses.add(guestOs);
        violations.set(key, seen);
      }
      return [];
    } catch (error) {
      return [{ level: 'error' as const, field: `${name} (planned for ${guestOs})`, fix: error instanceof Error ? error.message : String(error) }];
    }
  });
  const schemaProblems = [...violations.values()].map(({ field, fix, guestOses }): CatalogProblem => ({
    level: 'error',
    field: guestOses.size === GUEST_OS_NAMES.length ? field : `${field} (planned for ${[...guestOses].join(', ')})`,
    fix,
  }));
  return [...failures, ...schemaProblems];
};

const objectName = (obj: KubernetesObject): string => `${obj.kind ?? ''}/${obj.metadata?.name ?? ''}`;

/** Every planned object against its API schema, and each VM's cloud-config against cloud-init's (in its Secret). */
const schemaViolations = (plan: RunPlan, schemas: SchemaChecker): { field: string; fix: string }[] => [
  ...plan.objects.flatMap((obj) =>
    schemas.objectViolations(obj).map((v) => ({ field: `${objectName(obj)} ${v.path}`, fix: `schema: ${v.message}` })),
  ),
  ...plan.vms.flatMap((vm) =>
    schemas
      .cloudConfigViolations(vm.userdata)
      .map((v) => ({ field: `Secret/${vm.secretName} cloud-config ${v.path}`, fix: `cloud-init schema: ${v.message}` })),
  ),
];

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
