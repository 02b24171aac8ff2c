/**
 * What an OpenShift Virtualization cluster holds before anyone runs a VM: its Nodes, its
 * StorageClasses with the StorageProfiles CDI keeps beside them, and the KubeVirt and CDI custom
 * resources the HyperConverged operator creates (with the versions they report). Each part can be
 * broken by an option, so tests meet the clusters a preflight must recognise as unfit.
 */
import type { KubeObject } from './storage/store.js';

/** OpenShift Virtualization 4.19 runs KubeVirt 1.5 and CDI 1.62. */
export const KUBEVIRT_VERSION = 'v1.5.2';
export const CDI_VERSION = 'v1.62.0';
/** Where OpenShift Virtualization lives and what the HyperConverged operator names its CRs. */
export const CNV_NAMESPACE = 'openshift-cnv';
export const KUBEVIRT_CR_NAME = 'kubevirt-kubevirt-hyperconverged';
export const CDI_CR_NAME = 'cdi-kubevirt-hyperconverged';

export const SCHEDULABLE_LABEL = 'kubevirt.io/schedulable';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const DEFAULT_VIRT_CLASS_ANNOTATION = 'storageclass.kubevirt.io/is-default-virt-class';

/** How far an operator got: its CR Deployed and Available, still Deploying, or no CR at all. */
export type OperatorState = 'Deployed' | 'Deploying' | 'absent';

export interface InventoryOptions {
  /** Worker nodes labelled `kubevirt.io/schedulable=true`, besides one control-plane node. @default 3 */
  readonly workerNodes?: number;
  /** What each worker can give to pods. @default { cpu: '15500m', memory: '60Gi' } */
  readonly workerAllocatable?: { readonly cpu: string; readonly memory: string };
  /** false: no StorageClass is marked default (neither for Kubernetes nor for virtualization). @default true */
  readonly defaultStorageClass?: boolean;
  /**
   * `incomplete`: CDI does not recognise the provisioner, so every StorageProfile has empty
   * `claimPropertySets` and a DataVolume without access and volume modes gets no PVC. @default 'complete'
   */
  readonly storageProfiles?: 'complete' | 'incomplete';
  /** @default 'Deployed' */
  readonly kubevirt?: OperatorState;
  /** @default 'Deployed' */
  readonly cdi?: OperatorState;
}

/** The StorageClass VMs get; the DataVolume controller puts it on PVCs that name none. */
export interface InventoryContext {
  readonly virtStorageClass: string;
}

const INSTALLED_AT = '2025-06-10T08:14:03Z';
const CNV_LABELS = {
  app: 'kubevirt-hyperconverged',
  'app.kubernetes.io/managed-by': 'hco-operator',
  'app.kubernetes.io/part-of': 'hyperconverged-cluster',
  'app.kubernetes.io/version': '4.19.3',
};

/** Every object of the inventory; the KubeVirt CR lives in CNV_NAMESPACE, which the cluster always has. */
export const clusterInventory = (opts: InventoryOptions, ctx: InventoryContext): KubeObject[] => [
  ...nodes(opts),
  ...storage(opts, ctx),
  ...kubevirt(opts.kubevirt ?? 'Deployed'),
  ...cdi(opts.cdi ?? 'Deployed'),
];

interface NodeResources {
  readonly capacity: { readonly cpu: string; readonly memory: string };
  readonly allocatable: { readonly cpu: string; readonly memory: string };
}

const node = (name: string, labels: Record<string, string>, resources: NodeResources, extra: object = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name,
    labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name, ...labels },
  },
  spec: { ...extra },
  status: {
    capacity: { ...resources.capacity, pods: '250' },
    allocatable: { ...resources.allocatable, pods: '250' },
    conditions: [{
      type: 'Ready',
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
      lastHeartbeatTime: INSTALLED_AT,
      lastTransitionTime: INSTALLED_AT,
    }],
    nodeInfo: {
      architecture: 'amd64',
      bootID: `${name}-boot`,
      containerRuntimeVersion: 'cri-o://1.32.5-3.rhaos4.19.git0f9a3a6.el9',
      kernelVersion: '5.14.0-570.19.1.el9_6.x86_64',
      kubeProxyVersion: 'v1.32.5',
      kubeletVersion: 'v1.32.5',
      machineID: `${name}-machine`,
      operatingSystem: 'linux',
      osImage: 'Red Hat Enterprise Linux CoreOS 9.6.20250611-0 (Plow)',
      systemUUID: `${name}-uuid`,
    },
  },
});

/**
 * Workers are named as the VMI controller schedules (`sim-worker-N`) and carry the label virt-handler
 * puts on the nodes it runs on; the control-plane node has no virt-handler, hence no label.
 */
const nodes = (opts: InventoryOptions): KubeObject[] => {
  // The kubelet reserves some of a 16-core, 64 GiB machine for the system.
  const worker: NodeResources = opts.workerAllocatable
    ? { capacity: opts.workerAllocatable, allocatable: opts.workerAllocatable }
    : { capacity: { cpu: '16', memory: '65843112Ki' }, allocatable: { cpu: '15500m', memory: '60Gi' } };
  const workers = Array.from({ length: opts.workerNodes ?? 3 }, (_, i) =>
    node(`sim-worker-${i}`, { 'node-role.kubernetes.io/worker': '', [SCHEDULABLE_LABEL]: 'true' }, worker),
  );
  const controlPlane = node(
    'sim-master-0',
    { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' },
    { capacity: { cpu: '8', memory: '32883164Ki' }, allocatable: { cpu: '7500m', memory: '28Gi' } },
    { taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] },
  );
  return [controlPlane, ...workers];
};

/** OpenShift Data Foundation's RBD classes: one default for Kubernetes, one (the one VMs get) for virtualization. */
const RBD_PROVISIONER = 'openshift-storage.rbd.csi.ceph.com';
/** What CDI knows about that provisioner (pkg/storagecapabilities: createRbdCapabilities). */
const RBD_CLAIM_PROPERTY_SETS = [
  { accessModes: ['ReadWriteMany'], volumeMode: 'Block' },
  { accessModes: ['ReadWriteOnce'], volumeMode: 'Block' },
  { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
];

const storage = (opts: InventoryOptions, ctx: InventoryContext): KubeObject[] => {
  const isDefault = opts.defaultStorageClass ?? true;
  const classes = [
    { name: 'ocs-storagecluster-ceph-rbd', annotation: DEFAULT_CLASS_ANNOTATION },
    { name: ctx.virtStorageClass, annotation: DEFAULT_VIRT_CLASS_ANNOTATION },
  ];
  return classes.flatMap(({ name, annotation }) => [
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name, ...(isDefault ? { annotations: { [annotation]: 'true' } } : {}) },
      provisioner: RBD_PROVISIONER,
      parameters: { clusterID: 'openshift-storage', pool: 'ocs-storagecluster-cephblockpool', imageFeatures: 'layering,deep-flatten,exclusive-lock,object-map,fast-diff' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
    },
    storageProfile(name, opts.storageProfiles ?? 'complete'),
  ]);
};

/** CDI keeps one StorageProfile per StorageClass, of the same name, owned by nobody but CDI. */
const storageProfile = (name: string, state: 'complete' | 'incomplete'): KubeObject => {
  const recognized = state === 'complete';
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'StorageProfile',
    metadata: { name, labels: { app: 'containerized-data-importer', 'app.kubernetes.io/component': 'storage', 'cdi.kubevirt.io': '' } },
    spec: {},
    status: {
      storageClass: name,
      provisioner: RBD_PROVISIONER,
      ...(recognized
        ? { claimPropertySets: RBD_CLAIM_PROPERTY_SETS, cloneStrategy: 'csi-clone', dataImportCronSourceFormat: 'snapshot' }
        : {}),
      conditions: [{
        type: 'Recognized',
        status: recognized ? 'True' : 'False',
        reason: recognized ? 'RecognizedProvisioner' : 'UnrecognizedProvisioner',
        message: recognized ? 'Provisioner is recognized' : 'Provisioner is not recognized',
        lastTransitionTime: INSTALLED_AT,
        lastHeartbeatTime: INSTALLED_AT,
      }],
    },
  };
};

/** virt-operator's conditions (pkg/virt-operator/util/client.go), with KubeVirt's explicit null probe times. */
const kubevirtCondition = (type: string, status: 'True' | 'False', reason: string, message: string): object => ({
  type, status, reason, message, lastProbeTime: null, lastTransitionTime: INSTALLED_AT,
});

const kubevirt = (state: OperatorState): KubeObject[] => {
  if (state === 'absent') return [];
  const registry = 'registry.redhat.io/container-native-virtualization';
  const deploying = `Deploying version ${KUBEVIRT_VERSION} with registry ${registry}`;
  const ready = 'All components are ready.';
  return [{
    apiVersion: 'kubevirt.io/v1',
    kind: 'KubeVirt',
    metadata: {
      name: KUBEVIRT_CR_NAME,
      namespace: CNV_NAMESPACE,
      labels: { ...CNV_LABELS, 'app.kubernetes.io/component': 'compute' },
    },
    spec: { certificateRotateStrategy: {}, configuration: { developerConfiguration: {} }, workloadUpdateStrategy: {} },
    status: {
      phase: state,
      targetKubeVirtVersion: KUBEVIRT_VERSION,
      targetKubeVirtRegistry: registry,
      operatorVersion: KUBEVIRT_VERSION,
      defaultArchitecture: 'amd64',
      ...(state === 'Deployed'
        ? {
            observedKubeVirtVersion: KUBEVIRT_VERSION,
            observedKubeVirtRegistry: registry,
            conditions: [
              kubevirtCondition('Available', 'True', 'AllComponentsReady', ready),
              kubevirtCondition('Progressing', 'False', 'AllComponentsReady', ready),
              kubevirtCondition('Degraded', 'False', 'AllComponentsReady', ready),
              kubevirtCondition('Created', 'True', 'AllResourcesCreated', 'All resources were created.'),
            ],
          }
        : {
            conditions: [
              kubevirtCondition('Available', 'False', 'DeploymentInProgress', deploying),
              kubevirtCondition('Progressing', 'True', 'DeploymentInProgress', deploying),
              kubevirtCondition('Degraded', 'False', 'DeploymentInProgress', deploying),
            ],
          }),
    },
  }];
};

/** cdi-operator's conditions, as the controller-lifecycle-operator-sdk marks a healthy or deploying CR. */
const cdiCondition = (type: string, status: 'True' | 'False', reason: string, message: string): object => ({
  type, status, reason, message, lastHeartbeatTime: INSTALLED_AT, lastTransitionTime: INSTALLED_AT,
});

const cdi = (state: OperatorState): KubeObject[] => {
  if (state === 'absent') return [];
  const deployed = state === 'Deployed';
  const [reason, message] = deployed ? ['DeployCompleted', 'Deployment Completed'] : ['DeployStarted', 'Started Deployment'];
  return [{
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'CDI',
    metadata: {
      name: CDI_CR_NAME,
      labels: { ...CNV_LABELS, 'app.kubernetes.io/component': 'storage' },
    },
    spec: { config: { featureGates: ['DataVolumeClaimAdoption'] }, uninstallStrategy: 'BlockUninstallIfWorkloadsExist' },
    status: {
      phase: state,
      operatorVersion: CDI_VERSION,
      targetVersion: CDI_VERSION,
      ...(deployed ? { observedVersion: CDI_VERSION } : {}),
      conditions: [
        cdiCondition('Available', deployed ? 'True' : 'False', reason, message),
        cdiCondition('Progressing', deployed ? 'False' : 'True', reason, message),
        cdiCondition('Degraded', 'False', reason, message),
      ],
    },
  }];
};
