/**
 * ControllerExpectations after the ReplicaSet controller's: before an owner creates or deletes
 * children it records what it expects to see, and its manage step is skipped until the informer has
 * observed those changes, so a stale cache cannot cause duplicate creations or extra deletions.
 * A record older than the TTL (about 5 minutes) counts as satisfied, so a lost event cannot wedge
 * an owner forever. Deletions are tracked by child key, so observing one twice (graceful delete,
 * then the real delete) is harmless.
 */
import type { Clock } from '../../api/clock.js';

/** Default expiry of a record: the ReplicaSet controller's ExpectationsTimeout. */
export const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

/**
 * Per-owner expectations. Every method is cheap and synchronous; informer handlers call the
 * *Observed methods, reconcile calls satisfied() and the expect* methods.
 */
export interface ControllerExpectations {
  /** True when the owner has no pending record, the record is fulfilled, or it has expired. */
  satisfied(ownerKey: string): boolean;
  /** Replaces the owner's record with "expect `count` creations". */
  expectCreations(ownerKey: string, count: number): void;
  /** Replaces the owner's record with "expect these children (by key) to be deleted". */
  expectDeletions(ownerKey: string, childKeys: readonly string[]): void;
  /** An informer saw one child of the owner appear. */
  creationObserved(ownerKey: string): void;
  /** An informer saw a child go (or start terminating); idempotent per child key. */
  deletionObserved(ownerKey: string, childKey: string): void;
  /** Creations that will never be observed (they failed or were skipped). */
  lowerCreations(ownerKey: string, count: number): void;
  /** Forgets the owner (it was deleted). */
  forget(ownerKey: string): void;
}

interface Expectation { creations: number; deletions: Set<string>; recordedAtMs: number }

/** Creates an in-memory ControllerExpectations using `clock` for expiry. */
export function createExpectations(clock: Clock, ttlMs = EXPECTATIONS_TTL_MS): ControllerExpectations {
  const records = new Map<string, Expectation>();
  const set = (key: string, creations: number, deletions: Set<string>): void => {
    records.set(key, { creations, deletions, recordedAtMs: clock.now().getTime() });
  };
  return {
    satisfied(key) {
      const e = records.get(key);
      if (!e) return true;
      if (e.creations <= 0 && e.deletions.size === 0) return true;
      return clock.now().getTime() - e.recordedAtMs > ttlMs;
    },
    expectCreations(key, count) { set(key, count, new Set()); },
    expectDeletions(key, childKeys) { set(key, 0, new Set(childKeys)); },
    creationObserved(key) {
      const e = records.get(key);
      if (e) e.creations--;
    },
    deletionObserved(key, childKey) { records.get(key)?.deletions.delete(childKey); },
    lowerCreations(key, count) {
      const e = records.get(key);
      if (e) e.creations -= count;
    },
    forget(key) { records.delete(key); },
  };
}
