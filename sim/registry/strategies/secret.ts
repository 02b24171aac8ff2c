/** Secret (core/v1): `stringData` folded into `data`, type Opaque by default, at most 1 MiB of data. */
import { ageColumn, col, dataCount } from '../columns.js';
import type { FieldError } from '../../apiserver/status.js';
import type { KubeObject } from '../../storage/store.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

/** corev1.MaxSecretSize. */
export const MAX_SECRET_BYTES = 1024 * 1024;

const foldStringData = (obj: KubeObject): KubeObject => {
  const { stringData, ...rest } = obj as KubeObject & { stringData?: Record<string, string> };
  const data = { ...((rest.data as Record<string, string> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(stringData ?? {})) data[key] = Buffer.from(value, 'utf8').toString('base64');
  return { ...rest, type: (rest.type) ?? 'Opaque', ...(Object.keys(data).length > 0 || rest.data ? { data } : {}) };
};

const sizeErrors = (obj: KubeObject): FieldError[] => {
  const data = obj.data as Record<string, string> | undefined;
  let total = 0;
  for (const value of Object.values(data ?? {})) total += Buffer.from(value, 'base64').length;
  return total > MAX_SECRET_BYTES
    ? [{ field: 'data', reason: 'FieldValueTooLong', detail: `Too long: may not be more than ${MAX_SECRET_BYTES} bytes` }]
    : [];
};

export const secrets: KindStrategy = {
  resource: {
    group: '', version: 'v1', kind: 'Secret', listKind: 'SecretList', plural: 'secrets', singular: 'secret',
    shortNames: [], namespaced: true, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.Secret' }, crd: false, statusSubresource: false,
  },
  prepareForWrite: (obj) => foldStringData(obj),
  validate: sizeErrors,
  columns: [col('Type', '.type'), dataCount, ageColumn],
  selectableFields: { type: (o) => o.type },
};
