/**
 * What must hold for every plan, whatever its workloads: each object valid against its real schema,
 * names valid and unique, labels everywhere, each Service selecting exactly one VM and named only by
 * the other VMs of its pair, every VM wired to its own Secret and DataVolumes, and its readiness
 * covering exactly its own units.
 */
import type { V1Secret, V1Service } from '@kubernetes/client-node';
import type { V1Probe, V1VirtualMachine } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import type { ReadinessMode } from '../../src/constants.js';
import { expect } from 'vitest';
import {
  HEALTH_PATH,
  HEALTH_PORT,
  LABEL_APP_COMPONENT,
  LABEL_APP_NAME,
  LABEL_MANAGED_BY,
  LABEL_PAIR,
  LABEL_RUN_ID,
  LABEL_WORKLOAD,
  MANAGED_BY,
} from '../../src/constants.js';
import { isDns1123Label, isRfc1035Label } from '../../src/kube/names.js';
import type { RunPlan } from '../../src/orchestrator/plan-types.js';
import { objectSchemaErrors, schemasAvailable } from '../support/k8s-schemas.js';

/** The plan's objects of one kind, typed as their library declares them. */
export const ofKind = <T>(plan: RunPlan, kind: string): T[] =>
  plan.objects.filter((obj) => obj.kind === kind) as unknown as T[];

const matches = (labels: Record<string, string> | undefined, selector: Record<string, string>): boolean =>
  Object.entries(selector).every(([key, value]) => labels?.[key] === value);

/** Schema errors per object, `<kind>/<name>: <error>`; checked only where the schemas are present. */
export const planSchemaErrors = (plan: RunPlan): string[] =>
  schemasAvailable
    ? plan.objects.flatMap((obj) => objectSchemaErrors(obj).map((e) => `${obj.kind}/${obj.metadata?.name}: ${e}`))
    : [];

export const expectPlanInvariants = (plan: RunPlan): void => {
  expect(planSchemaErrors(plan)).toEqual([]);

  const kinds = plan.objects.map((obj) => obj.kind);
  const order = ['Namespace', 'Service', 'Secret', 'VirtualMachine'];
  expect([...kinds].sort((a, b) => order.indexOf(a ?? '') - order.indexOf(b ?? ''))).toEqual(kinds);

  for (const obj of plan.objects) {
    const name = obj.metadata?.name ?? '';
    expect(obj.kind === 'Service' ? isRfc1035Label(name) : isDns1123Label(name), `${obj.kind}/${name}`).toBe(true);
    expect(obj.metadata?.labels, `${obj.kind}/${name}`).toMatchObject({ [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_RUN_ID]: plan.runId });
    if (obj.kind !== 'Namespace') expect(obj.metadata?.namespace).toBe(plan.namespace);
    // The Kubernetes recommended labels, as the Go tool sets them, on every object of a workload.
    if (obj.kind !== 'Namespace') {
      const workload = obj.metadata?.labels?.[LABEL_WORKLOAD] ?? '';
      expect(workload, `${obj.kind}/${name}`).not.toBe('');
      expect(obj.metadata?.labels, `${obj.kind}/${name}`).toMatchObject({ [LABEL_APP_NAME]: `virtwork-${workload}`, [LABEL_APP_COMPONENT]: workload });
    }
  }
  const keys = plan.objects.map((obj) => `${obj.kind}/${obj.metadata?.name}`);
  expect(new Set(keys).size).toBe(keys.length);

  const vms = ofKind<V1VirtualMachine>(plan, 'VirtualMachine');
  const secrets = ofKind<V1Secret>(plan, 'Secret');
  expect(vms.map((vm) => vm.metadata?.name)).toEqual(plan.vms.map((vm) => vm.name));
  expect(secrets.map((s) => s.metadata?.name)).toEqual(plan.vms.map((vm) => vm.secretName));

  const dataVolumes = vms.flatMap((vm) => vm.spec.dataVolumeTemplates ?? []);
  expect(new Set(dataVolumes.map((dv) => dv.metadata?.name)).size).toBe(dataVolumes.length);
  for (const dv of dataVolumes) {
    expect(isDns1123Label(dv.metadata?.name ?? '')).toBe(true);
    expect(dv.metadata?.labels).toMatchObject({ [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_RUN_ID]: plan.runId });
    const workload = dv.metadata?.labels?.[LABEL_WORKLOAD] ?? '';
    expect(dv.metadata?.labels).toMatchObject({ [LABEL_APP_NAME]: `virtwork-${workload}`, [LABEL_APP_COMPONENT]: workload });
  }

  plan.vms.forEach((vmPlan, i) => {
    const vm = vms[i];
    const secret = secrets[i];
    const spec = vm?.spec.template.spec;
    expect(vm?.spec.template.metadata?.labels).toEqual(vm?.metadata?.labels);
    expect(secret?.metadata?.labels).toEqual(vm?.metadata?.labels);
    expect(spec?.volumes?.find((v) => v.cloudInitNoCloud)?.cloudInitNoCloud?.secretRef?.name).toBe(secret?.metadata?.name);
    expect(Buffer.from(secret?.data?.userdata ?? '', 'base64').toString('utf8')).toBe(vmPlan.userdata);
    expect(probedUnits(spec?.readinessProbe, vmPlan.userdata, plan.readiness), vmPlan.name).toEqual([...vmPlan.unitNames]);
    expect(spec?.domain.devices.disks?.filter((d) => d.serial).map((d) => d.serial)).toEqual(vmPlan.dataDisks.map((d) => d.serial));
  });

  for (const service of ofKind<V1Service>(plan, 'Service')) {
    const name = service.metadata?.name ?? '';
    const selector = service.spec?.selector ?? {};
    expect(Object.keys(selector).length).toBeGreaterThan(0);
    const selected = vms.filter((vm) => matches(vm.spec.template.metadata?.labels, selector));
    expect(selected.map((vm) => vm.metadata?.name), `Service ${name} selects exactly one VM`).toHaveLength(1);
    // The other VMs of its pair reach it by name; no VM of another pair names it.
    const pair = selected[0]?.spec.template.metadata?.labels?.[LABEL_PAIR];
    const mentioned = new RegExp(`(?<![\\w-])${name}(?![\\w-])`);
    for (const vmPlan of plan.vms) {
      const samePair = vmPlan.workload === selected[0]?.metadata?.labels?.['virtwork/workload'] && String(vmPlan.index) === pair;
      if (vmPlan.name === name) continue;
      expect(mentioned.test(vmPlan.userdata), `${vmPlan.name} names Service ${name}`).toBe(samePair);
    }
  }
};

/**
 * The units a VM's readiness covers: those of its exec probe's command, or those its health endpoint
 * reports on (the unit's command line) when the probe asks that endpoint; none without a probe.
 */
const probedUnits = (probe: V1Probe | undefined, userdata: string, readiness: ReadinessMode): string[] => {
  if (readiness === 'running') {
    expect(probe).toBeUndefined();
    return [...userdata.matchAll(/systemctl enable --now (virtwork-[\w.@:-]+\.service)/g)].map((m) => m[1] ?? '');
  }
  if (readiness === 'guest-agent') return probe?.exec?.command?.join(' ').match(/[\w.@:-]+\.service/g) ?? [];
  expect(probe?.httpGet).toEqual({ path: HEALTH_PATH, port: HEALTH_PORT });
  const execStart = /ExecStart=\/usr\/local\/bin\/virtwork-health (\d+) (\S+) (.*)/.exec(userdata);
  expect(execStart?.slice(1, 3)).toEqual([String(HEALTH_PORT), HEALTH_PATH]);
  return execStart?.[3]?.split(' ') ?? [];
};
