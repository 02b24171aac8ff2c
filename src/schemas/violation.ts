/** One way a document breaks its schema, in the words of Ajv's error. */
import type { ErrorObject } from 'ajv';

export interface SchemaViolation {
  /** JSON pointer into the document; `/` for the root. */
  readonly path: string;
  readonly message: string;
}

/** Ajv's error as a violation; an unknown field is named. */
export const ajvViolation = (error: ErrorObject): SchemaViolation => ({
  path: error.instancePath === '' ? '/' : error.instancePath,
  message: `${error.message ?? error.keyword}${error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : ''}`,
});

/** `<json pointer> <message>`, one line. */
export const violationText = (violation: SchemaViolation): string => `${violation.path} ${violation.message}`;
