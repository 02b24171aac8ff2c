/**
 * One validator per setting kind, shared by every source: a zod schema for typed YAML values, a
 * conversion from the text of a flag or environment variable to that schema's input, and the fix
 * an error shows. A flag, a variable and a file key of the same kind therefore accept the same values
 * and fail with the same advice.
 */
import { z } from 'zod';
import {
  DNS1123_LABEL_MAX_LENGTH,
  DNS1123_LABEL_PATTERN,
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  DNS1123_SUBDOMAIN_PATTERN,
  LABEL_VALUE_MAX_LENGTH,
  LABEL_VALUE_PATTERN,
  READINESS_MODES,
} from '../constants.js';
import { GUEST_OS_NAMES, normalizeGuestOs } from './guest-os.js';
import { parseImageReference } from './image-reference.js';
import { isLabelSelector } from './label-selector.js';
import { publicKeyProblem } from './ssh-public-key.js';
import { LOG_FORMATS, OUTPUT_FORMATS, type ParamValue } from './types.js';
import type { SettingKind } from './settings.js';

/** Kubernetes quantity without sub-unit suffixes (m, u, n), which are never meant for memory or disks. */
const QUANTITY_PATTERN = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[kMGTPE]|[eE][+-]?\d+)?$/;
/** Seconds, or a Go-style duration such as `90s`, `10m`, `1h30m` (what kubectl's --timeout takes). */
const DURATION_PATTERN = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const PRIVATE_KEY_PATTERN = /PRIVATE KEY/;
/** `workload.key=value`, the unit `--params` and VIRTWORK_PARAMS are made of. */
const PARAM_PATTERN = /^([a-z0-9][-a-z0-9]*)\.([^=\s]+)=(.*)$/s;
/** Split `a.b=1,c.d=x,y` before each `name.key=` only, so a value may itself hold commas. */
const PARAM_SEPARATOR = /,(?=\s*[a-z0-9][-a-z0-9]*\.[^=,\s]+=)/;

export type ParamMap = Record<string, Record<string, ParamValue>>;

export interface KindSpec<T> {
  readonly schema: z.ZodType<T, unknown>;
  /** The text of an environment variable (or a non-repeatable flag) as input for `schema`. */
  readonly fromText: (text: string) => unknown;
  /** The values of a repeatable flag as input for `schema`; defaults to joining them as text. */
  readonly fromFlags?: (values: readonly string[]) => unknown;
  /** What the user should write instead, for the error message. */
  readonly fix: string;
}

const nonEmpty = z.string().trim().min(1);
const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const booleanText = (text: string): unknown => {
  const normalized = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off', ''].includes(normalized)) return false;
  return text;
};

/** `"3"` -> 3 so the number schema decides; anything else stays text and fails with the kind's fix. */
const integerText = (text: string): unknown => (/^\s*\d+\s*$/.test(text) ? Number(text) : text);

const durationSeconds = (value: number | string, ctx: z.RefinementCtx): number => {
  if (typeof value === 'number') return value;
  const match = DURATION_PATTERN.exec(value.trim());
  if (value.trim() === '' || !match) {
    ctx.addIssue({ code: 'custom', message: 'not a duration' });
    return z.NEVER;
  }
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
};

const isPositiveQuantity = (value: string): boolean =>
  QUANTITY_PATTERN.test(value) && Number.parseFloat(value) > 0;

const paramScalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Parse `cpu.load=80,memory.vm-bytes=50%` (one or more flag values) into `{ cpu: { load: '80' }, ... }`;
 * undefined when an item is not `workload.key=value`. Later values win.
 */
export const parseParamsText = (texts: readonly string[]): ParamMap | undefined => {
  const params: ParamMap = {};
  for (const text of texts) {
    for (const item of text.split(PARAM_SEPARATOR)) {
      const match = PARAM_PATTERN.exec(item.trim());
      if (!match) return undefined;
      const [, workload = '', key = '', value = ''] = match;
      params[workload] = { ...params[workload], [key]: value };
    }
  }
  return params;
};

const paramsSchema = z.record(
  z.string().regex(/^[a-z0-9][-a-z0-9]*$/),
  z.record(z.string().min(1), paramScalar),
) satisfies z.ZodType<ParamMap>;

export const KINDS = {
  string: {
    schema: nonEmpty,
    fromText: (text) => text,
    fix: 'must not be empty',
  },
  path: {
    schema: nonEmpty,
    fromText: (text) => text,
    fix: 'must be a file path',
  },
  namespace: {
    schema: z.string().max(DNS1123_LABEL_MAX_LENGTH).regex(DNS1123_LABEL_PATTERN),
    fromText: (text) => text,
    fix:
      `must be an RFC 1123 label: lowercase letters, digits and '-', starting and ending with a ` +
      `letter or digit, at most ${DNS1123_LABEL_MAX_LENGTH} characters, such as virtwork-test`,
  },
  'object-name': {
    schema: z.string().max(DNS1123_SUBDOMAIN_MAX_LENGTH).regex(DNS1123_SUBDOMAIN_PATTERN),
    fromText: (text) => text,
    fix:
      `must be a Kubernetes object name (an RFC 1123 subdomain): lowercase letters, digits, '-' and '.', ` +
      `starting and ending with a letter or digit, at most ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters, such as ocs-storagecluster-ceph-rbd`,
  },
  count: {
    schema: z.number().int().positive(),
    fromText: integerText,
    fix: 'must be a positive whole number, such as 2',
  },
  concurrency: {
    schema: z.union([z.literal('auto'), z.number().int().positive()]),
    fromText: (text) => (text.trim().toLowerCase() === 'auto' ? 'auto' : integerText(text)),
    fix: 'must be auto (adapts to the server) or a positive whole number, such as 10',
  },
  quantity: {
    schema: z
      .union([z.string(), z.number()])
      .transform(String)
      .refine(isPositiveQuantity),
    fromText: (text) => text.trim(),
    fix: 'use a Kubernetes quantity such as 2Gi (binary suffixes Ki, Mi, Gi, Ti; decimal k, M, G, T)',
  },
  duration: {
    schema: z
      .union([z.number(), z.string()])
      .transform(durationSeconds)
      .pipe(z.number().int().positive()),
    fromText: integerText,
    fix: 'use seconds or a duration such as 600, 90s, 10m or 1h30m',
  },
  boolean: {
    schema: z.boolean(),
    fromText: booleanText,
    fix: 'must be true or false',
  },
  output: {
    schema: z.enum(OUTPUT_FORMATS),
    fromText: (text) => text.trim(),
    fix: `must be one of ${OUTPUT_FORMATS.join(', ')}`,
  },
  list: {
    schema: z.array(nonEmpty),
    fromText: splitList,
    fromFlags: (values) => values.flatMap(splitList),
    fix: 'must be a list of names, such as cpu,memory (a YAML list in the config file)',
  },
  'path-list': {
    schema: z.array(nonEmpty),
    fromText: splitList,
    fromFlags: (values) => values.flatMap(splitList),
    fix: 'must be a list of file paths (a YAML list in the config file)',
  },
  'ssh-keys': {
    schema: z.array(
      z.string().trim().refine((key) => publicKeyProblem(key) === undefined && !PRIVATE_KEY_PATTERN.test(key)),
    ),
    fromText: splitList,
    // One key per flag: a key's comment may hold a comma.
    fromFlags: (values) => values.map((value) => value.trim()),
    fix: "expected OpenSSH public keys such as 'ssh-ed25519 AAAAC3Nza... user@host', one key per line",
  },
  'user-name': {
    // What useradd takes by default (NAME_REGEX), at most 32 characters (utmp), and not root: the
    // account is created in the guest, and cloud-init would rewrite root's password and keys.
    schema: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/).refine((name) => name !== 'root'),
    fromText: (text) => text,
    fix: 'must be a user name of lower-case letters, digits, - and _, starting with a letter or _, at most 32 characters, and not root',
  },
  image: {
    schema: z.string().refine((text) => parseImageReference(text).ok),
    fromText: (text) => text,
    fix: 'must be an image reference such as quay.io/containerdisks/fedora:42 (registry/repository[:tag][@digest], repository in lower case)',
  },
  'guest-os': {
    // Aliases become their profile's name here, so every source accepts them alike.
    schema: z.string().transform((name) => normalizeGuestOs(name) ?? name).pipe(z.enum(GUEST_OS_NAMES)),
    fromText: (text) => text,
    fix: `must be ${GUEST_OS_NAMES.join(' or ')}; also accepted: ubuntu (debian), centos-stream and rhel (fedora)`,
  },
  'run-id': {
    // Matched against the virtwork/run-id label, so it must be a label value.
    schema: z.string().min(1).max(LABEL_VALUE_MAX_LENGTH).regex(LABEL_VALUE_PATTERN),
    fromText: (text) => text.trim(),
    fix: 'a run id is a label value, such as the UUID `virtwork run` printed',
  },
  'label-selector': {
    schema: z.string().trim().refine(isLabelSelector),
    fromText: (text) => text,
    fix:
      'must be a label selector: comma-separated key=value, key!=value, key in (a,b), key notin (a,b), key or !key, ' +
      'such as virtwork/workload=cpu',
  },
  'log-format': {
    schema: z.enum(LOG_FORMATS),
    fromText: (text) => text.trim(),
    fix: `must be ${LOG_FORMATS.join(' or ')}`,
  },
  readiness: {
    schema: z.enum(READINESS_MODES),
    fromText: (text) => text.trim(),
    fix: `must be one of ${READINESS_MODES.join(', ')}`,
  },
  domain: {
    // A DNS subdomain of RFC 1123 labels, as the kubelet's --cluster-domain; a trailing dot is dropped.
    schema: z
      .string()
      .transform((text) => text.trim().replace(/\.$/, ''))
      .pipe(z.string().max(DNS1123_SUBDOMAIN_MAX_LENGTH).regex(DNS1123_SUBDOMAIN_PATTERN)),
    fromText: (text) => text,
    fix: 'must be a DNS domain such as cluster.local (lower-case labels joined by dots)',
  },
  params: {
    schema: paramsSchema,
    fromText: (text) => parseParamsText([text]),
    fromFlags: (values) => parseParamsText(values),
    fix: 'expected workload.key=value[,workload.key=value...], such as cpu.load=80 (see virtwork workloads)',
  },
} as const satisfies Record<SettingKind, KindSpec<unknown>>;

export type KindValue<K extends SettingKind> = z.output<(typeof KINDS)[K]['schema']>;

/** True when `text` holds an OpenSSH private key, so callers can refuse it with a specific fix. */
export const isPrivateKey = (text: string): boolean => PRIVATE_KEY_PATTERN.test(text);
