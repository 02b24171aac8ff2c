/**
 * Every configurable value, declared once: its flag, its VIRTWORK_* variable, its config-file key,
 * its default and its help text. The CLI builds its options from this table, the resolver walks it
 * for "flag > env > file > default", and the README's flag table is generated from it, so a new
 * setting (a later `--audit-db`, say) is one entry here plus its field in RunConfig.
 *
 * Kept free of zod and yaml so that building the command line (and `--version`) stays cheap.
 */
import { DEFAULTS } from '../constants.js';

/** How a raw value is checked and converted; each kind has one validator in `values.ts`. */
export type SettingKind =
  | 'string'
  | 'path'
  | 'namespace'
  | 'object-name'
  | 'count'
  | 'concurrency'
  | 'quantity'
  | 'duration'
  | 'boolean'
  | 'output'
  | 'list'
  | 'ssh-keys'
  | 'path-list'
  | 'guest-os'
  | 'user-name'
  | 'image'
  | 'run-id'
  | 'label-selector'
  | 'readiness'
  | 'log-format'
  | 'domain'
  | 'params';

/** The commands that declare their own options from this table (`doctor` takes `run`'s). */
export type SettingCommand = 'run' | 'cleanup' | 'status' | 'wait' | 'audit list' | 'validate';

/** Where the flag is declared: on the root program (global, read by every command) or on these commands. */
export type SettingScope = 'global' | readonly SettingCommand[];

export interface Setting {
  /** Flag as commander declares it, value placeholder included: `--vm-count <n>`. */
  readonly flag: string;
  /** Environment variable, or none for per-invocation flags such as `--dry-run`. */
  readonly env?: string;
  /** Top-level key in the YAML config file, or none when the file cannot set it. */
  readonly fileKey?: string;
  readonly kind: SettingKind;
  readonly scope: SettingScope;
  readonly description: string;
  /** Shown in help and docs; the resolver falls back to it when no source sets the value. */
  readonly default?: string | number | boolean | readonly string[];
  /** How help and docs word the default when something comes before it (the namespace: the kubeconfig context's). */
  readonly defaultShown?: string;
  /** Repeatable flag whose values accumulate (`--ssh-key a --ssh-key b`). */
  readonly repeatable?: boolean;
  /** Never echoed back in an error message or a log line. */
  readonly sensitive?: boolean;
  /**
   * The Go implementation's names for this setting where they differ from ours, accepted so its
   * users' variables and config files keep working. `inverted`: the Go name means the opposite
   * (`wait_for_ready: false` is `no_wait: true`).
   */
  readonly goNames?: { readonly env: string; readonly fileKey: string; readonly inverted?: true };
}

const env = (name: string): string => `VIRTWORK_${name}`;

export const SETTINGS = {
  output: {
    flag: '-o, --output <format>',
    kind: 'output',
    scope: 'global',
    description: 'output format: table, wide, json, yaml or name, as the command prints them',
    default: DEFAULTS.output,
  },
  config: {
    flag: '--config <file>',
    env: env('CONFIG'),
    kind: 'path',
    scope: 'global',
    description: 'YAML config file (see docs/configuration.md)',
  },
  namespace: {
    flag: '-n, --namespace <name>',
    env: env('NAMESPACE'),
    fileKey: 'namespace',
    kind: 'namespace',
    scope: 'global',
    description: 'namespace of every object virtwork creates',
    default: DEFAULTS.namespace,
    defaultShown: `the namespace of the kubeconfig context, else ${DEFAULTS.namespace}`,
  },
  kubeconfig: {
    flag: '--kubeconfig <file>',
    env: env('KUBECONFIG'),
    fileKey: 'kubeconfig',
    kind: 'path',
    scope: 'global',
    description: 'kubeconfig file (else KUBECONFIG, in-cluster, ~/.kube/config)',
  },
  context: {
    flag: '--context <name>',
    env: env('CONTEXT'),
    fileKey: 'context',
    kind: 'string',
    scope: 'global',
    description: 'kubeconfig context to use (else its current-context)',
  },
  logFormat: {
    flag: '--log-format <format>',
    env: env('LOG_FORMAT'),
    fileKey: 'log_format',
    kind: 'log-format',
    scope: 'global',
    description: 'log lines on stderr: text (short lines for a person) or json (one object a line)',
    defaultShown: 'text on a terminal, else json',
  },
  quiet: {
    flag: '--quiet',
    env: env('QUIET'),
    fileKey: 'quiet',
    kind: 'boolean',
    scope: 'global',
    description: 'log errors only, and draw no progress: stderr carries only errors, stdout the result',
    default: false,
  },
  verbose: {
    flag: '--verbose',
    env: env('VERBOSE'),
    fileKey: 'verbose',
    kind: 'boolean',
    scope: 'global',
    description: 'log at debug level',
    default: false,
  },
  audit: {
    flag: '--audit',
    env: env('AUDIT'),
    fileKey: 'audit',
    kind: 'boolean',
    scope: 'global',
    description: 'record runs and cleanups in the audit database; --no-audit records nothing',
    default: true,
  },
  auditDb: {
    flag: '--audit-db <file>',
    env: env('AUDIT_DB'),
    fileKey: 'audit_db',
    kind: 'path',
    scope: 'global',
    description: 'audit database (default $XDG_STATE_HOME/virtwork/virtwork.db, else ~/.local/state/virtwork/virtwork.db)',
  },
  catalogDir: {
    flag: '--catalog-dir <dir>',
    env: env('CATALOG_DIR'),
    fileKey: 'catalog_dir',
    kind: 'path',
    scope: 'global',
    description: 'catalog of no-code workloads: one sub-directory of .service files (and workload.yaml) per entry (see docs/catalog.md)',
    default: '~/.virtwork/catalog',
  },
  schemasDir: {
    flag: '--schemas-dir <dir>',
    env: env('SCHEMAS_DIR'),
    fileKey: 'schemas_dir',
    kind: 'path',
    scope: ['validate'],
    description:
      'check the generated objects and cloud-configs against the schemas in this directory (kubernetes-swagger.json, kubevirt-swagger.json, cdi-swagger.json, cloud-init-schema-cloud-config-v1.json); without it they are not checked',
  },
  workloads: {
    flag: '--workloads <names>',
    env: env('WORKLOADS'),
    kind: 'list',
    scope: ['run'],
    repeatable: true,
    description: 'workloads to run, comma-separated or repeated; chaos workloads run only when named',
    default: DEFAULTS.workloads,
  },
  fromCatalog: {
    flag: '--from-catalog <names>',
    env: env('FROM_CATALOG'),
    fileKey: 'from_catalog',
    kind: 'list',
    scope: ['run'],
    repeatable: true,
    description: 'catalog entries to run, comma-separated or repeated; without --workloads, no built-in runs',
  },
  vmCount: {
    flag: '--vm-count <n>',
    env: env('VM_COUNT'),
    fileKey: 'vm_count',
    kind: 'count',
    scope: ['run'],
    description: 'VMs per workload (pairs for network and tps)',
    default: DEFAULTS.vmCount,
  },
  cpuCores: {
    flag: '--cpu-cores <n>',
    env: env('CPU_CORES'),
    fileKey: 'cpu_cores',
    kind: 'count',
    scope: ['run'],
    description: 'virtual CPU cores per VM',
    default: DEFAULTS.cpuCores,
  },
  memory: {
    flag: '--memory <quantity>',
    env: env('MEMORY'),
    fileKey: 'memory',
    kind: 'quantity',
    scope: ['run'],
    description: 'memory per VM',
    default: DEFAULTS.memory,
  },
  diskSize: {
    flag: '--disk-size <quantity>',
    env: env('DISK_SIZE'),
    fileKey: 'disk_size',
    kind: 'quantity',
    scope: ['run'],
    description: 'data disk size, for workloads that have one',
    default: DEFAULTS.diskSize,
    goNames: { env: env('DATA_DISK_SIZE'), fileKey: 'data_disk_size' },
  },
  storageClass: {
    flag: '--storage-class <name>',
    env: env('STORAGE_CLASS'),
    fileKey: 'storage_class',
    kind: 'object-name',
    scope: ['run'],
    description: "StorageClass of the data disks; default: the cluster's (CDI prefers the one marked as the default for virtualization)",
  },
  containerDiskImage: {
    flag: '--container-disk-image <image>',
    env: env('CONTAINER_DISK_IMAGE'),
    fileKey: 'container_disk_image',
    kind: 'image',
    scope: ['run'],
    description: 'boot disk image (a KubeVirt containerDisk)',
    default: DEFAULTS.containerDiskImage,
  },
  guestOs: {
    flag: '--guest-os <name>',
    env: env('GUEST_OS'),
    fileKey: 'guest_os',
    kind: 'guest-os',
    scope: ['run'],
    description:
      'guest OS of the image: fedora (also centos-stream, rhel) or debian (also ubuntu); ' +
      'default: from the --container-disk-image name, else fedora',
  },
  skipPackageInstall: {
    flag: '--skip-package-install',
    env: env('SKIP_PACKAGE_INSTALL'),
    fileKey: 'skip_package_install',
    kind: 'boolean',
    scope: ['run'],
    description: 'leave cloud-init packages out: the image already has every tool (a golden image)',
    default: false,
  },
  readiness: {
    flag: '--readiness <mode>',
    env: env('READINESS'),
    fileKey: 'readiness',
    kind: 'readiness',
    scope: ['run'],
    description:
      'when a VM counts as ready: http (its health endpoint says every workload unit is active), ' +
      'guest-agent (the same asked through the QEMU guest agent) or running (its VMI runs)',
    default: DEFAULTS.readiness,
  },
  clusterDomain: {
    flag: '--cluster-domain <domain>',
    env: env('CLUSTER_DOMAIN'),
    fileKey: 'cluster_domain',
    kind: 'domain',
    scope: ['run'],
    description:
      "clients reach their server's Service as <service>.<namespace>.svc.<domain>; " +
      'default: by its short name, through the DNS search path the cluster gives the guest',
  },
  dryRun: {
    flag: '--dry-run',
    env: env('DRY_RUN'),
    fileKey: 'dry_run',
    kind: 'boolean',
    scope: ['run', 'cleanup'],
    description: 'change nothing: run prints every object it would create (no cluster needed), cleanup lists what it would delete',
    default: false,
  },
  noWait: {
    flag: '--no-wait',
    env: env('NO_WAIT'),
    fileKey: 'no_wait',
    kind: 'boolean',
    scope: ['run'],
    description: 'return once the objects exist, without waiting for the VMs to be ready',
    default: false,
    goNames: { env: env('WAIT_FOR_READY'), fileKey: 'wait_for_ready', inverted: true },
  },
  timeout: {
    flag: '--timeout <duration>',
    env: env('TIMEOUT'),
    fileKey: 'timeout',
    kind: 'duration',
    scope: ['run', 'cleanup', 'wait'],
    description: 'how long run and wait wait for readiness, and cleanup --wait for the objects to go: seconds, or a duration such as 10m',
    default: DEFAULTS.timeoutSeconds,
  },
  sshUser: {
    flag: '--ssh-user <name>',
    env: env('SSH_USER'),
    fileKey: 'ssh_user',
    kind: 'user-name',
    scope: ['run'],
    description: 'guest user to create, besides the image’s own cloud user',
    default: DEFAULTS.sshUser,
  },
  sshPassword: {
    flag: '--ssh-password <password>',
    env: env('SSH_PASSWORD'),
    fileKey: 'ssh_password',
    kind: 'string',
    scope: ['run'],
    sensitive: true,
    description: 'password of the ssh user (sent only as a SHA-512 crypt hash)',
  },
  sshKey: {
    flag: '--ssh-key <key>',
    env: env('SSH_AUTHORIZED_KEYS'),
    fileKey: 'ssh_authorized_keys',
    kind: 'ssh-keys',
    scope: ['run'],
    repeatable: true,
    sensitive: true,
    description: 'authorized public key for the ssh user; repeatable',
  },
  sshKeyFile: {
    flag: '--ssh-key-file <file>',
    env: env('SSH_KEY_FILE'),
    fileKey: 'ssh_key_files',
    kind: 'path-list',
    scope: ['run'],
    repeatable: true,
    description: 'file of authorized public keys, one per line; repeatable, merged with --ssh-key',
  },
  vmConcurrency: {
    flag: '--vm-concurrency <n|auto>',
    env: env('VM_CONCURRENCY'),
    fileKey: 'vm_concurrency',
    kind: 'concurrency',
    scope: ['run'],
    description:
      'create requests in flight: auto starts at 10 and adapts to the server (more while it answers quickly, half on a 429 or a slowdown, at most 50); a number fixes it',
    default: DEFAULTS.vmConcurrency,
  },
  params: {
    flag: '--params <workload.key=value,...>',
    env: env('PARAMS'),
    fileKey: 'params',
    kind: 'params',
    scope: ['run'],
    repeatable: true,
    description: 'workload parameters (see virtwork workloads); repeatable',
  },
  runId: {
    flag: '--run-id <uuid>',
    kind: 'run-id',
    scope: ['cleanup', 'status', 'wait'],
    description: 'only the objects of this run (its virtwork/run-id label); a unique prefix of the id will do; without -n, status and cleanup look in the namespace the audit database recorded for the run',
  },
  allNamespaces: {
    flag: '-A, --all-namespaces',
    kind: 'boolean',
    scope: ['cleanup', 'status'],
    description: 'every namespace that holds objects virtwork made, instead of one (--namespace is ignored, as kubectl does)',
    default: false,
  },
  selector: {
    flag: '-l, --selector <selector>',
    kind: 'label-selector',
    scope: ['cleanup', 'status'],
    description: 'only the objects that also match this label selector, such as virtwork/workload=cpu',
  },
  deleteNamespace: {
    flag: '--delete-namespace',
    kind: 'boolean',
    scope: ['cleanup'],
    description: 'also delete the namespace, when virtwork created it and it holds nothing else',
    default: false,
  },
  yes: {
    flag: '-y, --yes',
    kind: 'boolean',
    scope: ['cleanup'],
    description: 'delete without asking (required when stdin is not a terminal)',
    default: false,
  },
  wait: {
    flag: '--wait',
    kind: 'boolean',
    scope: ['cleanup'],
    description: 'wait until the deleted objects are gone, up to --timeout',
    default: false,
  },
  limit: {
    flag: '--limit <n>',
    kind: 'count',
    scope: ['audit list'],
    description: 'how many executions to list, newest first',
    default: 20,
  },
} as const satisfies Record<string, Setting>;

export type SettingKey = keyof typeof SETTINGS;

/** `-o, --output <format>` -> `--output`: the long flag, as errors name it. */
export const flagName = (setting: Setting): string =>
  setting.flag.split(/[ ,]+/).find((token) => token.startsWith('--')) ?? setting.flag;

/** The key commander stores a flag's value under: `--vm-count` -> `vmCount`, `--no-wait` -> `wait`. */
export const optionKey = (setting: Setting): string =>
  flagName(setting)
    .replace(/^--(no-)?/, '')
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Whether `setting` is declared on the root program (`global`) or on `command`. */
export const declaredOn = (setting: Setting, command: 'global' | SettingCommand): boolean =>
  setting.scope === 'global' ? command === 'global' : command !== 'global' && setting.scope.includes(command);

/** Entries of the table, typed, in declaration order. */
export const settingEntries = (): readonly (readonly [SettingKey, Setting])[] =>
  Object.entries(SETTINGS) as [SettingKey, Setting][];
