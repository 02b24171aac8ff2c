/**
 * Watch streams: one chunked HTTP response of JSON lines per watch. Starting without a
 * resourceVersion (or "0") replays the current objects as ADDED; starting from a version replays
 * the history after it, or sends a 410 Expired ERROR event when it was compacted (HTTP 200 first,
 * as kube-apiserver does). Updates that move an object into or out of the selector arrive as
 * ADDED / DELETED. Optional BOOKMARK events, `timeoutSeconds`, and injected drops.
 */
import type { ServerResponse } from 'node:http';
import { apiVersionOf, strategyOf, type ResourceType } from '../registry/index.js';
import type { ResourceRoute } from './router.js';
import {
  matchesLabels,
  matchesObjectFields,
  parseFieldSelector,
  parseLabelSelector,
  type FieldSelector,
  type LabelSelector,
} from './selectors.js';
import { badRequest, StatusError } from './status.js';
import type { EventType, Store, StoreEvent, StoredObject } from '../storage/store.js';

export interface WatchDrop {
  afterEvents?: number;
  afterMs?: number;
}

export interface WatchHubOptions {
  /** How often BOOKMARK events are sent to watches that allow them. */
  bookmarkIntervalMs?: number;
  /** Server-side timeout when the client gives no `timeoutSeconds`. */
  defaultTimeoutSeconds?: number;
}

interface Watcher {
  readonly resource: ResourceType;
  readonly namespace: string | undefined;
  readonly labels: LabelSelector;
  readonly fields: FieldSelector;
  readonly res: ServerResponse;
  sent: number;
  readonly drop: WatchDrop | undefined;
  close(): void;
}

/** Serialised objects, shared by every watcher an event fans out to. */
const serialised = new WeakMap<StoredObject, string>();

const objectJson = (obj: StoredObject): string => {
  let json = serialised.get(obj);
  if (json === undefined) {
    json = JSON.stringify(obj);
    serialised.set(obj, json);
  }
  return json;
};

/** Closes the TCP connection mid-stream (no chunked terminator), after what was written is flushed. */
const dropConnection = (w: Watcher): void => {
  w.close();
  const socket = w.res.socket;
  if (socket) socket.end();
  else w.res.destroy();
};

const eventLine = (type: EventType, obj: StoredObject): string => `{"type":"${type}","object":${objectJson(obj)}}\n`;

export class WatchHub {
  private readonly byResource = new Map<ResourceType, Set<Watcher>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly opts: WatchHubOptions = {},
  ) {
    this.unsubscribe = store.subscribe((event) => this.dispatch(event));
  }

  /** How many watch streams are open. */
  get openCount(): number {
    let n = 0;
    for (const set of this.byResource.values()) n += set.size;
    return n;
  }

  /**
   * Serves a watch on `res`. Selector errors are thrown before any byte is written, so the
   * caller answers them as a normal 400.
   */
  open(route: ResourceRoute, query: URLSearchParams, res: ServerResponse, drop?: WatchDrop): void {
    const labels = parseLabelSelector(query.get('labelSelector'));
    let fields = parseFieldSelector(query.get('fieldSelector'), Object.keys(strategyOf(route.resource).selectableFields ?? {}));
    if (route.name !== undefined) fields = [...fields, { field: 'metadata.name', op: 'eq', value: route.name }];
    const rvParam = query.get('resourceVersion') ?? '';
    const fromRv = rvParam === '' || rvParam === '0' ? undefined : Number(rvParam);
    if (fromRv !== undefined && !Number.isInteger(fromRv)) throw badRequest(`invalid resource version: ${rvParam}`);
    const bookmarks = query.get('allowWatchBookmarks') === 'true';
    const timeoutSeconds = Number(query.get('timeoutSeconds') ?? this.opts.defaultTimeoutSeconds ?? 1800);

    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();

    const timers: NodeJS.Timeout[] = [];
    const set = this.watchersOf(route.resource);
    const watcher: Watcher = {
      resource: route.resource,
      namespace: route.namespace,
      labels,
      fields,
      res,
      sent: 0,
      drop,
      close: () => {
        for (const t of timers) clearTimeout(t); // also clears intervals
        set.delete(watcher);
      },
    };
    res.on('close', () => watcher.close());

    // History first, then live events: both happen in this tick, so nothing falls in between.
    if (fromRv === undefined) {
      for (const obj of this.store.list(route.resource, route.namespace)) if (this.matches(watcher, obj)) this.send(watcher, 'ADDED', obj);
    } else {
      let history: readonly StoreEvent[];
      try {
        history = this.store.eventsSince(fromRv);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        res.end(`{"type":"ERROR","object":${JSON.stringify(e.status)}}\n`);
        return;
      }
      for (const event of history) if (event.resource === route.resource) this.deliver(watcher, event);
    }
    if (res.destroyed || res.writableEnded) return;
    set.add(watcher);

    timers.push(
      setTimeout(() => {
        if (bookmarks) this.bookmark(watcher);
        res.end();
      }, timeoutSeconds * 1000),
    );
    if (bookmarks) timers.push(setInterval(() => this.bookmark(watcher), this.opts.bookmarkIntervalMs ?? 60_000));
    if (drop?.afterMs !== undefined) timers.push(setTimeout(() => dropConnection(watcher), drop.afterMs));
    if (drop?.afterEvents !== undefined && watcher.sent >= drop.afterEvents) dropConnection(watcher);
  }

  /** Ends every open watch (simulator shutdown). */
  closeAll(): void {
    for (const set of this.byResource.values()) {
      for (const w of [...set]) {
        w.close();
        w.res.end();
      }
    }
  }

  stop(): void {
    this.closeAll();
    this.unsubscribe();
  }

  private watchersOf(r: ResourceType): Set<Watcher> {
    let set = this.byResource.get(r);
    if (!set) this.byResource.set(r, (set = new Set()));
    return set;
  }

  private matches(w: Watcher, obj: StoredObject): boolean {
    return (
      (w.namespace === undefined || obj.metadata.namespace === w.namespace) &&
      matchesLabels(w.labels, obj.metadata.labels) &&
      matchesObjectFields(w.fields, obj, strategyOf(w.resource).selectableFields)
    );
  }

  private dispatch(event: StoreEvent): void {
    const set = this.byResource.get(event.resource);
    if (!set || set.size === 0) return;
    for (const w of set) this.deliver(w, event);
  }

  /** Translates a store event for one watcher, including selector transitions. */
  private deliver(w: Watcher, event: StoreEvent): void {
    const now = this.matches(w, event.object);
    const before = event.previous !== undefined && this.matches(w, event.previous);
    if (event.type === 'ADDED') {
      if (now) this.send(w, 'ADDED', event.object);
    } else if (event.type === 'DELETED') {
      if (now || before) this.send(w, 'DELETED', event.object);
    } else if (now && before) this.send(w, 'MODIFIED', event.object);
    else if (now) this.send(w, 'ADDED', event.object);
    else if (before) this.send(w, 'DELETED', event.object);
  }

  private send(w: Watcher, type: EventType, obj: StoredObject): void {
    if (w.res.destroyed || w.res.writableEnded) return;
    w.res.write(eventLine(type, obj));
    w.sent += 1;
    if (w.drop?.afterEvents !== undefined && w.sent >= w.drop.afterEvents) dropConnection(w);
  }

  private bookmark(w: Watcher): void {
    if (w.res.destroyed || w.res.writableEnded) return;
    const object = {
      kind: w.resource.kind,
      apiVersion: apiVersionOf(w.resource),
      metadata: { resourceVersion: String(this.store.resourceVersion), creationTimestamp: null },
    };
    w.res.write(`{"type":"BOOKMARK","object":${JSON.stringify(object)}}\n`);
  }
}
