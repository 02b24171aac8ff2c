/**
 * CONTRACT between planning (src/orchestrator/plan.ts), the CLI and later the cluster run:
 * everything one run will create, decided before anything touches a cluster.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ReadinessMode } from '../constants.js';
import type { DataDiskSpec } from '../workloads/workload.js';

export interface VmPlan {
  /** Deterministic: `virtwork-<workload>-<index>[-<role>]`. */
  readonly name: string;
  readonly workload: string;
  readonly role?: string;
  readonly index: number;
  readonly cpuCores: number;
  readonly memory: string;
  readonly image: string;
  /** The exact `#cloud-config` text stored in the VM's Secret. */
  readonly userdata: string;
  readonly secretName: string;
  readonly unitNames: readonly string[];
  readonly dataDisks: readonly DataDiskSpec[];
}

/** A workload of the run, with its params as parsed when it was built. */
export interface PlannedWorkload {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface RunPlan {
  readonly runId: string;
  readonly namespace: string;
  /** The guest OS profile every VM's cloud-init was written for; absent: fedora. */
  readonly guestOs?: string;
  /** How the VMs count as ready: the probe they carry, and what the wait looks for. */
  readonly readiness: ReadinessMode;
  /** The workloads in the order given. */
  readonly workloads: readonly PlannedWorkload[];
  readonly vms: readonly VmPlan[];
  /**
   * The objects to create, one group per kind in creation order: Namespace, Services, Secrets,
   * VirtualMachines. A group builds each object when iterated, so a run or a dry run holds only the
   * objects in flight, not 100 KB per VM of them.
   */
  readonly kinds: readonly PlannedKind[];
  /**
   * Every object in creation order, all built at once on each read: for small plans (a catalog
   * entry's check, tests). A run and a dry run iterate `kinds` instead.
   */
  readonly objects: readonly KubernetesObject[];
}

/** The planned objects of one kind: their names up front, the objects themselves built one by one when iterated. */
export interface PlannedKind extends Iterable<KubernetesObject> {
  readonly kind: string;
  /** The objects' names, in creation order. */
  readonly names: readonly string[];
}
