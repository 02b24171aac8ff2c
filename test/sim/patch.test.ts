/**
 * The patch formats on their own: RFC 7386 merge patch, RFC 6902 JSON patch, and strategic merge
 * patch with the patch metadata of the real Kubernetes schema and kubectl's directives.
 */
import { describe, expect, test } from 'vitest';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError, type Json } from '../../sim/apiserver/patch.js';
import { resourceOfKind } from '../../sim/registry/index.js';
import { schemaFor } from '../../sim/apiserver/validation.js';
import { schemasMissing } from './fixtures.js';

describe('JSON merge patch (RFC 7386)', () => {
  test.for([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: ['b'] }, { a: ['c', 'd'] }, { a: ['c', 'd'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [['a', 'b'], { a: 'c' }, { a: 'c' }],
    [{ a: 'foo' }, 'bar', 'bar'],
  ] as [Json, Json, Json][])('%j + %j = %j', ([target, patch, result]) => {
    expect(applyMergePatch(target, patch)).toEqual(result);
  });

  test('does not modify its inputs', () => {
    const target = Object.freeze({ a: Object.freeze({ b: 'c' }) });
    applyMergePatch(target, { a: { b: 'd' } });
    expect(target).toEqual({ a: { b: 'c' } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc: Json = { foo: ['bar', 'baz'], obj: { 'a/b': 1, 'm~n': 2 } };

  test('add, remove, replace, move, copy and test, with escaped pointers and "-"', () => {
    const result = applyJsonPatch(doc, [
      { op: 'add', path: '/foo/1', value: 'qux' },
      { op: 'add', path: '/foo/-', value: 'end' },
      { op: 'remove', path: '/obj/a~1b' },
      { op: 'replace', path: '/obj/m~0n', value: 3 },
      { op: 'copy', from: '/obj/m~0n', path: '/copied' },
      { op: 'move', from: '/foo/0', path: '/first' },
      { op: 'test', path: '/first', value: 'bar' },
    ]);
    expect(result).toEqual({ foo: ['qux', 'baz', 'end'], obj: { 'm~n': 3 }, copied: 3, first: 'bar' });
    expect(doc).toEqual({ foo: ['bar', 'baz'], obj: { 'a/b': 1, 'm~n': 2 } });
  });

  test('a failed test is a conflict; a missing path is not', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/foo/0', value: 'nope' }])).toThrow(
      expect.objectContaining({ conflict: true, message: 'testing value /foo/0 failed: test failed' }) as unknown,
    );
    const missing = (): Json => applyJsonPatch(doc, [{ op: 'replace', path: '/nope/x', value: 1 }]);
    expect(missing).toThrow(PatchError);
    expect(missing).toThrow('replace operation does not apply: doc is missing path: "/nope/x": missing value');
  });

  test('a patch that is not a list is refused', () => {
    expect(() => applyJsonPatch(doc, { op: 'add' })).toThrow(PatchError);
  });
});

describe.skipIf(schemasMissing)('strategic merge patch (Kubernetes patch metadata)', () => {
  const serviceSchema = () => {
    const s = schemaFor(resourceOfKind('Service'))!;
    return { doc: s.doc, node: s.node };
  };
  const service: Json = {
    metadata: { name: 's', labels: { a: '1' }, finalizers: ['x'] },
    spec: { ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }], selector: { app: 'web' } },
  };

  test('merges list entries by their merge key and appends new ones', () => {
    const result = applyStrategicMergePatch(service, { spec: { ports: [{ port: 443, targetPort: 8443 }, { port: 8080, name: 'alt' }] } }, serviceSchema());
    expect(result).toMatchObject({
      spec: { ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, targetPort: 8443 }, { port: 8080, name: 'alt' }] },
    });
  });

  test('$patch: delete removes a list entry; $patch: replace replaces a map or a list', () => {
    const deleted = applyStrategicMergePatch(service, { spec: { ports: [{ port: 80, $patch: 'delete' }] } }, serviceSchema()) as { spec: { ports: unknown[] } };
    expect(deleted.spec.ports).toEqual([{ name: 'https', port: 443 }]);
    const replacedMap = applyStrategicMergePatch(service, { spec: { selector: { tier: 'db', $patch: 'replace' } } }, serviceSchema());
    expect(replacedMap).toMatchObject({ spec: { selector: { tier: 'db' } } });
    expect((replacedMap as { spec: { selector: object } }).spec.selector).not.toHaveProperty('app');
    const replacedList = applyStrategicMergePatch(service, { spec: { ports: [{ $patch: 'replace' }, { port: 1 }] } }, serviceSchema());
    expect((replacedList as { spec: { ports: unknown[] } }).spec.ports).toEqual([{ port: 1 }]);
  });

  test('merged primitive lists take the union; $deleteFromPrimitiveList removes values', () => {
    const union = applyStrategicMergePatch(service, { metadata: { finalizers: ['y', 'x'] } }, serviceSchema());
    expect((union as { metadata: { finalizers: string[] } }).metadata.finalizers).toEqual(['x', 'y']);
    const removed = applyStrategicMergePatch(service, { metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] } }, serviceSchema());
    expect((removed as { metadata: { finalizers: string[] } }).metadata.finalizers).toEqual([]);
  });

  test('$setElementOrder orders the merged list; null deletes a key; lists without a strategy are replaced', () => {
    const result = applyStrategicMergePatch(
      service,
      {
        metadata: { labels: { a: null, b: '2' } },
        spec: { '$setElementOrder/ports': [{ port: 443 }, { port: 80 }], ports: [{ port: 80, name: 'plain' }], externalIPs: ['1.2.3.4'] },
      },
      serviceSchema(),
    ) as { metadata: { labels: object }; spec: { ports: { port: number }[]; externalIPs: string[] } };
    expect(result.spec.ports.map((p) => p.port)).toEqual([443, 80]);
    expect(result.metadata.labels).toEqual({ b: '2' });
    expect(result.spec.externalIPs).toEqual(['1.2.3.4']);
  });

  test('$retainKeys drops keys the patch does not list', () => {
    const result = applyStrategicMergePatch({ spec: { a: 1, b: 2, c: 3 } }, { spec: { $retainKeys: ['a', 'c'], c: 4 } }, serviceSchema());
    expect(result).toEqual({ spec: { a: 1, c: 4 } });
  });
});
