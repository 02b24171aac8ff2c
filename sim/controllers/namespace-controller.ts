/**
 * The namespace lifecycle: a deleted namespace is Terminating (creates in it are refused by
 * admission), its content is deleted, and once it is empty the `kubernetes` finalizer is
 * removed and the namespace goes away.
 */
import { deleteObject } from '../apiserver/deletion.js';
import { RESOURCES, resourceOfKind } from '../registry/index.js';
import type { StoreEvent } from '../storage/store.js';
import { EVERY_KIND, StoreController } from './controller.js';

const NAMESPACES = resourceOfKind('Namespace');
const NAMESPACED = RESOURCES.filter((r) => r.namespaced);

export class NamespaceController extends StoreController {
  readonly name = 'namespace-controller';
  // Namespaces, and whatever leaves one that is terminating.
  readonly watches = [EVERY_KIND];
  private readonly terminating = new Set<string>();

  protected observe(event: StoreEvent): void {
    if (event.resource === NAMESPACES) {
      const name = event.object.metadata.name;
      if (event.type === 'DELETED') this.terminating.delete(name);
      else if (event.object.metadata.deletionTimestamp !== undefined) {
        this.terminating.add(name);
        this.ctx.scheduler.soon(`ns/${name}`, () => this.drain(name));
      }
      return;
    }
    // Something left a terminating namespace: maybe it is empty now.
    const ns = event.object.metadata.namespace;
    if (event.type === 'DELETED' && ns !== undefined && this.terminating.has(ns)) {
      this.ctx.scheduler.soon(`ns/${ns}`, () => this.drain(ns));
    }
  }

  private drain(name: string): void {
    const ns = this.ctx.store.get(NAMESPACES, undefined, name);
    if (!ns || ns.metadata.deletionTimestamp === undefined) return;
    let remaining = 0;
    for (const r of NAMESPACED) {
      for (const obj of this.ctx.store.list(r, name)) {
        remaining += 1;
        if (obj.metadata.deletionTimestamp === undefined) deleteObject(this.ctx.store, r, name, obj.metadata.name, { propagationPolicy: 'Background' });
      }
    }
    if (remaining > 0) return;
    const spec = (ns.spec as { finalizers?: string[] } | undefined) ?? {};
    this.ctx.store.replace(NAMESPACES, { ...ns, spec: { ...spec, finalizers: (spec.finalizers ?? []).filter((f) => f !== 'kubernetes') } });
  }
}
