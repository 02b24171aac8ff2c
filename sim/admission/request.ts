/** What an admission webhook is shown of a write (admissionv1.AdmissionRequest, the parts used). */
import type { KubeObject } from '../storage/store.js';

export interface AdmissionRequest {
  readonly operation: 'create' | 'update';
  /** The object about to be stored. */
  readonly object: KubeObject;
  /** The stored object an update replaces. */
  readonly oldObject?: KubeObject;
}
