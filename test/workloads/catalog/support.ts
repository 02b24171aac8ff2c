/** Catalog entries built in memory, as the directory reader would return them. */
import type { CatalogEntrySource } from '../../../src/config/catalog-dir.js';
import { checkCatalogEntry, type CatalogEntry, type CheckedEntry } from '../../../src/workloads/catalog/entry.js';
import { builtins } from '../../../src/workloads/registry.js';

export const UNIT = (execStart: string): string =>
  ['[Unit]', 'Description=test unit', '', '[Service]', `ExecStart=${execStart}`, 'Restart=always', '', '[Install]', 'WantedBy=multi-user.target', ''].join('\n');

/** An entry `name` of directory `cat/<name>` with these files (`workload.yaml` and `*.service`). */
export const source = (name: string, files: Readonly<Record<string, string>>): CatalogEntrySource => {
  const dir = `cat/${name}`;
  const file = (fileName: string, text: string) => ({ name: fileName, path: `${dir}/${fileName}`, text });
  const manifest = files['workload.yaml'];
  return {
    name,
    dir,
    ...(manifest !== undefined && { manifest: file('workload.yaml', manifest) }),
    services: Object.entries(files)
      .filter(([fileName]) => fileName.endsWith('.service'))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([fileName, text]) => file(fileName, text)),
  };
};

export const check = (name: string, files: Readonly<Record<string, string>>): CheckedEntry =>
  checkCatalogEntry(source(name, files), builtins.map((w) => w.name));

/** The entry, failing the test with its problems when it has an error. */
export const entryOf = (name: string, files: Readonly<Record<string, string>>): CatalogEntry => {
  const checked = check(name, files);
  if (checked.entry === undefined) throw new Error(`entry ${name} was refused: ${JSON.stringify(checked.problems)}`);
  return checked.entry;
};

/** Each problem as `level field: fix` with its value, for readable expectations. */
export const problemsOf = (checked: CheckedEntry) =>
  checked.problems.map((p) => ({ level: p.level, field: p.field, value: p.value, fix: p.fix }));
