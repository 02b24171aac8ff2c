/**
 * Workload params: one zod schema per workload gives types, defaults, descriptions and unknown-key
 * rejection. Values from flags and env arrive as strings, so numbers are coerced; strings are held
 * to patterns that make them safe to paste into a shell script or a unit's command line.
 */
import { z } from 'zod';
import { didYouMean } from '../config/suggest.js';
import { InvalidInputError } from '../errors.js';
import type { WorkloadConfig } from './workload.js';

export type ParamValues = WorkloadConfig['params'];
export type ParamsSchema = z.ZodObject<Record<string, z.ZodType>, z.core.$strict>;
export type Params<S extends ParamsSchema> = z.output<S>;

interface Range {
  readonly min?: number;
  readonly max?: number;
}

/** A number coerced from a flag's string; `NaN` from text that is no number fails the check. */
const coercedNumber = (integer: boolean, range: Range) => {
  let schema = z.coerce.number();
  if (integer) schema = schema.int();
  if (range.min !== undefined) schema = schema.min(range.min);
  if (range.max !== undefined) schema = schema.max(range.max);
  return schema;
};

export const integerParam = (defaultValue: number, range: Range, description: string) =>
  coercedNumber(true, range).default(defaultValue).describe(description);

export const numberParam = (defaultValue: number, range: Range, description: string) =>
  coercedNumber(false, range).default(defaultValue).describe(description);

/** A string held to `pattern`; `expected` says what fits, for the error (`a size such as 4k`). */
export const stringParam = (defaultValue: string, pattern: RegExp, expected: string, description: string) =>
  z.coerce.string().regex(pattern, { error: `must be ${expected}` }).default(defaultValue).describe(description);

/**
 * Where a blank data disk is formatted and mounted: an absolute path outside the system's own
 * directories, which the mount would hide (and a fill would then fill).
 */
export const mountPathParam = (defaultValue: string, description: string) =>
  z.coerce
    .string()
    .regex(PATH_PATTERN, { error: 'must be an absolute path such as /mnt/data' })
    .refine((path) => !isSystemPath(path), {
      error: `must not be a system directory or below one (${SYSTEM_DIRS.map((d) => `/${d}`).join(', ')}, /lib*): the disk would be mounted over it; use a path such as /mnt/data`,
    })
    .default(defaultValue)
    .describe(description);

/** Top-level directories of the guest's own system; `/lib32`, `/lib64`, `/libx32` too. */
const SYSTEM_DIRS = ['bin', 'boot', 'dev', 'etc', 'lib', 'proc', 'root', 'run', 'sbin', 'sys', 'usr', 'var'];
const isSystemPath = (path: string): boolean => {
  const top = path.split('/')[1] ?? '';
  return SYSTEM_DIRS.includes(top) || top.startsWith('lib');
};

export const enumParam = <const V extends readonly [string, ...string[]]>(values: V, defaultValue: V[number], description: string) =>
  z.enum(values).default(defaultValue).describe(description);

/** Sizes the guest tools take: `4k`, `128k`, `10M`, `1G`. */
export const SIZE_PATTERN = /^[1-9][0-9]*[kKmMgG]?$/;
/** Option words such as stress-ng's methods: `all`, `matrixprod`, `flip`. */
export const WORD_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** An absolute path below `/` of plain characters, no `.` or `..` segments: `/mnt/data`. */
export const PATH_PATTERN = /^(\/(?!\.\.?(\/|$))[A-Za-z0-9._-]+)+$/;

export interface ParamDescription {
  readonly key: string;
  readonly type: 'integer' | 'number' | 'string' | 'enum' | 'boolean' | 'list' | 'dict';
  readonly default: string | number;
  readonly description: string;
  /** For enums. */
  readonly values?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
}

interface JsonSchemaProperty {
  type?: string;
  enum?: string[];
  default?: string | number;
  description?: string;
  minimum?: number;
  maximum?: number;
}

/** Each param's key, type, default and description, for `virtwork workloads` and the README. */
export const describeParams = (schema: ParamsSchema): ParamDescription[] => {
  const properties = (z.toJSONSchema(schema, { io: 'input' }).properties ?? {}) as Record<string, JsonSchemaProperty>;
  return Object.entries(properties).map(([key, property]) => ({
    key,
    type: property.enum ? 'enum' : (property.type as ParamDescription['type']),
    default: property.default ?? '',
    description: property.description ?? '',
    ...(property.enum && { values: property.enum }),
    ...(property.minimum !== undefined && { minimum: property.minimum }),
    ...(property.maximum !== undefined && { maximum: property.maximum }),
  }));
};

/** A bad param: its workload and key travel with it, so the CLI can name where the user set it. */
export class InvalidParamError extends InvalidInputError {
  constructor(
    readonly workload: string,
    readonly key: string,
    value: unknown,
    fix: string,
    options?: ErrorOptions,
  ) {
    super(`--params ${workload}.${key}`, value, fix, options);
    this.name = 'InvalidParamError';
  }
}

/**
 * The typed params of a workload: the user's values over the schema's defaults. Rejects an unknown
 * key (with a did-you-mean) and a value of the wrong type or out of range, as InvalidParamError whose
 * field is `--params <workload>.<key>`.
 */
export const parseParams = <S extends ParamsSchema>(
  workload: { readonly name: string; readonly params: S },
  values: ParamValues,
): Params<S> => {
  const keys = Object.keys(workload.params.shape);
  const unknown = Object.keys(values).find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    // Suggested as `--params` spells it: `cpu.cpu-load-percent`.
    const guess = didYouMean(`${workload.name}.${unknown}`, keys.map((key) => `${workload.name}.${key}`));
    throw new InvalidParamError(
      workload.name,
      unknown,
      values[unknown],
      `unknown parameter; ${workload.name} takes ${keys.join(', ')} (see virtwork workloads)${guess}`,
    );
  }
  const result = workload.params.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0]);
  const param = describeParams(workload.params).find((p) => p.key === key);
  // A pattern or a refinement carries its own words; a type or range error is said from the schema.
  const expected = issue?.code === 'invalid_format' || issue?.code === 'custom' ? issue.message : `must be ${expectation(param)}`;
  throw new InvalidParamError(workload.name, key, values[key], `${expected} (default ${String(param?.default)})`, {
    cause: result.error,
  });
};

/** `an integer from 1 to 100`, `a number from 0`, `one of SIGTERM, SIGKILL`. */
const expectation = (param: ParamDescription | undefined): string => {
  if (param?.values) return `one of ${param.values.join(', ')}`;
  const noun = param?.type === 'integer' ? 'an integer' : param?.type === 'number' ? 'a number' : 'a string';
  const from = param?.minimum === undefined ? '' : ` from ${param.minimum}`;
  const to = param?.maximum === undefined ? '' : ` to ${param.maximum}`;
  return `${noun}${from}${to}`;
};
