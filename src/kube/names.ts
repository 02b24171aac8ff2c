/**
 * Object names: the Kubernetes naming rules, encoded once, and the deterministic names virtwork gives
 * what it creates. A re-run computes the same names, so an existing object is found, not duplicated.
 *
 * Rules (apimachinery `validation`):
 * - RFC 1123 label: lower-case alphanumerics and `-`, starting and ending alphanumeric, at most 63
 *   characters. Namespaces and VMs (a VM's name becomes its guest hostname) must be labels.
 * - RFC 1123 subdomain (labels joined by `.`, 253 characters) is all a Secret or DataVolume needs, but
 *   every name virtwork makes is a label, so one rule covers them all.
 * - RFC 1035 label: an RFC 1123 label that starts with a letter. Service names must be one, because a
 *   Service name becomes a DNS name and environment variable prefix.
 */
import {
  DNS1123_LABEL_MAX_LENGTH,
  DNS1123_LABEL_PATTERN,
  NAME_PREFIX,
  RFC1035_LABEL_MAX_LENGTH,
  RFC1035_LABEL_PATTERN,
} from '../constants.js';
import { InternalError, InvalidInputError } from '../errors.js';

interface NameRule {
  readonly pattern: RegExp;
  readonly maxLength: number;
  /** The character rule, in the words the API server uses. */
  readonly chars: string;
}

const DNS1123_LABEL: NameRule = {
  pattern: DNS1123_LABEL_PATTERN,
  maxLength: DNS1123_LABEL_MAX_LENGTH,
  chars: "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
};

const RFC1035_LABEL: NameRule = {
  pattern: RFC1035_LABEL_PATTERN,
  maxLength: RFC1035_LABEL_MAX_LENGTH,
  chars: "must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
};

/** Why `name` breaks `rule`; undefined when it does not. */
const problemWith = (rule: NameRule, name: string): string | undefined => {
  if (name.length > rule.maxLength) return `must be no more than ${rule.maxLength} characters (it has ${name.length})`;
  return rule.pattern.test(name) ? undefined : rule.chars;
};

export const isDns1123Label = (name: string): boolean => problemWith(DNS1123_LABEL, name) === undefined;
export const isRfc1035Label = (name: string): boolean => problemWith(RFC1035_LABEL, name) === undefined;

/** Why `name` is not an RFC 1123 label, in the words `kubectl` would print; undefined when it is one. */
export const dns1123LabelProblem = (name: string): string | undefined => problemWith(DNS1123_LABEL, name);

/** Throws InvalidInputError naming `what` when `name` is not an RFC 1123 label. */
export const assertDns1123Label = (what: string, name: string): string => {
  const problem = problemWith(DNS1123_LABEL, name);
  if (problem !== undefined) throw new InvalidInputError(what, name, `a valid name ${problem}`);
  return name;
};

/** Throws InvalidInputError naming `what` when `name` is not an RFC 1035 label (a Service name). */
export const assertRfc1035Label = (what: string, name: string): string => {
  const problem = problemWith(RFC1035_LABEL, name);
  if (problem !== undefined) throw new InvalidInputError(what, name, `a valid Service name ${problem}`);
  return name;
};

/**
 * `virtwork-<workload>-<index>[-<role>]`: the name of the VM, and so of its VMI, its launcher pod's
 * prefix and its guest hostname. Throws when a long workload or role name pushes it past 63 characters.
 */
export const vmName = (workload: string, index: number, role?: string): string => {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new InternalError(`VM index ${index}: must be a non-negative integer`);
  }
  const parts = [NAME_PREFIX, workload, String(index), ...(role === undefined ? [] : [role])];
  return assertDns1123Label(`VM name of workload ${workload}`, parts.join('-'));
};

/**
 * The Service in front of the VM of `role` in pair `index`: the VM's own name, so `kubectl get svc`
 * says which server each Service reaches.
 */
export const pairServiceName = (workload: string, index: number, role: string): string =>
  assertRfc1035Label(`Service of workload ${workload}`, vmName(workload, index, role));

/** The Secret holding a VM's cloud-init user data: `<vm>-cloudinit`. */
export const cloudInitSecretName = (vm: string): string =>
  assertDns1123Label(`cloud-init Secret of VM ${vm}`, `${vm}-cloudinit`);

/**
 * A VM's DataVolume: `<vm>-<disk>`. DataVolume names are namespace-wide, so the VM name in front
 * keeps two VMs of one workload from claiming the same volume.
 */
export const dataVolumeName = (vm: string, disk: string): string =>
  assertDns1123Label(`DataVolume ${disk} of VM ${vm}`, `${vm}-${disk}`);
