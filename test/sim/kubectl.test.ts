/**
 * The simulator speaks Kubernetes: the real kubectl, with its defaults (client-side apply, strict
 * field validation, HTTPS checked against the simulator's CA, a bearer token), drives the
 * standalone simulator exactly as it would drive a cluster with KubeVirt and CDI installed.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemasAvailable, schemasDir, schemasSkipReason } from '../support/k8s-schemas.js';
import { kubectlAvailable, kubectlSkipReason, startStandaloneSim, type KubectlResult, type StandaloneSim } from './kubectl-harness.js';

const userData = Buffer.from('#cloud-config\nruncmd: [[systemctl, start, nginx]]\n').toString('base64');

const vmYaml = (ns: string, name: string, extraMetadata = ''): string => `
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: web}${extraMetadata}
spec:
  runStrategy: Always
  template:
    metadata:
      labels: {app: web}
    spec:
      domain:
        devices:
          disks:
          - {name: containerdisk, disk: {bus: virtio}}
          - {name: cloudinitdisk, disk: {bus: virtio}}
        resources:
          requests: {memory: 1Gi}
      readinessProbe:
        exec: {command: [systemctl, is-active, nginx]}
        periodSeconds: 10
      volumes:
      - name: containerdisk
        containerDisk: {image: quay.io/containerdisks/fedora:42}
      - name: cloudinitdisk
        cloudInitNoCloud:
          secretRef: {name: web-cloudinit}
`;

/** A namespace, the cloud-init Secret, a Service and two VMs, as a virtwork run creates them. */
const manifests = (ns: string, edits: { serviceLabel?: string; vm1Metadata?: string } = {}): string => `
apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
---
apiVersion: v1
kind: Secret
metadata:
  name: web-cloudinit
  namespace: ${ns}
  labels: {app: web}
type: Opaque
data:
  userdata: ${userData}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
  labels: {app: ${edits.serviceLabel ?? 'web'}}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: 8080}
---
${vmYaml(ns, 'web-0')}
---
${vmYaml(ns, 'web-1', edits.vm1Metadata)}
`;

const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

/** The exit code and streams in one object, so a failing assertion shows kubectl's own words. */
const outcome = (r: KubectlResult): { code: number | null; stdout: string[]; stderr: string[] } =>
  ({ code: r.code, stdout: lines(r.stdout), stderr: lines(r.stderr) });

describe.skipIf(!kubectlAvailable || !schemasAvailable)(`kubectl against the standalone simulator ${[kubectlSkipReason, schemasSkipReason].join(' ').trim()}`, () => {
  let sim: StandaloneSim;
  /** Applies the standard manifests into a fresh namespace, for tests about what follows creation. */
  const deploy = async (ns: string): Promise<void> => {
    const result = await sim.kubectl(['apply', '-f', await sim.manifest(`${ns}.yaml`, manifests(ns))]);
    if (result.code !== 0) throw new Error(`kubectl apply failed: ${result.stderr}`);
  };

  beforeAll(async () => {
    sim = await startStandaloneSim(['--ready-after-ms', '300']);
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('reports a v1.32 server over HTTPS with a bearer token', async () => {
    const result = await sim.kubectl(['version', '-o', 'json']);
    expect(outcome(result)).toMatchObject({ code: 0, stderr: [] });
    const version = JSON.parse(result.stdout) as { serverVersion: { gitVersion: string } };
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.32\.\d+$/);
  });

  it('lists the KubeVirt and CDI kinds in api-resources', async () => {
    const result = await sim.kubectl(['api-resources']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^virtualmachines\s+vm,vms\s+kubevirt\.io\/v1\s+true\s+VirtualMachine$/m);
    expect(result.stdout).toMatch(/^virtualmachineinstances\s+vmi,vmis\s+kubevirt\.io\/v1\s+true\s+VirtualMachineInstance$/m);
    expect(result.stdout).toMatch(/^datavolumes\s+dv,dvs\s+cdi\.kubevirt\.io\/v1beta1\s+true\s+DataVolume$/m);
  });

  it('applies manifests, reports them unchanged the second time, and configured after an edit', async () => {
    const ns = 'kubectl-apply';
    const file = await sim.manifest('apply.yaml', manifests(ns));
    const objects = [`namespace/${ns}`, 'secret/web-cloudinit', 'service/web', 'virtualmachine.kubevirt.io/web-0', 'virtualmachine.kubevirt.io/web-1'];
    expect(outcome(await sim.kubectl(['apply', '-f', file]))).toEqual({ code: 0, stdout: objects.map((o) => `${o} created`), stderr: [] });
    expect(outcome(await sim.kubectl(['apply', '-f', file]))).toEqual({ code: 0, stdout: objects.map((o) => `${o} unchanged`), stderr: [] });
    // kubectl sends a strategic merge patch for the Service (a core kind), a merge patch for the VM.
    const edited = await sim.manifest('apply-edited.yaml', manifests(ns, { serviceLabel: 'web-edited', vm1Metadata: '\n  annotations: {example.com/note: edited}' }));
    const third = outcome(await sim.kubectl(['apply', '-f', edited]));
    expect(third).toMatchObject({ code: 0, stderr: [] });
    expect(third.stdout).toEqual(expect.arrayContaining(['service/web configured', 'virtualmachine.kubevirt.io/web-1 configured', 'virtualmachine.kubevirt.io/web-0 unchanged']));
    const svc = JSON.parse((await sim.kubectl(['get', 'service', 'web', '-n', ns, '-o', 'json'])).stdout) as { metadata: { labels: Record<string, string> } };
    expect(svc.metadata.labels.app).toBe('web-edited');
  });

  it('applies server-side, which the OpenAPI documents offer as apply-patch+yaml', async () => {
    const ns = 'kubectl-server-side';
    const file = await sim.manifest('server-side.yaml', manifests(ns));
    const objects = [`namespace/${ns}`, 'secret/web-cloudinit', 'service/web', 'virtualmachine.kubevirt.io/web-0', 'virtualmachine.kubevirt.io/web-1'];
    expect(outcome(await sim.kubectl(['apply', '--server-side', '-f', file]))).toEqual({ code: 0, stdout: objects.map((o) => `${o} serverside-applied`), stderr: [] });
    const edited = await sim.manifest('server-side-edited.yaml', manifests(ns, { serviceLabel: 'web-edited' }));
    expect((await sim.kubectl(['apply', '--server-side', '-f', edited])).code).toBe(0);
    const svc = JSON.parse((await sim.kubectl(['get', 'service', 'web', '-n', ns, '-o', 'json'])).stdout) as { metadata: { labels: Record<string, string> } };
    expect(svc.metadata.labels.app).toBe('web-edited');
  });

  it('creates a namespace, a Secret, a ConfigMap and a Service imperatively, from protobuf bodies', async () => {
    const ns = 'kubectl-imperative';
    const created = async (args: string[]) => outcome(await sim.kubectl(['create', ...args, '-v=8']));
    const namespace = await created(['namespace', ns]);
    expect(namespace.code).toBe(0);
    // kubectl 1.32 builds these objects itself and sends them as protobuf
    const post = namespace.stderr.findIndex((line) => /POST https:\/\/\S+\/api\/v1\/namespaces\?/.test(line));
    expect(namespace.stderr.slice(post, post + 10).some((line) => line.includes('Content-Type: application/vnd.kubernetes.protobuf'))).toBe(true);
    expect(namespace.stderr.join('\n')).toMatch(/Response Status: 201 Created/);
    expect((await created(['secret', 'generic', 's', '-n', ns, '--from-literal=a=b', '--from-literal=userdata=#cloud-config'])).code).toBe(0);
    expect((await created(['configmap', 'c', '-n', ns, '--from-literal=a=b'])).code).toBe(0);
    expect((await created(['service', 'clusterip', 'web', '-n', ns, '--tcp=80:8080'])).code).toBe(0);

    const get = async (kind: string, name: string) => JSON.parse((await sim.kubectl(['get', kind, name, '-n', ns, '-o', 'json'])).stdout) as Record<string, unknown>;
    expect(await get('namespace', ns)).toMatchObject({ metadata: { name: ns }, status: { phase: 'Active' } });
    expect(await get('secret', 's')).toMatchObject({
      type: 'Opaque',
      data: { a: Buffer.from('b').toString('base64'), userdata: Buffer.from('#cloud-config').toString('base64') },
    });
    expect(await get('configmap', 'c')).toMatchObject({ data: { a: 'b' } });
    expect(await get('service', 'web')).toMatchObject({
      metadata: { labels: { app: 'web' } },
      spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }] },
    });
  });

  it('gets by label selector, as a table and as a JSON List', async () => {
    const ns = 'kubectl-get';
    await deploy(ns);
    const table = await sim.kubectl(['get', 'vm', '-n', ns, '-l', 'app=web']);
    expect(table.code).toBe(0);
    expect(lines(table.stdout).map((l) => l.split(/\s+/)[0])).toEqual(['NAME', 'web-0', 'web-1']);
    const json = await sim.kubectl(['get', 'vm', '-n', ns, '-l', 'app=web', '-o', 'json']);
    const list = JSON.parse(json.stdout) as { kind: string; items: { metadata: { name: string } }[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => i.metadata.name)).toEqual(['web-0', 'web-1']);
    const none = await sim.kubectl(['get', 'vm', '-n', ns, '-l', 'app=nothing']);
    expect(outcome(none)).toEqual({ code: 0, stdout: [], stderr: [`No resources found in ${ns} namespace.`] });
  });

  it('waits for the VMIs to be Ready by label', async () => {
    const ns = 'kubectl-wait';
    await deploy(ns);
    const result = await sim.kubectl(['wait', '--for=condition=Ready', 'vmi', '-n', ns, '-l', 'app=web', '--timeout=60s']);
    expect(outcome(result)).toEqual({
      code: 0,
      stdout: ['virtualmachineinstance.kubevirt.io/web-0 condition met', 'virtualmachineinstance.kubevirt.io/web-1 condition met'],
      stderr: [],
    });
  });

  it('refuses a manifest with an unknown field as a real cluster with these CRDs does', async () => {
    const file = await sim.manifest('unknown-field.yaml', vmYaml('default', 'web-typo').replace('runStrategy: Always', 'runStrategy: Always\n  foo: bar'));
    const result = await sim.kubectl(['apply', '-f', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Error from server (BadRequest): error when creating "${file}"`);
    expect(result.stderr).toContain('strict decoding error: unknown field "spec.foo"');
    const after = await sim.kubectl(['get', 'vm', 'web-typo', '-n', 'default']);
    expect(after.stderr).toContain('virtualmachines.kubevirt.io "web-typo" not found');
  });

  it('explains a VirtualMachine field from the published OpenAPI', async () => {
    const result = await sim.kubectl(['explain', 'virtualmachine.spec']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^KIND:\s+VirtualMachine$/m);
    expect(result.stdout).toMatch(/^\s+runStrategy\s+<string>$/m);
    expect(result.stdout).toMatch(/^\s+dataVolumeTemplates\s+<\[\]Object>$/m);
  });

  it('lists the CRDs', async () => {
    const result = await sim.kubectl(['get', 'crd', '-o', 'name']);
    expect(outcome(result)).toEqual({
      code: 0,
      stdout: [
        'cdis.cdi.kubevirt.io',
        'datavolumes.cdi.kubevirt.io',
        'kubevirts.kubevirt.io',
        'storageprofiles.cdi.kubevirt.io',
        'virtualmachineinstances.kubevirt.io',
        'virtualmachines.kubevirt.io',
      ].map((name) => `customresourcedefinition.apiextensions.k8s.io/${name}`),
      stderr: [],
    });
  });

  it('gets the nodes: three schedulable workers and a control-plane node', async () => {
    const result = await sim.kubectl(['get', 'nodes']);
    expect(result.code).toBe(0);
    // Every column but AGE, which depends on when the test runs.
    expect(lines(result.stdout).map((l) => l.split(/\s+/).filter((_, i) => i !== 3))).toEqual([
      ['NAME', 'STATUS', 'ROLES', 'VERSION'],
      ['sim-master-0', 'Ready', 'control-plane,master', 'v1.32.5'],
      ...[0, 1, 2].map((i) => [`sim-worker-${i}`, 'Ready', 'worker', 'v1.32.5']),
    ]);
    const schedulable = await sim.kubectl(['get', 'nodes', '-l', 'kubevirt.io/schedulable=true', '-o', 'name']);
    expect(outcome(schedulable)).toEqual({ code: 0, stdout: [0, 1, 2].map((i) => `node/sim-worker-${i}`), stderr: [] });
  });

  it('gets the storage classes, the default one marked as kubectl marks it', async () => {
    const result = await sim.kubectl(['get', 'storageclass']);
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['NAME', 'PROVISIONER', 'RECLAIMPOLICY'],
      ['ocs-storagecluster-ceph-rbd', '(default)', 'openshift-storage.rbd.csi.ceph.com'],
      ['ocs-storagecluster-ceph-rbd-virtualization', 'openshift-storage.rbd.csi.ceph.com', 'Delete'],
    ]);
  });

  it('answers auth whoami with the user of the token', async () => {
    const result = await sim.kubectl(['auth', 'whoami']);
    expect(outcome(result)).toEqual({ code: 0, stdout: ['ATTRIBUTE   VALUE', 'Username    virtwork', 'Groups      [system:authenticated]'], stderr: [] });
  });

  it('answers auth can-i from the RBAC fault rules: yes, then no once a deny fault matches', async () => {
    const canI = ['auth', 'can-i', 'create', 'virtualmachines.kubevirt.io', '-n', 'virtwork'];
    expect(outcome(await sim.kubectl(canI))).toEqual({ code: 0, stdout: ['yes'], stderr: [] });
    await sim.addFaults([{ kind: 'deny', match: { verb: 'create', resource: 'virtualmachines', namespace: 'virtwork' } }]);
    expect(outcome(await sim.kubectl(canI))).toEqual({ code: 1, stdout: ['no'], stderr: [] });
    // The rule names one namespace: elsewhere the verb is still allowed.
    expect(outcome(await sim.kubectl([...canI.slice(0, 4), '-n', 'default']))).toEqual({ code: 0, stdout: ['yes'], stderr: [] });
  });

  it('deletes by label selector, and the VMIs go with their VMs', async () => {
    const ns = 'kubectl-delete';
    await deploy(ns);
    const result = await sim.kubectl(['delete', 'vm', '-n', ns, '-l', 'app=web']);
    expect(outcome(result)).toEqual({
      code: 0,
      stdout: ['virtualmachine.kubevirt.io "web-0" deleted', 'virtualmachine.kubevirt.io "web-1" deleted'],
      stderr: [],
    });
    const vms = await sim.kubectl(['get', 'vm', '-n', ns, '-l', 'app=web', '-o', 'name']);
    expect(outcome(vms)).toEqual({ code: 0, stdout: [], stderr: [] });
    await expect.poll(async () => (await sim.kubectl(['get', 'vmi', '-n', ns, '-o', 'name'])).stdout, { timeout: 10_000 }).toBe('');
  });

  it.each(schemasAvailable ? readdirSync(path.join(schemasDir, 'examples')).filter((f) => f.endsWith('.yaml')) : [])(
    'creates the upstream example %s',
    async (example) => {
      const ns = `example-${example.replace(/\.yaml$/, '')}`.slice(0, 63);
      // A manifest, not `kubectl create namespace`: typed built-in clients send protobuf, which the simulator does not decode.
      const namespace = await sim.kubectl(['create', '-f', '-'], { input: `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}\n` });
      expect(outcome(namespace)).toEqual({ code: 0, stdout: [`namespace/${ns} created`], stderr: [] });
      const result = await sim.kubectl(['create', '-n', ns, '-f', path.join(schemasDir, 'examples', example)]);
      expect(outcome(result)).toMatchObject({ code: 0, stderr: [] });
      expect(lines(result.stdout).every((l) => l.endsWith(' created'))).toBe(true);
    },
  );
});
