import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bash, renderShellScript, sh } from '../../../src/workloads/guest/shell-script.js';

describe('renderShellScript', () => {
  it('writes shebang, summary and strict mode before the body', () => {
    expect(renderShellScript(sh('does a thing', ['echo one', 'echo two']))).toBe('#!/bin/sh\n# does a thing\nset -eu\necho one\necho two\n');
    expect(renderShellScript(bash('waits', ['wait -n']))).toBe('#!/bin/bash\n# waits\nset -euo pipefail\nwait -n\n');
  });

  it('stops at the first failing command, as the units rely on to be restarted', () => {
    const script = renderShellScript(sh('fails early', ['false', 'echo unreachable']));
    const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).not.toContain('unreachable');
  });
});
