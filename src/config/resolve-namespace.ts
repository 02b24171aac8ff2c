/**
 * The namespace as kubectl picks it: `--namespace`/`-n` > VIRTWORK_NAMESPACE > the config file >
 * the namespace of the kubeconfig's context (current, or `--context`) > `virtwork`. The kubeconfig is
 * read only when nothing above it set the namespace, and not at all when the CLI gives no reader.
 */
import { InvalidInputError } from '../errors.js';
import { kubeconfigFrom, resolveDefaulted, resolveSetting } from './resolve-settings.js';
import type { Resolved, SettingInputs } from './resolve-settings.js';
import type { KubeconfigTarget } from './types.js';
import { KINDS } from './values.js';

/** The kubeconfig file and context the settings chose, as the cluster connection will use them. */
export const kubeconfigTarget = (inputs: SettingInputs): KubeconfigTarget => {
  const kubeconfig = resolveSetting('kubeconfig', inputs);
  const context = resolveSetting('context', inputs)?.value;
  return {
    ...(kubeconfig !== undefined ? { kubeconfig: kubeconfig.value, kubeconfigFrom: kubeconfigFrom(kubeconfig.source) } : {}),
    ...(context !== undefined ? { context } : {}),
  };
};

export const resolveNamespace = async (inputs: SettingInputs): Promise<Resolved<'namespace'>> => {
  const chosen = resolveDefaulted('namespace', inputs);
  if (chosen.source !== 'default' || inputs.readContextNamespace === undefined) return chosen;
  const found = await inputs.readContextNamespace(kubeconfigTarget(inputs));
  if (found === undefined) return chosen;
  const field = `kubeconfig context "${found.context}": namespace`;
  const result = KINDS.namespace.schema.safeParse(found.namespace);
  if (!result.success) throw new InvalidInputError(field, found.namespace, `${KINDS.namespace.fix}; fix the context, or choose a namespace with -n`);
  return { value: result.data, source: 'kubeconfig', field, given: found.namespace };
};
