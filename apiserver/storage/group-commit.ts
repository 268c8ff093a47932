/**
 * Group commit: many writers, one flush at a time. Items added while a flush runs are flushed
 * together by the next one, so the number of (expensive, whole-file) flushes tracks the disk's
 * speed rather than the number of writes.
 */

/**
 * Receives one batch, in the order items were added. Called synchronously at the moment the batch
 * is cut (so it can snapshot state that matches exactly this batch), never twice at once.
 */
export type FlushBatch<T> = (batch: T[]) => Promise<void>;

interface Pending<T> { items: T[]; done: Promise<void>; resolve: () => void; reject: (err: unknown) => void }

/** Batches added items into sequential flushes. */
export class GroupCommit<T> {
  private next: Pending<T> | undefined;
  private running = false;
  /** Settles when the current runner stops; only meaningful while `running`. */
  private idle: Promise<void> = Promise.resolve();

  constructor(private readonly flush: FlushBatch<T>) {}

  /**
   * Queues `item` for the next flush. Resolves when a flush containing it succeeded, rejects with
   * that flush's error. The batch is cut on a microtask, so a synchronous burst shares one flush.
   */
  add(item: T): Promise<void> {
    if (!this.next) {
      this.next = createPending<T>();
      if (!this.running) queueMicrotask(() => this.start());
    }
    this.next.items.push(item);
    return this.next.done;
  }

  /** Resolves once every item added so far has been flushed (successfully or not). */
  async drain(): Promise<void> {
    while (this.running || this.next) {
      await (this.running ? this.idle : this.next?.done.catch(() => {}));
    }
  }

  private start(): void {
    if (this.running || !this.next) return;
    this.running = true;
    this.idle = this.run();
  }

  /**
   * Flushes batches back to back until none is waiting. `running` is cleared in the same microtask
   * that finds no batch, so an add() right after always sees either a runner or schedules one.
   */
  private async run(): Promise<void> {
    try {
      for (let batch = this.next; batch; batch = this.next) {
        this.next = undefined;
        try {
          await this.flush(batch.items);
          batch.resolve();
        } catch (err) {
          batch.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

function createPending<T>(): Pending<T> {
  let resolve = (): void => {};
  let reject = (_err: unknown): void => {};
  const done = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  // Callers may not await every add (e.g. close() drains instead); keep rejections handled.
  done.catch(() => {});
  return { items: [], done, resolve, reject };
}
