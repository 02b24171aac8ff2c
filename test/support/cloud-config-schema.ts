/**
 * A `#cloud-config` document checked two ways: against cloud-init's JSON schema (the product's
 * validator in src/schemas) and by cloud-init itself (`cloud-init schema --config-file`, Debian's package).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLOUD_CONFIG_SCHEMA_FILE, cloudConfigValidator } from '../../src/schemas/cloud-config.js';
import { hasCommand, schemaFileSkipReason, schemasDir, skipReason } from './schemas-dir.js';

export { parseCloudConfig } from '../../src/schemas/cloud-config.js';

/** Set when the JSON schema is missing (a skip; under CI=true the import already failed). */
export const cloudConfigSchemaSkipReason = schemaFileSkipReason(CLOUD_CONFIG_SCHEMA_FILE);

/** Ajv's errors of a `#cloud-config` text against cloud-init's schema (the product's validator); `[]` when valid. */
export const cloudConfigSchemaErrors = cloudConfigValidator(schemasDir);

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
