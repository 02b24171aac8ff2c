/** Renders a cloud-config as the text cloud-init reads: `#cloud-config`, then YAML. */
import { buildCloudConfig, type CloudConfigInput } from './cloud-config.js';
import { toYaml } from './to-yaml.js';

export const CLOUD_CONFIG_HEADER = '#cloud-config';

/**
 * Deterministic: the same input gives the same text. cloud-init parses with PyYAML (YAML 1.1), which
 * reads a bare `yes`, `on` or `0644` as a boolean or a number; the writer quotes them. Scripts are
 * literal blocks, unfolded: they stay byte for byte as written.
 */
export const renderCloudConfig = (input: CloudConfigInput): string => `${CLOUD_CONFIG_HEADER}\n${toYaml(buildCloudConfig(input))}`;
