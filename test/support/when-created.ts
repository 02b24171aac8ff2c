/**
 * Raced writes, made deterministic: acts on an object the moment the simulator stores it, before
 * any controller timer can see it (a microtask runs before every timer).
 */
import { deleteObject } from '../../sim/apiserver/deletion.js';
import type { SimCluster, StoredObject } from '../../sim/index.js';
import type { ResourceType } from '../../sim/registry/index.js';

export const whenCreated = (
  sim: SimCluster,
  plural: string,
  namespace: string,
  name: string,
  act: (object: StoredObject, resource: ResourceType) => void,
): void => {
  const stop = sim.store.subscribe((event) => {
    const { metadata } = event.object;
    if (event.type !== 'ADDED' || event.resource.plural !== plural || metadata.namespace !== namespace || metadata.name !== name) return;
    stop();
    queueMicrotask(() => act(event.object, event.resource));
  });
};

/** The object is gone at once, as if someone deleted it right after its creator made it. */
export const deleteWhenCreated = (sim: SimCluster, plural: string, namespace: string, name: string): void =>
  whenCreated(sim, plural, namespace, name, (_object, resource) => deleteObject(sim.store, resource, namespace, name));

/** A Secret's data is replaced at once (no `userdata` key left), as a user's edit racing its creator would. */
export const emptySecretWhenCreated = (sim: SimCluster, namespace: string, name: string): void =>
  whenCreated(sim, 'secrets', namespace, name, (object, resource) =>
    sim.store.replace(resource, { ...object, data: { note: Buffer.from('no user data here').toString('base64') } }),
  );
