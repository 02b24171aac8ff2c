/**
 * The CustomResourceDefinitions a cluster with KubeVirt and CDI installed lists under
 * apiextensions.k8s.io/v1: one per custom kind of the resource table, its `openAPIV3Schema`
 * built from the upstream swagger definition, its printer columns as the operators install them.
 */
import { createHash } from 'node:crypto';
import type {
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceColumnDefinition as ColumnDefinition,
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceDefinition as WireCustomResourceDefinition,
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceDefinitionCondition as CrdCondition,
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceDefinitionNames as CrdNames,
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceDefinitionSpec as CrdSpec,
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceDefinitionVersion as CrdVersionWithProps,
} from '@kubevirt-ui-ext/kubevirt-api/kubernetes';
import { structuralSchema, type JsonSchemaProps } from './crd-schema.js';
import { requireSwagger, schemasDir } from './swagger.js';
import { strategyOf, type ResourceType, type SchemaSource } from '../registry/index.js';

/** The CRD API itself: read-only here (get, list), since the simulator's set of kinds is fixed. */
export const CRD_RESOURCE: ResourceType = {
  group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition',
  listKind: 'CustomResourceDefinitionList', plural: 'customresourcedefinitions',
  singular: 'customresourcedefinition', shortNames: ['crd', 'crds'], namespaced: false, verbs: ['get', 'list'],
  categories: ['api-extensions'],
  schema: { source: 'kubernetes', definition: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition' },
  crd: false, statusSubresource: false,
};

/**
 * The wire form of a CRD. The generated types name schema keys for a serializer
 * (`xKubernetesPreserveUnknownFields`, `_enum`), so the schema itself is typed as it travels.
 */
type CrdVersion = Omit<CrdVersionWithProps, 'schema'> & { schema: { openAPIV3Schema: JsonSchemaProps } };
export type CustomResourceDefinition = Omit<WireCustomResourceDefinition, 'metadata' | 'spec'> & {
  metadata: NonNullable<WireCustomResourceDefinition['metadata']> & { name: string };
  spec: Omit<CrdSpec, 'versions'> & { versions: CrdVersion[] };
};

/** How each swagger file names ObjectMeta: CDI's `v1.*` are Kubernetes types, KubeVirt's are its own. */
const OBJECT_META: Readonly<Record<SchemaSource, string>> = {
  kubevirt: 'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  cdi: 'v1.ObjectMeta',
  kubernetes: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
};

/** A kind's columns as its CRD declares them (what `kubectl get` shows, as virt-operator and cdi-operator install them). */
const printerColumns = (r: ResourceType): ColumnDefinition[] | undefined =>
  strategyOf(r).columns?.map((c) => ({
    name: c.name,
    type: c.type,
    jsonPath: c.jsonPath ?? '',
    ...(c.description ? { description: c.description } : {}),
    ...(c.priority ? { priority: c.priority } : {}),
  }));

const OPERATOR_LABELS: Readonly<Record<string, Record<string, string>>> = {
  'kubevirt.io': { 'app.kubernetes.io/component': 'compute', 'app.kubernetes.io/managed-by': 'virt-operator', 'kubevirt.io': '' },
  'cdi.kubevirt.io': { 'cdi.kubevirt.io': '' },
};
/** The CRDs were installed before the simulator answered its first request; seconds, as the API sends them. */
const INSTALLED_AT = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** A stable v4-shaped uid derived from the name, so a CRD keeps its uid for the life of the process and across runs. */
const uidFor = (name: string): string => {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The names block: the same in `spec.names` and `status.acceptedNames`. */
const namesOf = (r: ResourceType): CrdNames => ({
  plural: r.plural,
  singular: r.singular,
  kind: r.kind,
  listKind: r.listKind,
  ...(r.shortNames.length > 0 ? { shortNames: [...r.shortNames] } : {}),
  ...(r.categories ? { categories: [...r.categories] } : {}),
});

const buildSchema = (r: ResourceType): JsonSchemaProps =>
  structuralSchema(requireSwagger(r.schema.source).definitions, r.schema.definition, OBJECT_META[r.schema.source]);

const buildCrd = (r: ResourceType): CustomResourceDefinition => {
  const name = `${r.plural}.${r.group}`;
  const names = namesOf(r);
  const columns = printerColumns(r);
  const condition = (type: string, reason: string, message: string): CrdCondition =>
    ({ type, status: 'True', lastTransitionTime: INSTALLED_AT, reason, message });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name,
      uid: uidFor(name),
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: INSTALLED_AT,
      labels: { ...(strategyOf(r).crdLabels ?? OPERATOR_LABELS[r.group]) },
    },
    spec: {
      group: r.group,
      names,
      scope: r.namespaced ? 'Namespaced' : 'Cluster',
      versions: [{
        name: r.version,
        served: true,
        storage: true,
        schema: { openAPIV3Schema: buildSchema(r) },
        ...(r.statusSubresource ? { subresources: { status: {} } } : {}),
        ...(columns ? { additionalPrinterColumns: columns } : {}),
      }],
      conversion: { strategy: 'None' },
    },
    status: {
      acceptedNames: names,
      conditions: [
        condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
        condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
      ],
      storedVersions: [r.version],
    },
  };
};

const built = new Map<string, CustomResourceDefinition>();

/** The structural schema of a custom kind, built from its swagger definition (once, with its CRD). */
export const crdSchemaOf = (r: ResourceType): JsonSchemaProps => {
  const schema = crdOf(r).spec.versions[0]?.schema.openAPIV3Schema;
  if (!schema) throw new Error(`the CRD of ${r.kind} has no schema`);
  return schema;
};

/** The CRD of one custom kind, built once per schemas directory (the KubeVirt ones are large). */
export const crdOf = (r: ResourceType): CustomResourceDefinition => {
  const key = `${schemasDir()}\0${r.plural}.${r.group}`;
  const cached = built.get(key);
  if (cached) return cached;
  const crd = buildCrd(r);
  built.set(key, crd);
  return crd;
};

/** The CRDs of the custom kinds among `resources`, sorted by name as a real list is. */
export const customResourceDefinitions = (resources: readonly ResourceType[]): CustomResourceDefinition[] =>
  resources.filter((r) => r.crd)
    .map(crdOf)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));

/** `kubectl get crd` asks for a Table; a real server answers with these two columns. */
export const crdTable = (crds: readonly CustomResourceDefinition[]): object => ({
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { resourceVersion: '1' },
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
    { name: 'Created At', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
  ],
  rows: crds.map((crd) => ({
    cells: [crd.metadata.name, crd.metadata.creationTimestamp],
    object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: crd.metadata },
  })),
});
