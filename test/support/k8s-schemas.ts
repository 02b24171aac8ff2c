/**
 * The product's OpenAPI validators (src/schemas) over the schemas directory tests use, with the
 * skip-or-fail rule of schemas-dir.ts: a missing file skips outside CI and fails under CI=true.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OPENAPI_FILES, openApiValidator } from '../../src/schemas/kubernetes.js';
import type { SchemaSource } from '../../src/schemas/kubernetes.js';
import { violationText } from '../../src/schemas/violation.js';
import { schemasDir, skipReason } from './schemas-dir.js';

export type { SchemaSource };
export { closeObjects } from '../../src/schemas/kubernetes.js';
export { schemasDir };
export const schemasAvailable = Object.values(OPENAPI_FILES).every((file) => existsSync(path.join(schemasDir, file)));
/** One line for a skipped suite's title; empty when the schemas are present. Under CI=true a missing file fails. */
export const schemasSkipReason =
  skipReason(schemasAvailable, `OpenAPI schemas not found in ${schemasDir} (set VIRTWORK_SCHEMAS_DIR)`) ?? '';

const validator = openApiValidator(schemasDir);

const requireSchemas = (): void => {
  if (!schemasAvailable) throw new Error(schemasSkipReason);
};

/**
 * Every way `obj` breaks `definition`, as `<json pointer> <message>` lines; `[]` when it is valid.
 * `schemaErrors('v1.VirtualMachine', vm)`, `schemaErrors('io.k8s.api.core.v1.Service', svc)`.
 */
export const schemaErrors = (definition: string, obj: unknown, source?: SchemaSource): string[] => {
  requireSchemas();
  return validator.errors(definition, obj, source).map(violationText);
};

/** The definition an object's `apiVersion` and `kind` name, in the document that holds it. */
export const definitionFor = (obj: unknown): { source: SchemaSource; definition: string } => {
  requireSchemas();
  return validator.definitionFor(obj);
};

/** Like `schemaErrors`, with the definition chosen by the object's own `apiVersion` and `kind`. */
export const objectSchemaErrors = (obj: unknown): string[] => {
  requireSchemas();
  return validator.objectErrors(obj).map(violationText);
};
