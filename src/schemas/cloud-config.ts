/**
 * A `#cloud-config` document against cloud-init's JSON schema (draft-04, through ajv-draft-04). The
 * schema uses cloud-init's own annotation keywords (`deprecated`, `changed`, `hidden`) and a later
 * draft's `prefixItems`, so Ajv runs with `strict: false`, as cloud-init's schema documentation says.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const CLOUD_CONFIG_SCHEMA_FILE = 'cloud-init-schema-cloud-config-v1.json';
const HEADER = '#cloud-config\n';

/** The document as cloud-init reads it: the header line, then YAML 1.1 (PyYAML). */
export const parseCloudConfig = (text: string): unknown => {
  if (!text.startsWith(HEADER)) throw new Error(`cloud-config must start with ${JSON.stringify(HEADER)}`);
  return parse(text.slice(HEADER.length), { version: '1.1' });
};

/** Ajv's raw errors of a `#cloud-config` text against the schema in `dir`; `[]` when valid. */
export type CloudConfigValidator = (text: string) => ErrorObject[];

/** The schema is read and compiled on the first document. */
export const cloudConfigValidator = (dir: string): CloudConfigValidator => {
  let validate: ValidateFunction | undefined;
  return (text) => {
    if (validate === undefined) {
      const ajv = new Ajv04.default({ strict: false, allErrors: true });
      addFormats.default(ajv);
      validate = ajv.compile(JSON.parse(readFileSync(path.join(dir, CLOUD_CONFIG_SCHEMA_FILE), 'utf8')) as object);
    }
    return validate(parseCloudConfig(text)) ? [] : [...(validate.errors ?? [])];
  };
};
