/**
 * The resolved configuration of one `virtwork run`: flags > VIRTWORK_* env > YAML file > defaults,
 * already validated. Everything below the CLI takes this shape and never reads env or flags itself.
 */

/** kubectl's printers: a table, the same with more columns, the objects as JSON or YAML, `kind/name` lines. */
export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml', 'name'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Log lines for a person (text) or for a machine (json). */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

import type { ReadinessMode } from '../constants.js';
import type { GuestOs } from './guest-os.js';

/** A param value as the user gave it: strings from flags and env, typed scalars from YAML. */
/** `--vm-concurrency`: `auto` (adaptive) or a fixed number of requests in flight. */
export type VmConcurrency = number | 'auto';

export type ParamValue = string | number | boolean;
export type ParamValues = Readonly<Record<string, ParamValue>>;

export interface SshConfig {
  readonly user: string;
  /** Plain text as given by the user; only its SHA-512 crypt hash ever leaves the process. */
  readonly password?: string;
  /** --ssh-key values merged with the contents of every --ssh-key-file, in order, deduplicated. */
  readonly authorizedKeys: readonly string[];
}

/** `workloads.<name>` in the YAML config file: per-workload overrides of the global values. */
export interface WorkloadOverrides {
  readonly vmCount?: number;
  readonly cpuCores?: number;
  readonly memory?: string;
}

/** Where the kubeconfig path came from, for messages about the file. */
export type KubeconfigFrom = '--kubeconfig' | 'VIRTWORK_KUBECONFIG' | 'the config file';

/** Which kubeconfig and context the settings chose; absent fields fall back along the kubeconfig chain. */
export interface KubeconfigTarget {
  readonly kubeconfig?: string;
  readonly kubeconfigFrom?: KubeconfigFrom;
  readonly context?: string;
}

/** The namespace a kubeconfig context names, with that context's name (for messages). */
export interface ContextNamespace {
  readonly context: string;
  readonly namespace: string;
}

/**
 * Reads the namespace of the target's context; undefined when there is no usable kubeconfig or the
 * context names no namespace. Injected by the CLI, so resolving settings needs no cluster client.
 */
export type ContextNamespaceReader = (target: KubeconfigTarget) => Promise<ContextNamespace | undefined>;

/** What every command reads: the namespace, which cluster and how, how much to log, how to print. */
export interface CommonSettings {
  readonly namespace: string;
  readonly kubeconfig?: string;
  readonly kubeconfigFrom?: KubeconfigFrom;
  readonly context?: string;
  readonly verbose: boolean;
  readonly output: OutputFormat;
}

export interface RunConfig extends CommonSettings {

  /** Workload names in the order given; defaults to DEFAULTS.workloads. */
  readonly workloads: readonly string[];
  readonly vmCount: number;
  readonly cpuCores: number;
  readonly memory: string;
  readonly diskSize: string;
  /** `storageClassName` of every data disk; absent: the cluster's default StorageClass. */
  readonly storageClass?: string;
  readonly containerDiskImage: string;
  /** The guest OS profile the cloud-init is written for; absent: fedora. */
  readonly guestOs?: GuestOs;
  /** Leave cloud-init `packages:` out (the image already has the tools); absent: false. */
  readonly skipPackageInstall?: boolean;
  /** How a VM counts as ready, and so which probe and health unit it gets. */
  readonly readiness: ReadinessMode;
  /** Clients name their server's Service `<svc>.<ns>.svc.<clusterDomain>`; absent: the short name. */
  readonly clusterDomain?: string;
  readonly dryRun: boolean;
  /** false with --no-wait */
  readonly wait: boolean;
  readonly timeoutSeconds: number;
  readonly ssh: SshConfig;
  /** Create requests in flight: `auto` adapts to the server's answers; a number fixes it. */
  readonly vmConcurrency: VmConcurrency;
  /**
   * `--params cpu.cpu-load-percent=50` becomes `{ cpu: { 'cpu-load-percent': '50' } }`. Final: already
   * merged key by key over VIRTWORK_PARAMS and the file's `params` and `workloads.<name>.params`.
   */
  readonly params: Readonly<Record<string, ParamValues>>;
  /**
   * The file's `workloads.<name>` sections, reduced to the values that apply: a field is left out when
   * a flag or variable set the global value it refines. `enabled` is already applied (it decided
   * `workloads`) and params are already in `params`, so neither is set here.
   * Effective value for a workload: `workloadOverrides[name]?.vmCount ?? vmCount` (same for cpuCores, memory).
   */
  readonly workloadOverrides: Readonly<Record<string, WorkloadOverrides>>;
}
