import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  closeObjects,
  definitionFor,
  objectSchemaErrors,
  schemaErrors,
  schemasAvailable,
  schemasDir,
  schemasSkipReason,
} from '../support/k8s-schemas.js';

describe('closeObjects', () => {
  it('closes objects that list properties, nested ones included, and leaves the rest open', () => {
    const schema = {
      type: 'object',
      properties: {
        nested: { type: 'object', properties: { a: { type: 'string' } } },
        marker: { type: 'object' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', properties: { b: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true },
        list: { type: 'array', items: { type: 'object', properties: { c: { type: 'string' } } } },
      },
    };
    closeObjects(schema);
    expect(schema).toMatchObject({
      additionalProperties: false,
      properties: {
        nested: { additionalProperties: false },
        labels: { additionalProperties: { type: 'string' } },
        list: { items: { additionalProperties: false } },
      },
    });
    expect(schema.properties.marker).not.toHaveProperty('additionalProperties');
    expect(schema.properties.free).not.toHaveProperty('additionalProperties');
  });
});

describe.skipIf(!schemasAvailable)(`OpenAPI validators ${schemasSkipReason}`, () => {
  const examples = readdirSync(path.join(schemasDir, 'examples'))
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(schemasDir, 'examples', file), 'utf8')).map((doc) => [file, doc.toJS() as unknown] as const),
    );

  it('found the upstream examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
  });

  it.each(examples)('accepts the upstream example %s', (_, obj) => {
    expect(objectSchemaErrors(obj)).toEqual([]);
  });

  it('rejects unknown fields deep inside a VirtualMachine', () => {
    const [, vm] = examples.find(([file]) => file === 'kubevirt-vm-cirros.yaml') ?? [];
    const broken = structuredClone(vm) as { spec: { template: { spec: { domain: { devices: Record<string, unknown> } } } } };
    broken.spec.template.spec.domain.devices.diskz = [];
    expect(schemaErrors('v1.VirtualMachine', broken)).toEqual([
      '/spec/template/spec/domain/devices must NOT have additional properties (diskz)',
    ]);
  });

  it('rejects wrong types and missing required fields', () => {
    const errors = schemaErrors('v1.VirtualMachine', { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', spec: { runStrategy: 123 } });
    expect(errors).toContain('/spec/runStrategy must be string');
    expect(errors).toContain("/spec must have required property 'template'");
  });

  it('accepts an int-or-string as either', () => {
    const service = (targetPort: number | string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, targetPort }] },
    });
    expect(objectSchemaErrors(service(8080))).toEqual([]);
    expect(objectSchemaErrors(service('http'))).toEqual([]);
    expect(objectSchemaErrors(service(true as unknown as number))).not.toEqual([]);
  });

  it('checks Secret data is base64', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'not base64!' } };
    expect(objectSchemaErrors(secret)).toEqual(['/data/k must match format "byte"']);
  });

  it('finds the definition by apiVersion and kind in the right document', () => {
    expect(definitionFor({ apiVersion: 'v1', kind: 'Service' })).toEqual({ source: 'kubernetes', definition: 'io.k8s.api.core.v1.Service' });
    expect(definitionFor({ apiVersion: 'apps/v1', kind: 'Deployment' })).toEqual({ source: 'kubernetes', definition: 'io.k8s.api.apps.v1.Deployment' });
    expect(definitionFor({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine' })).toEqual({ source: 'kubevirt', definition: 'v1.VirtualMachine' });
    expect(definitionFor({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume' })).toEqual({ source: 'cdi', definition: 'v1beta1.DataVolume' });
    expect(() => definitionFor({ apiVersion: 'v1', kind: 'Banana' })).toThrow(/no schema/);
  });

  it('keeps the CDI and KubeVirt meanings of v1.* apart', () => {
    // In the CDI document v1.ObjectMeta is Kubernetes' own; in KubeVirt's there is no such definition.
    expect(schemaErrors('v1.ObjectMeta', { name: 'x' }, 'cdi')).toEqual([]);
    expect(() => schemaErrors('v1.ObjectMeta', { name: 'x' }, 'kubevirt')).toThrow(/no definition/);
  });
});
