import { expect, it } from 'vitest';
import { findBootFailure } from './serial-log.js';

it.each([
  ['Gave up waiting for root file system device.\nALERT!  LABEL=vmroot does not exist.  Dropping to a shell!', 'ALERT!  LABEL=vmroot does not exist.  Dropping to a shell!'],
  ['[    2.1] Kernel panic - not syncing: VFS: Unable to mount root fs', '[    2.1] Kernel panic - not syncing: VFS: Unable to mount root fs'],
  ['You are in emergency mode. After logging in, type "journalctl -xb"', 'You are in emergency mode. After logging in, type "journalctl -xb"'],
])('finds the boot failure in %j', (log, line) => {
  expect(findBootFailure(`[    0.0] Linux version 6.1\n${log}\n`)).toBe(line);
});

it('finds nothing in a healthy boot', () => {
  expect(findBootFailure('[  OK  ] Reached target multi-user.target\nCloud-init v. 22.4.2 finished\n')).toBeUndefined();
});
