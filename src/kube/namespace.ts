/** The Namespace virtwork creates when it is missing. Pure: no cluster I/O. */
import type { V1Namespace } from '@kubernetes/client-node';
import type { Labels } from './labels.js';
import { assertDns1123Label } from './names.js';

/**
 * Labelled like everything else virtwork creates, so `cleanup --delete-namespace` can tell a
 * namespace virtwork made from one it merely used (an existing namespace keeps its own labels).
 */
export const buildNamespace = (name: string, labels: Labels): V1Namespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: assertDns1123Label('namespace', name), labels: { ...labels } },
});
