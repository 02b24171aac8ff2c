/**
 * Validation as a real API server with the KubeVirt and CDI CRDs and webhooks does it:
 * fieldValidation modes, OpenAPI type errors, names, Secret size, inline cloud-init size.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect } from 'vitest';
import { parse } from 'yaml';
import { schemasDir } from '../../sim/apiserver/schemas.js';
import { simTest, schemasMissing } from './fixtures.js';
import { clients, rejection, VM_API, VMI_API, vmManifest } from './helpers.js';

const test = simTest({ namespaces: ['virtwork'] });
const ns = 'virtwork';

const withUnknownFields = () => {
  const vm = vmManifest('vm-unknown', { runStrategy: 'Halted' });
  return { ...vm, spec: { ...vm.spec, foo: 1, template: { ...vm.spec.template, spec: { ...vm.spec.template.spec, bogus: true } } } };
};

describe.skipIf(schemasMissing)('unknown fields', () => {
  test('fieldValidation=Strict refuses them with 400 listing every unknown field', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const r = await rejection(custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: withUnknownFields(), fieldValidation: 'Strict' }));
    expect(r.code).toBe(400);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'VirtualMachine in version "v1" cannot be handled as a VirtualMachine: strict decoding error: unknown field "spec.template.spec.bogus", unknown field "spec.foo"',
      reason: 'BadRequest',
      code: 400,
    });
    expect(sim.get('virtualmachines', ns, 'vm-unknown')).toBeUndefined();
  });

  test('the default (Warn) stores the object without them and sends one Warning header each', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const res = await custom.createNamespacedCustomObjectWithHttpInfo({ ...VM_API, namespace: ns, body: withUnknownFields() });
    expect(res.httpStatusCode).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"spec.template.spec.bogus\\"", 299 - "unknown field \\"spec.foo\\""');
    const stored = sim.get('virtualmachines', ns, 'vm-unknown')!;
    expect(stored.spec).not.toHaveProperty('foo');
  });

  test('fieldValidation=Ignore drops them silently', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const res = await custom.createNamespacedCustomObjectWithHttpInfo({ ...VM_API, namespace: ns, body: withUnknownFields(), fieldValidation: 'Ignore' });
    expect(res.headers.warning).toBeUndefined();
    expect(sim.get('virtualmachines', ns, 'vm-unknown')!.spec).not.toHaveProperty('foo');
  });

  test('unknown fields in a core object are found through the Kubernetes schema', async ({ sim }) => {
    // Raw HTTP: the typed client would drop the unknown field before sending it.
    const res = await fetch(`${sim.url}/api/v1/namespaces/${ns}/services?fieldValidation=Strict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { portz: [] } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.portz"',
    );
  });

  test('an invalid fieldValidation value is 400', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const r = await rejection(core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 's' } }, fieldValidation: 'Loose' }));
    expect(r.code).toBe(400);
  });
});

describe.skipIf(schemasMissing)('schema validation', () => {
  test('a wrongly typed custom resource field is 422 Invalid with a FieldValueTypeInvalid cause', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const vm = vmManifest('vm-typed');
    const r = await rejection(custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: { ...vm, spec: { ...vm.spec, runStrategy: 123 } } }));
    expect(r.code).toBe(422);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'VirtualMachine.kubevirt.io "vm-typed" is invalid: spec.runStrategy: Invalid value: "integer": spec.runStrategy in body must be of type string: "integer"',
      reason: 'Invalid',
      details: {
        name: 'vm-typed',
        group: 'kubevirt.io',
        kind: 'VirtualMachine',
        causes: [
          {
            reason: 'FieldValueTypeInvalid',
            message: 'Invalid value: "integer": spec.runStrategy in body must be of type string: "integer"',
            field: 'spec.runStrategy',
          },
        ],
      },
      code: 422,
    });
  });

  test('several problems are listed in brackets, one cause each', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const r = await rejection(
      custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'Bad_Name' }, spec: {} } }),
    );
    const body = r.body as { message: string; details: { causes: { field: string; reason: string }[] } };
    expect(body.message).toMatch(/^VirtualMachine\.kubevirt\.io "Bad_Name" is invalid: \[metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(body.details.causes.map((c) => [c.field, c.reason])).toEqual([
      ['metadata.name', 'FieldValueInvalid'],
      ['spec.template', 'FieldValueRequired'],
    ]);
  });

  test('a wrongly typed core field is a 400 decode error, as Go decoding reports it', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const r = await rejection(core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'svc' }, spec: { type: 5 } } as never }));
    expect(r.code).toBe(400);
    expect((r.body as { message: string }).message).toBe(
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number into Go struct field ServiceSpec.spec.type of type string',
    );
  });

  test('Secret data that is not base64 is refused like the decoder refuses it', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const r = await rejection(core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 's' }, data: { a: 'ab!d' } } }));
    expect(r.code).toBe(400);
    expect((r.body as { message: string }).message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 2');
  });

  test.for(['kubevirt-vm-cirros.yaml', 'kubevirt-vm-alpine-datavolume.yaml'])('the upstream example %s is accepted', async (file, { sim }) => {
    const manifest = parse(await readFile(`${schemasDir()}/examples/${file}`, 'utf8')) as object;
    const { custom } = clients(sim.kubeConfig());
    await expect(custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: manifest, fieldValidation: 'Strict' })).resolves.toMatchObject({
      kind: 'VirtualMachine',
    });
  });
});

describe('names', () => {
  test.for([
    ['secrets', 'Bad_Name', "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"],
    ['services', '1svc', "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character"],
    ['services', 'my.svc', 'a DNS-1035 label'],
    ['namespaces', 'a.b', "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'"],
  ] as const)('%s named %s is 422 with the name rule', async ([plural, name, rule], { sim }) => {
    const kind = { secrets: 'Secret', services: 'Service', namespaces: 'Namespace' }[plural];
    const path = plural === 'namespaces' ? '/api/v1/namespaces' : `/api/v1/namespaces/${ns}/${plural}`;
    const res = await fetch(sim.url + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind, metadata: { name }, ...(plural === 'services' ? { spec: { ports: [{ port: 80 }] } } : {}) }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { message: string; details: { causes: { field: string }[] } };
    expect(body.message).toContain(`${kind} "${name}" is invalid: metadata.name: Invalid value: "${name}": ${rule}`);
    expect(body.details.causes[0]!.field).toBe('metadata.name');
  });

  test('a 64-character namespace name is too long; 63 is fine', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const r = await rejection(core.createNamespace({ body: { metadata: { name: 'a'.repeat(64) } } }));
    expect((r.body as { message: string }).message).toContain('must be no more than 63 characters');
    await expect(core.createNamespace({ body: { metadata: { name: 'a'.repeat(63) } } })).resolves.toMatchObject({ metadata: { name: 'a'.repeat(63) } });
  });

  test('a missing name is 422 Required', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const r = await rejection(core.createNamespacedSecret({ namespace: ns, body: { metadata: {} } }));
    expect(r.code).toBe(422);
    expect((r.body as { message: string }).message).toBe('Secret "" is invalid: metadata.name: Required value: name or generateName is required');
  });
});

describe('sizes', () => {
  test('a Secret over 1 MiB of data is 422 FieldValueTooLong; exactly 1 MiB is accepted', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const data = (bytes: number) => ({ a: Buffer.alloc(bytes, 1).toString('base64') });
    const r = await rejection(core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'big' }, data: data(1024 * 1024 + 1) } }));
    expect(r.code).toBe(422);
    expect(r.body).toMatchObject({
      message: 'Secret "big" is invalid: data: Too long: may not be more than 1048576 bytes',
      details: { causes: [{ reason: 'FieldValueTooLong', field: 'data' }] },
    });
    await expect(core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'max' }, data: data(1024 * 1024) } })).resolves.toMatchObject({
      metadata: { name: 'max', namespace: ns },
      data: data(1024 * 1024),
    });
  });

  test('inline userData over 2048 bytes is denied by the KubeVirt webhook with its exact text; 2048 is accepted', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const r = await rejection(custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-big', { userData: 'x'.repeat(2049) }) }));
    const field = 'spec.template.spec.volumes[1].cloudInitNoCloud';
    const message = `${field} userdata exceeds 2048 byte limit. Should use UserDataSecretRef for larger data.`;
    expect(r.code).toBe(422);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `admission webhook "virtualmachine-validator.kubevirt.io" denied the request: ${message}`,
      reason: 'Invalid',
      details: { causes: [{ reason: 'FieldValueInvalid', message, field }] },
      code: 422,
    });
    await expect(
      custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-fits', { userData: 'x'.repeat(2048) }) }),
    ).resolves.toMatchObject({ kind: 'VirtualMachine', metadata: { name: 'vm-fits', namespace: ns } });
  });

  test('a VMI with large inline userData is denied by the VMI create webhook', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const vm = vmManifest('vmi-big', { userData: 'é'.repeat(1025) });
    const vmi = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'vmi-big' }, spec: vm.spec.template.spec };
    const r = await rejection(custom.createNamespacedCustomObject({ ...VMI_API, namespace: ns, body: vmi }));
    expect((r.body as { message: string }).message).toBe(
      'admission webhook "virtualmachineinstances-create-validator.kubevirt.io" denied the request: spec.volumes[1].cloudInitNoCloud userdata exceeds 2048 byte limit. Should use UserDataSecretRef for larger data.',
    );
  });

  test('running and runStrategy together are denied with KubeVirt’s message', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const vm = vmManifest('vm-both');
    const r = await rejection(custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: { ...vm, spec: { ...vm.spec, running: true } } }));
    expect((r.body as { message: string }).message).toBe(
      'admission webhook "virtualmachine-validator.kubevirt.io" denied the request: Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead',
    );
  });
});
