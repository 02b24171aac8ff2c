/**
 * What is particular to one kind, as kube-apiserver's registry keeps it in a strategy per kind
 * (pkg/registry/<group>/<kind>/strategy.go): defaults, validation and admission, deletion, the
 * columns `kubectl get` prints, the field selectors. The generic code (apiserver/, storage/) asks
 * the kind's strategy and never names a kind; a hook left out means "nothing special".
 */
import type { AdmissionRequest } from '../admission/request.js';
import type { FieldError } from '../apiserver/status.js';
import type { AccessAttributes } from '../apiserver/authorization.js';
import type { Random } from '../random.js';
import type { KubeObject, StoredObject } from '../storage/store.js';
import type { ResourceType } from './resource-type.js';

/** The name rules of apimachinery's validation: RFC 1123 subdomain (the default) or label, RFC 1035 label, a URL path segment (RBAC). */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

export type Cell = string | number | boolean | null;

/**
 * One column of `kubectl get`. `jsonPath` (the subset `.a.b`, `[0]`, `[?(@.type=='Ready')]`) is
 * what a custom kind's CRD declares; `cell` computes what a JSONPath cannot (Age, Service ports).
 */
export interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date' | 'boolean';
  readonly jsonPath?: string;
  readonly cell?: (o: StoredObject) => Cell;
  readonly priority?: number;
  /** Shown in the CRD only. */
  readonly description?: string;
}

/** Who sent a request, as the server authenticated it (for the reviews). */
export interface Requester {
  readonly user: string;
  readonly groups: readonly string[];
  /** Whether the requester may do this: what a SelfSubjectAccessReview answers (`deny` faults, RBAC for ServiceAccounts). */
  readonly allows: (attributes: AccessAttributes) => boolean;
}

/** Reads one selectable field of an object; a non-string reads as "". */
export type FieldGetter = (obj: KubeObject) => unknown;

export interface KindStrategy {
  /** Where and how the kind is served. */
  readonly resource: ResourceType;
  /**
   * Defaults and server-owned fields of a create (`current` undefined) or an update of the main
   * resource. Without it, a status subresource keeps status out of reach: dropped on create, kept on update.
   */
  readonly prepareForWrite?: (obj: KubeObject, random: Random, current: StoredObject | undefined) => KubeObject;
  /** The rule metadata.name follows; default `subdomain`. */
  readonly nameRule?: NameRule;
  /** The kind's own checks after the schema's (Secret size). */
  readonly validate?: (obj: KubeObject) => FieldError[];
  /** The validating webhook KubeVirt or CDI registers for the kind; throws its denial. */
  readonly admit?: (request: AdmissionRequest) => void;
  /** A create-only kind that is never stored (the reviews): the answer to a create. */
  readonly answerCreate?: (obj: KubeObject, requester: Requester) => KubeObject;
  /**
   * A kind whose deletion always passes through a terminating state (Namespace): the object
   * marked for deletion, as the kind shows it. Without it, an object without finalizers goes at once.
   */
  readonly terminate?: (marked: StoredObject) => StoredObject;
  /** Finalizers kept outside metadata (a Namespace's `spec.finalizers`); a deleted object stays while any remain. */
  readonly specFinalizers?: (obj: StoredObject) => readonly string[];
  /** The columns after Name; default Age. A custom kind's CRD lists them as additionalPrinterColumns. */
  readonly columns?: readonly Column[];
  /** The Name cell, when it shows more than the name (the default StorageClass). */
  readonly nameCell?: (o: StoredObject) => Cell;
  /** Field selectors besides metadata.name and metadata.namespace (kube's GetAttrs). */
  readonly selectableFields?: Readonly<Record<string, FieldGetter>>;
  /** Labels of the kind's CRD, when not its operator's. */
  readonly crdLabels?: Readonly<Record<string, string>>;
}

