/**
 * `npm run docs:workloads`: rewrite the generated tables of README.md, docs/configuration.md and
 * docs/running.md from the settings, workload and kinds tables. A script, not part of the CLI.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { describeWorkloads } from '../src/workloads/registry.js';
import { GENERATED_DOCS, updateDocument } from './docs-tables.js';

const root = new URL('../', import.meta.url);
const workloads = describeWorkloads();
for (const [file, sections] of Object.entries(GENERATED_DOCS)) {
  const url = new URL(file, root);
  const text = await readFile(url, 'utf8');
  const updated = updateDocument(text, sections, workloads);
  if (updated !== text) await writeFile(url, updated);
  process.stdout.write(`${file}: ${updated === text ? 'up to date' : 'updated'}\n`);
}
