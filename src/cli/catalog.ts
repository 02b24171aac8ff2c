/**
 * The catalog a command uses: the directory from `--catalog-dir` (VIRTWORK_CATALOG_DIR, the file's
 * `catalog_dir`, else ~/.virtwork/catalog), read once and every entry checked.
 */
import type { SettingInputs } from '../config/resolve-settings.js';
import type { CheckedEntry } from '../workloads/catalog/entry.js';

export interface LoadedCatalog {
  readonly dir: string;
  readonly checked: readonly CheckedEntry[];
}

export const loadCatalog = async (inputs: SettingInputs): Promise<LoadedCatalog> => {
  const [{ resolveDefaulted }, { readCatalogDir }, { checkCatalogEntry }, { builtins }] = await Promise.all([
    import('../config/resolve-settings.js'),
    import('../config/catalog-dir.js'),
    import('../workloads/catalog/entry.js'),
    import('../workloads/registry.js'),
  ]);
  const setting = resolveDefaulted('catalogDir', inputs);
  const sources = await readCatalogDir(setting.value, { field: setting.field, mustExist: setting.source !== 'default' });
  const builtinNames = builtins.map((w) => w.name);
  return { dir: setting.value, checked: sources.map((source) => checkCatalogEntry(source, builtinNames)) };
};
