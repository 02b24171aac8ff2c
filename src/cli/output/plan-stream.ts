/**
 * `run --dry-run` output, written as the objects are built: 100,000 VMs print in the memory of a few
 * objects. The text is the same as printing them all at once: one `v1` List as JSON (the form of
 * `JSON.stringify(list, null, 2)`), YAML documents joined by `---`, or `kind/name` lines.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { TextSink } from '../deps.js';
import { nameLines, resourceName } from './print.js';
import { toYaml } from './yaml.js';

export type PlanFormat = 'json' | 'yaml' | 'name';

/** The text of `objects` in `format`, a piece per object (plus the List's head and tail as JSON). */
export function* planText(objects: Iterable<KubernetesObject>, format: PlanFormat): Generator<string> {
  if (format === 'name') {
    for (const o of objects) yield nameLines([resourceName(o.kind ?? '', o.metadata?.name ?? '', o.apiVersion)]);
    return;
  }
  if (format === 'yaml') {
    let first = true;
    for (const object of objects) {
      yield first ? toYaml(object) : `---\n${toYaml(object)}`;
      first = false;
    }
    return;
  }
  // An item of the List, as JSON.stringify(list, null, 2) indents it: two levels in.
  let count = 0;
  for (const object of objects) {
    const item = JSON.stringify(object, null, 2).replaceAll('\n', '\n    ');
    yield `${count === 0 ? '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n' : ',\n'}    ${item}`;
    count++;
  }
  yield count === 0 ? '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": []\n}\n' : '\n  ]\n}\n';
}

/** About this much text is written at once; between writes, signals get their turn. */
const WRITE_SIZE = 64 * 1024;

/** A sink that says when it has taken what it was given (a Node stream: `write` false, then `drain`). */
interface DrainableSink extends TextSink {
  once(event: 'drain', listener: () => void): unknown;
}

const isDrainable = (sink: TextSink): sink is DrainableSink => typeof (sink as Partial<DrainableSink>).once === 'function';

/**
 * Writes `pieces` to `sink` in writes of about WRITE_SIZE, waiting for the sink when it asks to, and
 * giving the event loop a turn after each write, so an interrupt (`signal`) stops the output at once.
 */
export const writeStreamed = async (pieces: Iterable<string>, sink: TextSink, signal: AbortSignal): Promise<void> => {
  let buffer = '';
  const flush = async (): Promise<void> => {
    const taken = sink.write(buffer);
    buffer = '';
    if (taken === false && isDrainable(sink)) {
      await new Promise<void>((resolve) => {
        sink.once('drain', resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    await nextTurn();
    signal.throwIfAborted();
  };
  signal.throwIfAborted();
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= WRITE_SIZE) await flush();
  }
  if (buffer.length > 0) await flush();
};
