/** The kind list itself: what every strategy must hold for the generic code to serve it. */
import { describe, expect, it } from 'vitest';
import { readJsonPath } from '../../sim/registry/columns.js';
import { apiVersionOf, KINDS, RESOURCES, strategyOf } from '../../sim/registry/index.js';

describe('the kind list', () => {
  it('names each kind and each plural once per group-version, so routing and findByKind find one', () => {
    const kinds = RESOURCES.map((r) => `${apiVersionOf(r)}/${r.kind}`);
    const plurals = RESOURCES.map((r) => `${apiVersionOf(r)}/${r.plural}`);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(new Set(plurals).size).toBe(plurals.length);
  });

  it('gives every custom kind columns its CRD can declare: each one read by a JSONPath', () => {
    const withoutPath = KINDS.filter((k) => k.resource.crd)
      .flatMap((k) => (k.columns ?? []).filter((c) => c.jsonPath === undefined).map((c) => `${k.resource.kind}.${c.name}`));
    expect(withoutPath).toEqual([]);
  });

  it('finds each served resource its own strategy, and gives a resource from elsewhere none of the hooks', () => {
    for (const k of KINDS) expect(strategyOf(k.resource)).toBe(k);
    const other = { ...RESOURCES[0]!, kind: 'Other' };
    expect(strategyOf(other)).toEqual({ resource: other });
  });
});

describe('readJsonPath (printer columns)', () => {
  const vmi = {
    status: {
      phase: 'Running',
      interfaces: [{ ipAddress: '10.128.0.10' }],
      conditions: [{ type: 'Paused', status: 'False' }, { type: 'Ready', status: 'True' }],
    },
  };

  it('reads fields, list indexes and the condition of a type', () => {
    expect(readJsonPath(vmi, '.status.phase')).toBe('Running');
    expect(readJsonPath(vmi, '.status.interfaces[0].ipAddress')).toBe('10.128.0.10');
    expect(readJsonPath(vmi, ".status.conditions[?(@.type=='Ready')].status")).toBe('True');
  });

  it('reads absent values, objects and lists as an empty cell (null)', () => {
    expect(readJsonPath(vmi, '.status.nodeName')).toBeNull();
    expect(readJsonPath(vmi, ".status.conditions[?(@.type=='LiveMigratable')].status")).toBeNull();
    expect(readJsonPath(vmi, '.spec.domain')).toBeNull();
    expect(readJsonPath(vmi, '.status.interfaces')).toBeNull();
  });

  it('refuses a JSONPath outside the subset, so a new column cannot print empty by mistake', () => {
    expect(() => readJsonPath(vmi, '.status.conditions[*].type')).toThrow('unsupported JSONPath .status.conditions[*].type');
  });
});
