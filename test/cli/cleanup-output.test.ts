import { describe, expect, it } from 'vitest';
import { formatCleanupNames } from '../../src/cli/output/cleanup.js';
import type { CleanupResult } from '../../src/orchestrator/cleanup.js';

const result: CleanupResult = {
  executionId: 'e1',
  plan: {
    namespace: 'virtwork',
    labelSelector: 'app.kubernetes.io/managed-by=virtwork',
    objects: {
      VirtualMachine: [{ name: 'virtwork-cpu-0', runId: 'r1' }, { name: 'virtwork-cpu-1', runId: 'r1' }],
      DataVolume: [],
      PersistentVolumeClaim: [],
      Secret: [{ name: 'virtwork-cpu-0-cloudinit', runId: 'r1' }],
      Service: [],
    },
    runIds: ['r1'],
  },
  dryRun: false,
  cancelled: false,
  deleted: { VirtualMachine: 1, DataVolume: 0, PersistentVolumeClaim: 0, Secret: 1, Service: 0 },
  namespaceDeleted: false,
  failures: [{ kind: 'VirtualMachine', name: 'virtwork-cpu-1', message: 'forbidden' }],
  stillPresent: [],
};

describe('cleanup -o name', () => {
  it('prints kind/name of what was deleted, as kubectl delete -o name, leaving out failed deletes', () => {
    expect(formatCleanupNames(result)).toBe('virtualmachine.kubevirt.io/virtwork-cpu-0\nsecret/virtwork-cpu-0-cloudinit\n');
  });

  it('names the namespace when it went, and nothing after a "no" at the prompt', () => {
    expect(formatCleanupNames({ ...result, failures: [], namespaceDeleted: true }).split('\n').slice(-2)).toEqual(['namespace/virtwork', '']);
    expect(formatCleanupNames({ ...result, cancelled: true })).toBe('');
  });
});
