/** Renders a cloud-config as the text cloud-init reads: `#cloud-config`, then YAML. */
import { Document } from 'yaml';
import { buildCloudConfig, type CloudConfigInput } from './cloud-config.js';

export const CLOUD_CONFIG_HEADER = '#cloud-config';

/**
 * Deterministic: the same input gives the same text. YAML 1.1 because cloud-init parses with PyYAML,
 * which reads a bare `yes`, `on` or `0644` as a boolean or a number; 1.1 rendering quotes them.
 * No line folding: scripts stay byte for byte as written.
 */
export const renderCloudConfig = (input: CloudConfigInput): string =>
  `${CLOUD_CONFIG_HEADER}\n${new Document(buildCloudConfig(input), { version: '1.1' }).toString({ lineWidth: 0 })}`;
