/**
 * The labels virtwork writes and the selectors it reads, from one source: a Service selects exactly
 * what a VM template carries, and cleanup selects exactly what every object carries.
 */
import {
  LABEL_APP_COMPONENT,
  LABEL_APP_NAME,
  LABEL_MANAGED_BY,
  LABEL_PAIR,
  LABEL_ROLE,
  LABEL_RUN_ID,
  LABEL_VALUE_MAX_LENGTH,
  LABEL_VALUE_PATTERN,
  LABEL_WORKLOAD,
  MANAGED_BY,
} from '../constants.js';
import { InvalidInputError } from '../errors.js';

export type Labels = Readonly<Record<string, string>>;

/** On everything virtwork creates: cleanup never deletes an object without them. */
export const managedLabels = (runId: string): Labels => ({
  [LABEL_MANAGED_BY]: MANAGED_BY,
  [LABEL_RUN_ID]: labelValue(LABEL_RUN_ID, runId),
});

/** Which workload an object belongs to; objects shared by a workload's roles (a Service) carry only this. */
export const workloadLabels = (workload: string): Labels => ({
  [LABEL_WORKLOAD]: labelValue(LABEL_WORKLOAD, workload),
});

/**
 * The Kubernetes recommended labels for a workload's objects, as the Go implementation sets them:
 * `app.kubernetes.io/name=virtwork-<workload>`, `app.kubernetes.io/component=<workload>`. Labels
 * only: Services select on `virtwork/*`, so their selectors stay as they are.
 */
export const recommendedLabels = (workload: string): Labels => ({
  [LABEL_APP_NAME]: labelValue(LABEL_APP_NAME, `virtwork-${workload}`),
  [LABEL_APP_COMPONENT]: labelValue(LABEL_APP_COMPONENT, workload),
});

/**
 * Which workload and role a VM plays. A single-role workload has no role, so its VMs carry no role
 * label rather than an invented one: `-l virtwork/role` finds exactly the VMs of multi-VM workloads.
 */
export const roleLabels = (workload: string, role?: string): Labels =>
  role === undefined
    ? workloadLabels(workload)
    : { ...workloadLabels(workload), [LABEL_ROLE]: labelValue(LABEL_ROLE, role) };

/** Which pair of a multi-VM workload a VM belongs to; a pair's Service selects it with its role. */
export const pairLabels = (index: number): Labels => ({ [LABEL_PAIR]: String(index) });

/** `k=v,k=v`: the form list, watch and deletecollection take. */
export const toSelector = (labels: Labels): string =>
  Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');

/**
 * Every object virtwork made, or with `runId` one run's: what wait, status and cleanup select.
 * `narrowedBy` (a user's `-l`, already validated) is ANDed on, so it can only narrow, never widen.
 */
export const managedSelector = (runId?: string, narrowedBy?: string): string => {
  const managed = runId === undefined ? toSelector({ [LABEL_MANAGED_BY]: MANAGED_BY }) : toSelector(managedLabels(runId));
  return narrowedBy === undefined ? managed : `${managed},${narrowedBy}`;
};

const labelValue = (key: string, value: string): string => {
  if (value.length > LABEL_VALUE_MAX_LENGTH || !LABEL_VALUE_PATTERN.test(value)) {
    throw new InvalidInputError(
      `label ${key}`,
      value,
      `a label value must be at most ${LABEL_VALUE_MAX_LENGTH} characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`,
    );
  }
  return value;
};
