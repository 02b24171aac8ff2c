/**
 * Checks generated objects and cloud-configs against the schemas in one directory: the OpenAPI
 * documents of Kubernetes, KubeVirt and CDI, and cloud-init's cloud-config schema. Imported only when
 * a schemas directory is given, so Ajv loads only then.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../errors.js';
import { CLOUD_CONFIG_SCHEMA_FILE, cloudConfigValidator } from './cloud-config.js';
import { OPENAPI_FILES, openApiValidator } from './kubernetes.js';
import { ajvViolation, type SchemaViolation } from './violation.js';

/** Every file a schemas directory holds. */
export const SCHEMA_FILES: readonly string[] = [...Object.values(OPENAPI_FILES), CLOUD_CONFIG_SCHEMA_FILE];

export interface SchemaChecker {
  /** Violations of the schema the object's `apiVersion` and `kind` name. */
  objectViolations(obj: unknown): SchemaViolation[];
  /** Violations of cloud-init's schema by a `#cloud-config` text. */
  cloudConfigViolations(text: string): SchemaViolation[];
}

/** Fails at once, naming `field` and the missing file, when `dir` lacks one of the schema files. */
export const schemaChecker = (dir: string, field = '--schemas-dir'): SchemaChecker => {
  const missing = SCHEMA_FILES.filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new InvalidInputError(field, dir, `the directory must hold ${SCHEMA_FILES.join(', ')}; missing ${missing.join(', ')}`);
  }
  const openApi = openApiValidator(dir);
  const cloudConfig = cloudConfigValidator(dir);
  return {
    objectViolations: (obj) => openApi.objectErrors(obj),
    cloudConfigViolations: (text) => cloudConfig(text).map(ajvViolation),
  };
};
