/** What the global setup hands every guest test file: the image, the accelerator and the run's folders. */
import type { LabEnvironment } from './guest.js';

declare module 'vitest' {
  export interface ProvidedContext {
    guestLab: LabEnvironment;
  }
}

export type { LabEnvironment };
