/**
 * core/v1 Events as KubeVirt's and CDI's controllers record them, so `kubectl describe` and
 * event lists show what happened to a VM (reasons and messages from the upstream controllers).
 */
import { randomBytes } from 'node:crypto';
import { resourceOfKind } from '../registry/index.js';
import { timestamp, type Store, type StoredObject } from '../storage/store.js';

const EVENTS = resourceOfKind('Event');
const NAMESPACES = resourceOfKind('Namespace');

/** What an event is about: a stored object, or one the simulator does not store (a launcher pod). */
export type EventSubject = Pick<StoredObject, 'apiVersion' | 'kind'> & {
  readonly metadata: Pick<StoredObject['metadata'], 'name'> & Partial<Pick<StoredObject['metadata'], 'namespace' | 'uid' | 'resourceVersion'>>;
};

export const recordEvent = (
  store: Store,
  about: EventSubject,
  reason: string,
  message: string,
  component: string,
  type: 'Normal' | 'Warning' = 'Normal',
  /** The node, for node agents (kubelet, virt-handler). */
  host?: string,
): void => {
  const namespace = about.metadata.namespace ?? 'default';
  const ns = store.get(NAMESPACES, undefined, namespace);
  if (!ns || ns.metadata.deletionTimestamp !== undefined) return;
  const now = timestamp();
  store.create(EVENTS, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${about.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject: {
      apiVersion: about.apiVersion,
      kind: about.kind,
      name: about.metadata.name,
      namespace,
      uid: about.metadata.uid,
      resourceVersion: about.metadata.resourceVersion,
    },
    reason,
    message,
    source: { component, ...(host !== undefined ? { host } : {}) },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type,
    reportingComponent: '',
    reportingInstance: '',
  });
};
