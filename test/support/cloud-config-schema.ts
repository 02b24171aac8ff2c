/**
 * A `#cloud-config` document checked two ways: against cloud-init's JSON schema (draft-04, through
 * ajv-draft-04) and by cloud-init itself (`cloud-init schema --config-file`, Debian's package).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { hasCommand, schemaFileSkipReason, schemasDir, skipReason } from './schemas-dir.js';

const SCHEMA_FILE = 'cloud-init-schema-cloud-config-v1.json';
const HEADER = '#cloud-config\n';

/** Set when the JSON schema is missing (a skip; under CI=true the import already failed). */
export const cloudConfigSchemaSkipReason = schemaFileSkipReason(SCHEMA_FILE);

/** The document as cloud-init reads it: the header line, then YAML 1.1 (PyYAML). */
export const parseCloudConfig = (text: string): unknown => {
  if (!text.startsWith(HEADER)) throw new Error(`cloud-config must start with ${JSON.stringify(HEADER)}`);
  return parse(text.slice(HEADER.length), { version: '1.1' });
};

let validate: ValidateFunction | undefined;

/**
 * Schema errors of a `#cloud-config` text; `[]` when valid. The schema uses cloud-init's own
 * annotation keywords (`deprecated`, `changed`, `hidden`) and a later draft's `prefixItems`, so Ajv
 * runs with `strict: false`, as the schemas' README says.
 */
export const cloudConfigSchemaErrors = (text: string): ErrorObject[] => {
  if (validate === undefined) {
    const ajv = new Ajv04.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(path.join(schemasDir, SCHEMA_FILE), 'utf8')) as object);
  }
  return validate(parseCloudConfig(text)) ? [] : [...(validate.errors ?? [])];
};

const run = promisify(execFile);

/** Set when the `cloud-init` command is missing: `apt-get install --no-install-recommends cloud-init`. */
export const cloudInitSkipReason = skipReason(
  hasCommand('cloud-init'),
  'cloud-init is not installed (apt-get install --no-install-recommends cloud-init)',
);

export interface CloudInitVerdict {
  readonly valid: boolean;
  /** What cloud-init printed: `Valid cloud-config: FILE`, or its list of errors. */
  readonly output: string;
}

/** cloud-init's own verdict on a document (its bundled schema, which may be older than the JSON file's). */
export const cloudInitSchema = async (text: string): Promise<CloudInitVerdict> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'virtwork-cloud-config-'));
  const file = path.join(dir, 'user-data');
  try {
    await writeFile(file, text);
    const { stdout, stderr } = await run('cloud-init', ['schema', '--config-file', file]);
    return { valid: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    if (stdout === '' && stderr === '') throw error;
    return { valid: false, output: `${stdout}${stderr}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
