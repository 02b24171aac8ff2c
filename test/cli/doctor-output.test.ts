/** How doctor prints its checklist: kubectl-style columns, the fix after the finding, colour only at a terminal. */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatDoctor, useColour } from '../../src/cli/output/doctor.js';
import type { DoctorReport } from '../../src/orchestrator/doctor/doctor.js';

const report: DoctorReport = {
  context: 'admin',
  server: 'https://api.example:6443',
  namespace: 'virtwork',
  checks: [
    { name: 'api', status: 'pass', message: 'https://api.example:6443 (context admin) serves Kubernetes v1.32.5' },
    { name: 'permissions', status: 'warn', message: 'watch on virtualmachineinstances is not allowed', fix: 'ask for it' },
    { name: 'storage', status: 'fail', message: 'no StorageClass is marked default', fix: 'pass --storage-class NAME' },
  ],
};

describe('formatDoctor', () => {
  it('prints one aligned line per check, the fix after the finding', () => {
    expect(formatDoctor(report, false)).toBe([
      'CHECK         STATUS   MESSAGE',
      'api           pass     https://api.example:6443 (context admin) serves Kubernetes v1.32.5',
      'permissions   warn     watch on virtualmachineinstances is not allowed; fix: ask for it',
      'storage       fail     no StorageClass is marked default; fix: pass --storage-class NAME',
      '',
    ].join('\n'));
  });

  it('colours only the status word, keeping the columns aligned', () => {
    const coloured = formatDoctor(report, true);
    expect(coloured).toContain('\u001b[32mpass\u001b[39m');
    expect(coloured).toContain('\u001b[31mfail\u001b[39m');
    expect(stripVTControlCharacters(coloured)).toBe(formatDoctor(report, false));
  });
});

describe('useColour', () => {
  const tty = { write: () => true, isTTY: true };
  it('colours at a terminal unless NO_COLOR is set, and never into a pipe', () => {
    expect(useColour({ stdout: tty, env: {} })).toBe(true);
    expect(useColour({ stdout: tty, env: { NO_COLOR: '1' } })).toBe(false);
    expect(useColour({ stdout: tty, env: { NO_COLOR: '' } })).toBe(true);
    expect(useColour({ stdout: { write: () => true }, env: {} })).toBe(false);
  });
});
