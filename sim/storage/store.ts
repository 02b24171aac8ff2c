/**
 * The simulated etcd: objects by resource, namespace and name; one global, monotonically
 * increasing resourceVersion; a bounded history of changes for watch resume (older versions are
 * "expired", as after an etcd compaction). Stored objects are deep-frozen: every change replaces
 * the object, so readers can serialise or hold them without copies.
 */
import { randomUUID } from 'node:crypto';
import type { IoK8sApimachineryPkgApisMetaV1ObjectMeta as ObjectMeta } from '@kubevirt-ui-ext/kubevirt-api/kubernetes';
import { apiVersionOf, strategyOf, type ResourceType } from '../registry/index.js';
import { alreadyExists, conflict, expired, notFound, OBJECT_MODIFIED } from '../apiserver/status.js';

export type { ObjectMeta };

/** Any Kubernetes object as it travels on the wire. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** An object as the store keeps it: identity and bookkeeping fields always set. */
export interface StoredObject extends KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string; uid: string; resourceVersion: string; creationTimestamp: string };
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly type: EventType;
  readonly resource: ResourceType;
  readonly object: StoredObject;
  /** The object before a MODIFIED (for selector transitions in watches). */
  readonly previous?: StoredObject;
  readonly rv: number;
}

export type StoreListener = (event: StoreEvent) => void;

/** `2025-03-03T07:09:46Z`: Kubernetes timestamps have second precision. */
export const timestamp = (date: Date = new Date()): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
};

/** The object without metadata (and status, when status is a subresource): what `generation` tracks. */
const specPart = (r: ResourceType, obj: KubeObject): string => {
  const { metadata: _m, status, ...rest } = obj;
  return JSON.stringify(r.statusSubresource ? rest : { ...rest, status });
};

/**
 * Change events kept for watch resume. Each holds the object and its previous version, so the
 * history is most of what the simulator holds at scale: 10,000 VMs make about 100,000 events,
 * which kept whole would pin hundreds of MB of superseded objects. A watcher further behind re-lists
 * (410 Expired), as against a compacted etcd.
 */
export const DEFAULT_HISTORY_LIMIT = 10_000;

export interface StoreOptions {
  /** How many change events are kept for watch resume; older resourceVersions answer 410 Expired. */
  historyLimit?: number;
}

export class Store {
  private rv = 1000;
  private readonly buckets = new Map<ResourceType, Map<string, Map<string, StoredObject>>>();
  private history: StoreEvent[] = [];
  /** Every event at or below this resourceVersion has been compacted away. */
  private compactedRv = this.rv;
  private readonly listeners = new Set<StoreListener>();
  private readonly historyLimit: number;

  constructor(opts: StoreOptions = {}) {
    this.historyLimit = opts.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get oldestResourceVersion(): number {
    return this.compactedRv;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(r: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.buckets.get(r)?.get(namespace ?? '')?.get(name);
  }

  /** Objects of one kind, in one namespace or all, ordered by namespace then name (as etcd keys are). */
  list(r: ResourceType, namespace?: string): StoredObject[] {
    const bucket = this.buckets.get(r);
    if (!bucket) return [];
    const spaces = namespace === undefined ? [...bucket.keys()].sort() : [namespace];
    const out: StoredObject[] = [];
    for (const ns of spaces) {
      const objects = bucket.get(ns);
      if (!objects) continue;
      const names = [...objects.keys()].sort();
      for (const name of names) out.push(objects.get(name)!);
    }
    return out;
  }

  /** How many objects of a kind a namespace holds, without listing them. */
  count(r: ResourceType, namespace: string): number {
    return this.buckets.get(r)?.get(namespace)?.size ?? 0;
  }

  /** Stores a new object (name and namespace already decided); throws AlreadyExists. */
  create(r: ResourceType, input: KubeObject, opts: { dryRun?: boolean } = {}): StoredObject {
    const meta = input.metadata ?? {};
    const name = meta.name ?? '';
    const namespace = r.namespaced ? (meta.namespace ?? '') : undefined;
    if (this.get(r, namespace, name)) throw alreadyExists(r, name);
    const rv = opts.dryRun ? this.rv : this.rv + 1;
    const stored = {
      ...input,
      apiVersion: apiVersionOf(r),
      kind: r.kind,
      metadata: {
        ...meta,
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        uid: opts.dryRun ? (meta.uid ?? randomUUID()) : randomUUID(),
        resourceVersion: String(rv),
        ...(r.crd ? { generation: 1 } : {}),
        creationTimestamp: timestamp(),
      },
    } as StoredObject;
    if (!r.namespaced) delete stored.metadata.namespace;
    if (opts.dryRun) return stored;
    this.rv = rv;
    this.put(r, stored);
    this.emit({ type: 'ADDED', resource: r, object: stored, rv });
    return stored;
  }

  /**
   * Replaces an existing object. `expectedRv` (the client's metadata.resourceVersion) gives
   * optimistic concurrency. Identity fields are kept from the stored object. An object being
   * deleted whose last finalizer goes away is removed, as the API server does.
   */
  replace(
    r: ResourceType,
    input: KubeObject,
    opts: { expectedRv?: string; dryRun?: boolean } = {},
  ): StoredObject {
    const meta = input.metadata ?? {};
    const name = meta.name ?? '';
    const namespace = r.namespaced ? (meta.namespace ?? '') : undefined;
    const current = this.get(r, namespace, name);
    if (!current) throw notFound(r, name);
    if (opts.expectedRv !== undefined && opts.expectedRv !== '' && opts.expectedRv !== current.metadata.resourceVersion) {
      throw conflict(r, name, OBJECT_MODIFIED);
    }
    const changedSpec = specPart(r, input) !== specPart(r, current);
    const rv = opts.dryRun ? this.rv : this.rv + 1;
    const next = {
      ...input,
      apiVersion: current.apiVersion,
      kind: current.kind,
      metadata: {
        ...meta,
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        uid: current.metadata.uid,
        resourceVersion: String(rv),
        creationTimestamp: current.metadata.creationTimestamp,
        ...(current.metadata.generation !== undefined
          ? { generation: current.metadata.generation + (changedSpec ? 1 : 0) }
          : {}),
        ...(current.metadata.deletionTimestamp !== undefined
          ? {
              deletionTimestamp: current.metadata.deletionTimestamp,
              deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds ?? 0,
            }
          : {}),
      },
    } as StoredObject;
    if (opts.dryRun) return next;
    if (next.metadata.deletionTimestamp !== undefined && (next.metadata.finalizers ?? []).length === 0 && !holdsSpecFinalizers(r, next)) {
      return this.remove(r, namespace, name, next);
    }
    if (!this.isChanged(current, next)) return current;
    this.rv = rv;
    this.put(r, next);
    this.emit({ type: 'MODIFIED', resource: r, object: next, previous: current, rv });
    return next;
  }

  /** Sets deletionTimestamp (and finalizers) on a stored object: graceful deletion begins. */
  markDeleting(r: ResourceType, marked: StoredObject): StoredObject {
    const { name, namespace } = marked.metadata;
    const current = this.get(r, namespace, name);
    if (!current) throw notFound(r, name);
    this.rv += 1;
    const next = {
      ...marked,
      metadata: { ...marked.metadata, uid: current.metadata.uid, resourceVersion: String(this.rv) },
    } as StoredObject;
    this.put(r, next);
    this.emit({ type: 'MODIFIED', resource: r, object: next, previous: current, rv: this.rv });
    return next;
  }

  /** Removes an object now; the DELETED event carries its last state with a new resourceVersion. */
  remove(r: ResourceType, namespace: string | undefined, name: string, lastState?: StoredObject): StoredObject {
    const current = this.get(r, namespace, name);
    if (!current) throw notFound(r, name);
    this.rv += 1;
    const base = lastState ?? current;
    const gone = { ...base, metadata: { ...base.metadata, resourceVersion: String(this.rv) } } as StoredObject;
    deepFreeze(gone);
    this.buckets.get(r)?.get(namespace ?? '')?.delete(name);
    this.emit({ type: 'DELETED', resource: r, object: gone, previous: current, rv: this.rv });
    return gone;
  }

  /** Events after `rv`, oldest first; throws 410 Expired when they were compacted away. */
  eventsSince(rv: number): readonly StoreEvent[] {
    if (rv < this.compactedRv) throw expired(rv, this.compactedRv);
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /** Forgets history up to the current resourceVersion, as an etcd compaction would. */
  compact(): void {
    this.history = [];
    this.compactedRv = this.rv;
  }

  /** A write that changes nothing keeps the resourceVersion, as the API server does. */
  private isChanged(current: StoredObject, next: StoredObject): boolean {
    const strip = (o: StoredObject): string =>
      JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, generation: undefined } });
    return strip(current) !== strip(next);
  }

  private put(r: ResourceType, obj: StoredObject): void {
    deepFreeze(obj);
    let bucket = this.buckets.get(r);
    if (!bucket) this.buckets.set(r, (bucket = new Map<string, Map<string, StoredObject>>()));
    const ns = obj.metadata.namespace ?? '';
    let objects = bucket.get(ns);
    if (!objects) bucket.set(ns, (objects = new Map<string, StoredObject>()));
    objects.set(obj.metadata.name, obj);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      // Drop in chunks so a full history costs O(1) amortised per write.
      const drop = Math.max(1, Math.floor(this.historyLimit / 4));
      this.compactedRv = this.history[drop - 1]!.rv;
      this.history = this.history.slice(drop);
    }
    for (const listener of this.listeners) listener(event);
  }
}

/** Finalizers the kind keeps outside metadata (a Namespace's `spec.finalizers`) hold a deleted object too. */
const holdsSpecFinalizers = (r: ResourceType, obj: StoredObject): boolean =>
  (strategyOf(r).specFinalizers?.(obj) ?? []).length > 0;
