/** Reading `run --dry-run` output back: YAML documents or a JSON List, and the user data in Secrets. */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { V1VirtualMachine } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { parseAllDocuments } from 'yaml';

export type Manifest = KubernetesObject & Record<string, unknown>;

/** Every `---`-separated document; throws on the first one that is not valid YAML. */
export const parseYamlStream = (text: string): Manifest[] =>
  parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`invalid YAML document: ${doc.errors[0]?.message}`);
    return doc.toJS() as Manifest;
  });

export const kinds = (objects: readonly KubernetesObject[]): string[] => objects.map((o) => o.kind ?? '');
export const names = (objects: readonly KubernetesObject[], kind: string): string[] =>
  objects.filter((o) => o.kind === kind).map((o) => o.metadata?.name ?? '');

/** The decoded `#cloud-config` of the Secret named `name`. */
export const userdataOf = (objects: readonly Manifest[], name: string): string => {
  const secret = objects.find((o) => o.kind === 'Secret' && o.metadata?.name === name) as
    | { data?: Record<string, string> }
    | undefined;
  const encoded = secret?.data?.userdata;
  if (encoded === undefined) throw new Error(`no Secret ${name} with userdata`);
  return Buffer.from(encoded, 'base64').toString('utf8');
};

/** Parsed text, not typed objects: the kind is the only check there is, so the cast says so. */
export const vmsOf = (objects: readonly Manifest[]): V1VirtualMachine[] =>
  objects.filter((o) => o.kind === 'VirtualMachine') as unknown as V1VirtualMachine[];

export const vmNamed = (objects: readonly Manifest[], name: string): V1VirtualMachine => {
  const vm = vmsOf(objects).find((o) => o.metadata?.name === name);
  if (!vm) throw new Error(`no VirtualMachine ${name}`);
  return vm;
};
