/**
 * `workload.yaml`, the optional manifest of a catalog entry, in the Go tool's format: description,
 * packages, params, roles, storage and service. Every problem is reported (not only the first), each
 * naming `file:line`, the key path as written, the bad value and the fix.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { quantityBytes } from '../../config/quantity.js';
import { didYouMean } from '../../config/suggest.js';
import { keyOffset, valueAt } from '../../config/yaml-paths.js';
import { DNS1123_LABEL_MAX_LENGTH, DNS1123_LABEL_PATTERN } from '../../constants.js';
import type { CatalogProblem } from './problems.js';

export const PARAM_TYPES = ['string', 'int', 'bool', 'list', 'dict'] as const;
export type CatalogParamType = (typeof PARAM_TYPES)[number];

/** Disk names the VM already uses for its boot disk and its cloud-init. */
export const RESERVED_DISK_NAMES = ['containerdisk', 'cloudinitdisk'] as const;

/** The smallest storage size: below it the guest's ext4 leaves little room (see DATA_DISK_FLOOR). */
export const MIN_STORAGE_BYTES = 64 * 1024 * 1024;

const label = (what: string) =>
  z
    .string()
    .max(DNS1123_LABEL_MAX_LENGTH)
    .regex(DNS1123_LABEL_PATTERN, { error: `${what} must be lowercase letters, digits and '-', starting and ending with a letter or digit` });

const paramSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'a param key is lowercase letters, digits, - and _, such as requests' }),
  type: z.enum(PARAM_TYPES, { error: `type must be one of ${PARAM_TYPES.join(', ')}` }).default('string'),
  default: z.unknown().optional(),
  desc: z.string().optional(),
});

const roleSchema = z.strictObject({
  name: label('a role name'),
  'vm-count': z.number().int().min(0, { error: 'vm-count is a whole number from 0 (0: use --vm-count)' }).default(0),
});

const storageSchema = z.strictObject({
  name: label('a storage name').refine((name) => !(RESERVED_DISK_NAMES as readonly string[]).includes(name), {
    error: `the VM already has disks named ${RESERVED_DISK_NAMES.join(' and ')}; pick another name, such as data`,
  }),
  size: z.union([z.string(), z.number()]).transform(String).refine((size) => (quantityBytes(size) ?? 0) >= MIN_STORAGE_BYTES, {
    error: 'size must be a Kubernetes quantity of at least 64Mi, such as 10Gi',
  }),
  serial: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, { error: 'serial must be 1 to 20 letters, digits, - or _ (the guest sees only the first 20 characters)' }),
  mount: z
    .string()
    .regex(/^(\/(?!\.\.?(\/|$))[A-Za-z0-9._-]+)+$/, { error: 'mount must be an absolute path such as /var/lib/data' }),
});

const PORT_RANGE = 'port must be a whole number from 1 to 65535';
const portSchema = z.strictObject({
  name: z.string().max(15).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: 'a port name is at most 15 lowercase letters, digits and -' }),
  port: z.number().int({ error: PORT_RANGE }).min(1, { error: PORT_RANGE }).max(65_535, { error: PORT_RANGE }),
  protocol: z.enum(['TCP', 'UDP'], { error: 'protocol must be TCP or UDP' }).default('TCP'),
});

const serviceSchema = z.strictObject({
  ports: z.array(portSchema).min(1, { error: 'a service needs at least one port' }),
  'selector-role': z.string().min(1, { error: 'selector-role names the role the Service selects' }),
});

export const manifestSchema = z.strictObject({
  description: z.string().optional(),
  packages: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9+._-]*$/, { error: 'a package name such as redis' })).default([]),
  params: z.array(paramSchema).default([]),
  roles: z.array(roleSchema).default([]),
  storage: z.array(storageSchema).default([]),
  service: serviceSchema.optional(),
});

export type CatalogManifest = z.output<typeof manifestSchema>;
export type CatalogParamDecl = CatalogManifest['params'][number];

/** The keys each level of the manifest takes, for the did-you-mean of an unknown key. */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(manifestSchema.shape),
  params: Object.keys(paramSchema.shape),
  roles: Object.keys(roleSchema.shape),
  storage: Object.keys(storageSchema.shape),
  service: Object.keys(serviceSchema.shape),
  ports: Object.keys(portSchema.shape),
};

/** Where a key path sits: `params.0.type` is in `params`, `service.ports.1` in `ports`. */
const levelOf = (keyPath: readonly string[]): string => [...keyPath].reverse().find((key) => Number.isNaN(Number(key))) ?? '';

export interface ParsedManifest {
  readonly manifest?: CatalogManifest;
  /**
   * The top-level sections that are valid on their own, also when others are not: the checks across
   * sections (placeholders against params, the service against roles) still run on them.
   */
  readonly sections: Partial<CatalogManifest>;
  /** The top-level keys the file has, valid or not. */
  readonly keys: readonly string[];
  /**
   * The `key` of each item of `params` as written (undefined where an item has none), also when the
   * section is invalid, so placeholders are still checked against what the file declares; absent
   * when `params` is not a list.
   */
  readonly paramKeys?: readonly (string | undefined)[];
  /** `file:line` of a key path, for later checks (a placeholder, a role's file). */
  readonly locate: (keyPath: readonly (string | number)[]) => string;
  readonly problems: readonly CatalogProblem[];
}

/** An entry without `workload.yaml`: single-role, no params, no storage, no service. */
export const EMPTY_MANIFEST: CatalogManifest = manifestSchema.parse({});

export const parseManifest = (text: string, file: string): ParsedManifest => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const locate = (keyPath: readonly (string | number)[]): string => {
    const offset = keyOffset(doc, keyPath);
    return offset === undefined ? file : `${file}:${lineCounter.linePos(offset).line}`;
  };
  if (doc.errors.length > 0) {
    return {
      locate,
      sections: {},
      keys: [],
      problems: doc.errors.map((error) => ({
        level: 'error',
        field: `${file}:${lineCounter.linePos(error.pos[0]).line}`,
        value: error.code,
        fix: `not valid YAML: ${error.message.split('\n')[0] ?? ''}`,
      })),
    };
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { locate, sections: {}, keys: [], problems: [{ level: 'error', field: file, value: raw, fix: 'workload.yaml must be a mapping, such as "description: redis server"' }] };
  }
  const result = manifestSchema.safeParse(raw);
  const keys = Object.keys(raw);
  if (result.success) return { manifest: result.data, sections: result.data, keys, paramKeys: result.data.params.map((p) => p.key), locate, problems: [] };
  const rawParams = (raw as Record<string, unknown>).params;
  return {
    locate,
    keys,
    ...(rawParams === undefined ? { paramKeys: [] } : Array.isArray(rawParams) && { paramKeys: rawParams.map(keyOfItem) }),
    sections: validSections(raw as Record<string, unknown>),
    problems: result.error.issues.flatMap((issue) => issueProblems(issue, raw, locate)),
  };
};

const keyOfItem = (item: unknown): string | undefined =>
  typeof item === 'object' && item !== null && typeof (item as { key?: unknown }).key === 'string' ? (item as { key: string }).key : undefined;

const validSections = (raw: Record<string, unknown>): Partial<CatalogManifest> => {
  const sections: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(manifestSchema.shape)) {
    const result = (schema as z.ZodType).safeParse(raw[key]);
    if (result.success) sections[key] = result.data;
  }
  return sections;
};

const issueProblems = (
  issue: z.core.$ZodIssue,
  raw: unknown,
  locate: (keyPath: readonly (string | number)[]) => string,
): CatalogProblem[] => {
  const keyPath = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_KEYS[levelOf(keyPath)] ?? [];
    return issue.keys.map((key) => {
      const at = [...keyPath, key];
      return {
        level: 'error' as const,
        field: `${locate(at)}: ${at.join('.')}`,
        value: valueAt(raw, at),
        fix: `unknown key; ${levelOf(keyPath) === '' ? 'workload.yaml' : levelOf(keyPath)} takes ${known.join(', ')}${didYouMean(key, known)}`,
      };
    });
  }
  const fix = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
  return [{ level: 'error', field: `${locate(keyPath)}: ${keyPath.join('.') || 'workload.yaml'}`, value: valueAt(raw, keyPath), fix }];
};

