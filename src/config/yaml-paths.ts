/**
 * Finding a path of keys in a parsed YAML document: where it starts (for `file:line` in errors) and
 * what value the plain data holds there. The config file and catalog manifests both report through these.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';

/** Offset of the node at `keyPath` (a key, or an item of a list), or of the deepest one found on the way. */
export const keyOffset = (doc: Document, keyPath: readonly (string | number)[]): number | undefined => {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const key of keyPath) {
    if (isSeq(node)) {
      const item = node.items[Number(key)] as Node | undefined;
      if (item === undefined) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
      continue;
    }
    if (!isMap(node)) return offset;
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key));
    if (!pair) return offset;
    offset = (pair.key as Node).range?.[0] ?? offset;
    node = pair.value;
  }
  return offset;
};

/** The value at `keyPath` in the document's plain data, or undefined where the path leaves it. */
export const valueAt = (raw: unknown, keyPath: readonly (string | number)[]): unknown =>
  keyPath.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    raw,
  );
