/** The NoCloud seed a guest boots with, as KubeVirt's cloudInitNoCloud volume gives it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCommand } from './command.js';

export interface SeedContent {
  /** The user-data exactly as the Secret holds it: written byte for byte, never parsed or rewritten. */
  readonly userData: Uint8Array;
  readonly instanceId: string;
  readonly hostname: string;
  readonly networkConfig?: string;
  readonly vendorData?: string;
}

/** Writes the seed's files into `dir` and the ISO (volume label `cidata`) beside them; returns its path. */
export const writeSeedIso = async (dir: string, seed: SeedContent): Promise<string> => {
  const file = (name: string, content: string | Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const userData = file('user-data', seed.userData);
  const metaData = file('meta-data', stringify({ 'instance-id': seed.instanceId, 'local-hostname': seed.hostname }));
  const options: string[] = [];
  if (seed.networkConfig !== undefined) options.push('--network-config', file('network-config', seed.networkConfig));
  if (seed.vendorData !== undefined) options.push('--vendor-data', file('vendor-data', seed.vendorData));
  const iso = join(dir, 'seed.iso');
  await runCommand('cloud-localds', [...options, iso, userData, metaData]);
  return iso;
};
