/**
 * CDI's published swagger (`api/openapi-spec/swagger.json`) describes what the CDI API server
 * serves and leaves out StorageProfile, which cdi-operator installs as a CRD only. These are its
 * definitions in the swagger file's own form (`v1.*` are Kubernetes types there), transcribed from
 * CDI v1.66.0: the Go types in `staging/.../core/v1beta1/types.go` and the CRD schema in
 * `pkg/operator/resources/crds_generated.go` (both `accessModes` and `volumeMode` are required in
 * a claim property set, at most 8 sets, at most 4 access modes; the CRD's CEL rule on access modes
 * is written here as an enum). The simulator loads them beside
 * the swagger file, so validation, the CRD and OpenAPI treat StorageProfile like any CDI kind.
 */
import type { SchemaNode } from './schemas.js';

const ref = (name: string): SchemaNode => ({ $ref: `#/definitions/${name}` });
const text = (description: string): SchemaNode => ({ description, type: 'string' });

const API_VERSION = 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND = 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

/** Fields the spec and the status share. */
const PROFILE_FIELDS: Record<string, SchemaNode> = {
  claimPropertySets: { description: 'ClaimPropertySets is a provided set of properties applicable to PVC', type: 'array', maxItems: 8, items: ref('v1beta1.ClaimPropertySet') },
  cloneStrategy: text('CloneStrategy defines the preferred method for performing a CDI clone'),
  dataImportCronSourceFormat: text('DataImportCronSourceFormat defines the format of the DataImportCron-created disk image sources'),
  snapshotClass: text('SnapshotClass is optional specific VolumeSnapshotClass for CloneStrategySnapshot. If not set, a VolumeSnapshotClass is chosen according to the provisioner.'),
};

export const CDI_SUPPLEMENT: Readonly<Record<string, SchemaNode>> = {
  'v1beta1.StorageProfile': {
    description: 'StorageProfile provides a CDI specific recommendation for storage parameters',
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: text(API_VERSION),
      kind: text(KIND),
      metadata: { default: {}, ...ref('v1.ObjectMeta') },
      spec: { default: {}, ...ref('v1beta1.StorageProfileSpec') },
      status: { default: {}, ...ref('v1beta1.StorageProfileStatus') },
    },
  },
  'v1beta1.StorageProfileSpec': {
    description: 'StorageProfileSpec defines specification for StorageProfile',
    type: 'object',
    properties: { ...PROFILE_FIELDS },
  },
  'v1beta1.StorageProfileStatus': {
    description: 'StorageProfileStatus provides the most recently observed status of the StorageProfile',
    type: 'object',
    properties: {
      ...PROFILE_FIELDS,
      claimPropertySets: { ...PROFILE_FIELDS.claimPropertySets, description: 'ClaimPropertySets computed from the spec and detected in the system' },
      conditions: { description: 'Conditions contains the current conditions observed for the StorageProfile', type: 'array', items: ref('v1beta1.StorageProfileCondition') },
      provisioner: text('The Storage class provisioner plugin name'),
      storageClass: text('The StorageClass name for which capabilities are defined'),
    },
  },
  'v1beta1.ClaimPropertySet': {
    description: 'ClaimPropertySet is a set of properties applicable to PVC',
    type: 'object',
    required: ['accessModes', 'volumeMode'],
    properties: {
      accessModes: {
        description: 'AccessModes contains the desired access modes the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1',
        type: 'array',
        maxItems: 4,
        items: { type: 'string', enum: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] },
      },
      volumeMode: {
        description: 'VolumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.',
        type: 'string',
        enum: ['Block', 'Filesystem'],
      },
    },
  },
  'v1beta1.StorageProfileCondition': {
    description: 'StorageProfileCondition represents the state of a storage profile condition',
    type: 'object',
    required: ['type', 'status'],
    properties: {
      lastHeartbeatTime: ref('v1.Time'),
      lastTransitionTime: ref('v1.Time'),
      message: { type: 'string' },
      reason: { type: 'string' },
      status: { type: 'string' },
      type: text('StorageProfileConditionType is the string representation of known condition types'),
    },
  },
};
