/**
 * `/openapi/v2`: the v3 documents merged and rewritten in Swagger 2.0 form (body parameters,
 * `consumes`/`produces`, `#/definitions/`). kubectl 1.32 does not read it (it asks for protobuf,
 * gets 406, and does without); JSON clients that still read v2 get the same operations and schemas.
 */
import { VERSION_INFO } from './documents.js';
import { BEARER, type OpenApiV3Document, type Operation, type Parameter, type Schema } from './openapi-types.js';

const toV2Refs = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/definitions/'));

const toV2Parameter = (p: Parameter): Record<string, unknown> => {
  const { schema, ...rest } = p;
  return { ...rest, type: schema.type, uniqueItems: true };
};

const toV2Operation = (op: Operation): Record<string, unknown> => {
  const { requestBody, parameters = [], responses, ...rest } = op;
  const body = requestBody ? [{ name: 'body', in: 'body', ...(requestBody.required ? { required: true } : {}), schema: Object.values(requestBody.content)[0]?.schema }] : [];
  const produces = Object.keys(Object.values(responses).find((r) => r.content)?.content ?? {});
  return {
    ...rest,
    ...(requestBody ? { consumes: Object.keys(requestBody.content) } : {}),
    produces,
    schemes: ['https'],
    parameters: [...body, ...parameters.map(toV2Parameter)],
    responses: Object.fromEntries(Object.entries(responses).map(([code, r]) => [code, {
      description: r.description, ...(r.content ? { schema: Object.values(r.content)[0]?.schema } : {}),
    }])),
  };
};

/** `/openapi/v2`: every group-version merged into one Swagger 2.0 document. */
export const buildSwaggerDocument = (documents: readonly OpenApiV3Document[]): Record<string, unknown> => {
  const paths: Record<string, Record<string, unknown>> = {};
  const definitions: Record<string, Schema> = {};
  for (const doc of documents) {
    Object.assign(definitions, doc.components.schemas);
    for (const [path, item] of Object.entries(doc.paths)) {
      const { parameters, ...ops } = item;
      paths[path] = {
        ...Object.fromEntries(Object.entries(ops).map(([m, op]) => [m, toV2Operation(op)])),
        ...(parameters ? { parameters: parameters.map(toV2Parameter) } : {}),
      };
    }
  }
  return toV2Refs({
    swagger: '2.0',
    info: { title: 'Kubernetes', version: VERSION_INFO.gitVersion },
    paths,
    definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b))),
    securityDefinitions: BEARER,
    security: [{ BearerToken: [] }],
  }) as Record<string, unknown>;
};

