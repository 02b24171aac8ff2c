/**
 * Server-side printing: kubectl asks for `application/json;as=Table;g=meta.k8s.io` and prints
 * the columns the server chooses: the kind's strategy's columns (for custom kinds the same ones
 * their CRDs declare as additionalPrinterColumns), Age when it has none.
 */
import { ageColumn, readJsonPath } from '../registry/columns.js';
import { strategyOf, type ResourceType } from '../registry/index.js';
import type { Cell, Column } from '../registry/strategy.js';
import type { StoredObject } from '../storage/store.js';

export const wantsTable = (accept: string): boolean => /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);

const cellOf = (c: Column, o: StoredObject): Cell => (c.cell ? c.cell(o) : readJsonPath(o, c.jsonPath ?? ''));

/** A meta.k8s.io/v1 Table of the objects, rows carrying PartialObjectMetadata. */
export const toTable = (r: ResourceType, objects: readonly StoredObject[], listMeta: Record<string, unknown> | undefined): unknown => {
  const strategy = strategyOf(r);
  const name: Column = { name: 'Name', type: 'string', cell: strategy.nameCell ?? ((o) => o.metadata.name) };
  const columns = [name, ...(strategy.columns ?? [ageColumn])];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta ?? { resourceVersion: objects[0]?.metadata.resourceVersion ?? '' },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.name === 'Name' ? 'name' : '',
      // The CRDs' descriptions are not repeated here.
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => cellOf(c, o)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
};
