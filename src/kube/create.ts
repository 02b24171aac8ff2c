/**
 * Create-or-exists for everything a run makes: Namespace, Services, Secrets, VirtualMachines.
 * Names are deterministic, so AlreadyExists means an earlier run made the object: it counts as done,
 * is left untouched (it keeps its own run id) and is reported as existing. One request per object,
 * typed APIs, no discovery.
 */
import type { ConfigurationOptions, KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import { KUBEVIRT_API_VERSION, KUBEVIRT_GROUP, KUBEVIRT_VERSION } from '../constants.js';
import { callApi, FIELD_VALIDATION, type ApiContext } from './api.js';
import { httpStatusOf, isAlreadyExists, type RequestTarget } from './api-errors.js';

export type CreateOutcome = 'created' | 'existing';

export interface CreateResult {
  readonly kind: string;
  readonly name: string;
  readonly outcome: CreateOutcome;
  /** `performance.now()` when the server answered; time to ready counts from here. */
  readonly answeredAt: number;
}

/** Creates one object of a kind virtwork makes; AlreadyExists is success. */
export const createObject = async (ctx: ApiContext, object: KubernetesObject): Promise<CreateResult> => {
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace ?? '';
  const kind = object.kind ?? '';
  const outcome = await createByKind(ctx, `${object.apiVersion}/${kind}`, object, name, namespace);
  return { kind, name, outcome, answeredAt: performance.now() };
};

const createByKind = (
  ctx: ApiContext,
  apiVersionKind: string,
  object: KubernetesObject,
  name: string,
  namespace: string,
): Promise<CreateOutcome> => {
  const { core, customObjects } = ctx.cluster;
  switch (apiVersionKind) {
    case 'v1/Namespace':
      return ensureNamespace(ctx, object, name);
    case 'v1/Service':
      return createOrExists(ctx, { verb: 'create', resource: 'services', namespace, name }, (options) =>
        core.createNamespacedService({ namespace, body: object, fieldValidation: FIELD_VALIDATION }, options),
      );
    case 'v1/Secret':
      return createOrExists(ctx, { verb: 'create', resource: 'secrets', namespace, name }, (options) =>
        core.createNamespacedSecret({ namespace, body: object, fieldValidation: FIELD_VALIDATION }, options),
      );
    case `${KUBEVIRT_API_VERSION}/VirtualMachine`:
      return createOrExists(
        ctx,
        { verb: 'create', resource: `virtualmachines.${KUBEVIRT_GROUP}`, namespace, name },
        (options) =>
          customObjects.createNamespacedCustomObject(
            {
              group: KUBEVIRT_GROUP,
              version: KUBEVIRT_VERSION,
              namespace,
              plural: 'virtualmachines',
              body: object,
              fieldValidation: FIELD_VALIDATION,
            },
            options,
          ),
      );
    default:
      // A programming error: the plan holds only the kinds above.
      throw new Error(`virtwork does not create ${apiVersionKind} objects (${name})`);
  }
};

const createOrExists = (
  ctx: ApiContext,
  target: RequestTarget,
  create: (options: ConfigurationOptions) => Promise<unknown>,
): Promise<CreateOutcome> =>
  callApi(ctx, target, async (options) => {
    try {
      await create(options);
      return 'created';
    } catch (error) {
      if (isAlreadyExists(error)) return 'existing';
      throw error;
    }
  });

/**
 * Namespaces are created when missing. Users who may not create namespaces (OpenShift projects are
 * made by an admin) but may read theirs get a 403 on create: a GET then tells whether it exists.
 */
const ensureNamespace = (ctx: ApiContext, namespace: V1Namespace, name: string): Promise<CreateOutcome> =>
  callApi(ctx, { verb: 'create', resource: 'namespaces', name }, async (options) => {
    try {
      await ctx.cluster.core.createNamespace({ body: namespace, fieldValidation: FIELD_VALIDATION }, options);
      return 'created';
    } catch (error) {
      if (isAlreadyExists(error)) return 'existing';
      if (httpStatusOf(error) === 403 && (await namespaceIsReadable(ctx, name, options))) return 'existing';
      throw error;
    }
  });

const namespaceIsReadable = async (
  ctx: ApiContext,
  name: string,
  options: ConfigurationOptions,
): Promise<boolean> => {
  try {
    await ctx.cluster.core.readNamespace({ name }, options);
    return true;
  } catch {
    // whatever the read says, the create's 403 is the error to report
    return false;
  }
};
