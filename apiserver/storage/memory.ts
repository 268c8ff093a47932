/**
 * The in-memory backend: the default for tests and single-process clusters that do not need to
 * survive a restart. Writes publish their watch events synchronously, before the promise resolves.
 */
import { CommittingStore } from './committing-store.js';
import { StoreCore, type StoreCoreOptions } from './store-core.js';
import type { Store } from './store.js';

/** Options for createMemoryStore; see StoreCoreOptions. */
export type MemoryStoreOptions = StoreCoreOptions;

/** A fresh, empty in-memory Store (revision 0). */
export function createMemoryStore(opts: MemoryStoreOptions = {}): Store {
  const core = new StoreCore(opts);
  return new CommittingStore(core, {
    commit: async (event) => core.publish([event]),
    close: async () => {},
  });
}
