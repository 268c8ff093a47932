/** Time source of the agent; tests inject a fake so backoffs and timestamps are deterministic. */
export interface Clock {
  /** The current time. */
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
