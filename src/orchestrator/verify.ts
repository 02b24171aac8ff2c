/**
 * `virtwork verify`: for each VM of a run (found by its labels on the cluster, else in the audit
 * store: verify-audit-targets.ts), the KubeVirt
 * series its workload must move, queried from Prometheus and judged (verify-checks.ts). Two
 * label-selected lists (VMs, VMIs), then one instant query per check, a few at a time.
 */
import type { V1VirtualMachine, V1VirtualMachineInstance } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import pLimit from 'p-limit';
import type { PrometheusClient } from '../cluster/prometheus.js';
import { KUBEVIRT_GROUP, KUBEVIRT_VERSION, LABEL_PAIR, LABEL_ROLE, LABEL_RUN_ID, LABEL_WORKLOAD } from '../constants.js';
import { EnvironmentError } from '../errors.js';
import type { ApiContext } from '../kube/api.js';
import { managedSelector } from '../kube/labels.js';
import { listByLabel } from '../kube/list.js';
import { parseQuantity } from '../kube/quantity.js';
import { checksFor, judgeMirror, MIRROR_FACTOR, type Verdict, type VerifyTarget } from './verify-checks.js';

export interface VerifyRow {
  readonly namespace: string;
  readonly vm: string;
  readonly workload: string | null;
  readonly role: string | null;
  readonly phase: string | null;
  readonly series: string;
  readonly promql: string;
  /** null: Prometheus has no such series for this VM. */
  readonly observed: number | null;
  readonly unit: string;
  readonly expected: string;
  readonly verdict: Verdict;
}

/** Where the VM list came from: the cluster's labels, or the audit store for a run cleaned up since. */
export type VerifySource = 'cluster' | 'audit';

export interface VerifyReport {
  readonly prometheusUrl: string;
  readonly source: VerifySource;
  readonly namespace: string;
  readonly runId: string | null;
  readonly window: string;
  readonly vms: number;
  readonly rows: readonly VerifyRow[];
  /** Every VM's load is visible: no row is low, high, flat or missing. */
  readonly passed: boolean;
}

/** Queries in flight at once: enough to be quick, few enough for a shared thanos-querier. */
const QUERY_CONCURRENCY = 8;
const FAILING: readonly Verdict[] = ['low', 'high', 'flat', 'missing'];

export const isFailing = (verdict: Verdict): boolean => FAILING.includes(verdict);

const vcpusOf = (vm: V1VirtualMachine): number => {
  const cpu = vm.spec?.template?.spec?.domain?.cpu ?? {};
  return (cpu.cores ?? 1) * (cpu.sockets ?? 1) * (cpu.threads ?? 1);
};

const memoryOf = (vm: V1VirtualMachine): number | null => {
  const domain = vm.spec?.template?.spec?.domain;
  const quantity = domain?.memory?.guest ?? domain?.resources?.requests?.['memory'];
  if (quantity === undefined) return null;
  const bytes = parseQuantity(String(quantity));
  return bytes ?? null;
};

/** The disk whose volume is a DataVolume (or a PVC): virtwork's data disk. */
const dataDiskOf = (vm: V1VirtualMachine): string | null => {
  const volumes = vm.spec?.template?.spec?.volumes ?? [];
  return volumes.find((v) => v.dataVolume !== undefined || v.persistentVolumeClaim !== undefined)?.name ?? null;
};

/** The run's VMs, as verify targets, in name order; their params are filled in by verify-params.ts. */
export const collectVerifyTargets = async (api: ApiContext, options: { readonly namespace: string; readonly runId?: string }): Promise<VerifyTarget[]> => {
  const selector = managedSelector(options.runId);
  const [vms, vmis] = await Promise.all([
    listByLabel<V1VirtualMachine>(api, 'VirtualMachine', options.namespace, selector),
    listByLabel<V1VirtualMachineInstance>(api, 'VirtualMachineInstance', options.namespace, selector),
  ]);
  if (!vms.served) {
    throw new EnvironmentError(
      `the cluster at ${api.cluster.server} does not serve ${KUBEVIRT_GROUP}/${KUBEVIRT_VERSION}: install KubeVirt (OpenShift Virtualization) or choose another --context`,
    );
  }
  const phaseOf = new Map(vmis.items.map((vmi) => [vmi.metadata?.name ?? '', vmi.status?.phase]));
  return vms.items
    .map((vm): VerifyTarget => {
      const labels = vm.metadata?.labels ?? {};
      const name = vm.metadata?.name ?? '';
      const runId = labels[LABEL_RUN_ID] ?? null;
      const workload = labels[LABEL_WORKLOAD] ?? null;
      return {
        namespace: vm.metadata?.namespace ?? options.namespace,
        name,
        runId,
        workload,
        role: labels[LABEL_ROLE] ?? null,
        pair: labels[LABEL_PAIR] ?? null,
        phase: phaseOf.get(name) ?? vm.status?.printableStatus ?? null,
        vcpus: vcpusOf(vm),
        memoryBytes: memoryOf(vm),
        dataDisk: dataDiskOf(vm),
        interfaceName: vm.spec?.template?.spec?.domain?.devices?.interfaces?.[0]?.name ?? 'default',
        params: {},
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
};

/** Runs every target's checks against Prometheus and judges them. */
export const verifyTargets = async (
  targets: readonly VerifyTarget[],
  prometheus: PrometheusClient,
  options: { readonly namespace: string; readonly runId: string | null; readonly source: VerifySource; readonly window: string; readonly signal: AbortSignal },
): Promise<VerifyReport> => {
  const limit = pLimit(QUERY_CONCURRENCY);
  const rows: VerifyRow[] = await Promise.all(
    targets.flatMap((t) =>
      checksFor(t, options.window).map((check) =>
        limit(async (): Promise<VerifyRow> => {
          const samples = await prometheus.query(check.promql, options.signal);
          const value = samples[0]?.value;
          const observed = value === undefined || Number.isNaN(value) ? null : value;
          return {
            namespace: t.namespace,
            vm: t.name,
            workload: t.workload,
            role: t.role,
            phase: t.phase,
            series: check.series,
            promql: check.promql,
            observed,
            unit: check.unit,
            expected: check.expected,
            verdict: observed === null ? 'missing' : check.judge(observed),
          };
        }),
      ),
    ),
  );
  rows.push(...pairMirrorRows(targets, rows));
  return {
    prometheusUrl: prometheus.url,
    source: options.source,
    namespace: options.namespace,
    runId: options.runId,
    window: options.window,
    vms: targets.length,
    rows,
    passed: rows.every((r) => !isFailing(r.verdict)),
  };
};

/** `<workload>/<pair>` of a server or client, else undefined. */
const pairKey = (t: Pick<VerifyTarget, 'runId' | 'workload' | 'pair'>): string | undefined =>
  t.pair === null || t.workload === null ? undefined : `${t.runId}/${t.workload}/${t.pair}`;

/**
 * For each client of a server/client pair, whether what one end sends the other receives: the
 * client's transmit against the server's receive, and the server's transmit against the client's
 * receive, as ratios judged within a factor of MIRROR_FACTOR. From the rows already queried.
 */
export const pairMirrorRows = (targets: readonly VerifyTarget[], rows: readonly VerifyRow[]): VerifyRow[] => {
  const observed = (vm: string, direction: 'receive' | 'transmit'): number | null =>
    rows.find((r) => r.vm === vm && r.series.startsWith(`kubevirt_vmi_network_${direction}_bytes_total`))?.observed ?? null;
  const servers = new Map(targets.filter((t) => t.role === 'server' && pairKey(t) !== undefined).map((t) => [pairKey(t)!, t]));
  const mirrored: VerifyRow[] = [];
  for (const client of targets.filter((t) => t.role === 'client')) {
    const server = servers.get(pairKey(client) ?? '');
    if (server === undefined) continue;
    for (const [from, to] of [[client, server], [server, client]] as const) {
      const sent = observed(from.name, 'transmit');
      const received = observed(to.name, 'receive');
      if (sent === null || received === null) continue; // the rows above already say missing
      const ratio = received === 0 ? 0 : sent / received;
      mirrored.push({
        namespace: client.namespace,
        vm: client.name,
        workload: client.workload,
        role: client.role,
        phase: client.phase,
        series: `${from.role} transmit / ${to.role} receive (${from.name} → ${to.name})`,
        promql: '(from the network rows above)',
        observed: ratio,
        unit: 'ratio',
        expected: `mirrored: between 1/${MIRROR_FACTOR} and ${MIRROR_FACTOR}`,
        verdict: sent === 0 && received === 0 ? 'flat' : judgeMirror(ratio),
      });
    }
  }
  return mirrored;
};
