/** The dashboard ships in the npm package, where docs/metrics.md says it is. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

test('npm pack includes dashboards/virtwork.json', async () => {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT });
  const [packed] = JSON.parse(stdout) as { files: { path: string }[] }[];
  expect(packed!.files.map((f) => f.path)).toContain('dashboards/virtwork.json');
}, 60_000);
