/**
 * The real KubeVirt, CDI and Kubernetes OpenAPI v2 documents the simulator validates against.
 * They live outside the repository (`../shared/schemas`, or `$VIRTWORK_SCHEMAS_DIR`) and are
 * read once per process, on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CDI_SUPPLEMENT } from './cdi-supplement.js';
import type { SchemaSource } from '../registry/index.js';

/** A JSON Schema node as the Swagger files write them (a subset of keywords we read). */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  format?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  required?: string[];
  description?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  [keyword: string]: unknown;
}

export interface SwaggerDocument {
  swagger?: string;
  info?: unknown;
  paths?: Record<string, unknown>;
  definitions: Record<string, SchemaNode>;
}

const FILES: Record<SchemaSource, string> = {
  kubernetes: 'kubernetes-swagger.json',
  kubevirt: 'kubevirt-swagger.json',
  cdi: 'cdi-swagger.json',
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `$VIRTWORK_SCHEMAS_DIR`, else `<repo>/../shared/schemas`. */
export const schemasDir = (): string =>
  process.env.VIRTWORK_SCHEMAS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'schemas');

export const haveSchemas = (dir: string = schemasDir()): boolean =>
  Object.values(FILES).every((file) => existsSync(path.join(dir, file)));

const loaded = new Map<string, SwaggerDocument>();

/**
 * The parsed Swagger document, or undefined when the schemas directory is missing. CDI's gets the
 * definitions its file leaves out (StorageProfile, see cdi-supplement.ts); the file's own win.
 */
export const loadSwagger = (source: SchemaSource, dir: string = schemasDir()): SwaggerDocument | undefined => {
  const file = path.join(dir, FILES[source]);
  const cached = loaded.get(file);
  if (cached) return cached;
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as SwaggerDocument;
  const doc = source === 'cdi' ? { ...parsed, definitions: { ...CDI_SUPPLEMENT, ...parsed.definitions } } : parsed;
  loaded.set(file, doc);
  return doc;
};

/** Follows `#/definitions/...` references inside one document until a concrete node. */
export const resolveRef = (doc: SwaggerDocument, node: SchemaNode | undefined): SchemaNode | undefined => {
  let current = node;
  for (let hops = 0; current?.$ref !== undefined && hops < 32; hops++) {
    current = doc.definitions[current.$ref.replace('#/definitions/', '')];
  }
  return current;
};
