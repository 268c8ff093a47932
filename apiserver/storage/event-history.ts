/**
 * The bounded event log a watch replays from (kine keeps the same window in its log table and
 * compacts older rows). Events are appended in revision order; once more than `limit` are held,
 * the oldest are dropped and the compact revision moves forward.
 */
import type { StoreEvent } from './store.js';

/**
 * Bounded, revision-ordered history of published events.
 *
 * `compactRevision` is the newest revision that can no longer be replayed: a watch from revision R
 * is served iff R >= compactRevision (it needs every event with revision > R).
 */
export class EventHistory {
  private events: StoreEvent[] = [];
  /** Index of the oldest retained event in `events`; dropped slots are spliced out in bulk. */
  private start = 0;
  private compacted: number;

  /**
   * @param limit how many events to retain (at least 1).
   * @param compactRevision revisions at or below this were never recorded here (e.g. the revision
   *   a persisted store was loaded at), so they cannot be replayed.
   */
  constructor(private readonly limit: number, compactRevision = 0) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`historyLimit must be a positive integer, got ${limit}`);
    this.compacted = compactRevision;
  }

  /** The newest revision that can no longer be replayed. */
  get compactRevision(): number { return this.compacted; }

  /** Appends an event; its revision must be greater than every retained one. */
  append(event: StoreEvent): void {
    this.events.push(event);
    if (this.events.length - this.start <= this.limit) return;
    const dropped = this.events[this.start];
    if (dropped) this.compacted = dropped.revision;
    this.start++;
    // Splice only once the dead prefix is as large as the window, so appends stay O(1) amortized.
    if (this.start >= this.limit) {
      this.events = this.events.slice(this.start);
      this.start = 0;
    }
  }

  /** True when every event after `fromRevision` is still retained (or has not happened yet). */
  canReplayFrom(fromRevision: number): boolean {
    return fromRevision >= this.compacted;
  }

  /** Retained events with revision > `fromRevision`, oldest first. */
  *since(fromRevision: number): Iterable<StoreEvent> {
    for (let i = this.firstIndexAfter(fromRevision); i < this.events.length; i++) {
      const event = this.events[i];
      if (event) yield event;
    }
  }

  /** Binary search for the first retained index whose revision is > `revision`. */
  private firstIndexAfter(revision: number): number {
    let lo = this.start;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const event = this.events[mid];
      if (event && event.revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
