import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { V1Status } from '@kubernetes/client-node';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { CustomResourceDefinition } from '../../sim/discovery/crds.js';
import type { JsonSchemaProps } from '../../sim/discovery/crd-schema.js';
import { closeObjects, schemasAvailable, schemasDir, schemasSkipReason } from '../support/k8s-schemas.js';
import { mustDiscover } from './discovery-request.js';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

interface CrdList {
  kind: string;
  items: CustomResourceDefinition[];
}
interface Table {
  kind: string;
  columnDefinitions: { name: string }[];
  rows: { cells: unknown[] }[];
}

const crd = (name: string): CustomResourceDefinition => mustDiscover(`${CRDS}/${name}`).json<CustomResourceDefinition>();
const schemaOf = (name: string): JsonSchemaProps => {
  const schema = crd(name).spec.versions[0]?.schema.openAPIV3Schema;
  if (!schema) throw new Error(`${name} has no schema`);
  return schema;
};

/** Every node of a schema with its JSON path. */
const walk = (schema: JsonSchemaProps, at = ''): [string, JsonSchemaProps][] => [
  [at, schema],
  ...Object.entries(schema.properties ?? {}).flatMap(([k, v]) => walk(v, `${at}.${k}`)),
  ...(schema.items ? walk(schema.items, `${at}[]`) : []),
  ...(typeof schema.additionalProperties === 'object' ? walk(schema.additionalProperties, `${at}{}`) : []),
  ...(schema.anyOf ?? []).flatMap((s) => walk(s, `${at}|`)),
];

/** A validator that, like an API server pruning under fieldValidation=Strict, refuses unknown fields. */
const strictValidator = (schema: JsonSchemaProps): ((obj: unknown) => string[]) => {
  // strictTypes off: a quantity's pattern sits beside anyOf [integer, string], and applies to strings only.
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  ajv.addVocabulary(['x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-list-type',
    'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-embedded-resource']);
  ajv.addFormat('int32', true).addFormat('int64', true).addFormat('date-time', true).addFormat('byte', true)
    .addFormat('double', true).addFormat('float', true);
  const closed = structuredClone(schema) as unknown as Record<string, unknown>;
  closeObjects(closed);
  const validate = ajv.compile(closed);
  return (obj) => (validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
};

const examples = (): Record<string, unknown>[] =>
  schemasAvailable
    ? readdirSync(path.join(schemasDir, 'examples'))
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parseAllDocuments(readFileSync(path.join(schemasDir, 'examples', f), 'utf8')).map((d) => d.toJS() as Record<string, unknown>))
    : [];

describe.skipIf(!schemasAvailable)(`CustomResourceDefinitions ${schemasSkipReason}`, () => {
  it('lists one CRD per KubeVirt and CDI kind, the operators\' own included, sorted by name', () => {
    const list = mustDiscover(CRDS).json<CrdList>();
    expect(list.kind).toBe('CustomResourceDefinitionList');
    expect(list.items.map((c) => c.metadata.name)).toEqual([
      'cdis.cdi.kubevirt.io', 'datavolumes.cdi.kubevirt.io', 'kubevirts.kubevirt.io', 'storageprofiles.cdi.kubevirt.io',
      'virtualmachineinstances.kubevirt.io', 'virtualmachines.kubevirt.io',
    ]);
  });

  it('describes VirtualMachine with its names, scope, status subresource and printer columns, established', () => {
    const vm = crd('virtualmachines.kubevirt.io');
    expect(vm.spec).toMatchObject({
      group: 'kubevirt.io',
      scope: 'Namespaced',
      names: { kind: 'VirtualMachine', listKind: 'VirtualMachineList', plural: 'virtualmachines', singular: 'virtualmachine', shortNames: ['vm', 'vms'], categories: ['all'] },
    });
    expect(vm.spec.versions[0]).toMatchObject({ name: 'v1', served: true, storage: true, subresources: { status: {} } });
    expect(vm.spec.versions[0]?.additionalPrinterColumns?.map((c) => c.name)).toEqual(['Age', 'Status', 'Ready']);
    expect(vm.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
    expect(vm.status?.acceptedNames).toEqual(vm.spec.names);
  });

  it('gives VirtualMachineInstance no status subresource, as KubeVirt installs it', () => {
    expect(crd('virtualmachineinstances.kubevirt.io').spec.versions[0]).not.toHaveProperty('subresources');
  });

  it.each(['virtualmachines.kubevirt.io', 'virtualmachineinstances.kubevirt.io', 'datavolumes.cdi.kubevirt.io'])(
    '%s has a structural schema: no $ref, and every node typed, int-or-string, or open',
    (name) => {
      const untyped = walk(schemaOf(name))
        .filter(([at]) => !at.endsWith('|')) // anyOf branches are typed by their parent's int-or-string
        .filter(([, node]) => node.type === undefined && !node['x-kubernetes-int-or-string'] && !node['x-kubernetes-preserve-unknown-fields'])
        .map(([at]) => at);
      expect(untyped).toEqual([]);
      expect(JSON.stringify(schemaOf(name))).not.toContain('"$ref"');
    },
  );

  it('keeps root metadata bare and embedded metadata open, as a CRD must', () => {
    const vm = schemaOf('virtualmachines.kubevirt.io');
    expect(vm.properties?.metadata).toEqual({ type: 'object' });
    const template = vm.properties?.spec?.properties?.template?.properties?.metadata;
    expect(template).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  });

  it('publishes quantities as int-or-string', () => {
    const requests = schemaOf('virtualmachines.kubevirt.io').properties?.spec?.properties?.template?.properties?.spec
      ?.properties?.domain?.properties?.resources?.properties?.requests;
    expect(requests?.additionalProperties).toMatchObject({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] });
  });

  it('accepts every upstream example of its kind and refuses an unknown spec field', () => {
    const byKind: Record<string, string> = {
      VirtualMachine: 'virtualmachines.kubevirt.io',
      VirtualMachineInstance: 'virtualmachineinstances.kubevirt.io',
      DataVolume: 'datavolumes.cdi.kubevirt.io',
    };
    const validators = new Map(Object.values(byKind).map((name) => [name, strictValidator(schemaOf(name))]));
    const all = examples();
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const example of all) {
      const validate = validators.get(byKind[String(example.kind)] ?? '') ?? (() => ['no CRD for this kind']);
      expect(validate(example)).toEqual([]);
      const withUnknown = { ...example, spec: { ...(example.spec as object), foo: 'bar' } };
      expect(validate(withUnknown).join('\n')).toContain('"additionalProperty":"foo"');
    }
  });

  it('answers a name it does not have with a NotFound Status naming it', () => {
    const answer = mustDiscover(`${CRDS}/pods.example.com`);
    expect(answer.status).toBe(404);
    expect(answer.json<V1Status>()).toMatchObject({
      reason: 'NotFound',
      message: 'customresourcedefinitions.apiextensions.k8s.io "pods.example.com" not found',
      details: { name: 'pods.example.com', group: 'apiextensions.k8s.io', kind: 'customresourcedefinitions' },
    });
  });

  it('answers kubectl get with a Table of name and creation time', () => {
    const answer = mustDiscover(CRDS, { accept: TABLE });
    expect(answer.headers['content-type']).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    const table = answer.json<Table>();
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(table.rows.map((r) => r.cells[0])).toContain('virtualmachines.kubevirt.io');
  });

  it('filters the list by label and field selectors', () => {
    const byLabel = mustDiscover(`${CRDS}?labelSelector=${encodeURIComponent('app.kubernetes.io/managed-by=virt-operator')}`).json<CrdList>();
    expect(byLabel.items.map((c) => c.metadata.name)).toEqual(['virtualmachineinstances.kubevirt.io', 'virtualmachines.kubevirt.io']);
    const byName = mustDiscover(`${CRDS}?fieldSelector=metadata.name%3Ddatavolumes.cdi.kubevirt.io`).json<CrdList>();
    expect(byName.items.map((c) => c.metadata.name)).toEqual(['datavolumes.cdi.kubevirt.io']);
  });

  it('answers a malformed selector with 400 BadRequest', () => {
    const answer = mustDiscover(`${CRDS}?fieldSelector=spec.group%3Dkubevirt.io`);
    expect(answer.status).toBe(400);
    expect(answer.json<V1Status>().reason).toBe('BadRequest');
  });

  it('lists only the CRDs of installed groups', () => {
    const list = mustDiscover(CRDS, { installedGroups: ['kubevirt.io'] }).json<CrdList>();
    expect(list.items.map((c) => c.spec.group)).toEqual(['kubevirt.io', 'kubevirt.io', 'kubevirt.io']);
  });
});
