/** `run --dry-run` output is written while the plan's objects are built, in the text of printing them all at once. */
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { printPlan } from '../../src/cli/commands/run.js';
import { planText, writeStreamed } from '../../src/cli/output/plan-stream.js';
import { toYaml } from '../../src/cli/output/yaml.js';
import { InterruptedError } from '../../src/errors.js';
import { buildRunPlan } from '../../src/orchestrator/plan.js';
import type { RunPlan } from '../../src/orchestrator/plan-types.js';
import { runConfig } from '../orchestrator/fake-workloads.js';

const RUN_ID = '0d4c7a8e-1111-4222-8333-444455556666';

/** What `-o json` printed when it wrote the plan all at once: one `v1` List, the form `kubectl get -o json` uses for many objects. */
const listOf = (items: readonly KubernetesObject[]) => ({ apiVersion: 'v1', kind: 'List', items });

/** The plan, with a count of the objects its kinds have built so far. */
const countingPlan = (plan: RunPlan): { plan: RunPlan; built: () => number } => {
  let built = 0;
  const kinds = plan.kinds.map((planned) => ({
    kind: planned.kind,
    names: planned.names,
    *[Symbol.iterator]() {
      for (const object of planned) {
        built++;
        yield object;
      }
    },
  }));
  return { plan: { ...plan, kinds }, built: () => built };
};

const cpuPlan = (vmCount: number): RunPlan => buildRunPlan(runConfig({ workloads: ['cpu'], vmCount, dryRun: true }), { runId: RUN_ID });

describe('run --dry-run output', () => {
  it('writes its first objects before the last one is built', async () => {
    const vms = 400;
    const { plan, built } = countingPlan(cpuPlan(vms));
    const total = 1 + 2 * vms;
    const builtAtWrite: number[] = [];
    let text = '';
    const stdout = { write: (chunk: string) => { builtAtWrite.push(built()); text += chunk; } };
    await printPlan(plan, 'json', { stdout, signal: new AbortController().signal });
    expect(built()).toBe(total);
    expect(builtAtWrite.length).toBeGreaterThan(2);
    expect(builtAtWrite[0]).toBeLessThan(total / 2);
    expect(text).toContain('"name": "virtwork-cpu-399"');
  });

  it('prints the text of printing every object at once: a v1 List as JSON, YAML documents, kind/name lines', () => {
    const plan = buildRunPlan(runConfig({ workloads: ['cpu', 'network'], vmCount: 2 }), { runId: RUN_ID });
    const objects = plan.objects;
    const join = (format: 'json' | 'yaml' | 'name') => [...planText(objects, format)].join('');
    expect(join('json')).toBe(`${JSON.stringify(listOf(objects), null, 2)}\n`);
    expect(join('yaml')).toBe(objects.map((object) => toYaml(object)).join('---\n'));
    expect(join('name')).toBe(objects.map((o) => `${o.kind === 'VirtualMachine' ? 'virtualmachine.kubevirt.io' : o.kind?.toLowerCase()}/${o.metadata?.name}\n`).join(''));
    expect(join('json').length).toBeGreaterThan(1000);
  });

  it('prints an empty List as JSON.stringify does', () => {
    expect([...planText([] as KubernetesObject[], 'json')].join('')).toBe(`${JSON.stringify(listOf([]), null, 2)}\n`);
  });

  it('stops at the next write once interrupted, with the interrupt as its error', async () => {
    const controller = new AbortController();
    const { plan, built } = countingPlan(cpuPlan(2_000));
    let writes = 0;
    const stdout = {
      write: () => {
        writes++;
        controller.abort(new InterruptedError('SIGINT'));
      },
    };
    await expect(printPlan(plan, 'yaml', { stdout, signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    expect(writes).toBe(1);
    expect(built()).toBeLessThan(4_001);
  });

  it('waits for a sink that asks to drain before writing more', async () => {
    const pieces = Array.from({ length: 4 }, (_, i) => `${String(i)}`.repeat(70 * 1024));
    const written: string[] = [];
    let drain: (() => void) | undefined;
    const sink = {
      write: (chunk: string) => {
        written.push(chunk);
        return false;
      },
      once: (_event: 'drain', listener: () => void) => {
        drain = listener;
      },
    };
    const done = writeStreamed(pieces, sink, new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written).toHaveLength(1);
    drain?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written).toHaveLength(2);
    for (let i = 0; i < 3; i++) {
      drain?.();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await done;
    expect(written.join('')).toBe(pieces.join(''));
  });
});
