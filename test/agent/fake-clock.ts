/** A settable clock for agent tests. */
import type { Clock } from '../../api/clock.js';

/** A Clock that only moves when the test says so. */
export class FakeClock implements Clock {
  private ms: number;
  constructor(start = '2024-01-01T00:00:00Z') { this.ms = Date.parse(start); }
  now(): Date { return new Date(this.ms); }
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void { this.ms += ms; }
  /** Sets the clock to `ms` since the epoch. */
  set(ms: number): void { this.ms = ms; }
  /** The current time as RFC 3339. */
  iso(): string { return this.now().toISOString(); }
}
