/** Event (core/v1): selectable by the object it is about, its reason, source and type. */
import { ALL_VERBS } from '../resource-type.js';
import { ageColumn, col } from '../columns.js';
import type { FieldGetter, KindStrategy } from '../strategy.js';

const at = (path: string): FieldGetter => (obj) => {
  let node: unknown = obj;
  for (const part of path.split('.')) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return node;
};

const INVOLVED = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((f) => `involvedObject.${f}`);

export const events: KindStrategy = {
  resource: {
    group: '', version: 'v1', kind: 'Event', listKind: 'EventList', plural: 'events', singular: 'event',
    shortNames: ['ev'], namespaced: true, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.Event' }, crd: false, statusSubresource: false,
  },
  columns: [col('Type', '.type'), col('Reason', '.reason'), col('Message', '.message'), ageColumn],
  // pkg/registry/core/event/strategy.go ToSelectableFields; `source` is source.component.
  selectableFields: {
    ...Object.fromEntries(INVOLVED.map((path) => [path, at(path)])),
    reason: at('reason'),
    reportingComponent: at('reportingComponent'),
    source: at('source.component'),
    type: at('type'),
  },
};
