/**
 * The one time source of every component. Components take a Clock in their deps so tests can inject
 * a fake one; nothing reads `new Date()` for decisions directly.
 */
export interface Clock {
  /** The current time. */
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
