/**
 * Time source for controllers; tests inject a fake so expiries and deadlines are deterministic.
 * Same shape as the API server's Clock, so one fake can drive a whole in-process cluster.
 */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
