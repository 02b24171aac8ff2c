/** Building blocks of the columns kinds print (sim/registry/strategies/*): Age, and cells read by JSONPath. */
import type { StoredObject } from '../storage/store.js';
import type { Cell, Column } from './strategy.js';

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export const humanDuration = (ms: number): string => {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
};

/** One step of the JSONPath subset printer columns use: `.field`, `[0]`, `[?(@.type=='Ready')]`. */
const STEP = /\.([\w-]+)|\[(\d+)\]|\[\?\(@\.(\w+)=='([^']*)'\)\]/y;

/** The value at a JSONPath; objects, arrays and absent values read as null, as an empty cell. */
export const readJsonPath = (o: unknown, jsonPath: string): Cell => {
  let node: unknown = o;
  const step = new RegExp(STEP);
  while (step.lastIndex < jsonPath.length) {
    const m = step.exec(jsonPath);
    if (!m) throw new Error(`unsupported JSONPath ${jsonPath}`);
    if (node === null || node === undefined) return null;
    const [, field, index, key, value] = m;
    if (field !== undefined) node = (node as Record<string, unknown>)[field];
    else if (index !== undefined) node = Array.isArray(node) ? (node as unknown[])[Number(index)] : undefined;
    else node = Array.isArray(node) ? (node as Record<string, unknown>[]).find((item) => item?.[key!] === value) : undefined;
  }
  return node === undefined || typeof node === 'object' ? null : (node as Cell);
};

/** A column read by JSONPath. */
export const col = (name: string, jsonPath: string, type: Column['type'] = 'string', priority?: number): Column => ({
  name,
  type,
  jsonPath,
  ...(priority !== undefined ? { priority } : {}),
});

/** The Ready condition's status, as KubeVirt's CRDs print it. */
export const readyColumn = (): Column => col('Ready', ".status.conditions[?(@.type=='Ready')].status");

export const ageColumn: Column = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  cell: (o: StoredObject) => humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp)),
};

/** The number of keys under `data` (Secrets, ConfigMaps). */
export const dataCount: Column = { name: 'Data', type: 'integer', cell: (o) => Object.keys((o.data as object | undefined) ?? {}).length };
