/**
 * The upstream swagger files discovery publishes from, through the simulator's shared loader
 * (each file is parsed once per process). Discovery cannot answer OpenAPI or CRD requests without
 * them, so a missing file is an error that names the fix.
 */
import { loadSwagger, schemasDir, type SchemaNode, type SwaggerDocument } from '../apiserver/schemas.js';
import type { SchemaSource } from '../registry/index.js';
import { internalError } from '../apiserver/status.js';

export type { SchemaNode };

/** The parsed file; without it the request fails as a 500 whose message names the fix. */
export const requireSwagger = (source: SchemaSource): SwaggerDocument => {
  const doc = loadSwagger(source);
  if (!doc) {
    throw internalError(`the ${source} swagger file is missing from ${schemasDir()}: set VIRTWORK_SCHEMAS_DIR to the directory holding the upstream schemas`);
  }
  return doc;
};

/** `#/definitions/v1.VirtualMachine` -> `v1.VirtualMachine`. */
export const refName = (ref: string): string => ref.replace(/^#\/definitions\//, '');

/** The directory the documents are built from: part of every cache key, as tests may point elsewhere. */
export { schemasDir };
