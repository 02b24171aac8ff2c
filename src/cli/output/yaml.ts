/**
 * `run --dry-run` prints its objects with the project's YAML writer, which lives in layer 1 because
 * cloud-config is rendered with it too.
 */
export { toYaml } from '../../cloudinit/to-yaml.js';
