/**
 * Are KubeVirt and CDI installed, deployed, and at which versions? Their APIs must be served and
 * their custom resources (listed: OpenShift calls them kubevirt-kubevirt-hyperconverged in
 * openshift-cnv and cdi-kubevirt-hyperconverged) must report Deployed and Available.
 */
import type { V1APIGroupList } from '@kubernetes/client-node';
import type { V1beta1CDI } from '@kubevirt-ui-ext/kubevirt-api/containerized-data-importer';
import type { V1KubeVirt } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { serves } from '../../kube/api-check.js';
import { KINDS, rbacResource, type KindInfo } from '../../kube/kinds.js';
import { fail, pass, warn, whyFailed, type CheckResult, type Read } from './check.js';

/** What both operators' CRs tell, whatever their types call the fields. */
interface OperatorState {
  readonly where: string;
  readonly phase?: string | undefined;
  readonly version?: string | undefined;
  readonly available?: { readonly status: string; readonly message?: string } | undefined;
}

interface Operator {
  readonly name: string;
  readonly product: string;
  /** The CR kind; its group-version is the API the operator serves. */
  readonly kind: KindInfo;
  readonly install: string;
}

const KUBEVIRT: Operator = {
  name: 'kubevirt',
  product: 'KubeVirt',
  kind: KINDS.KubeVirt,
  install: 'install OpenShift Virtualization (or KubeVirt), or choose another --context',
};
const CDI: Operator = {
  name: 'cdi',
  product: 'CDI',
  kind: KINDS.CDI,
  install: 'install OpenShift Virtualization (or the Containerized Data Importer), or choose another --context',
};

export const checkKubeVirt = (groups: Read<V1APIGroupList>, crs: Read<V1KubeVirt[]>): CheckResult =>
  checkOperator(KUBEVIRT, groups, crs, (kv) => ({
    where: `${kv.metadata?.namespace ?? ''}/${kv.metadata?.name ?? ''}`,
    phase: kv.status?.phase,
    version: kv.status?.observedKubeVirtVersion ?? kv.status?.targetKubeVirtVersion,
    available: kv.status?.conditions?.find((c) => c.type === 'Available'),
  }));

export const checkCdi = (groups: Read<V1APIGroupList>, crs: Read<V1beta1CDI[]>): CheckResult =>
  checkOperator(CDI, groups, crs, (cdi) => ({
    where: cdi.metadata?.name ?? '',
    phase: cdi.status?.phase,
    version: cdi.status?.observedVersion ?? cdi.status?.targetVersion,
    available: cdi.status?.conditions?.find((c) => c.type === 'Available'),
  }));

const checkOperator = <T>(operator: Operator, groups: Read<V1APIGroupList>, crs: Read<T[]>, stateOf: (cr: T) => OperatorState): CheckResult => {
  const { name, product, kind } = operator;
  const api = `${kind.group}/${kind.version}`;
  if (groups.ok && !serves(groups.value, kind.group, kind.version)) {
    return fail(name, `the cluster does not serve ${api}: ${product} is not installed`, operator.install);
  }
  if (!crs.ok) {
    const scope = kind.namespaced ? ' in all namespaces' : '';
    return warn(name, `cannot list ${rbacResource(kind)}${scope} (${whyFailed(crs)}), so ${product}'s version and state are unknown`,
      crs.status === 403 ? `ask for list on ${rbacResource(kind)} cluster-wide to see them` : undefined);
  }
  const [first, ...others] = crs.value;
  if (first === undefined) {
    return fail(name, `${api} is served but there is no ${product} custom resource: ${product} is not deployed`,
      `create the HyperConverged resource of OpenShift Virtualization (or a ${product} resource) and wait until it is Deployed`);
  }
  const state = stateOf(first);
  const version = state.version ?? 'of unknown version';
  const more = others.length > 0 ? ` (and ${others.length} more)` : '';
  const isAvailable = state.available === undefined || state.available.status === 'True';
  if (state.phase !== 'Deployed' || !isAvailable) {
    const availability = isAvailable ? '' : `, not Available${state.available?.message ? `: ${state.available.message}` : ''}`;
    return warn(name, `${product} ${version} (${state.where}${more}) is ${state.phase ?? 'in no phase'}${availability}`,
      `wait until it is Deployed; its conditions say why not (kubectl get ${kind.plural} -A -o yaml)`);
  }
  return pass(name, `${product} ${version}, Deployed (${state.where}${more})`);
};
