/**
 * The settings every cluster or audit command shares (cleanup, status, audit), resolved through
 * the same chain as `run`: flag > VIRTWORK_* > config file > default.
 */
import { defaultAuditDbPath } from '../audit/default-path.js';
import type { ConfigFile } from './config-file.js';
import { kubeconfigFrom, resolveSetting } from './resolve-settings.js';
import type { SettingInputs } from './resolve-settings.js';
import type { KubeconfigFrom, OutputFormat } from './types.js';

export interface CommonConfig {
  readonly namespace: string;
  readonly kubeconfig?: string;
  readonly kubeconfigFrom?: KubeconfigFrom;
  readonly context?: string;
  readonly verbose: boolean;
  readonly output: OutputFormat;
  /** false with --no-audit: nothing is recorded. */
  readonly audit: boolean;
  /** --audit-db, else the state-directory default (never the current directory). */
  readonly auditDb: string;
  /** `--output` as the user set it, when they did: commands reject formats they cannot print. */
  readonly outputField: string;
}

export type CommonConfigInputs = Omit<SettingInputs, 'file'> & { readonly homeDir?: string };

export const resolveCommonConfig = async (inputs: CommonConfigInputs): Promise<CommonConfig> => {
  const configPath = resolveSetting('config', inputs);
  let file: ConfigFile | undefined;
  if (configPath) {
    // The YAML parser and the file's schema load only when there is a file to read.
    const { loadConfigFile } = await import('./config-file.js');
    file = await loadConfigFile(configPath.value, String(configPath.given), configPath.field);
  }
  const all: SettingInputs = { ...inputs, ...(file ? { file } : {}) };
  const must = <K extends 'namespace' | 'verbose' | 'output' | 'audit'>(key: K) => {
    const resolved = resolveSetting(key, all);
    if (!resolved) throw new Error(`setting ${key} has no default`);
    return resolved;
  };
  const kubeconfig = resolveSetting('kubeconfig', all);
  const context = resolveSetting('context', all)?.value;
  const output = must('output');
  return {
    namespace: must('namespace').value,
    ...(kubeconfig !== undefined ? { kubeconfig: kubeconfig.value, kubeconfigFrom: kubeconfigFrom(kubeconfig.source) } : {}),
    ...(context !== undefined ? { context } : {}),
    verbose: must('verbose').value,
    output: output.value,
    outputField: output.field,
    audit: must('audit').value,
    auditDb: resolveSetting('auditDb', all)?.value ?? defaultAuditDbPath(inputs.env, inputs.homeDir),
  };
};
