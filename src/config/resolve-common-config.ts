/**
 * The settings every cluster or audit command shares (cleanup, status, audit), resolved through
 * the same chain as `run`: flag > VIRTWORK_* > config file > default.
 */
import { join } from 'node:path';
import { defaultAuditDbPath } from './default-audit-path.js';
import { resolveNamespace } from './resolve-namespace.js';
import { kubeconfigFrom, resolveDefaulted, resolveSetting } from './resolve-settings.js';
import type { SettingInputs, SettingSource } from './resolve-settings.js';
import type { CommonSettings } from './types.js';

export interface CommonConfig extends CommonSettings {
  /** false with --no-audit: nothing is recorded. */
  readonly audit: boolean;
  /** --audit-db, else the state-directory default (never the current directory). */
  readonly auditDb: string;
  /**
   * `./virtwork.db`, where the Go implementation kept its audit database, when `auditDb` is the
   * default: a history the user may want to keep (see audit/go-database-hint.ts).
   */
  readonly goAuditDb?: string;
  /** `--output` as the user set it, when they did: commands reject formats they cannot print. */
  readonly outputField: string;
  /** Where the namespace came from (a flag, ..., the kubeconfig's context, the default): for the debug log. */
  readonly sources: { readonly namespace: SettingSource };
}

/** The Go implementation's audit database, in the directory it ran from. */
const GO_AUDIT_DB = 'virtwork.db';

export type CommonConfigInputs = SettingInputs & { readonly homeDir?: string | undefined };

/** The shared settings from a command's inputs (see loadSettingInputs: the file is already read). */
export const resolveCommonConfig = async (inputs: CommonConfigInputs): Promise<CommonConfig> => {
  const must = <K extends 'verbose' | 'output' | 'audit'>(key: K) => resolveDefaulted(key, inputs);
  const kubeconfig = resolveSetting('kubeconfig', inputs);
  const context = resolveSetting('context', inputs)?.value;
  const output = must('output');
  const namespace = await resolveNamespace(inputs);
  const auditDb = resolveSetting('auditDb', inputs)?.value;
  return {
    namespace: namespace.value,
    ...(kubeconfig !== undefined ? { kubeconfig: kubeconfig.value, kubeconfigFrom: kubeconfigFrom(kubeconfig.source) } : {}),
    ...(context !== undefined ? { context } : {}),
    verbose: must('verbose').value,
    output: output.value,
    outputField: output.field,
    audit: must('audit').value,
    auditDb: auditDb ?? defaultAuditDbPath(inputs.env, inputs.homeDir),
    ...(auditDb === undefined && { goAuditDb: join(inputs.cwd, GO_AUDIT_DB) }),
    sources: { namespace: namespace.source },
  };
};
