/** Hand-made reads for the doctor's check tests: a value, or the failure a forbidden or missing API gives. */
import { EnvironmentError, VirtworkError } from '../../../src/errors.js';
import { readOk, type Read } from '../../../src/orchestrator/doctor/check.js';

export const ok = readOk;
export const failedWith = (status: number | undefined, message = `HTTP ${status ?? 'none'}`): Read<never> => ({
  ok: false,
  error: status === undefined ? new VirtworkError(message) : new EnvironmentError(message),
  ...(status !== undefined && { status }),
});
