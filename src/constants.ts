/** API coordinates, label keys and defaults shared by every layer (layer 0: imports nothing). */

export const KUBEVIRT_GROUP = 'kubevirt.io';
export const KUBEVIRT_VERSION = 'v1';
export const KUBEVIRT_API_VERSION = `${KUBEVIRT_GROUP}/${KUBEVIRT_VERSION}`;
export const CDI_GROUP = 'cdi.kubevirt.io';
export const CDI_VERSION = 'v1beta1';
export const CDI_API_VERSION = `${CDI_GROUP}/${CDI_VERSION}`;

/** Every object virtwork creates carries these two labels; cleanup selects on them. */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'virtwork';
export const LABEL_RUN_ID = 'virtwork/run-id';
export const LABEL_WORKLOAD = 'virtwork/workload';
/** Kubernetes recommended labels, as the Go implementation sets them: dashboards and `oc` group by them. */
export const LABEL_APP_NAME = 'app.kubernetes.io/name';
export const LABEL_APP_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_ROLE = 'virtwork/role';
/** Which pair (index) of a multi-VM workload a VM belongs to: each pair's Service selects its one server. */
export const LABEL_PAIR = 'virtwork/pair';
/** Annotation on each VM naming the guest OS profile its cloud-init was written for. */
export const ANNOTATION_GUEST_OS = 'virtwork/guest-os';

/** Name prefix of every object: `virtwork-<workload>-<index>[-<role>]`. */
export const NAME_PREFIX = 'virtwork';
/** The key of the cloud-init Secret that KubeVirt's `cloudInitNoCloud.secretRef` reads. */
export const USERDATA_SECRET_KEY = 'userdata';

export const ENV_PREFIX = 'VIRTWORK_';

/**
 * How a VM counts as ready. `http`: the guest's health endpoint answers 200 to the kubelet's httpGet
 * probe (works under SELinux); `guest-agent`: an exec probe through the QEMU guest agent;
 * `running`: no probe, ready once the VMI runs.
 */
export const READINESS_MODES = ['http', 'guest-agent', 'running'] as const;
export type ReadinessMode = (typeof READINESS_MODES)[number];

/** The guest's health endpoint (the `virtwork-health` unit) that the `http` readiness probe asks. */
export const HEALTH_PORT = 8099;
export const HEALTH_PATH = '/readyz';

export const DEFAULTS = {
  namespace: 'virtwork',
  vmCount: 1,
  cpuCores: 2,
  memory: '2Gi',
  diskSize: '10Gi',
  containerDiskImage: 'quay.io/containerdisks/fedora:42',
  timeoutSeconds: 600,
  sshUser: 'virtwork',
  vmConcurrency: 'auto',
  output: 'table',
  readiness: 'http',
  workloads: ['cpu', 'memory', 'disk', 'database', 'network', 'tps'],
} as const;

/** Where the data disk of a disk-using workload is mounted inside the guest. */
export const DATA_MOUNT = '/mnt/data';

/**
 * Kubernetes name rules (apimachinery `validation.IsDNS1123Label` and friends), as bare patterns so
 * every layer can check names; `src/kube/names.ts` builds the predicates and messages on them.
 */
/** RFC 1123 label: namespaces, most object names, the VM (its name becomes the guest hostname). */
export const DNS1123_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** RFC 1123 subdomain: labels joined by `.`; what most object names (a StorageClass's) must be. */
export const DNS1123_SUBDOMAIN_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** RFC 1035 label: like RFC 1123 but must start with a letter; required for Service names. */
export const RFC1035_LABEL_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const RFC1035_LABEL_MAX_LENGTH = 63;
/** A label value: empty, or alphanumerics with `-`, `_`, `.` inside. */
export const LABEL_VALUE_PATTERN = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
export const LABEL_VALUE_MAX_LENGTH = 63;
