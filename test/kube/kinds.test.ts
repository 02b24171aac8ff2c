/**
 * The kinds table says where each kind is served: it must agree with the simulator's resource
 * table (written from the real APIs' discovery) and with the calls list and delete make.
 */
import { describe, expect, it } from 'vitest';
import { KINDS, kindEntries, rbacResource, type KindName } from '../../src/kube/kinds.js';
import { KIND_APIS, type ListableKind } from '../../src/kube/list.js';
import { RESOURCES } from '../../sim/resources.js';

describe('KINDS', () => {
  it.each(kindEntries().filter(([name]) => name !== 'Pod'))('%s has the group, version, plural and scope the API serves it under', (name, kind) => {
    expect(RESOURCES.find((r) => r.kind === name)).toMatchObject({
      group: kind.group, version: kind.version, plural: kind.plural, namespaced: kind.namespaced,
    });
  });

  it('names each resource as RBAC and the list and delete calls do', () => {
    for (const [kind, api] of Object.entries(KIND_APIS) as [ListableKind, (typeof KIND_APIS)[ListableKind]][]) {
      expect(api.resource).toBe(rbacResource(KINDS[kind as KindName]));
    }
    expect(rbacResource(KINDS.Secret)).toBe('secrets');
    expect(rbacResource(KINDS.DataVolume)).toBe('datavolumes.cdi.kubevirt.io');
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
