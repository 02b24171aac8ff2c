/** The OpenAPI 3.0 shapes the simulator publishes (only what it writes), shared by its builders. */

/** Any JSON Schema node: swagger definitions, CRD schemas, `$ref`s. */
export type Schema = object;

export interface GvPair {
  readonly group: string;
  readonly version: string;
}

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  schema: { type: string; uniqueItems: true };
}

export interface MediaTypes {
  [mediaType: string]: { schema: Schema };
}

export interface Operation {
  description: string;
  operationId: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { content: MediaTypes; required?: boolean };
  responses: Record<string, { description: string; content?: MediaTypes }>;
  /** Absent only on the group-version's own discovery operation. */
  'x-kubernetes-action'?: string;
  /** What kubectl matches a kind's operations by. */
  'x-kubernetes-group-version-kind'?: Gvk;
}

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
export type PathItem = Partial<Record<Method, Operation>> & { parameters?: Parameter[] };

export interface OpenApiV3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema> };
  security: Record<string, string[]>[];
}

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const BEARER = { BearerToken: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } };
