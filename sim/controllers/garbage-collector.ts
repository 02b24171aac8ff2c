/**
 * The garbage collector: dependents follow their owners by `metadata.ownerReferences`.
 * Background: once an owner is gone, dependents without another live owner are deleted.
 * Foreground: the owner (holding `foregroundDeletion`) waits until its blocking dependents
 * are gone. Orphan: the owner's references are removed from its dependents, which stay.
 */
import { deleteObject, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../apiserver/deletion.js';
import type { ResourceType } from '../registry/index.js';
import type { StoreEvent, StoredObject } from '../storage/store.js';
import { EVERY_KIND, StoreController } from './controller.js';

interface Ref {
  readonly resource: ResourceType;
  readonly namespace: string | undefined;
  readonly name: string;
}

const keyOf = (r: ResourceType, o: StoredObject): string => `${r.plural}.${r.group}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export class GarbageCollector extends StoreController {
  readonly name = 'garbage-collector';
  readonly watches = [EVERY_KIND];
  /** uid -> the object that has it. */
  private readonly byUid = new Map<string, Ref>();
  /** owner uid -> uids of its dependents. */
  private readonly dependents = new Map<string, Set<string>>();

  protected observe(event: StoreEvent): void {
    const obj = event.object;
    const uid = obj.metadata.uid;
    const r = event.resource;
    if (event.previous) this.unindexOwners(event.previous);
    if (event.type === 'DELETED') {
      this.byUid.delete(uid);
      this.ctx.scheduler.soon(`gc-orphaned/${uid}`, () => this.collectDependentsOf(uid));
      // An owner waiting in the foreground may now be free to go.
      for (const ref of obj.metadata.ownerReferences ?? []) this.scheduleForeground(ref.uid);
      return;
    }
    this.byUid.set(uid, { resource: r, namespace: obj.metadata.namespace, name: obj.metadata.name });
    for (const ref of obj.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(ref.uid);
      if (!set) this.dependents.set(ref.uid, (set = new Set()));
      set.add(uid);
    }
    const finalizers = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp !== undefined) {
      if (finalizers.includes(FOREGROUND_FINALIZER)) this.scheduleForeground(uid);
      if (finalizers.includes(ORPHAN_FINALIZER)) this.ctx.scheduler.soon(`gc-orphan/${keyOf(r, obj)}`, () => this.orphan(uid));
    }
  }

  private unindexOwners(obj: StoredObject): void {
    for (const ref of obj.metadata.ownerReferences ?? []) this.dependents.get(ref.uid)?.delete(obj.metadata.uid);
  }

  private get(uid: string): StoredObject | undefined {
    const ref = this.byUid.get(uid);
    const obj = ref && this.ctx.store.get(ref.resource, ref.namespace, ref.name);
    return obj?.metadata.uid === uid ? obj : undefined;
  }

  private scheduleForeground(uid: string): void {
    this.ctx.scheduler.soon(`gc-foreground/${uid}`, () => this.foreground(uid));
  }

  /** Background collection: the owner is gone. */
  private collectDependentsOf(ownerUid: string): void {
    const deps = this.dependents.get(ownerUid);
    this.dependents.delete(ownerUid);
    for (const depUid of deps ?? []) {
      const dep = this.get(depUid);
      const ref = this.byUid.get(depUid);
      if (!dep || !ref) continue;
      const liveOwners = (dep.metadata.ownerReferences ?? []).filter((o) => o.uid !== ownerUid && this.byUid.has(o.uid));
      if (liveOwners.length === 0) {
        if (dep.metadata.deletionTimestamp === undefined) deleteObject(this.ctx.store, ref.resource, ref.namespace, ref.name, { propagationPolicy: 'Background' });
      } else {
        this.ctx.store.replace(ref.resource, { ...dep, metadata: { ...dep.metadata, ownerReferences: liveOwners } });
      }
    }
  }

  /** Foreground: delete the dependents (in the foreground too), release the owner when none block. */
  private foreground(ownerUid: string): void {
    const owner = this.get(ownerUid);
    const ownerRef = this.byUid.get(ownerUid);
    if (!owner || !ownerRef || !(owner.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER)) return;
    let blocking = 0;
    for (const depUid of this.dependents.get(ownerUid) ?? []) {
      const dep = this.get(depUid);
      const ref = this.byUid.get(depUid);
      if (!dep || !ref) continue;
      const link = (dep.metadata.ownerReferences ?? []).find((o) => o.uid === ownerUid);
      if (link?.blockOwnerDeletion) blocking += 1;
      if (dep.metadata.deletionTimestamp === undefined) {
        deleteObject(this.ctx.store, ref.resource, ref.namespace, ref.name, { propagationPolicy: 'Foreground' });
      }
    }
    if (blocking > 0) return;
    const finalizers = (owner.metadata.finalizers ?? []).filter((f) => f !== FOREGROUND_FINALIZER);
    this.ctx.store.replace(ownerRef.resource, { ...owner, metadata: { ...owner.metadata, finalizers } });
  }

  /** Orphan: cut the dependents loose, then let the owner go. */
  private orphan(ownerUid: string): void {
    const owner = this.get(ownerUid);
    const ownerRef = this.byUid.get(ownerUid);
    if (!owner || !ownerRef) return;
    for (const depUid of [...(this.dependents.get(ownerUid) ?? [])]) {
      const dep = this.get(depUid);
      const ref = this.byUid.get(depUid);
      if (!dep || !ref) continue;
      const ownerReferences = (dep.metadata.ownerReferences ?? []).filter((o) => o.uid !== ownerUid);
      const { ownerReferences: _dropped, ...meta } = dep.metadata;
      this.ctx.store.replace(ref.resource, { ...dep, metadata: ownerReferences.length > 0 ? { ...meta, ownerReferences } : meta });
    }
    const finalizers = (owner.metadata.finalizers ?? []).filter((f) => f !== ORPHAN_FINALIZER);
    this.ctx.store.replace(ownerRef.resource, { ...owner, metadata: { ...owner.metadata, finalizers } });
  }
}
