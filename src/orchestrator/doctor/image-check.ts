/** Is --container-disk-image a well-formed image reference the node's runtime can pull? */
import { parseImageReference } from '../../config/image-reference.js';
import { fail, pass, warn, type CheckResult } from './check.js';

export const checkImage = (image: string): CheckResult => {
  const parsed = parseImageReference(image);
  if (!parsed.ok) {
    return fail('image', `--container-disk-image ${image} is no image reference: ${parsed.problem}`,
      'give a reference such as quay.io/containerdisks/fedora:42 (registry/repository:tag, or @sha256:digest)');
  }
  const { domain, tag, digest } = parsed.reference;
  if (domain === undefined) {
    return warn('image', `${image} names no registry: CRI-O resolves short names through the node's registries.conf, which may refuse or choose another registry`,
      `name the registry, such as docker.io/${image} or quay.io/${image}`);
  }
  const version = digest ?? tag ?? 'latest (no tag)';
  return pass('image', `${image}: registry ${domain}, ${digest ? 'digest' : 'tag'} ${version}`);
};
