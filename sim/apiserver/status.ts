/**
 * metav1.Status bodies, worded as kube-apiserver words them (k8s.io/apimachinery/pkg/api/errors),
 * so clients and kubectl read the simulator's failures exactly as a real cluster's.
 */
import type {
  IoK8sApimachineryPkgApisMetaV1Status as Status,
  IoK8sApimachineryPkgApisMetaV1StatusCause as StatusCause,
} from '@kubevirt-ui-ext/kubevirt-api/kubernetes';
import type { ResourceType } from '../registry/index.js';

export type { Status, StatusCause };

/** A failure a handler throws; the server writes `status` with `status.code` as HTTP status. */
export class StatusError extends Error {
  constructor(
    readonly status: Status,
    /** Extra response headers (Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(status.message);
    this.name = 'StatusError';
  }
  get code(): number {
    return this.status.code ?? 500;
  }
}

const failure = (code: number, reason: string, message: string, details?: Status['details']): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});

/** `virtualmachines.kubevirt.io`, or `secrets` for the core group. */
export const qualifiedResource = (r: Pick<ResourceType, 'plural' | 'group'>): string =>
  r.group === '' ? r.plural : `${r.plural}.${r.group}`;

/** `VirtualMachine.kubevirt.io`, or `Secret`: how Invalid messages name the kind. */
const qualifiedKind = (r: Pick<ResourceType, 'kind' | 'group'>): string =>
  r.group === '' ? r.kind : `${r.kind}.${r.group}`;

const groupDetail = (r: Pick<ResourceType, 'group'>): { group?: string } => (r.group === '' ? {} : { group: r.group });

export const notFound = (r: ResourceType, name: string): StatusError =>
  new StatusError(
    failure(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, { name, ...groupDetail(r), kind: r.plural }),
  );

export const namespaceNotFound = (namespace: string): StatusError =>
  new StatusError(failure(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' }));

/** A path under a served prefix that names no resource. */
export const resourceNotFound = (): StatusError =>
  new StatusError(failure(404, 'NotFound', 'the server could not find the requested resource', {}));

export const alreadyExists = (r: ResourceType, name: string): StatusError =>
  new StatusError(
    failure(409, 'AlreadyExists', `${qualifiedResource(r)} "${name}" already exists`, {
      name,
      ...groupDetail(r),
      kind: r.plural,
    }),
  );

export const conflict = (r: ResourceType, name: string, why: string): StatusError =>
  new StatusError(
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": ${why}`, {
      name,
      ...groupDetail(r),
      kind: r.plural,
    }),
  );

export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/** One field error: `spec.runStrategy: Invalid value: ...`. */
export interface FieldError {
  field: string;
  /** FieldValueInvalid, FieldValueRequired, FieldValueTypeInvalid, FieldValueTooLong, ... */
  reason: string;
  /** The text after `<field>: `, e.g. `Required value`. */
  detail: string;
}

/** Schema or name validation failure: 422 Invalid with one cause per field error. */
export const invalid = (r: ResourceType, name: string, errors: readonly FieldError[]): StatusError => {
  const lines = errors.map((e) => `${e.field}: ${e.detail}`);
  const summary = lines.length === 1 ? lines[0] : `[${lines.join(', ')}]`;
  return new StatusError(
    failure(422, 'Invalid', `${qualifiedKind(r)} "${name}" is invalid: ${summary}`, {
      name,
      ...groupDetail(r),
      kind: r.kind,
      causes: errors.map((e) => ({ reason: e.reason, message: e.detail, field: e.field })),
    }),
  );
};

/**
 * A validating admission webhook's denial as kube-apiserver relays it (webhookerrors.ToStatusErr):
 * the webhook's own result, its message prefixed with `admission webhook "<name>" denied the
 * request: `. No name or kind in details: the webhook sets only causes.
 */
export const webhookDenied = (
  webhook: string,
  result: { readonly message: string; readonly reason?: string; readonly causes: readonly StatusCause[] },
): StatusError =>
  new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `admission webhook "${webhook}" denied the request: ${result.message}`,
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
    details: { causes: [...result.causes] },
    code: 422,
  });

export const badRequest = (message: string): StatusError => new StatusError(failure(400, 'BadRequest', message));

/** `fieldValidation=Strict` with unknown fields, as the decoder reports them. */
export const strictDecodingError = (r: ResourceType, unknownFields: readonly string[]): StatusError =>
  badRequest(
    `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ` +
      unknownFields.map((f) => `unknown field "${f}"`).join(', '),
  );

/** An RBAC denial. `verb` is the API verb (get, list, create ...). */
export const forbidden = (
  r: ResourceType,
  opts: { verb: string; user: string; namespace?: string; name?: string },
): StatusError => {
  const scope = opts.namespace ? `in the namespace "${opts.namespace}"` : 'at the cluster scope';
  const subject = opts.name ? `${qualifiedResource(r)} "${opts.name}"` : qualifiedResource(r);
  return new StatusError(
    failure(
      403,
      'Forbidden',
      `${subject} is forbidden: User "${opts.user}" cannot ${opts.verb} resource "${r.plural}" in API group "${r.group}" ${scope}`,
      { ...(opts.name ? { name: opts.name } : {}), ...groupDetail(r), kind: r.plural },
    ),
  );
};

/** NamespaceLifecycle admission: creating in a namespace that is being deleted. */
export const namespaceTerminating = (r: ResourceType, name: string, namespace: string): StatusError =>
  new StatusError(
    failure(
      403,
      'Forbidden',
      `${qualifiedResource(r)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      {
        name,
        ...groupDetail(r),
        kind: r.plural,
        causes: [
          { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
        ],
      },
    ),
  );

export const unauthorized = (): StatusError => new StatusError(failure(401, 'Unauthorized', 'Unauthorized'));

/** errors.NewTooManyRequests: a Status body plus Retry-After. */
export const tooManyRequests = (message: string, retryAfterSeconds: number): StatusError =>
  new StatusError(failure(429, 'TooManyRequests', `Too many requests: ${message}`, { retryAfterSeconds }), {
    'Retry-After': String(retryAfterSeconds),
  });

export const internalError = (message: string): StatusError =>
  new StatusError(failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }));

/** A watch or list from a resourceVersion the history no longer holds. */
export const expired = (requested: number, oldest: number): StatusError =>
  new StatusError(failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`));

export const continueExpired = (): StatusError =>
  new StatusError(
    failure(
      410,
      'Expired',
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    ),
  );

export const methodNotAllowed = (): StatusError =>
  new StatusError(failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));

export const unsupportedMediaType = (contentType: string, accepted: readonly string[]): StatusError =>
  new StatusError(
    failure(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    ),
    {},
  );

export const requestEntityTooLarge = (): StatusError =>
  new StatusError(failure(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));

/** Any status/reason a fault asks for, with an optional Retry-After. */
export const customFailure = (
  code: number,
  reason: string,
  message: string,
  retryAfterSeconds?: number,
): StatusError =>
  new StatusError(
    failure(code, reason, message, retryAfterSeconds === undefined ? undefined : { retryAfterSeconds }),
    retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
  );

export const success = (details: Status['details']): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Success',
  ...(details ? { details } : {}),
});
