/**
 * Everything `virtwork run` is configured by, resolved into one RunConfig: single settings through
 * their priority chain, then the parts that combine sources: workload selection, per-workload
 * overrides, params merged key by key, and SSH keys merged from --ssh-key and --ssh-key-file.
 */
import { DEFAULTS } from '../constants.js';
import { InvalidInputError } from '../errors.js';
import type { ConfigFile } from './config-file.js';
import { chooseGuestOs } from './guest-os.js';
import { readAuthorizedKeyFiles } from './key-files.js';
import { resolveNamespace } from './resolve-namespace.js';
import { inputWarnings } from './input-warnings.js';
import { kubeconfigFrom, resolveDefaulted, resolveSetting } from './resolve-settings.js';
import type { Resolved, SettingInputs, SettingSource } from './resolve-settings.js';
import type { SettingKey } from './settings.js';
import { didYouMean } from './suggest.js';
import type { OutputFormat, ParamValues, RunConfig, WorkloadOverrides } from './types.js';
import type { ParamMap } from './values.js';

export interface RunConfigInputs extends SettingInputs {
  /** Names of the workloads that exist; the registry lives above this layer, so the CLI passes them. */
  readonly knownWorkloads: readonly string[];
  /** Names of the catalog's entries (also in knownWorkloads): what `--from-catalog` may name. */
  readonly catalogEntries?: readonly string[];
}

export interface ResolvedRunConfig {
  readonly config: RunConfig;
  /** Which source won for each setting that has a value: for the debug log. */
  readonly sources: Readonly<Partial<Record<SettingKey, SettingSource>>>;
  /** Where each param was set, for errors about it: `paramSources.cpu.load` is `--params cpu.load`. */
  readonly paramSources: MergedParams['sources'];
  /** Things worth a log line that are not errors. */
  readonly warnings: readonly string[];
}

const SEE_WORKLOADS = 'virtwork workloads lists them';

/** Resolve flags, VIRTWORK_* variables, the config file and defaults into a validated RunConfig. */
export const resolveRunConfig = async (inputs: RunConfigInputs): Promise<ResolvedRunConfig> => {
  const { file } = inputs;

  const sources: Partial<Record<SettingKey, SettingSource>> = {};
  const warnings: string[] = inputWarnings(inputs);
  const get = <K extends SettingKey>(key: K): Resolved<K> | undefined => {
    const resolved = resolveSetting(key, inputs);
    if (resolved) sources[key] = resolved.source;
    return resolved;
  };
  const must = <K extends SettingKey>(key: K): Resolved<K> => {
    const resolved = resolveDefaulted(key, inputs);
    sources[key] = resolved.source;
    return resolved;
  };

  if (file) checkFileWorkloadNames(file, inputs.knownWorkloads);
  const fromCatalog = catalogSelection(get('fromCatalog'), inputs.catalogEntries ?? []);
  const workloadsSetting = get('workloads');
  const workloads = selectWorkloads(workloadsSetting, file, inputs.knownWorkloads, fromCatalog);
  if (file && workloadsSetting && workloadsSetting.source !== 'default') {
    warnings.push(...disabledButNamed(file, workloads, workloadsSetting.field));
  }
  const vmCount = must('vmCount');
  const cpuCores = must('cpuCores');
  const memory = must('memory');
  const dryRun = must('dryRun').value;
  const output = get('output');
  const { params, sources: paramSources } = mergeParams(paramLayers(inputs), inputs.knownWorkloads);
  for (const name of Object.keys(params)) {
    if (!workloads.includes(name)) warnings.push(`params for ${name} are ignored: ${name} is not among the selected workloads`);
  }

  const sshKeys = get('sshKey')?.value ?? [];
  const keyFiles = get('sshKeyFile');
  const fileKeys = keyFiles ? await readAuthorizedKeyFiles(keyFiles.value, keyFiles.field) : [];
  const password = get('sshPassword')?.value;
  const kubeconfigSetting = get('kubeconfig');
  const context = get('context')?.value;
  const containerDiskImage = must('containerDiskImage').value;
  const storageClass = get('storageClass')?.value;
  const { guestOs, warning: guestOsWarning } = chooseGuestOs(get('guestOs')?.value, containerDiskImage);
  const clusterDomain = get('clusterDomain')?.value;
  const namespace = await resolveNamespace(inputs);
  sources.namespace = namespace.source;
  if (guestOsWarning !== undefined) warnings.push(guestOsWarning);

  const config: RunConfig = {
    namespace: namespace.value,
    ...(kubeconfigSetting !== undefined ? { kubeconfig: kubeconfigSetting.value, kubeconfigFrom: kubeconfigFrom(kubeconfigSetting.source) } : {}),
    ...(context !== undefined ? { context } : {}),
    verbose: must('verbose').value,
    // The default depends on the mode: manifests print as YAML, summaries as a table.
    output: output?.source === 'default' || !output ? defaultOutput(dryRun) : output.value,
    workloads,
    vmCount: vmCount.value,
    cpuCores: cpuCores.value,
    memory: memory.value,
    diskSize: must('diskSize').value,
    ...(storageClass !== undefined ? { storageClass } : {}),
    containerDiskImage,
    guestOs,
    skipPackageInstall: must('skipPackageInstall').value,
    readiness: must('readiness').value,
    ...(clusterDomain !== undefined ? { clusterDomain } : {}),
    dryRun,
    wait: !must('noWait').value,
    timeoutSeconds: must('timeout').value,
    ssh: {
      user: must('sshUser').value,
      ...(password !== undefined ? { password } : {}),
      authorizedKeys: [...new Set([...sshKeys, ...fileKeys])],
    },
    vmConcurrency: must('vmConcurrency').value,
    params,
    workloadOverrides: file ? fileOverrides(file, { vmCount, cpuCores, memory }, workloads, warnings) : {},
  };
  return { config, sources, paramSources, warnings };
};

const defaultOutput = (dryRun: boolean): OutputFormat => (dryRun ? 'yaml' : DEFAULTS.output);

/**
 * `--workloads` or VIRTWORK_WORKLOADS when given; otherwise the defaults, plus the file's workloads
 * with `enabled: true`, minus those with `enabled: false`. Order is kept, duplicates dropped.
 */
const selectWorkloads = (
  given: Resolved<'workloads'> | undefined,
  file: ConfigFile | undefined,
  known: readonly string[],
  fromCatalog: readonly string[] | undefined,
): string[] => {
  const named = given && given.source !== 'default';
  // --from-catalog alone runs only those entries; with --workloads, both.
  if (fromCatalog !== undefined && !named) return [...new Set(fromCatalog)];
  if (named) {
    for (const name of given.value) {
      if (!known.includes(name)) {
        throw new InvalidInputError(given.field, name, `unknown workload${didYouMean(name, known)} (${SEE_WORKLOADS})`);
      }
    }
    if (given.value.length === 0) throw new InvalidInputError(given.field, '', `name at least one workload (${SEE_WORKLOADS})`);
    return [...new Set([...given.value, ...(fromCatalog ?? [])])];
  }
  const sections = Object.entries(file?.workloads ?? {});
  const enabled = sections.filter(([, section]) => section.enabled === true).map(([name]) => name);
  const disabled = new Set(sections.filter(([, section]) => section.enabled === false).map(([name]) => name));
  const selected = [...new Set([...DEFAULTS.workloads, ...enabled])].filter((name) => !disabled.has(name));
  if (selected.length === 0) {
    throw new InvalidInputError(
      `${file?.path ?? 'config file'}: workloads`,
      [...disabled].join(','),
      'every workload is disabled; enable one, or name them with --workloads',
    );
  }
  return selected;
};

/** `--from-catalog` names catalog entries only, at least one; undefined when nothing set it. */
const catalogSelection = (given: Resolved<'fromCatalog'> | undefined, entries: readonly string[]): string[] | undefined => {
  if (given === undefined) return undefined;
  for (const name of given.value) {
    if (!entries.includes(name)) {
      const known = entries.length === 0 ? 'the catalog has no entries (see --catalog-dir)' : `the catalog's entries are ${entries.join(', ')}`;
      throw new InvalidInputError(given.field, name, `not a catalog entry; ${known}${didYouMean(name, entries)}`);
    }
  }
  if (given.value.length === 0) throw new InvalidInputError(given.field, '', `name at least one catalog entry (${SEE_WORKLOADS})`);
  return [...given.value];
};

const checkFileWorkloadNames = (file: ConfigFile, known: readonly string[]): void => {
  for (const name of Object.keys(file.workloads)) {
    if (!known.includes(name)) {
      throw new InvalidInputError(
        `${file.locate(['workloads', name])}: workloads.${name}`,
        name,
        `unknown workload${didYouMean(name, known)} (${SEE_WORKLOADS})`,
      );
    }
  }
};

/**
 * `enabled: false` in the file for a workload that --workloads (or VIRTWORK_WORKLOADS) names: what
 * the user typed wins, as everywhere, and a warning says the file's line was overridden.
 */
const disabledButNamed = (file: ConfigFile, selected: readonly string[], field: string): string[] =>
  Object.entries(file.workloads)
    .filter(([name, section]) => section.enabled === false && selected.includes(name))
    .map(([name]) => `${file.locate(['workloads', name, 'enabled'])}: workloads.${name}.enabled is false, but ${field} names ${name}: it runs`);

/** The per-workload keys and the global settings they refine. */
const REFINES = [
  ['vm_count', 'vmCount'],
  ['cpu_cores', 'cpuCores'],
  ['memory', 'memory'],
] as const;

/**
 * Per-workload values from the file's `workloads.<name>` sections. Each applies unless the global
 * setting it refines was given by a flag or variable: the file never beats what the user typed, and
 * for a selected workload a warning names the section value that was set aside.
 */
const fileOverrides = (
  file: ConfigFile,
  globals: { vmCount: Resolved<'vmCount'>; cpuCores: Resolved<'cpuCores'>; memory: Resolved<'memory'> },
  selected: readonly string[],
  warnings: string[],
): Record<string, WorkloadOverrides> => {
  const overrides: Record<string, WorkloadOverrides> = {};
  for (const [name, section] of Object.entries(file.workloads)) {
    // `enabled` is already applied: it decided `workloads` (a named list wins over it).
    const override: Record<string, number | string> = {};
    for (const [key, global] of REFINES) {
      const value = section[key];
      if (value === undefined) continue;
      const resolved = globals[global];
      if (resolved.source === 'file' || resolved.source === 'default') {
        override[global] = value;
      } else if (selected.includes(name)) {
        warnings.push(
          `${file.locate(['workloads', name, key])}: workloads.${name}.${key} (${String(value)}) is overridden by ` +
            `${resolved.field}=${String(resolved.given)}, which sets it for every workload`,
        );
      }
    }
    overrides[name] = override;
  }
  return overrides;
};

/** One source of params; `fieldOf` names one param of it in errors, as the user wrote it. */
interface ParamLayer {
  readonly field: string;
  readonly params: ParamMap;
  readonly fieldOf: (workload: string, key: string) => string;
}

/**
 * Params merged key by key, lowest priority first: the file's `params.<workload>`, its
 * `workloads.<workload>.params`, VIRTWORK_PARAMS, then --params. Unlike single settings, a higher
 * source refines a lower one instead of replacing it.
 */
const paramLayers = (inputs: SettingInputs): ParamLayer[] => {
  const layers: ParamLayer[] = [];
  const file = inputs.file;
  const inFile = (config: ConfigFile, at: string[]): string => `${config.locate(at)}: ${at.join('.')}`;
  const fileParams = file?.values.params as ParamMap | undefined;
  if (file && fileParams) {
    layers.push({ field: inFile(file, ['params']), params: fileParams, fieldOf: (w, k) => inFile(file, ['params', w, k]) });
  }
  for (const [name, section] of Object.entries(file?.workloads ?? {})) {
    if (file && section.params) {
      const at = ['workloads', name, 'params'];
      layers.push({ field: inFile(file, at), params: { [name]: section.params }, fieldOf: (_, k) => inFile(file, [...at, k]) });
    }
  }
  const onCommandLine = (resolved: Resolved<'params'> | undefined): void => {
    if (resolved) layers.push({ field: resolved.field, params: resolved.value, fieldOf: (w, k) => `${resolved.field} ${w}.${k}` });
  };
  onCommandLine(resolveSetting('params', { flags: {}, env: inputs.env, cwd: inputs.cwd }));
  const flag = inputs.flags.params;
  if (flag !== undefined) onCommandLine(resolveSetting('params', { flags: { params: flag }, env: {}, cwd: inputs.cwd }));
  return layers;
};

export interface MergedParams {
  readonly params: Record<string, ParamValues>;
  /**
   * `sources[workload][key]`: where that param was set, as errors should name it:
   * `--params cpu.load`, `VIRTWORK_PARAMS cpu.load`, `virtwork.yaml:7: workloads.cpu.params.load`.
   */
  readonly sources: Record<string, Record<string, string>>;
}

const mergeParams = (layers: readonly ParamLayer[], known: readonly string[]): MergedParams => {
  const params: Record<string, Record<string, string | number | boolean>> = {};
  const sources: Record<string, Record<string, string>> = {};
  for (const layer of layers) {
    for (const [workload, values] of Object.entries(layer.params)) {
      if (!known.includes(workload)) {
        throw new InvalidInputError(layer.field, workload, `unknown workload in params${didYouMean(workload, known)} (${SEE_WORKLOADS})`);
      }
      params[workload] = { ...params[workload], ...values };
      sources[workload] = {
        ...sources[workload],
        ...Object.fromEntries(Object.keys(values).map((key) => [key, layer.fieldOf(workload, key)])),
      };
    }
  }
  return { params, sources };
};
