/** The store's change history: bounded, so a large cluster does not pin every superseded object. */
import { expect, test } from 'vitest';
import { resourceOfKind } from '../../sim/registry/index.js';
import { DEFAULT_HISTORY_LIMIT, Store } from '../../sim/storage/store.js';

const SECRETS = resourceOfKind('Secret');

test('the history keeps at most the default number of events: a watch resuming from before them is told to re-list', () => {
  const store = new Store();
  const first = store.create(SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's-0', namespace: 'ns' } });
  for (let i = 1; i <= DEFAULT_HISTORY_LIMIT; i++) {
    store.create(SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: `s-${i}`, namespace: 'ns' } });
  }

  expect(() => store.eventsSince(Number(first.metadata.resourceVersion) - 1)).toThrow(/too old|expired/i);
  const recent = store.eventsSince(store.resourceVersion - 10);
  expect(recent.map((e) => e.object.metadata.name)).toEqual(Array.from({ length: 10 }, (_, i) => `s-${DEFAULT_HISTORY_LIMIT - 9 + i}`));
  expect(store.list(SECRETS, 'ns')).toHaveLength(DEFAULT_HISTORY_LIMIT + 1);
});
