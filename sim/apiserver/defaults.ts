/**
 * What the API server does to an object before storing it: the kind's own defaults (its
 * strategy's prepareForWrite), else `status` kept out of reach of the main resource for kinds
 * with a status subresource.
 */
import type { Random } from '../random.js';
import { strategyOf, type ResourceType } from '../registry/index.js';
import type { KubeObject, StoredObject } from '../storage/store.js';

/**
 * Prepares a create (`current` undefined) or an update of the main resource. With a status
 * subresource, the main resource never changes status: dropped on create, kept on update.
 */
export const prepareForWrite = (r: ResourceType, obj: KubeObject, random: Random, current?: StoredObject): KubeObject => {
  const prepare = strategyOf(r).prepareForWrite;
  if (prepare) return prepare(obj, random, current);
  if (!r.statusSubresource) return obj;
  const { status: _ignored, ...rest } = obj;
  return current?.status !== undefined ? { ...rest, status: current.status } : rest;
};

/** A write to `/status`: the new status on the current object; spec and metadata stay. */
export const prepareStatusWrite = (obj: KubeObject, current: StoredObject): KubeObject => ({
  ...current,
  metadata: { ...current.metadata, resourceVersion: obj.metadata?.resourceVersion ?? current.metadata.resourceVersion },
  ...(obj.status !== undefined ? { status: obj.status } : {}),
});
