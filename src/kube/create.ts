/**
 * Create-or-exists for everything a run makes: Namespace, Services, Secrets, VirtualMachines.
 * Names are deterministic, so AlreadyExists means an earlier run made the object: it counts as done,
 * is left untouched (it keeps its own run id) and is reported as existing. One request per object,
 * through the typed calls of kind-calls.ts, no discovery.
 */
import type { ConfigurationOptions, KubernetesObject } from '@kubernetes/client-node';
import { InternalError } from '../errors.js';
import { callApi, type ApiContext } from './api.js';
import { httpStatusOf, isAlreadyExists, type RequestTarget } from './api-errors.js';
import { isCreatable, KIND_CALLS, resourceOf } from './kind-calls.js';

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
  // The plan holds only kinds the table creates; anything else is a bug in the planner.
  if (!isCreatable(kind)) throw new InternalError(`virtwork does not create ${object.apiVersion}/${kind} objects (${name})`);
  const outcome =
    kind === 'Namespace'
      ? await ensureNamespace(ctx, object, name)
      : await createOrExists(ctx, { verb: 'create', resource: resourceOf(kind), namespace, name }, (options) =>
          KIND_CALLS[kind].create(ctx, namespace, object, options),
        );
  return { kind, name, outcome, answeredAt: performance.now() };
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
const ensureNamespace = (ctx: ApiContext, namespace: KubernetesObject, name: string): Promise<CreateOutcome> =>
  callApi(ctx, { verb: 'create', resource: resourceOf('Namespace'), name }, async (options) => {
    try {
      await KIND_CALLS.Namespace.create(ctx, name, namespace, options);
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
    await KIND_CALLS.Namespace.read(ctx, name, options);
    return true;
  } catch {
    // whatever the read says, the create's 403 is the error to report
    return false;
  }
};
