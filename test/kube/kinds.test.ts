/**
 * The kinds table says where each kind is served: it must agree with the simulator's resource
 * table (written from the real APIs' discovery) and with the calls list and delete make.
 */
import { describe, expect, it } from 'vitest';
import { KINDS, kindEntries, rbacResource, type KindInfo, type KindName } from '../../src/kube/kinds.js';
import { collectionPath, KIND_CALLS, resourceOf } from '../../src/kube/kind-calls.js';
import { RESOURCES } from '../../sim/registry/index.js';

describe('KINDS', () => {
  it.each(kindEntries().filter(([name]) => name !== 'Pod'))('%s has the group, version, plural and scope the API serves it under', (name, kind) => {
    expect(RESOURCES.find((r) => r.kind === name)).toMatchObject({
      group: kind.group, version: kind.version, plural: kind.plural, namespaced: kind.namespaced,
    });
  });

  it('names each resource as RBAC and kubectl do', () => {
    expect(rbacResource(KINDS.Secret)).toBe('secrets');
    expect(resourceOf('DataVolume')).toBe('datavolumes.cdi.kubevirt.io');
  });

  it('has a call for each verb a command uses on a kind, and no call nothing uses', () => {
    for (const [name, row] of Object.entries(KIND_CALLS)) {
      // A cluster-scoped kind is read by name alone; a namespaced one is got in its namespace.
      const callOf = { create: 'create', get: 'read' in row ? 'read' : 'get', list: 'list', deletecollection: 'deleteCollection', delete: 'deleteOne' } as const;
      const kind: KindInfo = KINDS[name as KindName];
      const standIns = Object.values(kind.fallbacks ?? {}).flatMap((f) => (f.instead ? [f.instead] : []));
      const used = new Set([...Object.values(kind.verbs).flat(), ...standIns]);
      const needed = [...used].flatMap((verb) => (verb in callOf ? [callOf[verb as keyof typeof callOf]] : []));
      expect(Object.keys(row).sort(), name).toEqual([...new Set(needed)].sort());
    }
  });

  it('watches a kind at the path the API serves its collection under', () => {
    expect(collectionPath('VirtualMachineInstance', 'load test')).toBe('/apis/kubevirt.io/v1/namespaces/load%20test/virtualmachineinstances');
    expect(collectionPath('Pod', 'virtwork')).toBe('/api/v1/namespaces/virtwork/pods');
  });

  it('gives every fallback a verb the row uses, and a stand-in other than itself', () => {
    for (const [, kind] of kindEntries()) {
      const used = new Set(Object.values(kind.verbs).flat());
      for (const [verb, fallback] of Object.entries(kind.fallbacks ?? {})) {
        expect(used.has(verb as never)).toBe(true);
        expect(fallback.instead).not.toBe(verb);
      }
    }
  });
});
