/**
 * Reads a catalog directory as it is on disk: one sub-directory per entry, with its `*.service` files
 * and its optional `workload.yaml`. Only reading happens here; src/workloads/catalog checks what was read.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '../errors.js';

export const MANIFEST_FILE = 'workload.yaml';

/** One file of an entry; `path` is how messages name it (the catalog directory as given, joined). */
export interface CatalogFile {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

/** An entry exactly as read: nothing checked yet. */
export interface CatalogEntrySource {
  readonly name: string;
  readonly dir: string;
  readonly manifest?: CatalogFile;
  /** The `*.service` files, sorted by name. */
  readonly services: readonly CatalogFile[];
}

export interface CatalogDirOptions {
  /** The flag, variable or file key that named the directory, for errors. */
  readonly field: string;
  /** A missing default directory is an empty catalog; a directory the user named must exist. */
  readonly mustExist: boolean;
}

/** Every entry of the catalog at `dir`, sorted by name. */
export const readCatalogDir = async (dir: string, options: CatalogDirOptions): Promise<CatalogEntrySource[]> => {
  let names: string[];
  try {
    const dirents = await readdir(dir, { withFileTypes: true });
    names = dirents.filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !options.mustExist) return [];
    const reason = code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : 'cannot read the directory';
    throw new InvalidInputError(options.field, dir, `${reason}; give a catalog directory (one sub-directory per entry)`, { cause: error });
  }
  return Promise.all(names.map((name) => readCatalogEntry(path.join(dir, name))));
};

/** One entry's directory: its name is the workload's. */
export const readCatalogEntry = async (dir: string): Promise<CatalogEntrySource> => {
  const files = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name).sort();
  const read = async (name: string): Promise<CatalogFile> => {
    const file = path.join(dir, name);
    return { name, path: file, text: await readFile(file, 'utf8') };
  };
  const services = await Promise.all(files.filter((name) => name.endsWith('.service')).map(read));
  const manifest = files.includes(MANIFEST_FILE) ? await read(MANIFEST_FILE) : undefined;
  return { name: path.basename(dir), dir, ...(manifest && { manifest }), services };
};
