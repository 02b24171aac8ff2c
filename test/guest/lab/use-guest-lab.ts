/**
 * A GuestLab for one test file: its guests are stopped after the file (also when a test or a boot
 * failed), and their serial logs are deleted when everything passed, kept and named when anything failed.
 */
import { afterAll, afterEach, inject } from 'vitest';
import { GuestLab } from './lab.js';
import './lab-context.js';

export const useGuestLab = (): GuestLab => {
  const lab = new GuestLab(inject('guestLab'));
  let failed = false;
  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return;
    failed = true;
    console.error(`${task.name}: serial logs of its guests are kept in ${lab.env.logsDir}`);
  });
  afterAll(async () => {
    await lab.stopAll();
    // A boot that failed in beforeAll fails the tests without running them (no afterEach).
    if (failed || lab.hadBootFailure) {
      console.error(`guest logs kept for reading:\n  ${lab.logFiles().join('\n  ')}`);
    } else {
      lab.discardLogs();
    }
  });
  return lab;
};
